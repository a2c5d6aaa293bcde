#include "board_access.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "driver_error.h"
#include "edqa_schedule.h"
#include "file_io.h"

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
constexpr uint32_t kResetBit = 1u << 2;  // DMACR.Reset: resets both channels, self-clears when done
constexpr uint32_t kHalted = 1u << 0;
constexpr uint32_t kIdle = 1u << 1;
constexpr size_t kDmaRegisterBytes = 0x10000;
// AXI GPIO (PG144): channel 1's data register, and its tri-state register (0: output).
constexpr uint32_t kGpioData = 0x0 / 4;
constexpr uint32_t kGpioTri = 0x4 / 4;
constexpr size_t kGpioRegisterBytes = 0x10000;
constexpr size_t kRegisterBlockBytes = 0x10000;

std::string hex(uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llX", static_cast<unsigned long long>(value));
  return text;
}

// A value for a message: a line of a hostile map can be very long.
std::string shorten(const std::string& text) { return text.size() <= 80 ? text : text.substr(0, 77) + "..."; }

// A board map number (the map's file, the environment, a u-dma-buf's sysfs entries): 0x and hexadecimal digits, or
// decimal digits, within 64 bits; no sign, no spaces. A leading 0 before more digits is octal in C (010 would be 8)
// and is refused rather than read either way. These are the rules of the C# reader of Vivado HLS's headers
// (sw/Edqa.Targets/Board/BoardMap.cs, DefineValue, which writes these maps); keep the two readers identical.
uint64_t parse_number(const std::string& name, const std::string& text) {
  const bool hex = text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const std::string digits = hex ? text.substr(2) : text;
  if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF" : "0123456789") != std::string::npos)
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      name + ": '" + shorten(text) + "' is not a number (0x... or decimal)");
  if (!hex && digits.size() > 1 && digits[0] == '0')
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      name + ": " + shorten(text) + " is octal in C; write it in decimal or hexadecimal (0x...)");
  const uint64_t base = hex ? 16 : 10;
  uint64_t value = 0;
  for (const char c : digits) {
    const uint64_t digit = c <= '9' ? uint64_t(c - '0') : uint64_t((c | 0x20) - 'a' + 10);
    if (value > (UINT64_MAX - digit) / base)
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, name + ": " + shorten(text) + " does not fit 64 bits");
    value = value * base + digit;
  }
  return value;
}

// A board file (EDQA_BOARD_MAP, /proc/iomem, a u-dma-buf's sysfs entries): a regular file of at most 1 MiB, so a
// device such as /dev/zero is refused at once instead of read until memory runs out.
std::string read_text(const std::string& path) {
  constexpr uint64_t kMaxBoardFileBytes = uint64_t{1} << 20;
  try {
    const std::vector<uint8_t> bytes = edqa_io::read_input(path, kMaxBoardFileBytes);
    return std::string(bytes.begin(), bytes.end());
  } catch (const edqa_io::FileError& e) {
    throw DriverError(EDQA_ERROR_STATE, std::string("cannot read ") + e.what());
  }
}

}  // namespace

BoardMap::BoardMap() {
  for (int i = 0; i < reg::kEdqaCount; ++i) edqa_offsets[i] = offset_of(kEdqaRegisters, i, 0) & 0xFFFFu;
  for (int i = 0; i < reg::noisy::kNoisyQuantCount; ++i)
    noisy_offsets[i] = offset_of(kNoisyQuantRegisters, i, 0) & 0xFFFFu;
}

