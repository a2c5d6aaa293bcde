// Clocked-thread plumbing shared by the stages: blocking stream access, the timing of pipelined loops, and the
// start/done handshake.
//
// Timing (the model's half of edqa_schedule.h): a loop iteration ends in II calls of tick(); a value a pipelined
// loop computes in an iteration is handed to output() and reaches its FIFO depth - 1 cycles after that iteration
// began, which is where the pipeline registers would deliver it; after a loop, drain(loop) lets its last results
// out (depth - II cycles). A read that finds its FIFO empty, or a result that finds its FIFO full, stalls the
// whole pipeline for a cycle, as an HLS pipeline without flushing stalls. Under synthesis output() is the FIFO
// write, tick() is the loop's clock boundary; the drain's cycles are the pipeline's flush states, which HLS
// schedules itself: stream_drain takes the flush as an int and compiles to nothing there. A loop's entry and
// exit states are counted where it starts (stream_enter_loop), and compile to nothing either.
#ifndef EDQA_STREAM_H
#define EDQA_STREAM_H

#include <systemc.h>

#include <cstdint>

#include "edqa_schedule.h"

namespace edqa_hw {

// Results of a pipelined loop on their way to one output FIFO (simulation only: HLS builds the registers).
template <class T>
class PipelineOutput {
 public:
  // Values in flight at most: the deepest pipeline of edqa_schedule.h, plus a few.
  static constexpr int kCapacity = 32;

#if !defined(__SYNTHESIS__)
  void send(const T& value, uint64_t due) {
    values_[(head_ + count_) % kCapacity] = value;
    due_[(head_ + count_) % kCapacity] = due;
    ++count_;
  }

  // Writes every value due by `now`; false when the FIFO is full and a due value must wait.
  bool release(sc_fifo_out<T>& port, uint64_t now) {
    while (count_ > 0 && due_[head_] <= now) {
      if (!port.nb_write(values_[head_])) return false;
      head_ = (head_ + 1) % kCapacity;
      --count_;
    }
    return true;
  }

  bool empty() const { return count_ == 0; }
  void clear() { count_ = 0; }

