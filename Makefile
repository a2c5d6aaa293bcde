# eDQA CoDesign: one entry point for set-up, build, run, test and benchmarks.
#   make run    installs what is missing, builds, runs the main job on the embedded default
#   make test   installs what is missing, builds, runs every test
#   make test-fast  the inner loop: as make test, without the tests tagged [Trait("Speed", "Slow")]
SHELL := /bin/bash
.DEFAULT_GOAL := build

CONFIG        ?= Release
DOTNET        ?= dotnet
BUILD_DIR     := build
EDQA          := $(BUILD_DIR)/bin/edqa
DOTNET_FLAGS  := -c $(CONFIG) --nologo -v quiet
RUN_FLAGS     := -c $(CONFIG) --no-build
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE := 1

NATIVE_DIR    := $(BUILD_DIR)/native
BIN_DIR       := $(abspath $(BUILD_DIR)/bin)
JOBS          := $(shell nproc 2>/dev/null || echo 2)

BOARD_DIR     := $(BUILD_DIR)/board
BOARD_CXX     ?= arm-linux-gnueabihf-g++

# Debian packages the project needs: SystemC for the accelerator model, the real Fashion-MNIST data set,
# the native toolchain and its test library, libclang for the bindings generator, the PYNQ-Z1's cross
# compiler and qemu-user-static to run its build here, OpenSSH for the host-to-board flow (and the emulated
# board in the tests), clang-format for the native code's style (.clang-format), and Yosys and Verilator for
# the RTL evidence of hw/rtl/ (docs/performance.md).
DEB_PACKAGES := libsystemc-dev dataset-fashion-mnist pkg-config cmake g++ make libgtest-dev libclang1-14 \
                g++-arm-linux-gnueabihf qemu-user-static openssh-server openssh-client clang-format yosys verilator