namespace {

// Every entry of a board map by its name, pointing into `map`: the one list from_environment() reads and
// describe() writes.
struct MapEntries {
  std::map<std::string, uint64_t*> addresses;
  std::map<std::string, uint32_t*> offsets;
  std::map<std::string, std::string*> texts;
};

MapEntries entries_of(BoardMap& map) {
  MapEntries e;
  e.addresses = {{"EDQA_BOARD_EDQA_CONTROL", &map.edqa_control},
                 {"EDQA_BOARD_EDQA_COUNTERS", &map.edqa_counters},
                 {"EDQA_BOARD_NOISY_CONTROL", &map.noisy_control},
                 {"EDQA_BOARD_NOISY_COUNTERS", &map.noisy_counters},
                 {"EDQA_BOARD_EDQA_DMA", &map.edqa_dma},
                 {"EDQA_BOARD_NOISY_DMA", &map.noisy_dma},
                 {"EDQA_BOARD_NOISYQUANT", &map.noisyquant},
                 {"EDQA_BOARD_RESET_GPIO", &map.reset_gpio},
                 {"EDQA_BOARD_EDQA_RESET_MASK", &map.edqa_reset_mask},
                 {"EDQA_BOARD_NOISY_RESET_MASK", &map.noisy_reset_mask},
                 {"EDQA_BOARD_RESET_ACTIVE_LOW", &map.reset_active_low},
                 {"EDQA_BOARD_BUFFERS", &map.buffers},
                 {"EDQA_BOARD_BUFFER_BYTES", &map.buffer_bytes},
                 {"EDQA_BOARD_DMA_LENGTH_BITS", &map.dma_length_bits}};
  for (int i = 0; i < reg::kEdqaCount; ++i)
    e.offsets[std::string("EDQA_BOARD_REG_") + kEdqaRegisters[i].name] = &map.edqa_offsets[i];
  for (int i = 0; i < reg::noisy::kNoisyQuantCount; ++i)
    e.offsets[std::string("EDQA_BOARD_NOISY_REG_") + kNoisyQuantRegisters[i].name] = &map.noisy_offsets[i];
  e.texts = {{"EDQA_BOARD_UDMABUF", &map.udmabuf},
             {"EDQA_BOARD_MEMORY", &map.memory_device},
             {"EDQA_BOARD_IOMEM", &map.iomem}};
  return e;
}

}  // namespace

std::string BoardMap::describe() const {
  BoardMap copy = *this;
  const MapEntries e = entries_of(copy);
  std::string text;
  for (const auto& [name, value] : e.addresses)
    text += name + "=" +
            (name == "EDQA_BOARD_DMA_LENGTH_BITS" || name == "EDQA_BOARD_NOISYQUANT" ||
                     name == "EDQA_BOARD_RESET_ACTIVE_LOW"
                 ? std::to_string(*value)
                 : hex(*value)) +
            "\n";
  for (const auto& [name, value] : e.offsets) text += name + "=" + hex(*value) + "\n";
  for (const auto& [name, value] : e.texts) text += name + "=" + *value + "\n";
  return text;
}

