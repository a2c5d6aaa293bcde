// C/RTL co-simulation testbench of the 1x1 top (EdqaAccelerator1x1, hw/edqa_tops.sc.h) on the golden vectors.
//   cosim_testbench VECTORS [--exact-cycles]
// VECTORS is the text file sim/tests/cosim_vectors.cpp writes from tests/vectors/golden.jobs and golden.results
// (its header says the format): per START the OP and RECORDS registers, the input words, and per record the
// golden model's output words or error, and its trailer's expected cycles.
//
// Vivado HLS 2019.2 (hw/hls/cosim_1x1.tcl) compiles this file with its own old g++ and SystemC 2.1-era headers and
// puts the synthesized RTL in place of the top; CTest (hls_cosim_testbench) runs the same file against the SystemC
// model itself. Hence plain C++98 here and nothing from sim/.
//
// Per START it does what the driver does (sim/driver/accelerator_driver.cpp, run_call and execute): writes OP and
// RECORDS, raises START, streams the input into din (TLAST on the last word) one word a cycle as the DMA model does
// (sim/systemc/dma_model.h), reads dout every cycle until TLAST, waits for DONE, lowers START and waits for DONE to
// fall. Then it walks the output from its end, as the driver does, and checks bit for bit each record's output
// words, its trailer's output-word count and ErrorCode (against the golden status), and STATUS's error bit. The
// trailer's cycles are printed beside the expected ones and their differences counted apart: those expected
// cycles are the SystemC model's schedule (hw/edqa_schedule.h), not the golden model's (which has no clock), and
// they are what the co-simulation is there to check. A difference fails the run only with --exact-cycles.
#include <systemc.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "edqa_tops.sc.h"

namespace {

struct ExpectedRecord {
  bool sound;                    // "ok": output words expected; otherwise an error
  std::string error;             // "1" (a descriptor refused) or "r" (any other ErrorCode)
  unsigned long cycles;          // the trailer's expected cycles (the SystemC model's schedule)
  std::vector<unsigned> output;  // the golden output words
};

struct Start {
  std::string label;
  unsigned op;
  unsigned records;
  std::vector<unsigned> input;
  std::vector<ExpectedRecord> expected;
};

void read_hex(std::istringstream& line, std::vector<unsigned>& words) {
  unsigned word;
  while (line >> std::hex >> word) words.push_back(word);
}

// Reads the vectors file; false (with a message) when it is malformed.
bool read_vectors(const char* path, std::vector<Start>& starts) {
  std::ifstream in(path);
  if (!in) {
    std::printf("FAIL: cannot open %s\n", path);
    return false;
  }
  std::string text, label;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    std::istringstream line(text);
    std::string tag;
    if (!(line >> tag)) continue;
    if (tag[0] == '#') {
      const size_t first = text.find_first_not_of("# ");  // a START's comment names its job
      label = first == std::string::npos ? std::string() : text.substr(first);
      continue;
    }
    bool ok = true;
    if (tag == "start") {
      Start s;
      s.label = label;
      ok = static_cast<bool>(line >> s.op >> s.records);
      starts.push_back(s);
    } else if (starts.empty()) {
      ok = false;
    } else if (tag == "in") {
      read_hex(line, starts.back().input);
    } else if (tag == "record") {
      ExpectedRecord r;
      std::string kind;
      ok = static_cast<bool>(line >> kind);
      r.sound = kind == "ok";
      unsigned words = 0;
      if (r.sound) {
        ok = ok && static_cast<bool>(line >> words >> r.cycles);
        r.output.reserve(words);
      } else {
        ok = ok && kind == "fail" && static_cast<bool>(line >> r.error >> r.cycles);
      }
      starts.back().expected.push_back(r);
    } else if (tag == "out") {
      ok = !starts.back().expected.empty();
      if (ok) read_hex(line, starts.back().expected.back().output);
    } else if (tag != "end") {
      ok = false;
    }
    if (!ok) {
      std::printf("FAIL: %s:%d: cannot read \"%s\"\n", path, number, text.c_str());
      return false;
    }
  }
  return true;
}

// The most cycles one START may take before the bench gives up on it (the largest golden record takes far fewer).
const unsigned long kStartTimeoutCycles = 5000000;
// Reset held, then the cycles the driver waits after it (the board's reset hold and the histogram clear).
const int kResetCycles = 4 + edqa_hw::schedule::kBoardResetHoldCycles;
const int kRecoveryCycles = edqa_hw::schedule::kResetRecoveryCycles;

}  // namespace

