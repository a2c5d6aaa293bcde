// The NoisyQuant baseline accelerator of the paper's comparison (Tables 3 and 4), docs/spec.md §8: one S x S
// channel, the forward function X -> Z · X (the input used as weights), a search over 10 clips and then 10 noise
// amplitudes minimizing the forward function's squared error, then quantization with the chosen clip and noise.
//
//   din --> load X (S^2 beats, |x| max) --> Y = X · X --> for 10 clips:  Z = Δ q(X)          --> E(Z · X - Y) --> best
//   clip
//                                                   --> for 10 noises: Z = Δ q(X + n) - n  --> E(Z · X - Y) --> best
//                                                   noise
//                                                   --> codes q(X + n*), Δ*, indices --> dout
//
// Schedule (edqa_schedule.h): one multiply-accumulate chain per output element whose float additions follow the
// spec's order, so each waits for the last: II = the adder's latency (MAC). 21 matrix products of S^3 such steps
// dominate: the cost of NoisyQuant's online search that eDQA avoids. The noise index wraps with a counter, never %.
#ifndef EDQA_NOISYQUANT_ACCELERATOR_SC_H
#define EDQA_NOISYQUANT_ACCELERATOR_SC_H

#include <systemc.h>

#include "edqa_bit_packing.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_registers.h"
#include "edqa_rtl_trace.h"
#include "edqa_schedule.h"
#include "edqa_stream.h"
#include "edqa_types.h"

#define EDQA_NOISY_REGISTER_PORT_W(port, width) sc_in<sc_uint<width> > port;
#define EDQA_NOISY_REGISTER_PORT_R(port, width) sc_out<sc_uint<width> > port;
#define EDQA_NOISY_REGISTER_PORT(NAME, port, dir, bundle, width, description) \
  EDQA_NOISY_REGISTER_PORT_##dir(port, width)