BoardMap BoardMap::from_environment() {
  BoardMap map;
  MapEntries e = entries_of(map);
  std::map<std::string, uint64_t*>& addresses = e.addresses;
  std::map<std::string, uint32_t*>& offsets = e.offsets;
  std::map<std::string, std::string*>& texts = e.texts;

  const auto assign = [&](const std::string& where, const std::string& name, const std::string& value) {
    if (const auto a = addresses.find(name); a != addresses.end()) {
      *a->second = parse_number(where + name, value);
    } else if (const auto o = offsets.find(name); o != offsets.end()) {
      const uint64_t offset = parse_number(where + name, value);
      if (offset >= kRegisterBlockBytes || offset % 4 != 0)
        throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                          where + name + ": " + value + " is not a word offset in a 64 KiB register block");
      *o->second = static_cast<uint32_t>(offset);
    } else if (const auto t = texts.find(name); t != texts.end()) {
      *t->second = value;
    } else {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, where + "unknown entry " + name);
    }
  };
  if (const char* file = std::getenv("EDQA_BOARD_MAP")) {
    std::istringstream lines(read_text(file));
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
      ++number;
      // A CRLF line is read as its LF line, as the C# reader of `edqa board map` reads one (BoardMap.cs).
      while (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      const size_t equals = line.find('=');
      if (equals == std::string::npos)
        throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                          std::string(file) + ":" + std::to_string(number) + ": not NAME=VALUE");
      assign(std::string(file) + ":" + std::to_string(number) + ": ", line.substr(0, equals), line.substr(equals + 1));
    }
  }
  for (const auto& entry : addresses) {
    if (const char* value = std::getenv(entry.first.c_str())) assign("", entry.first, value);
  }
  for (const auto& entry : offsets) {
    if (const char* value = std::getenv(entry.first.c_str())) assign("", entry.first, value);
  }
  for (const auto& entry : texts) {
    if (const char* value = std::getenv(entry.first.c_str())) assign("", entry.first, value);
  }
  if (map.dma_length_bits < 8 || map.dma_length_bits > 26) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "EDQA_BOARD_DMA_LENGTH_BITS is " +
                                                       std::to_string(map.dma_length_bits) +
                                                       "; the AXI DMA's length register has 8 to 26 bits");
  }
  for (const auto& [name, flag] :
       {std::pair<const char*, uint64_t>{"EDQA_BOARD_NOISYQUANT", map.noisyquant},
        std::pair<const char*, uint64_t>{"EDQA_BOARD_RESET_ACTIVE_LOW", map.reset_active_low}}) {
    if (flag > 1) {
      throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                        std::string(name) + " is " + std::to_string(flag) + "; it is 0 or 1");
    }
  }
  const uint64_t masks[] = {map.edqa_reset_mask, map.noisyquant != 0 ? map.noisy_reset_mask : 0};
  if (masks[0] == 0 || masks[0] > 0xFFFFFFFFu || masks[1] > 0xFFFFFFFFu || (masks[0] & masks[1]) != 0 ||
      (map.noisyquant != 0 && masks[1] == 0)) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      "EDQA_BOARD_EDQA_RESET_MASK " + hex(map.edqa_reset_mask) + " and EDQA_BOARD_NOISY_RESET_MASK " +
                          hex(map.noisy_reset_mask) +
                          ": each present accelerator needs its own non-zero bits of the reset GPIO's 32");
  }
  return map;
}

void check_reserved(const std::string& iomem_text, uint64_t start, uint64_t bytes) {
  std::istringstream lines(iomem_text);
  std::string line;
  const uint64_t end = start + bytes;
  while (std::getline(lines, line)) {
    // Top-level entries only ("00000000-1fffffff : System RAM"); nested ones are indented.
    if (line.empty() || line[0] == ' ' || line.find("System RAM") == std::string::npos) continue;
    const size_t dash = line.find('-');
    const size_t colon = line.find(' ');
    if (dash == std::string::npos || colon == std::string::npos || dash > colon) continue;
    const uint64_t ram_start = std::strtoull(line.substr(0, dash).c_str(), nullptr, 16);
    const uint64_t ram_end = std::strtoull(line.substr(dash + 1, colon - dash - 1).c_str(), nullptr, 16) + 1;
    if (start < ram_end && ram_start < end) {
      throw DriverError(EDQA_ERROR_STATE, "the DMA buffer region " + hex(start) + "-" + hex(end - 1) +
                                              " overlaps System RAM (" + line +
                                              "): reserve it in the device tree (reserved-memory, no-map) or use a "
                                              "u-dma-buf device (EDQA_BOARD_UDMABUF)");
    }
  }
}

