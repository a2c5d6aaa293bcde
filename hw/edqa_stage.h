// The skeleton every pipeline stage shares: its clock, reset, start/done handshake and busy-cycle counter, and the
// clocked thread that waits for start, runs the stage's work once, publishes the cycle count and completes the
// handshake. A stage derives from StageModule<Itself> (CRTP: static dispatch, no virtual functions, as HLS needs)
// and provides `void on_reset()` (empty the FIFOs it reads) and `void process(uint32_t& busy)` (one channel).
#ifndef EDQA_STAGE_H
#define EDQA_STAGE_H

#include <systemc.h>

#include <cstdint>

#include "edqa_stream.h"

namespace edqa_hw {

template <class Stage>
struct StageModule : public sc_module {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_in<bool> start;
  sc_out<bool> done;
  sc_out<uint32_t> cycles;  // busy cycles of the last run (a hardware counter)

  explicit StageModule(sc_module_name name) : sc_module(name) {}

  void stage_thread() {
    done.write(false);
    cycles.write(0);
    static_cast<Stage*>(this)->on_reset();
    wait();
    while (true) {
      await_start(start);
      uint32_t busy = 0;
      static_cast<Stage*>(this)->process(busy);
      cycles.write(busy);
      finish_handshake(start, done);
    }
  }
};

// Registers a stage's thread on the rising clock edge with a synchronous, active-high reset.
#define EDQA_STAGE_THREAD()                 \
  SC_CTHREAD(stage_thread, clk.pos());      \
  reset_signal_is(reset, true)

}  // namespace edqa_hw

#endif  // EDQA_STAGE_H
