// Synthesis entry point for Vivado HLS: brings the accelerator's top module into the global namespace under the
// name run_hls.tcl gives to set_top, in the configuration run_hls.tcl asks for (-DEDQA_UNITS=, -DEDQA_LANES=;
// the paper's one unit and 32-bit stream by default).
#ifndef EDQA_UNITS
#define EDQA_UNITS 1
#endif
#ifndef EDQA_LANES
#define EDQA_LANES 1
#endif

#include "../accelerator.sc.h"

typedef edqa_hw::EdqaAcceleratorT<EDQA_UNITS, EDQA_LANES> EdqaAccelerator;