BoardAccess::BoardAccess(const BoardMap& map) : map_(map) {
  device_ = ::open(map.memory_device.c_str(), O_RDWR | O_SYNC);
  if (device_ < 0) {
    throw DriverError(EDQA_ERROR_STATE,
                      "cannot open " + map.memory_device + ": " + std::strerror(errno) +
                          " (no accelerator here, or not root: the board runner maps the accelerator's registers)");
  }
  try {
    uint64_t buffers = map.buffers;
    uint64_t buffer_bytes = map.buffer_bytes;
    int buffer_device = device_;
    if (!map.udmabuf.empty()) {
      const std::string sys = "/sys/class/u-dma-buf/" + map.udmabuf + "/";
      buffers = parse_number(sys + "phys_addr",
                             read_text(sys + "phys_addr").substr(0, read_text(sys + "phys_addr").find('\n')));
      buffer_bytes = parse_number(sys + "size", read_text(sys + "size").substr(0, read_text(sys + "size").find('\n')));
      buffer_device_ = ::open(("/dev/" + map.udmabuf).c_str(), O_RDWR | O_SYNC);
      if (buffer_device_ < 0)
        throw DriverError(EDQA_ERROR_STATE, "cannot open /dev/" + map.udmabuf + ": " + std::strerror(errno));
      buffer_device = buffer_device_;
    } else {
      check_reserved(read_text(map.iomem), buffers, buffer_bytes);
    }
    edqa_control_ = map_region(device_, map.edqa_control, kRegisterBlockBytes, "eDQA control registers");
    edqa_counters_ = map_region(device_, map.edqa_counters, kRegisterBlockBytes, "eDQA counters");
    edqa_.registers = map_region(device_, map.edqa_dma, kDmaRegisterBytes, "eDQA AXI DMA");
    if (map.noisyquant != 0) {
      // Mapping is harmless, but an access to an address no IP answers is an external abort: map only what exists.
      noisy_control_ = map_region(device_, map.noisy_control, kRegisterBlockBytes, "NoisyQuant control registers");
      noisy_counters_ = map_region(device_, map.noisy_counters, kRegisterBlockBytes, "NoisyQuant counters");
      noisy_.registers = map_region(device_, map.noisy_dma, kDmaRegisterBytes, "NoisyQuant AXI DMA");
    }
    reset_gpio_ = map_region(device_, map.reset_gpio, kGpioRegisterBytes, "reset GPIO");
    // Every present IP's reset released and its bits made outputs; other bits of the GPIO are left as they are.
    const uint32_t mask = static_cast<uint32_t>(map.edqa_reset_mask | (map.noisyquant != 0 ? map.noisy_reset_mask : 0));
    reset_gpio_value_ = (reset_gpio_.words[kGpioData] & ~mask) | (map.reset_active_low != 0 ? mask : 0u);
    reset_gpio_.words[kGpioData] = reset_gpio_value_;
    reset_gpio_.words[kGpioTri] = reset_gpio_.words[kGpioTri] & ~mask;
    // A u-dma-buf device maps from offset 0; /dev/mem at the physical address.
    buffers_ = map_region(buffer_device, map.udmabuf.empty() ? buffers : 0, buffer_bytes, "DMA buffers");
    // Four equal buffers: eDQA in, eDQA out, NoisyQuant in, NoisyQuant out.
    buffer_quarter_bytes_ = (buffer_bytes / 4) & ~uint64_t{63};
    volatile uint32_t* words = buffers_.words;
    const uint64_t q = buffer_quarter_bytes_;
    edqa_.in_physical = buffers;
    edqa_.out_physical = buffers + q;
    noisy_.in_physical = buffers + 2 * q;
    noisy_.out_physical = buffers + 3 * q;
    edqa_.in_buffer = words;
    edqa_.out_buffer = words + q / 4;
    noisy_.in_buffer = words + 2 * (q / 4);
    noisy_.out_buffer = words + 3 * (q / 4);
  } catch (...) {
    // The members are destroyed by the failed constructor itself: only what they do not own is released here (an
    // explicit ~BoardAccess() would destroy them twice).
    release();
    throw;
  }
}

BoardAccess::~BoardAccess() { release(); }

void BoardAccess::release() {
  // Every mapping and device is released on every exit path; the buffers are memory no allocator owns, so nothing
  // is left behind when a run dies.
  for (Mapping* mapping : {&edqa_control_, &edqa_counters_, &noisy_control_, &noisy_counters_, &edqa_.registers,
                           &noisy_.registers, &buffers_, &reset_gpio_}) {
    unmap(*mapping);
  }
  if (device_ >= 0) ::close(device_);
  if (buffer_device_ >= 0) ::close(buffer_device_);
  device_ = buffer_device_ = -1;
}