// The host's side of the top's ports: every register port from the table (hw/edqa_registers.h), reversed.
#define COSIM_PORT_W(port, width) sc_out<sc_uint<width> > port;
#define COSIM_PORT_R(port, width) sc_in<sc_uint<width> > port;
#define COSIM_PORT(NAME, port, dir, bundle, width, description) COSIM_PORT_##dir(port, width)

SC_MODULE(CosimBench) {
  sc_in<bool> clk;
  sc_out<bool> reset;
  EDQA_ACCELERATOR_REGISTERS(COSIM_PORT)
  sc_in<bool> reset_request;
  sc_fifo_out<edqa_hw::Beat> din;
  sc_fifo_in<edqa_hw::Beat> dout;

  const std::vector<Start>* starts;
  bool exact_cycles;
  int result;  // sc_main's exit code

  SC_CTOR(CosimBench) : starts(0), exact_cycles(false), result(1) { SC_CTHREAD(run, clk.pos()); }

  void run() {
    reset.write(true);
    start.write(0);
    soft_reset.write(0);
    op.write(0);
    records.write(0);
    for (int i = 0; i < kResetCycles; ++i) wait();
    reset.write(false);
    for (int i = 0; i < kRecoveryCycles; ++i) wait();

    unsigned long failures = 0, records_checked = 0, words_checked = 0, trailers_checked = 0;
    unsigned long cycle_differences = 0, cycle_records = 0;
    for (size_t s = 0; s < starts->size(); ++s) {
      const Start& job = (*starts)[s];
      std::vector<unsigned> received;
      if (!run_start(job, received)) {
        std::printf("FAIL start %lu (%s): no TLAST and DONE within %lu cycles (%lu words received)\n",
                    static_cast<unsigned long>(s), job.label.c_str(), kStartTimeoutCycles,
                    static_cast<unsigned long>(received.size()));
        ++failures;
        break;  // the accelerator's state is unknown: stop here
      }
      std::string problem;
      // Walk the output from its end, as the driver does: each trailer names its record's output words.
      size_t position = received.size();
      std::vector<size_t> offsets(job.expected.size()), counts(job.expected.size());
      std::vector<unsigned> errors(job.expected.size()), cycles(job.expected.size());
      if (job.expected.size() != job.records) problem = "RECORDS differs from the records the vectors expect";
      for (size_t r = job.expected.size(); r-- > 0 && problem.empty();) {
        if (position < 2) {
          problem = "the output ended before a trailer";
          break;
        }
        position -= 2;
        const unsigned word0 = received[position];
        counts[r] = word0 & 0xFFFFu;
        errors[r] = (word0 >> 16) & 0xFFu;
        cycles[r] = received[position + 1];
        if ((word0 >> 24) != 0 || counts[r] > position) {
          problem = "a trailer that does not fit the output";
          break;
        }
        position -= counts[r];
        offsets[r] = position;
      }
      if (problem.empty() && position != 0) problem = "words before the first record";
      bool any_error = false;
      for (size_t r = 0; r < job.expected.size() && problem.empty(); ++r) {
        const ExpectedRecord& want = job.expected[r];
        char text[160];
        if (want.sound) {
          any_error = any_error || errors[r] != 0;
          if (errors[r] != 0) {
            std::snprintf(text, sizeof text, "record %lu: ErrorCode %u, expected none", static_cast<unsigned long>(r),
                          errors[r]);
          } else if (counts[r] != want.output.size()) {
            std::snprintf(text, sizeof text, "record %lu: trailer says %lu output words, expected %lu",
                          static_cast<unsigned long>(r), static_cast<unsigned long>(counts[r]),
                          static_cast<unsigned long>(want.output.size()));
          } else {
            text[0] = '\0';
            for (size_t w = 0; w < want.output.size() && text[0] == '\0'; ++w) {
              if (received[offsets[r] + w] != want.output[w])
                std::snprintf(text, sizeof text, "record %lu: output word %lu is %08x, expected %08x",
                              static_cast<unsigned long>(r), static_cast<unsigned long>(w), received[offsets[r] + w],
                              want.output[w]);
            }
            words_checked += want.output.size();
          }
        } else {
          any_error = true;
          const bool config = errors[r] == 1;
          if (errors[r] == 0 || config != (want.error == "1"))
            std::snprintf(text, sizeof text, "record %lu: ErrorCode %u, expected %s", static_cast<unsigned long>(r),
                          errors[r], want.error == "1" ? "1 (descriptor refused)" : "an invalid-record code");
          else
            text[0] = '\0';
        }
        if (text[0] != '\0') problem = text;
        ++records_checked;
        ++trailers_checked;
        ++cycle_records;
        const bool same = cycles[r] == want.cycles;
        if (!same) ++cycle_differences;
        std::printf("start %lu record %lu: cycles %u, expected %lu%s\n", static_cast<unsigned long>(s),
                    static_cast<unsigned long>(r), cycles[r], want.cycles, same ? "" : "  (differs)");
      }
      if (problem.empty() && ((status.read().to_uint() & 1u) != 0) != any_error)
        problem = "STATUS's error bit disagrees with the trailers";
      if (!problem.empty()) {
        ++failures;
        std::printf("FAIL start %lu (%s): %s\n", static_cast<unsigned long>(s), job.label.c_str(), problem.c_str());
      }
    }
    std::printf(
        "cosim: %lu STARTs, %lu records, %lu output words and %lu trailers compared bit for bit: %lu failed\n"
        "cosim: trailer cycles (expected: the SystemC model's schedule): %lu of %lu records differ%s\n",
        static_cast<unsigned long>(starts->size()), records_checked, words_checked, trailers_checked, failures,
        cycle_differences, cycle_records, exact_cycles ? " (--exact-cycles: a difference fails)" : " (reported only)");
    result = failures == 0 && (!exact_cycles || cycle_differences == 0) && !starts->empty() ? 0 : 1;
    sc_stop();
    while (true) wait();
  }

  // One START; false on a timeout. `received` gets every output word up to TLAST.
  bool run_start(const Start& job, std::vector<unsigned>& received) {
    op.write(job.op);
    wait();
    records.write(job.records);
    wait();
    // The accelerator sees START at the next edge; the first input beat follows one edge later, as the DMA model's
    // does after the driver's START write.
    start.write(1);
    wait();
    size_t next = 0;
    bool last_seen = false, done_seen = false;
    for (unsigned long cycle = 0; !(last_seen && done_seen && next == job.input.size()); ++cycle) {
      if (cycle == kStartTimeoutCycles) return false;
      if (next < job.input.size() && din.num_free() > 0) {
        din.nb_write(edqa_hw::Beat(job.input[next], next + 1 == job.input.size()));
        ++next;
      }
      edqa_hw::Beat beat;
      if (!last_seen && dout.nb_read(beat)) {
        received.push_back(beat.data.to_uint());
        last_seen = beat.last;
      }
      done_seen = done_seen || done.read() != 0;
      wait();
    }
    start.write(0);
    for (unsigned long cycle = 0; done.read() != 0; ++cycle) {
      if (cycle == kStartTimeoutCycles) return false;
      wait();
    }
    return true;
  }
};

