// Synthesis entry point for Vivado HLS: brings the accelerator's top module into the global namespace under the
// name run_hls.tcl gives to set_top.
#include "../accelerator.sc.h"

typedef edqa_hw::EdqaAccelerator EdqaAccelerator;
