#include "board_access.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>

#include "driver_error.h"
#include "register_map.h"

namespace edqa_harness {

namespace {

// AXI DMA (simple mode) registers and bits (Xilinx PG021).
constexpr uint32_t kMm2sControl = 0x00 / 4;
constexpr uint32_t kMm2sStatus = 0x04 / 4;
constexpr uint32_t kMm2sSource = 0x18 / 4;
constexpr uint32_t kMm2sLength = 0x28 / 4;
constexpr uint32_t kS2mmControl = 0x30 / 4;
constexpr uint32_t kS2mmStatus = 0x34 / 4;
constexpr uint32_t kS2mmDestination = 0x48 / 4;
constexpr uint32_t kS2mmLength = 0x58 / 4;
constexpr uint32_t kRunStop = 1u << 0;
constexpr uint32_t kResetBit = 1u << 2;
constexpr uint32_t kIdle = 1u << 1;
constexpr uint32_t kErrors = (1u << 4) | (1u << 5) | (1u << 6);
constexpr size_t kDmaRegisterBytes = 0x10000;
constexpr size_t kRegisterBlockBytes = 0x10000;

uint64_t parse_address(const std::string& name, const std::string& text) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 0);
  if (end == text.c_str() || *end != '\0') {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, name + ": '" + text + "' is not an address");
  }
  return value;
}

}  // namespace

BoardMap BoardMap::from_environment() {
  BoardMap map;
  std::map<std::string, uint64_t*> fields = {
      {"EDQA_BOARD_EDQA_CONTROL", &map.edqa_control}, {"EDQA_BOARD_EDQA_COUNTERS", &map.edqa_counters},
      {"EDQA_BOARD_NOISY_CONTROL", &map.noisy_control}, {"EDQA_BOARD_NOISY_COUNTERS", &map.noisy_counters},
      {"EDQA_BOARD_EDQA_DMA", &map.edqa_dma}, {"EDQA_BOARD_NOISY_DMA", &map.noisy_dma},
      {"EDQA_BOARD_BUFFERS", &map.buffers}, {"EDQA_BOARD_BUFFER_BYTES", &map.buffer_bytes}};
  if (const char* file = std::getenv("EDQA_BOARD_MAP")) {
    std::ifstream in(file);
    if (!in) throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, std::string("EDQA_BOARD_MAP: cannot read ") + file);
    std::string line;
    while (std::getline(in, line)) {
      const size_t equals = line.find('=');
      if (line.empty() || line[0] == '#' || equals == std::string::npos) continue;
      const std::string name = line.substr(0, equals);
      const auto field = fields.find(name);
      if (field == fields.end()) throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, std::string(file) + ": unknown entry " + name);
      *field->second = parse_address(name, line.substr(equals + 1));
    }
  }
  for (auto& [name, field] : fields) {
    if (const char* value = std::getenv(name.c_str())) *field = parse_address(name, value);
  }
  if (const char* device = std::getenv("EDQA_BOARD_MEMORY")) map.memory_device = device;
  return map;
}

BoardAccess::BoardAccess(const BoardMap& map) {
  device_ = ::open(map.memory_device.c_str(), O_RDWR | O_SYNC);
  if (device_ < 0) {
    throw DriverError(EDQA_ERROR_STATE, "cannot open " + map.memory_device + ": " + std::strerror(errno) +
                                            " (no accelerator here, or not root: the board runner maps the accelerator's registers)");
  }
  try {
    edqa_control_ = map_region(map.edqa_control, kRegisterBlockBytes, "eDQA control registers");
    edqa_counters_ = map_region(map.edqa_counters, kRegisterBlockBytes, "eDQA counters");
    noisy_control_ = map_region(map.noisy_control, kRegisterBlockBytes, "NoisyQuant control registers");
    noisy_counters_ = map_region(map.noisy_counters, kRegisterBlockBytes, "NoisyQuant counters");
    edqa_.registers = map_region(map.edqa_dma, kDmaRegisterBytes, "eDQA AXI DMA");
    noisy_.registers = map_region(map.noisy_dma, kDmaRegisterBytes, "NoisyQuant AXI DMA");
    buffers_ = map_region(map.buffers, map.buffer_bytes, "DMA buffers");
  } catch (...) {
    this->~BoardAccess();
    throw;
  }
  // Four equal buffers: eDQA in, eDQA out, NoisyQuant in, NoisyQuant out.
  const uint64_t quarter = map.buffer_bytes / 4;
  uint32_t* words = const_cast<uint32_t*>(buffers_.words);
  edqa_.in_physical = map.buffers;
  edqa_.out_physical = map.buffers + quarter;
  noisy_.in_physical = map.buffers + 2 * quarter;
  noisy_.out_physical = map.buffers + 3 * quarter;
  edqa_.in_buffer = words;
  edqa_.out_buffer = words + quarter / 4;
  noisy_.in_buffer = words + 2 * (quarter / 4);
  noisy_.out_buffer = words + 3 * (quarter / 4);
}