 private:
  T values_[kCapacity];
  uint64_t due_[kCapacity];
  int head_ = 0;
  int count_ = 0;
#endif
};

// The pipeline clock of one stage's thread: cycles in which its loops made progress (stalls do not count).
struct PipelineClock {
  uint64_t now = 0;
};

// Reads one value, stalling whole cycles while the FIFO is empty.
template <class T>
T stream_read(sc_fifo_in<T>& in) {
#if defined(__SYNTHESIS__)
  return in.read();
#else
  T value;
  while (!in.nb_read(value)) wait();
  return value;
#endif
}

// Writes one value outside a pipelined loop (a record's configuration, a ticket), stalling whole cycles while the
// FIFO is full.
template <class T>
void stream_write(sc_fifo_out<T>& out, const T& value) {
#if defined(__SYNTHESIS__)
  out.write(value);
#else
  while (!out.nb_write(value)) wait();
#endif
}

// Hands a loop result to an output: in hardware it reaches the FIFO depth - 1 cycles after this iteration began.
template <class T>
void stream_output(sc_fifo_out<T>& port, PipelineOutput<T>& pending, const PipelineClock& clock, const T& value,
                   int depth) {
#if defined(__SYNTHESIS__)
  (void)pending;
  (void)clock;
  (void)depth;
  port.write(value);
#else
  (void)port;
  pending.send(value, clock.now + static_cast<uint64_t>(depth - 1));
#endif
}

// One cycle of progress: due results leave (stalling while their FIFO is full), then the clock edge.
template <class T>
void stream_tick(sc_fifo_out<T>& port, PipelineOutput<T>& pending, PipelineClock& clock) {
#if !defined(__SYNTHESIS__)
  while (!pending.release(port, clock.now)) wait();
#else
  (void)port;
  (void)pending;
#endif
  wait();
  ++clock.now;
}

// After a pipelined loop: its last results leave `flush` (depth - II) cycles after its last iteration began. In
// hardware these are the pipeline's own flush states, which HLS schedules before the loop exits: the model counts
// them here and synthesis compiles nothing (no wait() states twice).
template <class T>
void stream_drain(sc_fifo_out<T>& port, PipelineOutput<T>& pending, PipelineClock& clock, int flush) {
#if !defined(__SYNTHESIS__)
  for (int c = 0; c < flush; ++c) stream_tick(port, pending, clock);
#else
  (void)port;
  (void)pending;
  (void)clock;
  (void)flush;
#endif
}

// The same for a loop with two outputs (both released in the cycle, in order).
template <class A, class B>
void stream_tick(sc_fifo_out<A>& port_a, PipelineOutput<A>& pending_a, sc_fifo_out<B>& port_b,
                 PipelineOutput<B>& pending_b, PipelineClock& clock) {
#if !defined(__SYNTHESIS__)
  while (!pending_a.release(port_a, clock.now) || !pending_b.release(port_b, clock.now)) wait();
#else
  (void)port_a;
  (void)pending_a;
  (void)port_b;
  (void)pending_b;
#endif
  wait();
  ++clock.now;
}

template <class A, class B>
void stream_drain(sc_fifo_out<A>& port_a, PipelineOutput<A>& pending_a, sc_fifo_out<B>& port_b,
                  PipelineOutput<B>& pending_b, PipelineClock& clock, int flush) {
#if !defined(__SYNTHESIS__)
  for (int c = 0; c < flush; ++c) stream_tick(port_a, pending_a, port_b, pending_b, clock);
#else
  (void)port_a;
  (void)pending_a;
  (void)port_b;
  (void)pending_b;
  (void)clock;
  (void)flush;
#endif
}

// The same for a loop with three outputs (the Quantizer's codes, errors and coded codes; the collector's codes,
// errors and counts).
template <class A, class B, class C>
void stream_tick(sc_fifo_out<A>& port_a, PipelineOutput<A>& pending_a, sc_fifo_out<B>& port_b,
                 PipelineOutput<B>& pending_b, sc_fifo_out<C>& port_c, PipelineOutput<C>& pending_c,
                 PipelineClock& clock) {
#if !defined(__SYNTHESIS__)
  while (!pending_a.release(port_a, clock.now) || !pending_b.release(port_b, clock.now) ||
         !pending_c.release(port_c, clock.now)) {
    wait();
  }
#else
  (void)port_a, (void)pending_a, (void)port_b, (void)pending_b, (void)port_c, (void)pending_c;
#endif
  wait();
  ++clock.now;
}

template <class A, class B, class C>
void stream_drain(sc_fifo_out<A>& port_a, PipelineOutput<A>& pending_a, sc_fifo_out<B>& port_b,
                  PipelineOutput<B>& pending_b, sc_fifo_out<C>& port_c, PipelineOutput<C>& pending_c,
                  PipelineClock& clock, int flush) {
#if !defined(__SYNTHESIS__)
  for (int c = 0; c < flush; ++c) stream_tick(port_a, pending_a, port_b, pending_b, port_c, pending_c, clock);
#else
  (void)port_a, (void)pending_a, (void)port_b, (void)pending_b, (void)port_c, (void)pending_c, (void)clock, (void)flush;
#endif
}

// Before a loop's first iteration: its entry and exit states (schedule::kLoopEntryExitCycles; UG902: one state to
// move into a loop, one to move out, per invocation, even of zero trips), counted where the loop starts as the
// router and the merger count theirs. HLS builds these states itself: synthesis compiles nothing.
template <class T>
void stream_enter_loop(sc_fifo_out<T>& port, PipelineOutput<T>& pending, PipelineClock& clock) {
  stream_drain(port, pending, clock, schedule::kLoopEntryExitCycles);
}

template <class A, class B>
void stream_enter_loop(sc_fifo_out<A>& port_a, PipelineOutput<A>& pending_a, sc_fifo_out<B>& port_b,
                       PipelineOutput<B>& pending_b, PipelineClock& clock) {
  stream_drain(port_a, pending_a, port_b, pending_b, clock, schedule::kLoopEntryExitCycles);
}

// Which loop of the schedule a stage is in, for a waveform: its row in schedule::kLoops, -1 between records
// (simulation only; the synthesized FSM has its own states).
struct LoopMarker {
#if !defined(__SYNTHESIS__)
  // -1 before the first loop too, so a waveform's idle stage is not the first row (READ_DESCRIPTOR).
  LoopMarker() : row(sc_gen_unique_name("loop_row"), -1) {}
  sc_signal<int> row;
  void enter(const schedule::Loop& loop) { row.write(schedule::loop_row(loop)); }
  void leave() { row.write(-1); }
#else
  void enter(const schedule::Loop&) {}
  void leave() {}
#endif
};

// Empties a FIFO this thread reads, while reset is held: hardware FIFOs are cleared by reset, sc_fifo is not,
// and a run abandoned mid-stream (a host timeout, a soft reset) must not leave stale beats behind.
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

// Waits whole cycles until a port reads non-zero, sampling it at every clock edge.
template <class Port>
void wait_until_set(const Port& port) {
  do {
    wait();
  } while (port.read() == 0);
}

// The four-phase start/done handshake of a stage (SECDA style): wait for start, run, raise done, wait for start to
// fall, lower done. busy is high from the first cycle of the work to the last, and drives the stage's counter.
inline void await_start(const sc_in<bool>& start, sc_out<bool>& busy) {
  wait_until_set(start);
  busy.write(true);
}

// A free-running stage's record boundary: the next record's configuration (stalling while there is none), then
// busy for the record's work. The first cycle of a record is the one its configuration arrives in.
template <class Config>
Config await_record(sc_fifo_in<Config>& config_in, sc_out<bool>& busy) {
  const Config config = stream_read(config_in);
  busy.write(true);
  return config;
}

// Raises done, waits for start to fall, lowers done: the second half of the handshake, for the stages and for the
// accelerators' DONE register (an sc_uint<1> port) alike.
template <class Start, class Done>
void complete_handshake(const Start& start, Done& done) {
  done.write(1);
  do {
    wait();
  } while (start.read() != 0);
  done.write(0);
}

inline void finish_handshake(const sc_in<bool>& start, sc_out<bool>& busy, sc_out<bool>& done) {
  busy.write(false);
  complete_handshake(start, done);
}

}  // namespace edqa_hw

#endif  // EDQA_STREAM_H
