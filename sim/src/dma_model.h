// Simulation-only model of the PYNQ's AXI DMA: MM2S streams a host buffer to the accelerator, S2MM stores the
// accelerator's output stream, each one beat per cycle. Programmed by the host between sc_start calls.
#ifndef EDQA_DMA_MODEL_H
#define EDQA_DMA_MODEL_H

#include <systemc.h>

#include <cstdint>

#include "edqa_stream.h"

namespace edqa_harness {

SC_MODULE(DmaModel) {
  sc_in<bool> clk;
  sc_in<bool> reset;
  sc_fifo_out<edqa_hw::Beat> to_accelerator;
  sc_fifo_in<edqa_hw::Beat> from_accelerator;

  // Observability (traced into the VCD): words moved so far in each direction.
  sc_signal<uint32_t> sent_words;
  sc_signal<uint32_t> stored_words;

  void start(const uint32_t* in, uint32_t in_words, uint32_t* out, uint32_t out_capacity) {
    in_ = in;
    in_words_ = in_words;
    in_next_ = 0;
    out_ = out;
    out_capacity_ = out_capacity;
    out_count_ = 0;
    overflow_ = false;
  }

  bool send_finished() const { return in_next_ == in_words_; }
  uint32_t received() const { return out_count_; }
  bool overflowed() const { return overflow_; }

  void run() {
    in_next_ = in_words_;
    drain();
    wait();
    while (true) {
      if (in_next_ < in_words_ && to_accelerator.num_free() > 0) {
        to_accelerator.nb_write(edqa_hw::Beat(in_[in_next_], in_next_ + 1 == in_words_));
        ++in_next_;
        sent_words.write(in_next_);
      }
      edqa_hw::Beat beat;
      if (from_accelerator.nb_read(beat)) {
        if (out_count_ < out_capacity_) {
          out_[out_count_] = beat.data;
        } else {
          overflow_ = true;
        }
        ++out_count_;
        stored_words.write(out_count_);
      }
      wait();
    }
  }

  SC_CTOR(DmaModel) {
    SC_CTHREAD(run, clk.pos());
    reset_signal_is(reset, true);
  }

 private:
  const uint32_t* in_ = nullptr;
  uint32_t in_words_ = 0;
  uint32_t in_next_ = 0;
  uint32_t* out_ = nullptr;
  uint32_t out_capacity_ = 0;
  uint32_t out_count_ = 0;
  bool overflow_ = false;

  void drain() {
    edqa_hw::Beat discarded;
    while (from_accelerator.nb_read(discarded)) {
    }
  }
};

}  // namespace edqa_harness

#endif  // EDQA_DMA_MODEL_H