BoardAccess::Mapping BoardAccess::map_region(int device, uint64_t physical, size_t bytes, const char* what) {
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  const uint64_t aligned = physical & ~(page - 1);
  const size_t span = bytes + static_cast<size_t>(physical - aligned);
  void* base = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_SHARED, device, static_cast<off_t>(aligned));
  if (base == MAP_FAILED) {
    throw DriverError(EDQA_ERROR_STATE,
                      std::string("cannot map the ") + what + " at " + hex(physical) + ": " + std::strerror(errno));
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

// A logical offset (register_map.h) to the mapped register: its bundle's block, and the offset the map gives it.
volatile uint32_t& BoardAccess::register_at(uint32_t offset) {
  const bool noisy = offset >= kNoisyQuantBase;
  if (noisy && map_.noisyquant == 0) {
    throw DriverError(EDQA_ERROR_INTERNAL, "register offset " + hex(offset) +
                                               " is NoisyQuant's, and the board map says the bitstream has none");
  }
  const uint32_t base = noisy ? kNoisyQuantBase : 0u;
  const RegisterInfo* table = noisy ? kNoisyQuantRegisters : kEdqaRegisters;
  const int rows = noisy ? static_cast<int>(reg::noisy::kNoisyQuantCount) : static_cast<int>(reg::kEdqaCount);
  for (int i = 0; i < rows; ++i) {
    const uint32_t logical = noisy ? offset_of(kNoisyQuantRegisters, i, base) : offset_of(kEdqaRegisters, i, base);
    if (logical != offset) continue;
    const uint32_t physical = (noisy ? map_.noisy_offsets[i] : map_.edqa_offsets[i]) / 4;
    if (table[i].counters) return (noisy ? noisy_counters_ : edqa_counters_).words[physical];
    return (noisy ? noisy_control_ : edqa_control_).words[physical];
  }
  throw DriverError(EDQA_ERROR_INTERNAL, "register offset " + hex(offset) + " is outside the map");
}

void BoardAccess::write_register(uint32_t offset, uint32_t value) { register_at(offset) = value; }

uint32_t BoardAccess::read_register(uint32_t offset) { return register_at(offset); }

void BoardAccess::load_input(Dma dma, const uint32_t* in, uint32_t words) {
  if (4ull * words > buffer_quarter_bytes_) {
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT, "an input of " + std::to_string(4ull * words) +
                                                       " bytes exceeds the DMA buffer of " +
                                                       std::to_string(buffer_quarter_bytes_));
  }
  Channel& c = present(dma);
  for (uint32_t i = 0; i < words; ++i) c.in_buffer[i] = in[i];
}

uint32_t BoardAccess::max_transfer_words() {
  return static_cast<uint32_t>(std::min<uint64_t>(map_.max_transfer_bytes(), buffer_quarter_bytes_) / 4);
}

void BoardAccess::start_transfer(Dma dma, uint32_t in_words, uint32_t out_capacity) {
  const uint64_t limit = map_.max_transfer_bytes();
  if (4ull * in_words > limit) {
    // The driver splits layers to fit (max_transfer_words); a single record over the limit cannot be split: the
    // AXI DMA ends every transfer with TLAST.
    throw DriverError(EDQA_ERROR_INVALID_ARGUMENT,
                      "a transfer of " + std::to_string(4ull * in_words) + " bytes exceeds the AXI DMA's " +
                          std::to_string(map_.dma_length_bits) + "-bit buffer length register (" +
                          std::to_string(limit) +
                          " bytes): build the design with a wider register and set EDQA_BOARD_DMA_LENGTH_BITS");
  }
  Channel& c = present(dma);
  volatile uint32_t* r = c.registers.words;
  // The receive side may be shorter than the buffer: the register and the buffer both bound it.
  const uint64_t receive = std::min<uint64_t>({4ull * out_capacity, limit & ~uint64_t{3}, buffer_quarter_bytes_});
  c.receiving = receive > 0;
  if (c.receiving) {
    r[kS2mmControl] = kRunStop;
    r[kS2mmDestination] = static_cast<uint32_t>(c.out_physical);
    r[kS2mmLength] = static_cast<uint32_t>(receive);  // starts the receive side
  }
  if (in_words > 0) {
    r[kMm2sControl] = kRunStop;
    r[kMm2sSource] = static_cast<uint32_t>(c.in_physical);
    r[kMm2sLength] = in_words * 4;  // starts the send side
  }
}

