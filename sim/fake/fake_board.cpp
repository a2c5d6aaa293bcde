#include "fake_board.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "accelerator_driver.h"
#include "edqa_descriptor.h"
#include "edqa_hw_config.h"
#include "edqa_numerics.h"
#include "edqa_sim.h"
#include "job_runner.h"
#include "register_map.h"

namespace edqa_harness {

namespace {

// A record's DONE rises this many cycles (plus one per input word) after START.
constexpr uint64_t kRecordLatency = 64;
// DMACR.Reset reads 1 for this many cycles after it is written (PG021: the reset waits for both channels).
constexpr uint64_t kDmaResetCycles = 40;

// The NoisyQuant configuration registers, in the order a job record lists them (docs/spec.md §11), after OP.
const uint32_t kNoisyConfig[] = {reg::kNoisyBITS, reg::kNoisySIDE};

// An eDQA record is answered by its descriptor as the stream carries it (docs/spec.md §7), less LOAD_STATIC_CODE and
// LOAD_CODE_STATIC_CODE (where the codes ride depends on the START, not on the record), then the static code and
// the codes' static code in effect for it.
std::vector<uint32_t> descriptor_key(edqa_hw::RecordDescriptor descriptor) {
  descriptor.loads_static_code = false;
  descriptor.loads_code_static_code = false;
  std::vector<uint32_t> words(edqa_hw::kDescriptorWords);
  descriptor.pack(words.data());
  return words;
}

std::vector<uint32_t> answer_key(Dma dma, uint32_t op, const std::vector<uint32_t>& registers,
                                 const std::vector<uint32_t>& input) {
  std::vector<uint32_t> key = {static_cast<uint32_t>(dma), op};
  key.insert(key.end(), registers.begin(), registers.end());
  key.insert(key.end(), input.begin(), input.end());
  return key;
}

// Counter c of a golden result (0 past the counters it carries: the golden model has no clock).
uint32_t counter(const edqa_jobs::RecordResult& result, uint32_t c) {
  return c < result.counters.size() ? result.counters[c] : 0u;
}

std::string hex(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%X", value);
  return text;
}

// The row of a register table at a logical offset, or nullptr.
template <int kRows>
const RegisterInfo* row_at(const RegisterInfo (&table)[kRows], uint32_t base, uint32_t offset) {
  for (int i = 0; i < kRows; ++i) {
    if (offset_of(table, i, base) == offset) return &table[i];
  }
  return nullptr;
}

}  // namespace

FakeBoard::FakeBoard(const std::vector<edqa_jobs::Job>& jobs, const std::vector<edqa_jobs::JobResult>& expected) {
  edqa_.name = "eDQA accelerator";
  noisy_.name = "NoisyQuant accelerator";
  for (size_t j = 0; j < jobs.size() && j < expected.size(); ++j) {
    const Dma dma = jobs[j].accelerator == edqa_jobs::Accelerator::kEdqa ? Dma::kEdqa : Dma::kNoisyQuant;
    for (size_t r = 0; r < jobs[j].records.size() && r < expected[j].records.size(); ++r) {
      const edqa_jobs::JobRecord& record = jobs[j].records[r];
      std::vector<uint32_t> registers = record.values;
      if (dma == Dma::kEdqa) {
        const edqa_record_descriptor descriptor = edqa_jobs::record_descriptor(record);
        const edqa_hw::RecordDescriptor d = AcceleratorDriver::stream_descriptor(
            jobs[j].op, descriptor, static_cast<uint32_t>(record.input.size()), false);
        registers = descriptor_key(d);
        if (!jobs[j].static_code.empty() &&
            AcceleratorDriver::uses_static_code(jobs[j].op, d, record.input.data(), jobs[j].static_code_bits))
          registers.insert(registers.end(), jobs[j].static_code.begin(), jobs[j].static_code.end());
        if (!jobs[j].code_static_code.empty() &&
            AcceleratorDriver::uses_code_static_code(d, jobs[j].code_static_code_bits))
          registers.insert(registers.end(), jobs[j].code_static_code.begin(), jobs[j].code_static_code.end());
      }
      answers_.emplace(answer_key(dma, jobs[j].op, registers, record.input), &expected[j].records[r]);
    }
  }
}

FakeBoard::Accelerator& FakeBoard::owner(uint32_t offset) { return offset >= kNoisyQuantBase ? noisy_ : edqa_; }

void FakeBoard::violation(const Accelerator& a, const std::string& what) {
  if (violations_.size() < 50) violations_.push_back(std::string(a.name) + ": " + what);
}

FakeBoard::Accelerator* FakeBoard::touch(Dma dma, const char* what) {
  Accelerator& a = accelerator(dma);
  if (a.present) return &a;
  violation(a, std::string("external abort: ") + what + " of an accelerator this bitstream does not have");
  return nullptr;
}

void FakeBoard::update(Accelerator& a) {
  if (!a.running || a.hung || a.done || clock_ < a.done_at) return;
  a.done = true;
  if (a.overflow_next) {
    // The accelerator sent more than S2MM's LENGTH: the channel halts with DMAIntErr (PG021).
    a.overflow_next = false;
    a.output.resize(static_cast<size_t>(a.out_capacity) + 2, 0);
    a.dma_errors |= (kDmaInternalError | kDmaErrorInterrupt) << kDmaS2mmShift;
  }
}

uint32_t FakeBoard::read_register(uint32_t offset) {
  ++clock_;  // an AXI-Lite read takes time
  Accelerator& a = owner(offset);
  if (touch(&a == &edqa_ ? Dma::kEdqa : Dma::kNoisyQuant, ("read of register offset " + hex(offset)).c_str()) ==
      nullptr)
    return 0xDEADBEEFu;
  update(a);
  const bool edqa = &a == &edqa_;
  if (offset == (edqa ? reg::kDONE : reg::kNoisyDONE)) {
    if (a.done) a.done_seen = true;
    return a.done ? 1u : 0u;
  }
  const RegisterInfo* row =
      edqa ? row_at(kEdqaRegisters, 0, offset) : row_at(kNoisyQuantRegisters, kNoisyQuantBase, offset);
  if (row == nullptr) {
    violation(a, "read of offset " + hex(offset) + ", which no register has");
    return 0xDEADBEEFu;
  }
  const auto value = a.registers.find(offset);
  return value == a.registers.end() ? 0u : value->second;
}

void FakeBoard::write_register(uint32_t offset, uint32_t value) {
  Accelerator& a = owner(offset);
  if (touch(&a == &edqa_ ? Dma::kEdqa : Dma::kNoisyQuant, ("write to register offset " + hex(offset)).c_str()) ==
      nullptr)
    return;
  update(a);
  const bool edqa = &a == &edqa_;
  const RegisterInfo* row =
      edqa ? row_at(kEdqaRegisters, 0, offset) : row_at(kNoisyQuantRegisters, kNoisyQuantBase, offset);
  if (row == nullptr) {
    violation(a, "write to offset " + hex(offset) + ", which no register has");
    return;
  }
  if (!row->host_writes) {
    violation(a, std::string("write to the read-only register ") + row->name);
    return;
  }
  const std::string name = row->name;
  if (name == "START") {
    if (value != 0) {
      if (a.running || a.done) violation(a, "START raised again before the previous record's handshake completed");
      if (a.hung) violation(a, "START after a record that never finished, without an IP reset and a DMA reset");
      if (a.ip_reset_held) violation(a, "START while the IP reset holds the accelerator");
      if (a.dma_reset_pending) violation(a, "START before the DMA's reset was seen complete");
      start(a, edqa ? Dma::kEdqa : Dma::kNoisyQuant);
    } else if (a.running) {
      if (!a.done_seen && !a.hung) violation(a, "START lowered before DONE was read high");
      a.running = false;
      a.done = false;  // DONE falls with START
    }
  } else if (name == "SOFT_RESET") {
    // In RTL it restarts the threads but not the FIFOs and AXI adapters: the IP reset is the one that recovers.
    if (value != 0) violation(a, "SOFT_RESET written: it leaves the FIFOs and adapters as they were; use the IP reset");
  } else if (a.running || a.done) {
    violation(a, name + " written while a record runs");
  }
  a.registers[offset] = value;
}

void FakeBoard::start(Accelerator& a, Dma dma) {
  if (!a.armed) violation(a, "START before the DMA was armed");
  ++records_started_;
  a.running = true;
  a.done = false;
  a.done_seen = false;
  a.output_visible = false;
  a.output.clear();
  a.done_at = clock_ + kRecordLatency + a.armed_words;
  if (a.hang_next) {
    a.hang_next = false;
    a.hung = true;
    a.ip_reset_since_hang = a.dma_reset_since_hang = false;
    return;
  }
  const std::vector<uint32_t> input(a.input.begin(), a.input.begin() + std::min<size_t>(a.armed_words, a.input.size()));
  if (dma == Dma::kEdqa) {
    start_layer(a, input);
    return;
  }
  std::vector<uint32_t> registers;
  for (uint32_t offset : kNoisyConfig) registers.push_back(a.registers[offset]);
  const auto answer = answers_.find(answer_key(dma, a.registers[reg::kNoisyOP], registers, input));
  if (answer == answers_.end()) {
    violation(a, "a record the job stream does not hold was started (its registers or input words differ)");
    a.registers[reg::kNoisySTATUS] = edqa_hw::kStatusError | (edqa_hw::kErrorBadConfig << 8);
    return;
  }
  const edqa_jobs::RecordResult& result = *answer->second;
  a.output = result.output;
  a.registers[reg::kNoisySTATUS] =
      result.status == EDQA_OK ? 0u : edqa_hw::kStatusError | (edqa_hw::kErrorBadConfig << 8);
  for (uint32_t c = 0; c < kNoisyQuantCounters; ++c)
    a.registers[counter_offset(kNoisyQuantBase, c)] = counter(result, c);
}

// The eDQA accelerator's layer (docs/spec.md §7): RECORDS descriptors with their inputs in, per record its golden
// output and a trailer out. A record the job stream does not hold is a violation.
void FakeBoard::start_layer(Accelerator& a, const std::vector<uint32_t>& input) {
  const uint32_t op = a.registers[reg::kOP];
  const uint32_t count = a.registers[reg::kRECORDS];
  uint32_t first_error = edqa_hw::kErrorNone;
  size_t position = 0;
  uint32_t counters[kEdqaCounters] = {};
  uint32_t static_bits = 0;  // the static code loaded in this START
  std::vector<uint32_t> static_code;
  uint32_t code_bits = 0;  // the codes' static code loaded in this START
  std::vector<uint32_t> code_static_code;
  for (uint32_t r = 0; r < count; ++r) {
    if (position + edqa_hw::kDescriptorWords > input.size()) {
      violation(a,
                "RECORDS is " + std::to_string(count) + " but the stream holds " + std::to_string(r) + " descriptors");
      break;
    }
    const edqa_hw::RecordDescriptor d = edqa_hw::RecordDescriptor::parse(&input[position]);
    const uint32_t words = d.words;
    std::vector<uint32_t> registers = descriptor_key(d);
    position += edqa_hw::kDescriptorWords;
    if (d.loads_static_code) {
      // A static code behind the descriptor (§7): ceil(2^m * 4 / 32) words before the record's input.
      const uint32_t m = d.extra_bits;
      if (m < 1 || m > static_cast<uint32_t>(edqa_hw::kMaxExtraBits)) {
        violation(a, "record " + std::to_string(r) + " loads a static code of m = " + std::to_string(m));
        break;
      }
      const uint32_t code_words = edqa_hw::codebook_section_words(m);
      if (position + code_words > input.size()) {
        violation(a, "record " + std::to_string(r) + "'s static code runs past the stream");
        break;
      }
      static_bits = m;
      static_code.assign(input.begin() + static_cast<long>(position),
                         input.begin() + static_cast<long>(position + code_words));
      position += code_words;
    }
    if (d.loads_code_static_code) {
      // A codes' static code behind the static code (§7): ceil((2^N + 15) * 4 / 32) words.
      const uint32_t n = d.bits;
      if (n < static_cast<uint32_t>(edqa_hw::kMinBits) || n > static_cast<uint32_t>(edqa_hw::kMaxBits)) {
        violation(a, "record " + std::to_string(r) + " loads a codes' static code of N = " + std::to_string(n));
        break;
      }
      const uint32_t code_words = edqa_hw::code_static_code_section_words(n);
      if (position + code_words > input.size()) {
        violation(a, "record " + std::to_string(r) + "'s codes' static code runs past the stream");
        break;
      }
      code_bits = n;
      code_static_code.assign(input.begin() + static_cast<long>(position),
                              input.begin() + static_cast<long>(position + code_words));
      position += code_words;
    }
    if (position + words > input.size()) {
      violation(a, "record " + std::to_string(r) + "'s descriptor announces more words than the stream holds");
      break;
    }
    // The code in effect keys the answer only for a record that uses it (a record that needs one none loaded is
    // then not found: a violation).
    if (static_bits != 0 && AcceleratorDriver::uses_static_code(op, d, input.data() + position, static_bits))
      registers.insert(registers.end(), static_code.begin(), static_code.end());
    if (code_bits != 0 && AcceleratorDriver::uses_code_static_code(d, code_bits))
      registers.insert(registers.end(), code_static_code.begin(), code_static_code.end());
    const std::vector<uint32_t> record(input.begin() + static_cast<long>(position),
                                       input.begin() + static_cast<long>(position + words));
    position += words;
    ++records_started_;
    const auto answer = answers_.find(answer_key(Dma::kEdqa, op, registers, record));
    uint32_t error = edqa_hw::kErrorBadConfig;
    uint32_t cycles = 0;
    if (answer == answers_.end()) {
      violation(a, "record " + std::to_string(r) +
                       " of a layer is not in the job stream (its descriptor or input words differ)");
    } else {
      const edqa_jobs::RecordResult& result = *answer->second;
      error = result.status == EDQA_OK                       ? edqa_hw::kErrorNone
              : result.status == EDQA_ERROR_INVALID_ARGUMENT ? edqa_hw::kErrorBadConfig
                                                             : edqa_hw::kErrorCodebook;
      if (error == edqa_hw::kErrorNone) a.output.insert(a.output.end(), result.output.begin(), result.output.end());
      cycles = counter(result, 0);
      for (uint32_t c = 0; c < kEdqaCounters; ++c) counters[c] += counter(result, c);
    }
    const uint32_t out_words = error == edqa_hw::kErrorNone ? static_cast<uint32_t>(answer->second->output.size()) : 0u;
    edqa_hw::RecordTrailer trailer;
    trailer.output_words = out_words;
    trailer.error = error;
    trailer.cycles = cycles;
    uint32_t trailer_words[edqa_hw::kTrailerWords];
    trailer.pack(trailer_words);
    a.output.insert(a.output.end(), trailer_words, trailer_words + edqa_hw::kTrailerWords);
    if (first_error == edqa_hw::kErrorNone) first_error = error;
  }
  if (position != input.size())
    violation(a, "the stream holds " + std::to_string(input.size() - position) + " words after its last record");
  a.registers[reg::kSTATUS] = first_error == edqa_hw::kErrorNone ? 0u : edqa_hw::kStatusError | (first_error << 8);
  for (uint32_t c = 0; c < kEdqaCounters; ++c) a.registers[counter_offset(0, c)] = counters[c];
}

void FakeBoard::load_input(Dma dma, const uint32_t* in, uint32_t words) {
  if (touch(dma, "a DMA input buffer") == nullptr) return;
  Accelerator& a = accelerator(dma);
  if (a.running) violation(a, "the input buffer was written while the DMA reads it");
  a.input.assign(in, in + words);
  a.loaded_since_barrier = true;
}

void FakeBoard::start_transfer(Dma dma, uint32_t in_words, uint32_t out_capacity) {
  if (touch(dma, "arming the AXI DMA") == nullptr) return;
  Accelerator& a = accelerator(dma);
  if (a.running) violation(a, "the DMA was armed while a record runs");
  if (a.dma_reset_pending)
    violation(a, "the DMA was armed before its reset was seen complete (DMACR.Reset not read 0): the DMA drops it");
  if (a.dma_errors != 0)
    violation(a, "the DMA was armed while DMASR reports errors " + hex(a.dma_errors) +
                     ": a halted channel ignores its LENGTH until a reset");
  if (a.loaded_since_barrier) violation(a, "the DMA was armed with no barrier after the input was written");
  if (in_words > a.input.size())
    violation(a, "the DMA was armed for " + std::to_string(in_words) + " words; " + std::to_string(a.input.size()) +
                     " were loaded");
  a.armed = true;
  a.armed_words = in_words;
  a.out_capacity = out_capacity;
}

bool FakeBoard::transfer_idle(Dma dma) {
  if (touch(dma, "DMASR read") == nullptr) return true;
  Accelerator& a = accelerator(dma);
  update(a);
  return !a.running || a.done;
}

uint32_t FakeBoard::received_words(Dma dma) {
  if (touch(dma, "S2MM LENGTH read") == nullptr) return 0;
  const Accelerator& a = accelerator(dma);
  return static_cast<uint32_t>(std::min<size_t>(a.output.size(), a.out_capacity));
}

bool FakeBoard::receive_overflowed(Dma dma) {
  if (touch(dma, "S2MM DMASR read") == nullptr) return false;
  const Accelerator& a = accelerator(dma);
  return a.output.size() > a.out_capacity;
}

void FakeBoard::fetch_output(Dma dma, uint32_t* out, uint32_t words) {
  if (touch(dma, "a DMA output buffer") == nullptr) return;
  Accelerator& a = accelerator(dma);
  if (!a.output_visible) violation(a, "the output was read with no barrier after DONE");
  if (words > received_words(dma)) violation(a, "more output words read than the DMA received");
  std::copy_n(a.output.begin(), std::min<size_t>(words, a.output.size()), out);
}

void FakeBoard::barrier() {
  ++barriers_;
  for (Accelerator* a : {&edqa_, &noisy_}) {
    a->loaded_since_barrier = false;
    if (a->done_seen) a->output_visible = true;
  }
}

void FakeBoard::request_dma_reset(Dma dma) {
  if (touch(dma, "DMACR write") == nullptr) return;
  Accelerator& a = accelerator(dma);
  if (a.running && !a.hung && !a.ip_reset_held) violation(a, "the DMA was reset while a record runs normally");
  a.dma_reset_pending = true;
  a.reset_stuck = a.stick_next_reset;
  a.stick_next_reset = false;
  a.dma_reset_until = clock_ + kDmaResetCycles;
  // A reset returns every register to its default (PG021): the transfer is forgotten, DMASR's errors cleared.
  a.armed = false;
  a.output.clear();
  a.dma_errors = 0;
}

bool FakeBoard::dma_resetting(Dma dma) {
  ++clock_;  // DMACR is read over AXI-Lite
  if (touch(dma, "DMACR read") == nullptr) return false;
  Accelerator& a = accelerator(dma);
  if (!a.dma_reset_pending) return false;
  if (a.reset_stuck || clock_ < a.dma_reset_until) return true;
  a.dma_reset_pending = false;
  ++dma_resets_;
  a.dma_reset_since_hang = a.hung;
  if (a.hung && a.ip_reset_since_hang) a.hung = false;
  return false;
}

uint32_t FakeBoard::dma_errors(Dma dma) {
  ++clock_;
  if (touch(dma, "DMASR read") == nullptr) return 0;
  return accelerator(dma).dma_errors;
}

void FakeBoard::clear_dma_errors(Dma dma) {
  if (touch(dma, "DMASR write") == nullptr) return;
  accelerator(dma).dma_errors &= ~(kDmaErrorInterrupt | (kDmaErrorInterrupt << kDmaS2mmShift));
}

void FakeBoard::set_accelerator_reset(Dma dma, bool asserted) {
  if (touch(dma, "its reset GPIO bit") == nullptr) return;
  Accelerator& a = accelerator(dma);
  if (asserted) {
    if (a.running && !a.hung && !a.done) violation(a, "the IP reset was asserted while a record runs normally");
    a.ip_reset_held = true;
    a.running = false;
    a.done = false;
  } else if (a.ip_reset_held) {
    a.ip_reset_held = false;
    ++ip_resets_;
    a.ip_reset_since_hang = a.hung;
    if (a.hung && a.dma_reset_since_hang) a.hung = false;
  }
}

}  // namespace edqa_harness
