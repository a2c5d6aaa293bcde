// Synthesis entry point for Vivado HLS: the plain top of every configuration the docs quote (hw/edqa_tops.sc.h);
// run_hls.tcl sets one of them as the top of each solution (EdqaAccelerator1x1, EdqaAccelerator2x2, ...).
#include "../edqa_tops.sc.h"
