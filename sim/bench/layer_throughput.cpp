// Layer throughput of the eDQA accelerator (issue "throughput near the memory bound", part 1): activations per
// 200 MHz cycle for whole layers of post-ReLU channels (N = m = 3, the first r of them important), run as one
// layer (many records per START, edqa_sim_run_layer) beside the same records run one per START (edqa_sim_quantize
// and edqa_sim_dequantize, the paper's flow), both on the same model in this process. Cycles are the accelerator's
// counters (START to the last output beat, summed over STARTs); the ARM's per-call overhead is not in either.
// The DDR bound of the PYNQ-Z1 (2100 MB/s shared by both directions) is 2.36 activations per cycle for
// float32 in and about 0.45 bytes out. Run by `make bench`.
//
// A second table runs the same layers as one layer on every configuration of units and lanes the model
// elaborates, and checks that each gives the 1 x 1 accelerator's output words exactly.
//
//   layer_throughput [R]    R records per layer (default 64)
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

#include "edqa_sim.h"

namespace {

struct Layer {
  std::vector<edqa_layer_record> records;
  std::vector<uint32_t> inputs;
};

// R post-ReLU channels of L elements (half zeros, the rest exponential), their scales from their own max.
Layer make_layer(uint32_t length, uint32_t count, double important, uint32_t seed) {
  std::mt19937 rng(seed);
  Layer layer;
  for (uint32_t r = 0; r < count; ++r) {
    std::vector<float> values(length);
    float max = 0.0f;
    for (float& v : values) {
      v = rng() % 2 == 0 ? 0.0f : std::exponential_distribution<float>(1.0f)(rng);
      max = std::max(max, v);
    }
    edqa_layer_record record{};
    record.descriptor = edqa_record_descriptor{
        3, 3, r < important * count ? 1u : 0u, length, max == 0.0f ? 0.0f : 4.0f / max, max / 4.0f, 0, 0, 0};
    record.input_offset = static_cast<uint32_t>(layer.inputs.size());
    record.input_words = length;
    for (float v : values) {
      uint32_t bits;
      std::memcpy(&bits, &v, sizeof bits);
      layer.inputs.push_back(bits);
    }
    layer.records.push_back(record);
  }
  return layer;
}

// A static code for m = 3 post-ReLU errors (docs/spec.md §3.7): half the errors are the zeros' 0, the rest
// roughly uniform: lengths 1, 3, 4, 4, 4, 4, 4, 4 (Kraft 1/2 + 1/8 + 6/16 = 1).
const uint32_t kStaticCode[] = {0x13444444u};

bool run(edqa_sim* sim, uint32_t op, Layer& layer, std::vector<uint32_t>& outputs, uint64_t& cycles,
         bool with_static_code = false) {
  uint32_t capacity = 0;
  if (edqa_sim_layer_capacity(op, layer.records.data(), static_cast<uint32_t>(layer.records.size()), &capacity) !=
      EDQA_OK)
    return false;
  outputs.assign(capacity, 0);
  edqa_cycle_counts counts{};
  if (edqa_sim_run_layer(sim, op, layer.records.data(), static_cast<uint32_t>(layer.records.size()),
                         layer.inputs.data(), static_cast<uint32_t>(layer.inputs.size()), with_static_code ? 3u : 0u,
                         with_static_code ? kStaticCode : nullptr, with_static_code ? 1u : 0u, 0, nullptr, 0,
                         outputs.data(), capacity, &counts) != EDQA_OK) {
    return false;
  }
  cycles = counts.value[0];
  return std::all_of(layer.records.begin(), layer.records.end(),
                     [](const edqa_layer_record& r) { return r.status == EDQA_OK; });
}

// The de-quantize layer of a quantized one: each record's output becomes its input.
Layer back_of(const Layer& layer, const std::vector<uint32_t>& records) {
  Layer back;
  for (const edqa_layer_record& record : layer.records) {
    edqa_layer_record b = record;
    b.descriptor.coding = 0;
    b.input_offset = static_cast<uint32_t>(back.inputs.size());
    b.input_words = record.output_words;
    back.inputs.insert(back.inputs.end(), records.begin() + record.output_offset,
                       records.begin() + record.output_offset + record.output_words);
    back.records.push_back(b);
  }
  return back;
}

// Every record's output words, in order (the layer's output buffer also holds the trailers' places).
std::vector<uint32_t> outputs_of(const Layer& layer, const std::vector<uint32_t>& words) {
  std::vector<uint32_t> out;
  for (const edqa_layer_record& r : layer.records)
    out.insert(out.end(), words.begin() + r.output_offset, words.begin() + r.output_offset + r.output_words);
  return out;
}

edqa_sim* create(uint32_t units, uint32_t lanes) {
  const edqa_sim_options options{sizeof(edqa_sim_options), 0, nullptr, 0, 0, units, lanes, 0, 0, 0, 0};
  edqa_sim* sim = nullptr;
  if (edqa_sim_create(&options, &sim) != EDQA_OK) return nullptr;
  return sim;
}

// The configurations table: quantize and de-quantize one layer, coding adaptive and static, per units x lanes.
int configurations(uint32_t count) {
  const uint32_t kUnits[] = {1, 2, 4, 1, 2, 4};
  const uint32_t kLanes[] = {1, 1, 1, 2, 2, 2};
  std::printf(
      "\n| units x lanes | L | quantize | quantize, coding static | de-quantize | de-quantize, coding static |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  std::vector<std::vector<uint32_t>> reference;  // the 1 x 1 outputs, per L and path
  for (int c = 0; c < 6; ++c) {
    edqa_sim* sim = create(kUnits[c], kLanes[c]);
    if (sim == nullptr) {
      std::fprintf(stderr, "create %ux%u: %s\n", kUnits[c], kLanes[c], edqa_sim_last_error());
      return 1;
    }
    int path = 0;
    for (uint32_t length : {49u, 196u, 784u, 3136u}) {
      double rate[4];
      for (int coding = 0; coding < 2; ++coding) {
        Layer layer = make_layer(length, count, 0.4, length);
        for (edqa_layer_record& record : layer.records)
          record.descriptor.coding = coding != 0 && record.descriptor.important != 0 ? 1u : 0u;
        std::vector<uint32_t> records, values;
        uint64_t quantize = 0, dequantize = 0;
        Layer back;
        const bool ok = run(sim, 0, layer, records, quantize, coding != 0) &&
                        (back = back_of(layer, records), run(sim, 1, back, values, dequantize, coding != 0));
        if (!ok) {
          std::fprintf(stderr, "%ux%u, L = %u: %s\n", kUnits[c], kLanes[c], length, edqa_sim_last_error());
          return 1;
        }
        for (const std::vector<uint32_t>& out : {outputs_of(layer, records), outputs_of(back, values)}) {
          if (c == 0) {
            reference.push_back(out);
          } else if (out != reference[path]) {
            std::fprintf(stderr, "%ux%u, L = %u: the output differs from the 1 x 1 accelerator's\n", kUnits[c],
                         kLanes[c], length);
            return 1;
          }
          ++path;
        }
        const double activations = static_cast<double>(length) * count;
        rate[coding] = activations / quantize;
        rate[2 + coding] = activations / dequantize;
      }
      std::printf("| %u x %u | %u | %.3f | %.3f | %.3f | %.3f |\n", kUnits[c], kLanes[c], length, rate[0], rate[1],
                  rate[2], rate[3]);
    }
    edqa_sim_destroy(sim);
  }
  std::printf(
      "\nactivations per cycle, %u records per layer of which 40%% important, N = m = 3, DDR 2100 MB/s; every "
      "configuration's output words equal the 1 x 1 accelerator's\n",
      count);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const uint32_t count = argc > 1 ? static_cast<uint32_t>(std::atoi(argv[1])) : 64;
  edqa_sim* sim = nullptr;
  if (count == 0 || (sim = create(1, 1)) == nullptr) {
    std::fprintf(stderr, "usage: layer_throughput [R >= 1] (%s)\n", edqa_sim_last_error());
    return 1;
  }
  std::printf(
      "| L | important | quantize: one record per START | quantize: one layer | quantize: one layer, coding static | "
      "de-quantize: one record per START | de-quantize: one layer | de-quantize: one layer, coding static |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (uint32_t length : {49u, 196u, 784u, 3136u}) {
    for (double important : {0.4, 1.0}) {
      Layer layer = make_layer(length, count, important, length);
      std::vector<uint32_t> records;
      uint64_t quantize_layer = 0, dequantize_layer = 0, quantize_single = 0, dequantize_single = 0;
      if (!run(sim, 0, layer, records, quantize_layer)) {
        std::fprintf(stderr, "quantize: %s\n", edqa_sim_last_error());
        return 1;
      }
      Layer back = back_of(layer, records);
      std::vector<uint32_t> values;
      if (!run(sim, 1, back, values, dequantize_layer)) {
        std::fprintf(stderr, "de-quantize: %s\n", edqa_sim_last_error());
        return 1;
      }
      // The same layer with coding static (the one-pass encoder, docs/spec.md §4.2), and back.
      Layer coded = layer;
      for (edqa_layer_record& record : coded.records)
        record.descriptor.coding = record.descriptor.important != 0 ? 1u : 0u;
      std::vector<uint32_t> coded_records;
      uint64_t quantize_static = 0, dequantize_static = 0;
      if (!run(sim, 0, coded, coded_records, quantize_static, true)) {
        std::fprintf(stderr, "quantize, coding static: %s\n", edqa_sim_last_error());
        return 1;
      }
      Layer coded_back = back_of(coded, coded_records);
      if (!run(sim, 1, coded_back, values, dequantize_static, true)) {
        std::fprintf(stderr, "de-quantize, coding static: %s\n", edqa_sim_last_error());
        return 1;
      }
      for (size_t r = 0; r < layer.records.size(); ++r) {
        const edqa_layer_record& q = layer.records[r];
        const edqa_layer_record& d = back.records[r];
        uint32_t capacity = 0;
        edqa_sim_record_capacity(&q.descriptor, &capacity);
        std::vector<uint32_t> record(capacity);
        std::vector<float> out(length);
        uint32_t words = 0;
        edqa_cycle_counts one{};
        if (edqa_sim_quantize(sim, &q.descriptor, reinterpret_cast<const float*>(&layer.inputs[q.input_offset]), length,
                              record.data(), capacity, &words, &one) != EDQA_OK) {
          std::fprintf(stderr, "quantize one record: %s\n", edqa_sim_last_error());
          return 1;
        }
        quantize_single += one.value[0];
        if (edqa_sim_dequantize(sim, &d.descriptor, &back.inputs[d.input_offset], d.input_words, out.data(), length,
                                &one) != EDQA_OK) {
          std::fprintf(stderr, "de-quantize one record: %s\n", edqa_sim_last_error());
          return 1;
        }
        dequantize_single += one.value[0];
      }
      const double activations = static_cast<double>(length) * count;
      std::printf("| %u | %.0f%% | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", length, important * 100,
                  activations / quantize_single, activations / quantize_layer, activations / quantize_static,
                  activations / dequantize_single, activations / dequantize_layer, activations / dequantize_static);
    }
  }
  std::printf("\nactivations per cycle, %u records per layer, N = m = 3; the DDR bound is 2.36\n", count);
  edqa_sim_destroy(sim);
  return configurations(count);
}
