# Vivado HLS 2019.2: C/RTL co-simulation of the 1x1 top (EdqaAccelerator1x1) on the golden vectors, after
# run_hls.tcl has synthesized its solution pynq_z1_200mhz_1x1 in the project edqa_accelerator.
#   cd hw/hls && vivado_hls -f cosim_1x1.tcl        (or: make hls-cosim, which first writes the vectors)
# The testbench (cosim_testbench.cpp, an sc_main) drives the top's ports as the driver drives the IP and compares
# every output word with the golden model's; cosim_design puts the synthesized RTL in place of the SystemC top.
# The same testbench runs against the SystemC model in CTest (hls_cosim_testbench), so only the RTL is new here.
# EDQA_COSIM_VECTORS names the vectors file (default: what the native build writes, build/native/hls_cosim_1x1.vectors);
# EDQA_COSIM_EXACT_CYCLES=1 makes a trailer whose cycles differ from the model's schedule a failure, not a report.
set vectors ../../build/native/hls_cosim_1x1.vectors
if {[info exists ::env(EDQA_COSIM_VECTORS)]} { set vectors $::env(EDQA_COSIM_VECTORS) }
# cosim_design runs the testbench in <solution>/sim/systemc: give it an absolute path.
set vectors [file normalize $vectors]
if {![file exists $vectors]} {
  puts "cosim_1x1.tcl: no vectors file $vectors (make native writes it)"
  exit 1
}
set cosim_argv $vectors
if {[info exists ::env(EDQA_COSIM_EXACT_CYCLES)] && $::env(EDQA_COSIM_EXACT_CYCLES) == 1} { append cosim_argv " --exact-cycles" }

# The project and solution run_hls.tcl made (no -reset: the synthesized RTL is what is simulated).
open_project edqa_accelerator
set_top EdqaAccelerator1x1
add_files -tb cosim_testbench.cpp -cflags "-I.. -std=c++11"
open_solution pynq_z1_200mhz_1x1
cosim_design -rtl systemc -argv $cosim_argv
close_project
exit
