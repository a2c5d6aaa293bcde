// Stream plumbing shared by the modules: the AXI-Stream beat of the accelerator's external ports and the blocking
// push/pop used inside clocked threads.
//
// In simulation a pop or push that finds its FIFO empty or full waits whole clock cycles (and counts them), so
// back-pressure costs exactly the cycles it would in hardware. Under synthesis they are the FIFO's blocking
// read/write and HLS schedules them.
#ifndef EDQA_STREAM_H
#define EDQA_STREAM_H

#include <systemc.h>

#include <cstdint>
#if !defined(__SYNTHESIS__)
#include <ostream>
#endif

namespace edqa_hw {

// One beat of an AXI-Stream: 32 data bits and TLAST.
struct Beat {
  uint32_t data;
  bool last;

  Beat() : data(0), last(false) {}
  Beat(uint32_t d, bool l) : data(d), last(l) {}
  bool operator==(const Beat& other) const { return data == other.data && last == other.last; }
};

#if !defined(__SYNTHESIS__)
// sc_fifo prints its contents on request; simulation only.
inline std::ostream& operator<<(std::ostream& os, const Beat& beat) {
  return os << std::hex << beat.data << std::dec << (beat.last ? " last" : "");
}
#endif

// Waits one clock cycle and counts it against a stage's cycle counter.
inline void tick(uint32_t& cycles) {
  wait();
  ++cycles;
}

// Lets `n` cycles pass at once: the time a pipelined loop of n iterations (II = 1) takes, for loops whose
// iterations nothing else observes. Under synthesis HLS schedules the loop and this vanishes.
inline void advance(uint32_t& cycles, uint32_t n) {
#if !defined(__SYNTHESIS__)
  if (n > 0) wait(static_cast<int>(n));
  cycles += n;
#else
  (void)cycles;
  (void)n;
#endif
}

template <class T>
T stream_pop(sc_fifo_in<T>& in, uint32_t& cycles) {
#if defined(__SYNTHESIS__)
  (void)cycles;
  return in.read();
#else
  T value;
  while (!in.nb_read(value)) tick(cycles);
  return value;
#endif
}

template <class T>
void stream_push(sc_fifo_out<T>& out, const T& value, uint32_t& cycles) {
#if defined(__SYNTHESIS__)
  (void)cycles;
  out.write(value);
#else
  while (!out.nb_write(value)) tick(cycles);
#endif
}

// Empties a FIFO this thread reads, while reset is held: hardware FIFOs are cleared by reset, sc_fifo is not,
// and a run abandoned mid-stream (a host timeout) must not leave stale beats behind.
template <class T>
void drain_on_reset(sc_fifo_in<T>& in) {
#if !defined(__SYNTHESIS__)
  T discarded;
  while (in.nb_read(discarded)) {
  }
#else
  (void)in;
#endif
}

// The four-phase start/done handshake of a stage (SECDA style): wait for start, run, raise done, wait for start to
// fall, lower done.
inline void await_start(const sc_in<bool>& start) {
  do {
    wait();
  } while (!start.read());
}

inline void finish_handshake(const sc_in<bool>& start, sc_out<bool>& done) {
  done.write(true);
  do {
    wait();
  } while (start.read());
  done.write(false);
}

}  // namespace edqa_hw

#endif  // EDQA_STREAM_H
