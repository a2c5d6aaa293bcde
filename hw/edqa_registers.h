// The accelerators' registers, defined once. Each X-macro row is one register: its name, its port's name in the
// SystemC module, the direction seen from the host (W: the host writes it, R: it reads it), the AXI-Lite bundle it
// lives in under HLS, its width in bits, and what it holds. From these tables come:
//   - the SystemC ports and their AXI4LiteS pragmas (accelerator.sc.h, noisyquant_accelerator.sc.h),
//   - the host driver's logical offsets (sim/driver/register_map.h) and the simulation's register file,
//   - the board's register names, matched to the offsets Vivado HLS assigns (`edqa board map --from x<top>_hw.h`),
//   - the register table of docs/design.md (a test compares them).
// Logical offsets are 4 * the row's index within its bundle; the ctrl bundle of an accelerator is at its control
// base, the counters bundle 0x10000 above it (the authors' PYNQ-Z1 map: 0x43C00000 and 0x43C10000).
#ifndef EDQA_REGISTERS_H
#define EDQA_REGISTERS_H

// X(NAME, port, W|R, bundle, width, description)
#define EDQA_ACCELERATOR_REGISTERS(X)                                                                                \
  X(START, start, W, ctrl, 1, "1 starts an operation; 0, after DONE, completes the handshake")                       \
  X(DONE, done, R, ctrl, 1, "1 when the operation has finished and its last output beat has left")                   \
  X(STATUS, status, R, ctrl, 16, "bit 0: a record failed; bits 15..8: the first one's ErrorCode (edqa_hw_config.h)") \
  X(SOFT_RESET, soft_reset, W, ctrl, 1,                                                                              \
    "1 drives reset_request: the board resets the IP and its DMA (FIFOs too); write 0")                              \
  X(OP, op, W, ctrl, 1, "0 quantize, 1 de-quantize")                                                                 \
  X(RECORDS, records, W, ctrl, 16, "records on the stream, 1..65535, each a descriptor and its input (spec 7)")      \
  X(CYCLES_TOTAL, cycles_total, R, counters, 32, "cycles from START to the last output beat")                        \
  X(CYCLES_QUANTIZER, cycles_quantizer, R, counters, 32, "busy cycles of the Quantizer in the last operation")       \
  X(CYCLES_ENCODER, cycles_encoder, R, counters, 32, "busy cycles of the Huffman Encoder (collector or coder)")      \
  X(CYCLES_DECODER, cycles_decoder, R, counters, 32, "busy cycles of the Huffman Decoder")                           \
  X(CYCLES_DEQUANTIZER, cycles_dequantizer, R, counters, 32, "busy cycles of the Dequantizer")

#define EDQA_NOISYQUANT_REGISTERS(X)                                                                            \
  X(START, start, W, ctrl, 1, "1 starts an operation; 0, after DONE, completes the handshake")                  \
  X(DONE, done, R, ctrl, 1, "1 when the operation has finished")                                                \
  X(STATUS, status, R, ctrl, 16, "bit 0: an error; bits 15..8: its ErrorCode")                                  \
  X(SOFT_RESET, soft_reset, W, ctrl, 1, "1 drives reset_request: the board resets the IP and its DMA; write 0") \
  X(OP, op, W, ctrl, 1, "0 quantize, 1 de-quantize")                                                            \
  X(BITS, bits, W, ctrl, 4, "b, 2..8")                                                                          \
  X(SIDE, side, W, ctrl, 7, "S: the channel is S x S, 1..64")                                                   \
  X(CYCLES_TOTAL, cycles_total, R, counters, 32, "cycles from START to the last output beat")

#endif  // EDQA_REGISTERS_H
