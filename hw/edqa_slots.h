// Unit slots: the accelerator's units, the router's and the merger's per-unit ports and the end FIFOs between them
// are written out by name for kMaxUnits units (SECDA's form: no array of modules, no array of ports), one slot n =
// 0 .. kMaxUnits - 1 each. A slot the configuration does not have (n >= kUnits), and a second lane's port or FIFO
// with one lane, holds `Absent` instead: an empty type that binds to nothing and that the stream calls accept and
// ignore (their branches never run: a unit index never reaches an absent slot), so a 1- or 2-unit build has no
// dangling port. The hw lint's resource count (tools/hwlint/Resources.cs) reads `Present<condition, T>` the same
// way: T when the condition holds under the configuration, nothing otherwise.
#ifndef EDQA_SLOTS_H
#define EDQA_SLOTS_H

#include <systemc.h>

#include "edqa_hw_config.h"
#include "edqa_stream.h"
#include "edqa_types.h"

namespace edqa_hw {

// What an absent slot holds: nothing. Constructed like a port, a FIFO or a module (a name, a depth), bound like a
// port (to anything), and written, read, drained and released as a no-op.
struct Absent {
  Absent() {}
  explicit Absent(const char*, int = 0) {}
  template <class Channel>
  void operator()(Channel&) {}
};

// T when kPresent, Absent otherwise.
template <bool kPresent, class T>
struct Present {
  typedef T type;
};
template <class T>
struct Present<false, T> {
  typedef Absent type;
};

template <class T>
void stream_write(Absent&, const T&) {}

template <class T>
void stream_output(Absent&, PipelineOutput<T>&, const PipelineClock&, const T&, int) {}

inline void drain_on_reset(Absent&) {}

// One read into `value` (the merger's per-slot reads): nothing from an absent slot.
template <class T>
void stream_read_into(sc_fifo_in<T>& in, T& value) {
  value = stream_read(in);
}
template <class T>
void stream_read_into(Absent&, T&) {}

// A lane FIFO's word (the merger's de-quantized values).
inline void stream_read_word(sc_fifo_in<Beat>& in, uint32_t& word) { word = stream_read(in).data.to_uint(); }
inline void stream_read_word(Absent&, uint32_t&) {}

#if !defined(__SYNTHESIS__)
// A pipeline's due results to its slot's port (simulation only); an absent slot has none.
template <class T>
bool release_pending(PipelineOutput<T>& pending, sc_fifo_out<T>& port, uint64_t now) {
  return pending.release(port, now);
}
template <class T>
bool release_pending(PipelineOutput<T>&, Absent&, uint64_t) {
  return true;
}

// A FIFO's level for a waveform; an absent one is empty.
template <class T>
int fifo_level(const sc_fifo<T>& fifo) {
  return fifo.num_available();
}
inline int fifo_level(const Absent&) { return 0; }
#endif

// The slots, in order: X(0) X(1) X(2) X(3).
static_assert(kMaxUnits == 4, "EDQA_FOR_EACH_SLOT writes out kMaxUnits slots");
#define EDQA_FOR_EACH_SLOT(X) X(0) X(1) X(2) X(3)

}  // namespace edqa_hw

#endif  // EDQA_SLOTS_H