int sc_main(int argc, char* argv[]) {
  if (argc < 2 || (argc == 3 && std::strcmp(argv[2], "--exact-cycles") != 0) || argc > 3) {
    std::printf("usage: cosim_testbench VECTORS [--exact-cycles]\n");
    return 2;
  }
  std::vector<Start> starts;
  if (!read_vectors(argv[1], starts)) return 3;

  sc_clock clk("clk", 5, SC_NS);  // 200 MHz, the synthesis clock (the model counts cycles, not ns)
  sc_signal<bool> reset("reset"), reset_request("reset_request");
#define COSIM_SIGNAL(NAME, port, dir, bundle, width, description) sc_signal<sc_uint<width> > port(#port);
  EDQA_ACCELERATOR_REGISTERS(COSIM_SIGNAL)
  sc_fifo<edqa_hw::Beat> din("din", edqa_hw::kStageFifoDepth);
  sc_fifo<edqa_hw::Beat> dout("dout", edqa_hw::kStageFifoDepth);

  EdqaAccelerator1x1 dut("dut");
  CosimBench bench("bench");
  bench.starts = &starts;
  bench.exact_cycles = argc == 3;
  dut.clk(clk);
  bench.clk(clk);
  dut.reset(reset);
  bench.reset(reset);
#define COSIM_BIND(NAME, port, dir, bundle, width, description) \
  dut.port(port);                                               \
  bench.port(port);
  EDQA_ACCELERATOR_REGISTERS(COSIM_BIND)
  dut.reset_request(reset_request);
  bench.reset_request(reset_request);
  dut.din(din);
  bench.din(din);
  dut.dout(dout);
  bench.dout(dout);

  sc_start();
  return bench.result;
}
