// Host-side checks of what is about to be handed to the accelerator: the channel configuration (docs/spec.md
// §2.1-§2.2) and, for de-quantization, the record's size against its own payload bit count (§4.2). They throw
// DriverError naming the problem.
#ifndef EDQA_CHANNEL_CHECKS_H
#define EDQA_CHANNEL_CHECKS_H

#include <cstdint>

#include "edqa_sim.h"

namespace edqa_harness {

void check_descriptor(const edqa_record_descriptor& config);

// Words of the largest record a quantize call with `config` can produce.
uint32_t record_capacity(const edqa_record_descriptor& config);

// Throws unless every value is finite.
void check_values(const float* values, uint32_t count);

// Throws unless `record_words` is exactly the size the record's sections and P make it.
void check_record_size(const edqa_record_descriptor& config, const uint32_t* record, uint32_t record_words);

// The NoisyQuant baseline: b in [2, 8], S in [1, 64]; its record size; and a record's step and indices.
void check_noisyquant_config(const edqa_noisyquant_config& config);
uint32_t noisyquant_record_words(const edqa_noisyquant_config& config);
void check_noisyquant_record(const edqa_noisyquant_config& config, const uint32_t* record, uint32_t record_words);

}  // namespace edqa_harness

#endif  // EDQA_CHANNEL_CHECKS_H
