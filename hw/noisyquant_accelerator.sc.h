// The NoisyQuant baseline accelerator of the paper's comparison (Tables 3 and 4), docs/spec.md §8: one S x S channel,
// the forward function X -> Z · X (the input used as weights), a search over 10 clips and then 10 noise amplitudes
// minimizing the forward function's squared error, then quantization with the chosen clip and fixed noisy bias.
//
//   din --> load X (L beats, |x| max) --> Y = X · X --> for 10 clips:  Z = Δ q(X)          --> E(Z · X - Y) --> best clip
//                                                   --> for 10 noises: Z = Δ q(X + n) - n  --> E(Z · X - Y) --> best noise
//                                                   --> codes q(X + n*), Δ*, indices --> dout
//
// Cycle model: one multiply-accumulate per cycle (a pipelined float MAC), one element per cycle in every
// element-wise pass. 21 matrix products of S^3 MACs dominate: that is the cost of NoisyQuant's online search that
// eDQA avoids.
#ifndef EDQA_NOISYQUANT_ACCELERATOR_SC_H
#define EDQA_NOISYQUANT_ACCELERATOR_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_stream.h"

namespace edqa_hw {


SC_MODULE(NoisyQuantAccelerator) {
  sc_in<bool> clk;
  sc_in<bool> reset;

  // Registers (AXI-Lite).
  sc_in<bool> start;
  sc_out<bool> done;
  sc_out<uint32_t> status;
  sc_in<uint32_t> op;    // kOpQuantize or kOpDequantize
  sc_in<uint32_t> bits;  // b
  sc_in<uint32_t> side;  // S
  sc_out<uint32_t> cycles_total;

  // Streams (AXI-Stream).
  sc_fifo_in<Beat> din;
  sc_fifo_out<Beat> dout;

  void run() {
    done.write(false);
    status.write(kStatusOk);
    cycles_total.write(0);
    drain_on_reset(din);
    wait();
    while (true) {
      await_start(start);
      uint32_t busy = 0;
      const uint32_t s = side.read();
      const uint32_t b = bits.read();
      const bool ok = s >= 1 && s <= static_cast<uint32_t>(kNoisyMaxSide) && b >= static_cast<uint32_t>(kMinBits) &&
                      b <= static_cast<uint32_t>(kMaxBits) && op.read() <= kOpDequantize;
      if (ok && op.read() == kOpQuantize) {
        quantize(static_cast<int>(s), static_cast<int>(b), busy);
      } else if (ok) {
        dequantize(static_cast<int>(s), static_cast<int>(b), busy);
      }
      status.write(ok ? kStatusOk : (kStatusError | (kErrorBadConfig << 8)));
      cycles_total.write(busy);
      finish_handshake(start, done);
    }
  }

  SC_CTOR(NoisyQuantAccelerator) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = start)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = done)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = status)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = op)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = bits)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle ctrl" variable = side)
    HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = "-bus_bundle counters" variable = cycles_total)
    HLS_PRAGMA(RESOURCE core = AXI4Stream variable = din)
    HLS_PRAGMA(RESOURCE core = AXI4Stream variable = dout)
  }

 private:
  float x_[kMaxLength];          // the channel, row-major S x S
  float z_[kMaxLength];          // a candidate's de-quantized channel
  float reference_[kMaxLength];  // Y = X · X
  float unit_noise_[kNoisyMaxSide];
  float noise_[kNoisyMaxSide];

  static float tenth(int i) {
    // float32(i / 10) for i = 0..10, as constants (the C# reference computes (float)(i / 10.0)).
    static const float table[11] = {0.0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f};
    return table[i];
  }

  static int32_t code(float z, float clip, float inv, int levels) {
    const float limited = z < -clip ? -clip : (z > clip ? clip : z);
    return round_clamp(limited * inv, -levels - 1, levels);
  }

  // Σ over (r, c) of (Σ_k z[r][k] x[k][c] - y[r][c])^2, or y itself when `store` (the reference pass).
  float forward_error(int s, bool store, uint32_t& busy) {
    float error = 0.0f;
  ROW_LOOP:
    for (int r = 0; r < kNoisyMaxSide; ++r) {
      if (r == s) break;
    COLUMN_LOOP:
      for (int c = 0; c < kNoisyMaxSide; ++c) {
        if (c == s) break;
        float sum = 0.0f;
      MAC_LOOP:
        for (int k = 0; k < kNoisyMaxSide; ++k) {
          HLS_PRAGMA(PIPELINE II = 1)
          if (k == s) break;
          const float product = (store ? x_[r * s + k] : z_[r * s + k]) * x_[k * s + c];
          sum = sum + product;
        }
        if (store) {
          reference_[r * s + c] = sum;
        } else {
          const float difference = sum - reference_[r * s + c];
          const float square = difference * difference;
          error = error + square;
        }
        advance(busy, static_cast<uint32_t>(s));  // s MACs, one per cycle
      }
    }
    return error;
  }

  void make_unit_noise(int s, uint32_t& busy) {
    uint32_t state = kNoisySeed;
  NOISE_LOOP:
    for (int j = 0; j < kNoisyMaxSide; ++j) {
      if (j == s) break;
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      unit_noise_[j] = static_cast<float>(state >> 8) * (1.0f / 8388608.0f) - 1.0f;
    }
    advance(busy, static_cast<uint32_t>(s));
  }

  void make_noise(int s, int amplitude, float step) {
  SCALE_NOISE:
    for (int j = 0; j < kNoisyMaxSide; ++j) {
      if (j == s) break;
      const float scaled = unit_noise_[j] * tenth(amplitude);
      noise_[j] = scaled * step;
    }
  }

  void quantize(int s, int b, uint32_t& busy) {
    const int length = s * s;
    const int levels = (1 << (b - 1)) - 1;
    float abs_max = 0.0f;
  LOAD_LOOP:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (i == length) break;
      x_[i] = bits_to_float(stream_pop(din, busy).data);
      const float magnitude = x_[i] < 0.0f ? -x_[i] : x_[i];
      abs_max = magnitude > abs_max ? magnitude : abs_max;
      tick(busy);
    }

    int best_clip = 0;
    int best_noise = 0;
    float step = 0.0f;
    if (abs_max >= bits_to_float(kMinNonZeroScaleBits)) {  // else the zero group (spec §2.2)
      forward_error(s, true, busy);
      float best_error = bits_to_float(0x7F800000u);
    CLIP_SEARCH:
      for (int i = 1; i <= kNoisyClipCandidates; ++i) {
        const float clip = abs_max * tenth(i);
        const float inv = static_cast<float>(levels) / clip;
        const float candidate_step = clip / static_cast<float>(levels);
      QUANTIZE_CANDIDATE:
        for (int e = 0; e < kMaxLength; ++e) {
          HLS_PRAGMA(PIPELINE II = 1)
          if (e == length) break;
          z_[e] = candidate_step * static_cast<float>(code(x_[e], clip, inv, levels));
        }
        advance(busy, static_cast<uint32_t>(length));
        const float error = forward_error(s, false, busy);
        if (error < best_error) {
          best_error = error;
          best_clip = i;
        }
      }

      const float clip = abs_max * tenth(best_clip);
      const float inv = static_cast<float>(levels) / clip;
      step = clip / static_cast<float>(levels);
      make_unit_noise(s, busy);
      best_error = bits_to_float(0x7F800000u);
    NOISE_SEARCH:
      for (int k = 0; k < kNoisyNoiseCandidates; ++k) {
        make_noise(s, k, step);
      NOISY_CANDIDATE:
        for (int e = 0; e < kMaxLength; ++e) {
          HLS_PRAGMA(PIPELINE II = 1)
          if (e == length) break;
          const float shifted = x_[e] + noise_[e % s];
          const float dequantized = step * static_cast<float>(code(shifted, clip, inv, levels));
          z_[e] = dequantized - noise_[e % s];
        }
        advance(busy, static_cast<uint32_t>(length));
        const float error = forward_error(s, false, busy);
        if (error < best_error) {
          best_error = error;
          best_noise = k;
        }
      }
      make_noise(s, best_noise, step);
    }

    // Codes of X + n* with the chosen clip, packed b bits each, most significant first (as eDQA's codes).
    const float clip = abs_max * tenth(best_clip);
    const float inv = best_clip == 0 ? 0.0f : static_cast<float>(levels) / clip;
    WordPacker packer;
    uint32_t word;
  CODE_LOOP:
    for (int e = 0; e < kMaxLength; ++e) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (e == length) break;
      const int32_t q = best_clip == 0 ? 0 : code(x_[e] + noise_[e % s], clip, inv, levels);
      if (packer.append(to_field(q, b), b, word)) stream_push(dout, Beat(word, false), busy);
      if (e + 1 == length && packer.flush(word)) stream_push(dout, Beat(word, false), busy);
      tick(busy);
    }
    stream_push(dout, Beat(float_to_bits(step), false), busy);
    tick(busy);
    stream_push(dout, Beat((static_cast<uint32_t>(best_clip) << 8) | static_cast<uint32_t>(best_noise), true), busy);
    tick(busy);
  }

  void dequantize(int s, int b, uint32_t& busy) {
    const int length = s * s;
    const uint32_t words = words_for_bits(static_cast<uint32_t>(length * b));
  READ_CODES:
    for (int w = 0; w < kMaxCodeWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == words) break;
      code_words_[w] = stream_pop(din, busy).data;
      tick(busy);
    }
    const float step = bits_to_float(stream_pop(din, busy).data);
    tick(busy);
    const uint32_t indices = stream_pop(din, busy).data;
    tick(busy);
    make_unit_noise(s, busy);
    make_noise(s, static_cast<int>(indices & 0xFFu), step);
    WordUnpacker codes;
    int next_word = 0;
  DEQUANTIZE_LOOP:
    for (int e = 0; e < kMaxLength; ++e) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (e == length) break;
      if (codes.needs_word(b)) codes.feed(code_words_[next_word++]);
      const int32_t q = from_field(codes.take(b), b);
      const float value = step * static_cast<float>(q) - noise_[e % s];
      stream_push(dout, Beat(float_to_bits(value), e + 1 == length), busy);
      tick(busy);
    }
  }

  uint32_t code_words_[kMaxCodeWords];
};

}  // namespace edqa_hw

#endif  // EDQA_NOISYQUANT_ACCELERATOR_SC_H
