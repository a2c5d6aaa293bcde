// Simulation only: what a waveform shows of the values moving through the stage FIFOs (none of it is hardware;
// HLS never sees it). sc_fifo keeps its ring buffer and indices protected; a FifoTap reads them when the FIFO's
// events fire and turns them into the value last written, the value last read and one-cycle write/read strobes.
#ifndef EDQA_WAVEFORM_H
#define EDQA_WAVEFORM_H

// A stage's datapath value for a waveform, written in the iteration that computes it: a signal write (no wait, so
// no cycle). Under synthesis the write vanishes and the stage declares no such signal.
#if !defined(__SYNTHESIS__)
#define EDQA_WAVE(signal, value) (signal).write(value)
#else
#define EDQA_WAVE(signal, value) static_cast<void>(0)
#endif

#if !defined(__SYNTHESIS__)
#include <systemc.h>

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>

namespace edqa_hw {

// sc_fifo's protected state, read through a derived class's member pointers (never written).
template <class T>
struct FifoState : sc_fifo<T> {
  static int write_index(const sc_fifo<T>& fifo) { return fifo.*(&FifoState::m_wi); }
  static int size(const sc_fifo<T>& fifo) { return fifo.*(&FifoState::m_size); }
  // The slot before `index`: the value last written when `index` is the write index.
  static const T& before(const sc_fifo<T>& fifo, int index) {
    const int size = fifo.*(&FifoState::m_size);
    return (fifo.*(&FifoState::m_buf))[(index + size - 1) % size];
  }
};

// A float32 carried as a word's bits, shown as a real.
inline double float_bits(uint32_t word) {
  float value;
  std::memcpy(&value, &word, sizeof value);
  return value;
}

// One FIFO's strobes and the values that last went in and came out, as `Shown` (a number GTKWave displays).
// observe() runs when the FIFO's write or read event fires (the delta after the edge that moved data, before any
// clocked reader can take the value: sc_fifo clears a slot when it is read, so values are taken as written);
// strobe() runs between edges and makes each strobe high for the cycle after an edge that wrote (read). A shadow of
// the values held gives the value read even when a one-place FIFO is read and written in one cycle.
template <class T, class Shown>
class FifoTap {
 public:
  typedef Shown (*Convert)(const T&);

  void trace(sc_trace_file* file, const std::string& name, bool values_in, bool values_out) const {
    sc_trace(file, write_, name + "_write");
    sc_trace(file, read_, name + "_read");
    if (values_in) sc_trace(file, in_, name + "_in");
    if (values_out) sc_trace(file, out_, name + "_out");
  }

  void observe(const sc_fifo<T>& fifo, Convert convert) {
    const bool wrote = fifo.data_written_event().triggered(), read = fifo.data_read_event().triggered();
    if (!wrote && !read) return;
    const int size = FifoState<T>::size(fifo), wi = FifoState<T>::write_index(fifo);
    int writes = (wi - wi_ + size) % size;
    if (wrote && writes == 0) writes = size;  // a one-place FIFO: its index never moves
    for (int k = writes; k > 0; --k) held_.push_back(convert(FifoState<T>::before(fifo, (wi - k + 1 + size) % size)));
    if (writes > 0) {
      in_.write(held_.back());
      wrote_ = true;
    }
    wi_ = wi;
    for (int reads = static_cast<int>(held_.size()) - fifo.num_available(); reads > 0; --reads) {
      out_.write(held_.front());
      held_.pop_front();
      read_flag_ = true;
    }
  }

  void strobe() {
    write_.write(wrote_);
    read_.write(read_flag_);
    wrote_ = read_flag_ = false;
  }

 private:
  sc_signal<bool> write_, read_;
  sc_signal<Shown> in_, out_;
  std::deque<Shown> held_;
  int wi_ = 0;
  bool wrote_ = false, read_flag_ = false;
};

}  // namespace edqa_hw

#endif  // !__SYNTHESIS__
#endif  // EDQA_WAVEFORM_H