bool BoardAccess::transfer_idle(Dma dma) {
  Channel& c = present(dma);
  volatile uint32_t* r = c.registers.words;
  const bool sent = (r[kMm2sStatus] & (kIdle | kHalted)) != 0;
  const bool received = !c.receiving || (r[kS2mmStatus] & (kIdle | kDmaHaltingErrors)) != 0;
  return sent && received;
}

uint32_t BoardAccess::received_words(Dma dma) {
  Channel& c = present(dma);
  return c.receiving ? c.registers.words[kS2mmLength] / 4 : 0;
}

bool BoardAccess::receive_overflowed(Dma dma) {
  Channel& c = present(dma);
  return c.receiving && (c.registers.words[kS2mmStatus] & kDmaHaltingErrors) != 0;
}

void BoardAccess::fetch_output(Dma dma, uint32_t* out, uint32_t words) {
  Channel& c = present(dma);
  for (uint32_t i = 0; i < words && 4ull * i < buffer_quarter_bytes_; ++i) out[i] = c.out_buffer[i];
}

void BoardAccess::barrier() { __sync_synchronize(); }

void BoardAccess::idle(uint32_t) { std::this_thread::yield(); }

uint64_t BoardAccess::elapsed_cycles() {
  const auto now = std::chrono::steady_clock::now().time_since_epoch();
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()) * kClockMHz / 1000u;
}

// The DMA of an accelerator the bitstream has; anything else is refused before it reaches the bus.
BoardAccess::Channel& BoardAccess::present(Dma dma) {
  if (!has_accelerator(dma)) {
    throw DriverError(EDQA_ERROR_INTERNAL,
                      "the NoisyQuant AXI DMA was addressed, and the board map says the "
                      "bitstream has none (EDQA_BOARD_NOISYQUANT=0)");
  }
  return channel(dma);
}

// Writing MM2S's DMACR.Reset resets the whole AXI DMA, both channels (PG021, MM2S_DMACR bit 2).
void BoardAccess::request_dma_reset(Dma dma) {
  Channel& c = present(dma);
  c.registers.words[kMm2sControl] = kResetBit;
  c.receiving = false;
}

bool BoardAccess::dma_resetting(Dma dma) {
  volatile uint32_t* r = present(dma).registers.words;
  return ((r[kMm2sControl] | r[kS2mmControl]) & kResetBit) != 0;
}

uint32_t BoardAccess::dma_errors(Dma dma) {
  volatile uint32_t* r = present(dma).registers.words;
  return (r[kMm2sStatus] & kDmaErrorBits) | ((r[kS2mmStatus] & kDmaErrorBits) << kDmaS2mmShift);
}

// Err_Irq is write-1-to-clear; the halting bits are read-only (a reset clears them), so writing them is harmless.
void BoardAccess::clear_dma_errors(Dma dma) {
  volatile uint32_t* r = present(dma).registers.words;
  r[kMm2sStatus] = kDmaErrorInterrupt;
  r[kS2mmStatus] = kDmaErrorInterrupt;
}

void BoardAccess::set_accelerator_reset(Dma dma, bool asserted) {
  present(dma);
  const uint32_t mask = static_cast<uint32_t>(dma == Dma::kEdqa ? map_.edqa_reset_mask : map_.noisy_reset_mask);
  const bool low = asserted == (map_.reset_active_low != 0);
  reset_gpio_value_ = low ? reset_gpio_value_ & ~mask : reset_gpio_value_ | mask;
  reset_gpio_.words[kGpioData] = reset_gpio_value_;
  barrier();  // the level reaches the GPIO before the driver starts counting the cycles it is held
}

}  // namespace edqa_harness
