// Simulation-only model of the PYNQ's AXI DMA: MM2S streams a host buffer to the accelerator, S2MM stores the
// accelerator's output stream, each at most one beat per DMA cycle, and both together no faster than the DDR
// delivers. Per accelerator cycle that is min(stream width x DMA clock / fabric clock, DDR x efficiency / fabric
// clock) bytes (MemorySettings):
//   - the PYNQ-Z1's DDR3 is 16 bits at 1050 MT/s, 2100 MB/s peak, shared by reads and writes; the Zynq-7000's DDR
//     controller "was designed to have a maximum efficiency of approximately 75%" (UG585, Zynq-7000 SoC TRM,
//     §22.3.2 DDR Efficiency; 87% only for ideal sequential reads and writes, Table 22-5);
//   - the AXI DMA's DataMover is characterized to 150 MHz on this fabric class (-1 Zynq-7000/Artix-7; PG022 AXI
//     DataMover, Performance), so at a 200 MHz fabric clock the DMA runs at 150 MHz behind a clock converter and
//     moves at most 150/200 beats per accelerator cycle each way.
// The DDR is a credit that fills each cycle by its bytes per cycle, up to one 64-byte burst, and that every 4-byte
// word spends; each direction's DMA beats are a credit that fills by DMA clock / fabric clock a cycle.
// At 150 MHz and 75% the DDR gives 10.5 bytes a cycle: one 32-bit beat each way (8 bytes) is not bound, two 64-bit
// beats (16 bytes) are. Programmed by the host between sc_start calls.
#ifndef EDQA_DMA_MODEL_H
#define EDQA_DMA_MODEL_H

#include <systemc.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "edqa_types.h"
#include "hardware_access.h"
#include "memory_settings.h"

namespace edqa_harness {

// The DMA's programming interface, whatever its stream width.
class DmaControl {
 public:
  virtual ~DmaControl() = default;
  void start(const uint32_t* in, uint32_t in_words, uint32_t* out, uint32_t out_capacity) {
    in_ = in;
    in_words_ = in_words;
    in_next_ = 0;
    out_ = out;
    out_capacity_ = out_capacity;
    out_count_ = 0;
    overflow_ = false;
  }

  void set_memory(const MemorySettings& memory) {
    bandwidth_milli_bytes_ = memory.ddr_milli_bytes_per_cycle();
    beat_milli_ = memory.dma_milli_beats_per_cycle();
  }

  // Forgets the transfer (an AXI DMA reset): nothing more is sent, and whatever the accelerator still sends is
  // dropped.
  void abort() { start(nullptr, 0, nullptr, 0); }

  bool send_finished() const { return in_next_ == in_words_; }
  uint32_t received() const { return out_count_; }
  bool overflowed() const { return overflow_; }

  virtual void trace(sc_trace_file* file, const std::string& scope) const = 0;

 protected:
  static constexpr uint64_t kWordMilliBytes = 4000;
  static constexpr uint64_t kBurstMilliBytes = 64000;
  static constexpr uint64_t kBeatMilli = 1000;
  uint64_t bandwidth_milli_bytes_ = MemorySettings().ddr_milli_bytes_per_cycle();  // per cycle
  uint64_t beat_milli_ = kBeatMilli;                                               // per cycle and direction
  uint64_t credit_ = 0;
  uint64_t send_beats_ = 0, store_beats_ = 0;  // the DMA clock's beat credit, per direction

  bool beat_ready(uint64_t credit) const { return credit >= kBeatMilli; }

  bool affordable(int words) const {
    return bandwidth_milli_bytes_ == 0 || credit_ >= kWordMilliBytes * static_cast<uint64_t>(words);
  }
  void spend(int words) {
    if (bandwidth_milli_bytes_ != 0) credit_ -= kWordMilliBytes * static_cast<uint64_t>(words);
  }
  void earn() {
    if (bandwidth_milli_bytes_ != 0) credit_ = std::min<uint64_t>(credit_ + bandwidth_milli_bytes_, kBurstMilliBytes);
    // Up to two beats of credit, so a fractional rate (750 a cycle) is not rounded down by the cap.
    send_beats_ = std::min<uint64_t>(send_beats_ + beat_milli_, 2 * kBeatMilli);
    store_beats_ = std::min<uint64_t>(store_beats_ + beat_milli_, 2 * kBeatMilli);
  }