#define EDQA_NOISY_BUNDLE_ctrl "-bus_bundle ctrl"
#define EDQA_NOISY_BUNDLE_counters "-bus_bundle counters"
#define EDQA_NOISY_REGISTER_PRAGMA(NAME, port, dir, bundle, width, description) \
  HLS_PRAGMA(RESOURCE core = AXI4LiteS metadata = EDQA_NOISY_BUNDLE_##bundle variable = port)

namespace edqa_hw {

SC_MODULE(NoisyQuantAccelerator) {
  sc_in<bool> clk;
  sc_in<bool> reset;

  EDQA_NOISYQUANT_REGISTERS(EDQA_NOISY_REGISTER_PORT)

  sc_fifo_in<Beat> din;
  sc_fifo_out<Beat> dout;
  // SOFT_RESET as a wire to the board's reset logic, which drives the reset port (hw/hls/README.md).
  sc_out<bool> reset_request;

  SC_CTOR(NoisyQuantAccelerator) {
    SC_METHOD(request_reset);
    sensitive << soft_reset;
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
    SC_CTHREAD(count_cycles, clk.pos());
    reset_signal_is(reset, true);
    EDQA_NOISYQUANT_REGISTERS(EDQA_NOISY_REGISTER_PRAGMA)
    HLS_PRAGMA(RESOURCE variable = din core = AXI4Stream metadata =
                   "-bus_bundle S_AXIS" port_map = {{din_0 TDATA} {din_1 TLAST}})
    HLS_PRAGMA(RESOURCE variable = dout core = AXI4Stream metadata =
                   "-bus_bundle M_AXIS" port_map = {{dout_0 TDATA} {dout_1 TLAST}})
    HLS_PRAGMA(RESET variable = reset)
  }

#if !defined(__SYNTHESIS__)
  void trace(sc_trace_file * file, const std::string& scope) const {
    sc_trace(file, start, scope + ".control.start");
    sc_trace(file, done, scope + ".control.done");
    sc_trace(file, status, scope + ".control.status");
    sc_trace(file, running_, scope + ".control.running");
    sc_trace(file, cycles_total, scope + ".control.cycles_total");
  }
#endif

 private:
  float x_[kMaxLength];          // the channel, row-major S x S
  float z_[kMaxLength];          // a candidate's de-quantized channel
  float reference_[kMaxLength];  // Y = X · X
  float unit_noise_[kNoisyMaxSide];
  float noise_[kNoisyMaxSide];
  Word code_words_[kMaxCodeWords];

  sc_signal<bool> running_;
  sc_signal<bool> clear_counter_;
  PipelineClock clock_;
  PipelineOutput<Beat> pending_;

  void request_reset() { reset_request.write(soft_reset.read() != 0); }

  void tick() { stream_tick(dout, pending_, clock_); }

  // The cycles of a loop of the schedule whose results stay on chip, computed in zero time above it (simulation
  // only: under synthesis the loop itself is scheduled by HLS). No output is pending while this runs.
  void spend(uint64_t cycles) {
#if !defined(__SYNTHESIS__)
    if (cycles == 0) return;
    wait(static_cast<int>(cycles));
    clock_.now += cycles;
#else
    (void)cycles;
#endif
  }

  // The last results of a loop leave depth - II cycles after its last iteration.
  void drain(int flush) { stream_drain(dout, pending_, clock_, flush); }

  void run() {
    done.write(0);
    status.write(kStatusOk);
    running_.write(false);
    clear_counter_.write(false);
    drain_on_reset(din);
#if !defined(__SYNTHESIS__)
    pending_.clear();
#endif
    wait();
    while (true) {
      wait_until_set(start);
      const uint32_t s = side.read();
      const uint32_t b = bits.read();
      const bool ok = s >= 1 && s <= static_cast<uint32_t>(kNoisyMaxSide) && b >= static_cast<uint32_t>(kMinBits) &&
                      b <= static_cast<uint32_t>(kMaxBits);
      clear_counter_.write(true);
      running_.write(ok);
      wait();
      clear_counter_.write(false);
      if (ok && op.read() == kOpQuantize) {
        quantize(static_cast<int>(s), static_cast<int>(b));
      } else if (ok) {
        dequantize(static_cast<int>(s), static_cast<int>(b));
      }
      running_.write(false);
      status.write(ok ? kStatusOk : (kStatusError | (kErrorBadConfig << 8)));
      complete_handshake(start, done);
    }
  }

  void count_cycles() {
    Counter total = 0;
    bool was_running = false;
    cycles_total.write(0);
    wait();
    while (true) {
      const bool running = running_.read();
      if (clear_counter_.read()) {
        total = 0;
        cycles_total.write(0);
      } else if (running) {
        ++total;
      }
      if (was_running && !running) cycles_total.write(total);
      if (!running && !clear_counter_.read()) {
        wait_until_set(clear_counter_);
        was_running = false;
        continue;
      }
      was_running = running;
      wait();
    }
  }

  static float tenth(int i) {
    // float32(i / 10) for i = 0..10, as constants (the C# reference computes (float)(i / 10.0)).
    static const float table[11] = {0.0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f};
    return table[i];
  }

  // q(z): clamp to [-clip, clip], x inv (fmul), round and clamp (RTL: hw/rtl/float_multiply.v, round_clamp.v).
  int32_t code(float z, float clip, float inv, int levels) {
    const float limited = z < -clip ? -clip : (z > clip ? clip : z);
    const float product = limited * inv;
    const int32_t q = round_clamp(product, -levels - 1, levels);
    EDQA_RTL_TRACE("float_multiply", this, (float_to_bits(limited), float_to_bits(inv)), (float_to_bits(product)));
    EDQA_RTL_TRACE("round_clamp", this, (float_to_bits(product), -levels - 1, levels), (q));
    return q;
  }

  // The feed-forward fadds (RTL: hw/rtl/float_add.v, its MAC operand unused): a + b, and a - b as a + (-b).
  float traced_add(float a, float b) {
    const float sum = a + b;
    EDQA_RTL_TRACE("float_add", this, (false, false, float_to_bits(a), float_to_bits(b)), (float_to_bits(sum)));
    return sum;
  }
  float traced_subtract(float a, float b) {
    const float difference = a - b;
    EDQA_RTL_TRACE("float_add", this, (false, false, float_to_bits(a), float_to_bits(b) ^ 0x80000000u),
                   (float_to_bits(difference)));
    return difference;
  }

  // int to float, x factor (RTL: hw/rtl/int_to_float.v, float_multiply.v).
  float traced_scale(int32_t q, float factor) {
    const float converted = static_cast<float>(q);
    const float product = factor * converted;
    EDQA_RTL_TRACE("int_to_float", this, (static_cast<uint32_t>(q)), (float_to_bits(converted)));
    EDQA_RTL_TRACE("float_multiply", this, (float_to_bits(factor), float_to_bits(converted)), (float_to_bits(product)));
    return product;
  }

  float traced_multiply(float a, float b) {
    const float product = a * b;
    EDQA_RTL_TRACE("float_multiply", this, (float_to_bits(a), float_to_bits(b)), (float_to_bits(product)));
    return product;
  }

  // Σ over (r, c) of (Σ_k z[r][k] x[k][c] - y[r][c])^2, or y itself when `store` (the reference pass).
  float forward_error(int s, bool store) {
    float error = 0.0f;
    const uint64_t mac = schedule::loop_cycles(schedule::kNoisyMac, static_cast<uint64_t>(s));
  ROW_LOOP:
    for (int r = 0; r < kNoisyMaxSide; ++r) {
      if (r == s) break;
    COLUMN_LOOP:
      for (int c = 0; c < kNoisyMaxSide; ++c) {
        if (c == s) break;
        float sum = 0.0f;
      MAC:
        for (int k = 0; k < kNoisyMaxSide; ++k) {
          HLS_PRAGMA(PIPELINE II = 5)
          if (k == s) break;
          const float weight = store ? x_[r * s + k] : z_[r * s + k];
          const float product = weight * x_[k * s + c];
          sum = sum + product;
          EDQA_RTL_TRACE("float_multiply", this, (float_to_bits(weight), float_to_bits(x_[k * s + c])),
                         (float_to_bits(product)));
          EDQA_RTL_TRACE("float_add", this, (true, k == 0, 0u, float_to_bits(product)), (float_to_bits(sum)));
        }
        if (store) {
          reference_[r * s + c] = sum;
          spend(mac);
        } else {
          const float difference = sum - reference_[r * s + c];
          const float square = difference * difference;
          error = error + square;
          spend(mac + schedule::kNoisyErrorLatency);
        }
      }
    }
    return error;
  }

  void make_unit_noise(int s) {
    uint32_t state = kNoisySeed;
  UNIT_NOISE:
    for (int j = 0; j < kNoisyMaxSide; ++j) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (j == s) break;
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      EDQA_RTL_TRACE("xorshift32", this, (j == 0), (state));
      // u = (state >> 8) 2^-23 - 1 (RTL: hw/rtl/int_to_float.v, float_multiply.v, float_add.v)
      unit_noise_[j] = traced_add(traced_scale(static_cast<int32_t>(state >> 8), 1.0f / 8388608.0f), -1.0f);
    }
    spend(schedule::loop_cycles(schedule::kNoisyUnitNoise, static_cast<uint64_t>(s)));
  }

  void make_noise(int s, int amplitude, float step) {
  SCALE_NOISE:
    for (int j = 0; j < kNoisyMaxSide; ++j) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (j == s) break;
      const float scaled = traced_multiply(unit_noise_[j], tenth(amplitude));
      noise_[j] = traced_multiply(scaled, step);
    }
    spend(schedule::loop_cycles(schedule::kNoisyScaleNoise, static_cast<uint64_t>(s)));
  }

  void quantize(int s, int b) {
    const int length = s * s;
    const int levels = (1 << (b - 1)) - 1;
    float abs_max = 0.0f;
  LOAD:
    for (int i = 0; i < kMaxLength; ++i) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (i == length) break;
      x_[i] = bits_to_float(stream_read(din).data.to_uint());
      const float magnitude = x_[i] < 0.0f ? -x_[i] : x_[i];
      abs_max = magnitude > abs_max ? magnitude : abs_max;
      tick();
    }
    drain(schedule::kNoisyLoadFlush);

    int best_clip = 0;
    int best_noise = 0;
    float step = 0.0f;
    if (abs_max >= bits_to_float(kMinNonZeroMaximumBits)) {  // else the zero group (spec §2.2)
      forward_error(s, true);
      float best_error = bits_to_float(0x7F800000u);
    CLIP_SEARCH:
      for (int i = 1; i <= kNoisyClipCandidates; ++i) {
        const float clip = abs_max * tenth(i);
        const float inv = static_cast<float>(levels) / clip;
        const float candidate_step = clip / static_cast<float>(levels);
        spend(schedule::kNoisyFactorLatency);
      CANDIDATE:
        for (int e = 0; e < kMaxLength; ++e) {
          HLS_PRAGMA(PIPELINE II = 1)
          if (e == length) break;
          z_[e] = traced_scale(code(x_[e], clip, inv, levels), candidate_step);
        }
        spend(schedule::loop_cycles(schedule::kNoisyCandidate, static_cast<uint64_t>(length)));
        const float error = forward_error(s, false);
        if (error < best_error) {
          best_error = error;
          best_clip = i;
        }
        tick();  // the compare
      }

      const float clip = abs_max * tenth(best_clip);
      const float inv = static_cast<float>(levels) / clip;
      step = clip / static_cast<float>(levels);
      spend(schedule::kNoisyFactorLatency);
      make_unit_noise(s);
      best_error = bits_to_float(0x7F800000u);
    NOISE_SEARCH:
      for (int k = 0; k < kNoisyNoiseCandidates; ++k) {
        make_noise(s, k, step);
        int column = 0;  // e mod S, as a wrapping counter
      NOISY_CANDIDATE:
        for (int e = 0; e < kMaxLength; ++e) {
          HLS_PRAGMA(PIPELINE II = 1)
          if (e == length) break;
          const float shifted = traced_add(x_[e], noise_[column]);
          const float dequantized = traced_scale(code(shifted, clip, inv, levels), step);
          z_[e] = traced_subtract(dequantized, noise_[column]);
          column = column + 1 == s ? 0 : column + 1;
        }
        spend(schedule::loop_cycles(schedule::kNoisyNoisyCandidate, static_cast<uint64_t>(length)));
        const float error = forward_error(s, false);
        if (error < best_error) {
          best_error = error;
          best_noise = k;
        }
        tick();  // the compare
      }
      make_noise(s, best_noise, step);
    }

    // Codes of X + n* with the chosen clip, packed b bits each, most significant first (as eDQA's codes).
    const float clip = abs_max * tenth(best_clip);
    const float inv = best_clip == 0 ? 0.0f : static_cast<float>(levels) / clip;
    if (best_clip != 0) spend(schedule::kNoisyFactorLatency);
    WordPacker packer;
    uint32_t word;
    int column = 0;
  CODES:
    for (int e = 0; e < kMaxLength; ++e) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (e == length) break;
      const int32_t q = best_clip == 0 ? 0 : code(traced_add(x_[e], noise_[column]), clip, inv, levels);
      column = column + 1 == s ? 0 : column + 1;
      const uint32_t field = to_field(q, b);
      const bool full = packer.append(field, b, word);
      EDQA_RTL_TRACE("word_packer", this, (e == 0, field, b), (full, full ? word : 0u));
      if (full) stream_output(dout, pending_, clock_, Beat(word, false), schedule::kNoisyCodeDepth);
      tick();
    }
    drain(schedule::kNoisyCodeFlush);
    if (packer.flush(word)) {
      stream_output(dout, pending_, clock_, Beat(word, false), 1);
      tick();
    }
    stream_output(dout, pending_, clock_, Beat(float_to_bits(step), false), 1);
    tick();
    stream_output(dout, pending_, clock_,
                  Beat((static_cast<uint32_t>(best_clip) << 8) | static_cast<uint32_t>(best_noise), true), 1);
    tick();
  }

  void dequantize(int s, int b) {
    const int length = s * s;
    const uint32_t words = words_for_bits(static_cast<uint32_t>(length * b));
  NOISY_READ_CODES:
    for (int w = 0; w < kMaxCodeWords; ++w) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (static_cast<uint32_t>(w) == words) break;
      code_words_[w] = stream_read(din).data;
      tick();
    }
    const float step = bits_to_float(stream_read(din).data.to_uint());
    tick();
    const uint32_t indices = stream_read(din).data.to_uint();
    tick();
    make_unit_noise(s);
    make_noise(s, static_cast<int>(indices & 0xFFu), step);
    WordUnpacker codes;
    int next_word = 0;
    int column = 0;
  NOISY_DEQUANTIZE:
    for (int e = 0; e < kMaxLength; ++e) {
      HLS_PRAGMA(PIPELINE II = 1)
      if (e == length) break;
      const bool needs = codes.needs_word(b);
      const uint32_t code_word = needs ? code_words_[next_word++].to_uint() : 0u;
      if (needs) codes.feed(code_word);
      const uint32_t field = codes.take(b);
      EDQA_RTL_TRACE("word_unpacker", this, (e == 0, code_word, b), (needs, field));
      const int32_t q = from_field(field, b);
      const float value = traced_subtract(traced_scale(q, step), noise_[column]);
      column = column + 1 == s ? 0 : column + 1;
      stream_output(dout, pending_, clock_, Beat(float_to_bits(value), e + 1 == length),
                    schedule::kNoisyDequantizeDepth);
      tick();
    }
    drain(schedule::kNoisyDequantizeFlush);
  }
};

}  // namespace edqa_hw

#endif  // EDQA_NOISYQUANT_ACCELERATOR_SC_H