BINDGEN       := $(DOTNET) bindings/Edqa.Bindings.Generator/bin/$(CONFIG)/net10.0/edqa-bindgen.dll
BINDGEN_ARGS  := --header sim/include/edqa_sim.h --output bindings/Edqa.Bindings/Generated/EdqaSim.g.cs
# The AST lint of hw/ (libclang): the Vivado HLS 2019.2 SystemC subset and a schedule row for every pipelined loop.
HWLINT        := $(DOTNET) tools/hwlint/bin/$(CONFIG)/net10.0/edqa-hwlint.dll
# The native sources held to .clang-format (make format applies it, make test checks it), and the C# sources held
# to .editorconfig's 120 columns (the generated bindings aside).
NATIVE_SOURCES := $(shell find hw sim -name '*.h' -o -name '*.cpp' | sort)
CSHARP_SOURCES := $(shell find sw tests bindings tools -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*' \
                    -not -path '*/Generated/*' | sort)

.PHONY: deps native build run test test-fast test-hw test-sanitize format format-check bench bench-dry bindings bindings-check board-runner board-self-test hls hls-cosim rtl-evidence resources resources-check dse clean help

help:
	@echo "make run    - set up, build, run the main job on the embedded default"
	@echo "make test   - set up, build, run all tests"
	@echo "make test-fast - as make test without the slow tests (Speed=Slow), the inner loop: under two minutes"
	@echo "make test-sanitize - the SystemC-free native code and its hostile-input tests under ASan + UBSan"
	@echo "make test-hw - after an edit in hw/: rebuild the native side, run every hardware test (needs one make build)"
	@echo "make format - apply .clang-format to the native code (hw/, sim/); make test checks it"
	@echo "make build  - build everything ($(EDQA))"
	@echo "make bench  - run the benchmarks (BenchmarkDotNet); make bench-dry for a smoke run"
	@echo "make bindings - regenerate the C# bindings from sim/include/edqa_sim.h (libclang)"
	@echo "make board-runner - cross-compile the board runner for the PYNQ-Z1 (ARMv7, static)"
	@echo "make hls    - Vivado HLS 2019.2 C synthesis of hw/ (needs vivado_hls on PATH)"
	@echo "make hls-cosim - after make hls: C/RTL co-simulation of the 1x1 top on the golden vectors (vivado_hls)"
	@echo "make rtl-evidence - measure hw/rtl/ with Yosys and rewrite the evidence table of docs/performance.md"
	@echo "make resources - regenerate docs/resources.json, the resource estimate of every units x lanes (hw lint)"
	@echo "make dse    - the design-space exploration (edqa dse) with its Pareto plot, docs/figures/dse-pareto.png"
	@echo "make deps   - install missing Debian packages ($(DEB_PACKAGES))"
	@echo "make clean  - remove build outputs"

# Installs only what is missing; uses sudo when not root.
deps:
	@missing=""; \
	for package in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  echo "deps: installing$$missing"; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	else \
	  echo "deps: all Debian packages present"; \
	fi

# The SystemC model: libedqa_sim.so (C ABI) and the runner edqa-sim land in build/bin beside edqa, the one copy
# that edqa, the xUnit tests and CTest all use; the testbenches stay in build/native.
native: deps
	cmake -S sim -B $(NATIVE_DIR) -DCMAKE_BUILD_TYPE=Release -DEDQA_BIN_DIR=$(BIN_DIR) > /dev/null
	cmake --build $(NATIVE_DIR) -j $(JOBS)

build: native
	$(DOTNET) build CoDesign.sln $(DOTNET_FLAGS)
	@test -x $(EDQA) && echo "build: $(EDQA) ready"

run: build
	$(EDQA) run

# Regenerates the bindings from the C header; commit the result.
bindings: build
	$(BINDGEN) $(BINDGEN_ARGS)

# Fails when sim/include/edqa_sim.h and the committed bindings disagree (declarations, struct sizes, offsets).
bindings-check: build
	$(BINDGEN) $(BINDGEN_ARGS) --check

# Every test step; $(1) is added to dotnet test (test-fast passes its filter). The native steps take about 10 s
# together, so test-fast keeps all of them.
define run-tests
	$(MAKE) --no-print-directory format-check
	$(HWLINT) hw
	$(HWLINT) rtl hw docs/performance.md
	$(MAKE) --no-print-directory resources-check
	ctest --test-dir $(NATIVE_DIR) --output-on-failure
	$(MAKE) --no-print-directory board-self-test
	$(DOTNET) test CoDesign.sln $(DOTNET_FLAGS) --no-build $(1)
endef

test: build bindings-check board-runner
	$(call run-tests)

# Slow means more than about 10 s on a 2-core machine; CI runs `make test`, which runs them all.
test-fast: build bindings-check board-runner
	$(call run-tests,--filter "Speed!=Slow")

format: deps
	clang-format -i $(NATIVE_SOURCES)

format-check: deps
	@clang-format --dry-run -Werror $(NATIVE_SOURCES) && echo "format-check: $(words $(NATIVE_SOURCES)) native files match .clang-format"
	@awk 'length > 120 { print FILENAME ":" FNR ": " length " columns, over 120"; long = 1 } END { exit long }' \
	  $(CSHARP_SOURCES) && echo "format-check: $(words $(CSHARP_SOURCES)) C# files within 120 columns"

# The ARM board runner, executed under qemu-arm: its self-test parses the golden job and result streams on the
# Cortex-A9's ABI and drives the real driver against the protocol-checking fake board.
board-self-test:
	qemu-arm-static $(BOARD_DIR)/edqa-board-runner self-test tests/vectors/golden.jobs tests/vectors/golden.results

# The hardware engineer's inner loop after an edit in hw/: rebuild the native side only, then every hardware test
# (the hw lint; CTest: golden vectors, stage testbenches, C ABI, schedule, runner, board runner self-test) and the cross-target bit-exact check through the command line on the
# golden vectors. Needs one `make build` first (for edqa itself).
test-hw: native
	@test -x $(EDQA) || { echo "test-hw: run 'make build' once first (edqa is missing)"; exit 1; }
	$(HWLINT) hw
	$(HWLINT) rtl hw docs/performance.md
	ctest --test-dir $(NATIVE_DIR) --output-on-failure
	$(EDQA) jobs check tests/vectors/golden.jobs --targets sim,sim-process
	$(EDQA) verify --input tests/vectors/layer.npy --bits 3 --extra-bits 3 --important 0,2
	$(EDQA) verify --input tests/vectors/layer.npy --bits 3 --extra-bits 3 --important 0,2 --coding static

# The SystemC-free native code (stream readers and writers, the output writer, the job runner, driver and C ABI on
# the board runner's fake board) and its hostile-input tests under AddressSanitizer and UBSan, in build/sanitize
# (sim/CMakeLists.txt, EDQA_SANITIZE). Not part of make test: a build of its own.
test-sanitize: deps
	cmake -S sim -B $(BUILD_DIR)/sanitize -DEDQA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug > /dev/null
	cmake --build $(BUILD_DIR)/sanitize -j $(JOBS)
	ctest --test-dir $(BUILD_DIR)/sanitize --output-on-failure

# The RTL evidence table of docs/performance.md: every kernel of hw/rtl/ measured by Yosys against its budget.
rtl-evidence: build
	$(HWLINT) rtl hw docs/performance.md --update

# The resource estimate of every configuration, which `edqa dse` reads (Yosys measures the kernels and memories);
# make test holds the file to the estimator.
resources: build
	$(HWLINT) hw --configurations --json > docs/resources.json
	$(HWLINT) hw --configurations --document docs/performance.md --update

resources-check:
	@$(HWLINT) hw --configurations --json | diff - docs/resources.json > /dev/null \
	  && echo "resources-check: docs/resources.json is the estimator's" \
	  || { echo "resources-check: docs/resources.json is stale: run 'make resources' and commit it"; exit 1; }
	$(HWLINT) hw --configurations --document docs/performance.md

dse: build
	$(EDQA) dse --plot docs/figures/dse-pareto.png --format markdown

bench: build
	$(NATIVE_DIR)/sim_speed 5
	$(NATIVE_DIR)/layer_throughput 64
	$(DOTNET) run --project sw/Edqa.Benchmarks $(RUN_FLAGS) -- --filter '*' --artifacts $(BUILD_DIR)/benchmarks

# Every benchmark once, in-process, without measuring: proves they run (CI does this).
bench-dry: build
	$(NATIVE_DIR)/sim_speed 0.1
	$(NATIVE_DIR)/layer_throughput 2
	$(DOTNET) run --project sw/Edqa.Benchmarks $(RUN_FLAGS) -- --filter '*' --job dry --inProcess --artifacts $(BUILD_DIR)/benchmarks-dry

# The board runner for the PYNQ-Z1's Cortex-A9: the same runner, driver and C ABI against /dev/mem, linked
# statically so it runs on whatever glibc the board's image has.
BOARD_LIBRARY_SOURCES := $(addprefix sim/jobs/,file_io.cpp job_stream.cpp job_runner.cpp) \
                         $(addprefix sim/driver/,c_api.cpp accelerator_driver.cpp channel_checks.cpp) \
                         $(addprefix sim/board/,board_access.cpp board_platform.cpp)
BOARD_SOURCES := sim/runner/main.cpp sim/fake/fake_board.cpp $(BOARD_LIBRARY_SOURCES)
BOARD_CXXFLAGS := -std=c++17 -O2 -DEDQA_BOARD -ffp-contract=off -Wall -Wextra -Werror -Wno-unused-label -Wno-psabi
BOARD_HEADERS  := $(wildcard sim/include/*.h sim/driver/*.h sim/board/*.h sim/fake/*.h sim/jobs/*.h hw/*.h)
BOARD_INCLUDES := -Isim/include -Isim/driver -Isim/board -Isim/jobs -Ihw

board-runner: $(BOARD_DIR)/edqa-board-runner $(BOARD_DIR)/libedqa_board.so
	@file $^

# Rebuilt only when a source changed (the cross-compile takes about 20 s).
$(BOARD_DIR)/edqa-board-runner: $(BOARD_SOURCES) $(BOARD_HEADERS) | deps
	@mkdir -p $(BOARD_DIR)
	$(BOARD_CXX) $(BOARD_CXXFLAGS) $(BOARD_INCLUDES) -Isim/fake $(BOARD_SOURCES) -static -o $@

$(BOARD_DIR)/libedqa_board.so: $(BOARD_LIBRARY_SOURCES) $(BOARD_HEADERS) | deps
	@mkdir -p $(BOARD_DIR)
	$(BOARD_CXX) $(BOARD_CXXFLAGS) -fPIC -shared -fvisibility=hidden $(BOARD_INCLUDES) $(BOARD_LIBRARY_SOURCES) -o $@

hls:
	@if command -v vivado_hls >/dev/null 2>&1; then \
	  cd hw/hls && vivado_hls -f run_hls.tcl; \
	else \
	  echo "hls: would run: cd hw/hls && vivado_hls -f run_hls.tcl"; \
	  echo "hls:   (C synthesis of EdqaAccelerator and NoisyQuantAccelerator for xc7z020clg400-1 at 200 MHz, IP export)"; \
	  echo "hls: cannot: vivado_hls is not on PATH. Install Vivado HLS 2019.2, the last release that synthesizes"; \
	  echo "hls:   SystemC, and source its settings64.sh first."; \
	  exit 1; \
	fi

# The vectors come from the native build (sim/tests/cosim_vectors.cpp); CTest runs the same testbench against the
# SystemC model (hls_cosim_testbench).
hls-cosim: native
	@if command -v vivado_hls >/dev/null 2>&1; then \
	  cd hw/hls && EDQA_COSIM_VECTORS=$(abspath $(NATIVE_DIR))/hls_cosim_1x1.vectors vivado_hls -f cosim_1x1.tcl; \
	else \
	  echo "hls-cosim: would run: cd hw/hls && EDQA_COSIM_VECTORS=$(abspath $(NATIVE_DIR))/hls_cosim_1x1.vectors vivado_hls -f cosim_1x1.tcl"; \
	  echo "hls-cosim:   (cosim_design -rtl systemc of EdqaAccelerator1x1, solution pynq_z1_200mhz_1x1 of make hls, with"; \
	  echo "hls-cosim:   hw/hls/cosim_testbench.cpp on the golden vectors; the same testbench against the model: ctest -R hls_cosim)"; \
	  echo "hls-cosim: cannot: vivado_hls is not on PATH. Install Vivado HLS 2019.2, source its settings64.sh, run make hls first."; \
	  exit 1; \
	fi

clean:
	rm -rf $(BUILD_DIR)
	$(DOTNET) clean CoDesign.sln $(DOTNET_FLAGS) >/dev/null 2>&1 || true
	find . -type d \( -name bin -o -name obj \) -path '*/sw/*' -prune -exec rm -rf {} + 2>/dev/null || true
	find . -type d \( -name bin -o -name obj \) \( -path '*/tests/*' -o -path '*/bindings/*' -o -path '*/tools/*' \) -prune -exec rm -rf {} + 2>/dev/null || true
