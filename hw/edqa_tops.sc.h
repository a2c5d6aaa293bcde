// The synthesized tops: one plain (non-template) SC_MODULE per configuration the docs quote, as SECDA's tops are,
// each with EdqaAcceleratorT<units, lanes> as its child, bound port to port. They carry the IP's interface pragmas
// (AXI-Lite registers, AXI-Stream with TKEEP on two lanes, the reset); hw/hls/run_hls.tcl sets each as a top, one
// solution per configuration. The simulation elaborates the same child template (sim/systemc/simulation_model.cpp).
#ifndef EDQA_TOPS_SC_H
#define EDQA_TOPS_SC_H

#include <systemc.h>

#include "accelerator.sc.h"

// A register port of the top bound through to the same port of the child.
#define EDQA_REGISTER_THROUGH(NAME, port, dir, bundle, width, description) core.port(port);

// One configuration's top: NAME with UNITS channel units behind a LANES-word stream.
#define EDQA_PLAIN_TOP(NAME, UNITS, LANES)                                          \
  SC_MODULE(NAME) {                                                                 \
    sc_in<bool> clk;                                                                \
    sc_in<bool> reset;                                                              \
    EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_PORT)                                  \
    sc_out<bool> reset_request;                                                     \
    sc_fifo_in<edqa_hw::LaneBeat<LANES>::type> din;                                 \
    sc_fifo_out<edqa_hw::LaneBeat<LANES>::type> dout;                               \
    edqa_hw::EdqaAcceleratorT<UNITS, LANES> core;                                   \
                                                                                    \
    SC_CTOR(NAME) : core("core") {                                                  \
      EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_PRAGMA)                              \
      EDQA_STREAM_PRAGMAS_##LANES HLS_PRAGMA(RESET variable = reset) core.clk(clk); \
      core.reset(reset);                                                            \
      EDQA_ACCELERATOR_REGISTERS(EDQA_REGISTER_THROUGH)                             \
      core.reset_request(reset_request);                                            \
      core.din(din);                                                                \
      core.dout(dout);                                                              \
    }                                                                               \
  };

EDQA_PLAIN_TOP(EdqaAccelerator1x1, 1, 1)
EDQA_PLAIN_TOP(EdqaAccelerator2x1, 2, 1)
EDQA_PLAIN_TOP(EdqaAccelerator4x1, 4, 1)
EDQA_PLAIN_TOP(EdqaAccelerator1x2, 1, 2)
EDQA_PLAIN_TOP(EdqaAccelerator2x2, 2, 2)
EDQA_PLAIN_TOP(EdqaAccelerator4x2, 4, 2)

#endif  // EDQA_TOPS_SC_H