  const uint32_t* in_ = nullptr;
  uint32_t in_words_ = 0;
  uint32_t in_next_ = 0;
  uint32_t* out_ = nullptr;
  uint32_t out_capacity_ = 0;
  uint32_t out_count_ = 0;
  bool overflow_ = false;
};

// MM2S and S2MM of one accelerator's stream of kLanes words a beat (a 32- or 64-bit AXI-Stream; a transfer of an
// odd number of words ends in a one-word beat, TKEEP 0x0F).
template <int kLanes>
struct DmaModelT : public sc_module, public DmaControl {
  typedef typename edqa_hw::LaneBeat<kLanes>::type StreamBeat;

  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_fifo_out<StreamBeat> to_accelerator;
  sc_fifo_in<StreamBeat> from_accelerator;

  // The beats on both sides of the accelerator (TDATA, TLAST, and a strobe for the cycle a beat moved), and the
  // words moved so far.
  void trace(sc_trace_file* file, const std::string& scope) const override {
    sc_trace(file, din_beat_, scope + ".din");
    sc_trace(file, din_valid_, scope + ".din.moved");
    sc_trace(file, dout_beat_, scope + ".dout");
    sc_trace(file, dout_valid_, scope + ".dout.moved");
    sc_trace(file, sent_words_, scope + ".sent_words");
    sc_trace(file, stored_words_, scope + ".stored_words");
    traced_ = true;
  }

  void run() {
    in_next_ = in_words_;
    drain();
    wait();
    while (true) {
      earn();
      bool sent = false;
      const int words =
          in_words_ - in_next_ >= static_cast<uint32_t>(kLanes) ? kLanes : static_cast<int>(in_words_ - in_next_);
      if (words > 0 && beat_ready(send_beats_) && to_accelerator.num_free() > 0 && affordable(words)) {
        StreamBeat beat;
        edqa_hw::make_beat(beat, in_[in_next_], words == 2 ? in_[in_next_ + 1] : 0, words,
                           in_next_ + words == in_words_);
        to_accelerator.nb_write(beat);
        spend(words);
        send_beats_ -= kBeatMilli;
        in_next_ += words;
        sent = true;
        if (traced_) {
          din_beat_.write(beat);
          sent_words_.write(in_next_);
        }
      }
      if (traced_) din_valid_.write(sent);
      // A beat is stored when the DDR can take a full one (its size is known only once read).
      StreamBeat beat;
      const bool stored = beat_ready(store_beats_) && affordable(kLanes) && from_accelerator.nb_read(beat);
      if (stored) {
        const int count = edqa_hw::beat_words(beat);
        spend(count);
        store_beats_ -= kBeatMilli;
        for (int k = 0; k < count; ++k) {
          if (out_count_ < out_capacity_) {
            out_[out_count_] = edqa_hw::beat_word(beat, k);
          } else {
            overflow_ = true;
          }
          ++out_count_;
        }
        if (traced_) {
          dout_beat_.write(beat);
          stored_words_.write(out_count_);
        }
      }
      if (traced_) dout_valid_.write(stored);
      wait();
    }
  }

  SC_HAS_PROCESS(DmaModelT);
  explicit DmaModelT(sc_module_name name) : sc_module(name) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
  }

 private:
  mutable bool traced_ = false;  // the signals below are written only for a waveform
  sc_signal<StreamBeat> din_beat_, dout_beat_;
  sc_signal<bool> din_valid_, dout_valid_;
  sc_signal<uint32_t> sent_words_, stored_words_;

  void drain() {
    StreamBeat discarded;
    while (from_accelerator.nb_read(discarded)) {
    }
  }
};

typedef DmaModelT<1> DmaModel;

}  // namespace edqa_harness

#endif  // EDQA_DMA_MODEL_H
