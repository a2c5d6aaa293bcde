// Synthesis entry point of the NoisyQuant baseline accelerator (the paper's comparison), a second IP beside
// EdqaAccelerator with its own AXI DMA.
#include "../noisyquant_accelerator.sc.h"

typedef edqa_hw::NoisyQuantAccelerator NoisyQuantAccelerator;
