// The accelerator's AXI-Lite register map, as the driver addresses it. Offsets are relative to the control base;
// the counters sit 0x10000 above it, matching the authors' PYNQ-Z1 design (control 0x43C00000, counters
// 0x43C10000). Both platforms (the SystemC model and the board) implement this one map.
#ifndef EDQA_REGISTER_MAP_H
#define EDQA_REGISTER_MAP_H

#include <cstdint>

namespace edqa_harness {

namespace reg {
constexpr uint32_t kStart = 0x00;       // W: 1 starts an operation, 0 completes the handshake
constexpr uint32_t kDone = 0x04;        // R: 1 when the operation finished
constexpr uint32_t kStatus = 0x08;      // R: bit 0 error, bits 15..8 error code (edqa_hw::ErrorCode)
constexpr uint32_t kOp = 0x0C;          // W: edqa_hw::Operation
constexpr uint32_t kBits = 0x10;        // W: N
constexpr uint32_t kExtraBits = 0x14;   // W: m
constexpr uint32_t kImportant = 0x18;   // W: 0 or 1
constexpr uint32_t kLength = 0x1C;      // W: L
constexpr uint32_t kInv = 0x20;         // W: float32 bits of inv
constexpr uint32_t kDelta = 0x24;       // W: float32 bits of delta

constexpr uint32_t kCounterBase = 0x10000;
constexpr uint32_t kCyclesTotal = kCounterBase + 0x00;
constexpr uint32_t kCyclesQuantizer = kCounterBase + 0x04;
constexpr uint32_t kCyclesEncoder = kCounterBase + 0x08;
constexpr uint32_t kCyclesDecoder = kCounterBase + 0x0C;
constexpr uint32_t kCyclesDequantizer = kCounterBase + 0x10;

// The NoisyQuant baseline accelerator: its own control and counter blocks above the eDQA ones.
constexpr uint32_t kNoisyBase = 0x20000;
constexpr uint32_t kNoisyStart = kNoisyBase + 0x00;
constexpr uint32_t kNoisyDone = kNoisyBase + 0x04;
constexpr uint32_t kNoisyStatus = kNoisyBase + 0x08;
constexpr uint32_t kNoisyOp = kNoisyBase + 0x0C;
constexpr uint32_t kNoisyBits = kNoisyBase + 0x10;
constexpr uint32_t kNoisySide = kNoisyBase + 0x14;
constexpr uint32_t kNoisyCyclesTotal = kNoisyBase + 0x10000;
}  // namespace reg

}  // namespace edqa_harness

#endif  // EDQA_REGISTER_MAP_H