BoardAccess::~BoardAccess() {
  // Every mapping and the device are released on every exit path; the reserved buffers are physical memory that
  // no allocator owns, so nothing is left behind when a run dies.
  for (Mapping* mapping : {&edqa_control_, &edqa_counters_, &noisy_control_, &noisy_counters_, &edqa_.registers, &noisy_.registers, &buffers_}) {
    unmap(*mapping);
  }
  if (device_ >= 0) ::close(device_);
  device_ = -1;
}

BoardAccess::Mapping BoardAccess::map_region(uint64_t physical, size_t bytes, const char* what) {
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  const uint64_t aligned = physical & ~(page - 1);
  const size_t span = bytes + static_cast<size_t>(physical - aligned);
  void* base = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_SHARED, device_, static_cast<off_t>(aligned));
  if (base == MAP_FAILED) {
    char address[32];
    std::snprintf(address, sizeof address, "0x%llX", static_cast<unsigned long long>(physical));
    throw DriverError(EDQA_ERROR_STATE, std::string("cannot map the ") + what + " at " + address + ": " + std::strerror(errno));
  }
  Mapping mapping;
  mapping.base = base;
  mapping.bytes = span;
  mapping.words = reinterpret_cast<volatile uint32_t*>(static_cast<char*>(base) + (physical - aligned));
  return mapping;
}

void BoardAccess::unmap(Mapping& mapping) {
  if (mapping.base != nullptr) ::munmap(mapping.base, mapping.bytes);
  mapping = Mapping();
}

volatile uint32_t& BoardAccess::register_at(uint32_t offset) {
  const uint32_t block = offset >> 16;
  const uint32_t index = (offset & 0xFFFFu) / 4;
  switch (block) {
    case 0: return edqa_control_.words[index];
    case 1: return edqa_counters_.words[index];
    case 2: return noisy_control_.words[index];
    case 3: return noisy_counters_.words[index];
    default: throw DriverError(EDQA_ERROR_INTERNAL, "register offset " + std::to_string(offset) + " is outside the map");
  }
}

void BoardAccess::write_register(uint32_t offset, uint32_t value) { register_at(offset) = value; }

uint32_t BoardAccess::read_register(uint32_t offset) { return register_at(offset); }

void BoardAccess::start_transfer(Dma dma, const uint32_t* in, uint32_t in_words, uint32_t* out, uint32_t out_capacity) {
  Channel& c = channel(dma);
  volatile uint32_t* r = c.registers.words;
  c.out = out;
  c.out_capacity = out_capacity;
  for (uint32_t i = 0; i < in_words; ++i) c.in_buffer[i] = in[i];
  r[kS2mmControl] = kRunStop;
  r[kS2mmDestination] = static_cast<uint32_t>(c.out_physical);
  r[kS2mmLength] = out_capacity * 4;  // starts the receive side
  if (in_words > 0) {
    r[kMm2sControl] = kRunStop;
    r[kMm2sSource] = static_cast<uint32_t>(c.in_physical);
    r[kMm2sLength] = in_words * 4;  // starts the send side
  }
}

bool BoardAccess::transfer_idle(Dma dma) {
  volatile uint32_t* r = channel(dma).registers.words;
  return (r[kMm2sStatus] & kIdle) != 0 && (r[kS2mmStatus] & (kIdle | kErrors)) != 0;
}

uint32_t BoardAccess::received_words(Dma dma) {
  Channel& c = channel(dma);
  const uint32_t words = c.registers.words[kS2mmLength] / 4;
  for (uint32_t i = 0; i < words && i < c.out_capacity; ++i) c.out[i] = c.out_buffer[i];
  return words;
}

bool BoardAccess::receive_overflowed(Dma dma) { return (channel(dma).registers.words[kS2mmStatus] & kErrors) != 0; }

void BoardAccess::idle(uint32_t cycles) {
  std::this_thread::sleep_for(std::chrono::nanoseconds(static_cast<int64_t>(cycles) * 1000 / kClockMHz));
}

void BoardAccess::reset_accelerator() {
  for (Channel* c : {&edqa_, &noisy_}) {
    c->registers.words[kMm2sControl] = kResetBit;
    c->registers.words[kS2mmControl] = kResetBit;
  }
  write_register(reg::kStart, 0);
  write_register(reg::kNoisyStart, 0);
}

}  // namespace edqa_harness
