/*
 * edqa_sim: the eDQA accelerator's cycle-level SystemC model as a C library.
 *
 * A flat C ABI (fixed-width integers, an opaque handle, status codes) so that any language can load it; the C#
 * bindings in bindings/ are generated from this header. Every function validates its arguments and catches every
 * error: failures come back as a status code plus a message from edqa_sim_last_error(), never as a crash.
 *
 * SystemC elaborates once per process, so the library keeps one accelerator model for the whole process: at most
 * one simulator handle is live at a time; edqa_sim_destroy() frees it and the next edqa_sim_create() resets and
 * reuses the model. Calls are serialized internally, but the model is one piece of hardware: callers gain nothing
 * from calling it from several threads.
 *
 * Numerics and record layout: docs/spec.md. The host computes inv and delta (spec §2.2); the model streams one
 * channel's float32 values in and its record (spec §4.2) out, and back.
 */
#ifndef EDQA_SIM_H
#define EDQA_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define EDQA_SIM_API __declspec(dllexport)
#else
#define EDQA_SIM_API __attribute__((visibility("default")))
#endif

/* Bumped whenever a declaration below changes; the bindings refuse a library with another value. */
#define EDQA_SIM_ABI_VERSION 12u

/* The longest channel (record) the accelerator's on-chip buffers hold (hw/edqa_hw_config.h kMaxLength): a
 * constant of the hardware, so that hosts can check a layer before they have the library. */
#define EDQA_SIM_MAX_LENGTH 4096u

typedef enum edqa_status {
  EDQA_OK = 0,
  EDQA_ERROR_NULL_POINTER = 1,     /* a required pointer argument is NULL */
  EDQA_ERROR_INVALID_ARGUMENT = 2, /* a value is out of range: N, m, length, a scale, a non-finite input */
  EDQA_ERROR_BUFFER_TOO_SMALL = 3, /* an output buffer is smaller than the operation may need */
  EDQA_ERROR_INVALID_RECORD = 4,   /* a record is malformed (host-side checks or the accelerator's STATUS) */
  EDQA_ERROR_TIMEOUT = 5,          /* the accelerator did not finish within the cycle budget; it was reset */
  EDQA_ERROR_STATE = 6,            /* misuse: a second live simulator, a stale handle, a late waveform request */
  EDQA_ERROR_INTERNAL = 7          /* a SystemC or library error; the message says which */
} edqa_status;

typedef struct edqa_sim edqa_sim;

/* Which accelerators a waveform shows (edqa_sim_options.trace); 0 means both. */
#define EDQA_TRACE_EDQA 1u
#define EDQA_TRACE_NOISYQUANT 2u

typedef struct edqa_sim_options {
  uint32_t struct_size;    /* sizeof(edqa_sim_options) */
  uint32_t trace;          /* EDQA_TRACE_* bits of the accelerators the waveform shows; 0 for both */
  const char* vcd_path;    /* write a VCD waveform here (first simulator of the process only); NULL for none */
  uint64_t timeout_cycles; /* per operation; 0 selects the default (50,000,000 cycles) */
  uint32_t ddr_megabytes_per_second; /* the DDR's peak bandwidth both DMA directions share; 0 selects the PYNQ-Z1's
                                        2100 (DDR3, 16 bits at 1050 MT/s). Simulation only, as the three below */
  uint32_t units; /* parallel channel units of the eDQA accelerator: 1, 2 or 4; 0 selects 1. Simulation only: a
                     board runs its bitstream's configuration and refuses any but 0 */
  uint32_t lanes; /* 32-bit words per stream beat: 1 (a 32-bit AXI-Stream) or 2 (64-bit); 0 selects 1 */
  uint32_t ddr_efficiency_percent; /* the share of the peak the DDR controller delivers, 1..100; 0 selects 75
                                      (UG585 §22.3.2: the Zynq-7000's controller is designed for about 75%) */
  uint32_t clock_mhz; /* the fabric clock the cycles run at, 50..300 MHz; 0 selects 150. The model counts cycles;
                         the clock sets what one cycle gets of the DDR and of the DMA */
  uint32_t dma_mhz;   /* the AXI DMA's clock, 50..300 MHz; 0 selects min(clock_mhz, 150), the DataMover's
                         characterized limit on this fabric (PG022): at 200 MHz it moves 3 beats in 4 cycles */
  uint32_t reserved;  /* 0 */
} edqa_sim_options;

/* A record's descriptor (docs/spec.md §7, §11.2): the values the accelerator needs for one channel. The driver
 * packs it into the three descriptor words of the stream with the scale of the operation (hw/edqa_descriptor.h). */
typedef struct edqa_record_descriptor {
  uint32_t bits;        /* N, 2..8 */
  uint32_t extra_bits;  /* m, 1..N */
  uint32_t important;   /* 0 = direct channel, 1 = important channel */
  uint32_t length;      /* L, elements of the channel, 0..edqa_sim_max_length() */
  float inv;            /* float32(2^(N-1)) / M (unsigned: float32(2^N - 1) / M), or +0 for the zero group (§2.2) */
  float delta;          /* M * 2^-(N-1) (unsigned: M / float32(2^N - 1)), or +0 for the zero group */
  uint32_t coding;      /* quantize: 0 adaptive, 1 static, 2 smallest (spec §4.2; 1 and 2 need the layer's static code,
                           edqa_sim_run_layer); de-quantize: 0 */
  uint32_t grid;        /* 0 signed codes (the paper's), 1 unsigned (spec §2.3: inv = (2^N - 1) / M) */
  uint32_t code_coding; /* 0 packed codes (the paper's), 1 static: the codes section starts with its code mode bit
                           (spec §3.8, §4.2; needs the layer's codes' static code of N, edqa_sim_run_layer), to
                           quantize and to de-quantize */
} edqa_record_descriptor;

typedef struct edqa_noisyquant_config {
  uint32_t bits; /* b, 2..8 (the paper's comparison: 3) */
  uint32_t side; /* S: the channel is S x S, 1..64 */
} edqa_noisyquant_config;

/* The most cycle counters an accelerator has: the rows of its counters bundle (hw/edqa_registers.h). */
#define EDQA_MAX_COUNTERS 8u

/* An operation's cycle counters, summed over its STARTs: value[i] is the i-th row of the accelerator's counters
 * bundle in table order (the rows of edqa_sim_register() with counters = 1), so value[0] is CYCLES_TOTAL and the
 * others are the stages' busy cycles (0 for stages that did not run). A new counter is a new row; nothing here
 * names one. */
typedef struct edqa_cycle_counts {
  uint32_t count;    /* counters filled in: the accelerator's counter rows */
  uint32_t reserved; /* 0 */
  uint64_t value[EDQA_MAX_COUNTERS];
} edqa_cycle_counts;

/* The accelerators of edqa_sim_register_count() and edqa_sim_register(). */
#define EDQA_ACCELERATOR_EDQA 0u
#define EDQA_ACCELERATOR_NOISYQUANT 1u

/* One row of an accelerator's register table (hw/edqa_registers.h, the one definition of the registers). */
typedef struct edqa_register_info {
  uint32_t offset;         /* logical offset from the accelerator's ctrl base: 4 bytes a row within a bundle, the
                              counters bundle 0x10000 up (the model decodes these; a board map translates them) */
  uint32_t width;          /* the bits the register holds */
  uint32_t host_writes;    /* 1: the host writes it; 0: the host reads it */
  uint32_t counters;       /* 1: in the AXI-Lite bundle "counters"; 0: in "ctrl" */
  const char* name;        /* e.g. "LENGTH": the board map's EDQA_BOARD_REG_LENGTH */
  const char* port;        /* the SystemC port, e.g. "length": Vivado HLS names the register after it */
  const char* description; /* one line */
} edqa_register_info;

/* The number of rows in an accelerator's register table. */
EDQA_SIM_API edqa_status edqa_sim_register_count(uint32_t accelerator, uint32_t* count);

/* Row `index` of an accelerator's register table. The strings are static. */
EDQA_SIM_API edqa_status edqa_sim_register(uint32_t accelerator, uint32_t index, edqa_register_info* info);

/* One row of the accelerators' schedule (hw/edqa_schedule.h): a loop as Vivado HLS would build it at 200 MHz. */
typedef struct edqa_loop_info {
  uint32_t ii;        /* initiation interval, cycles */
  uint32_t depth;     /* pipeline depth: cycles from an iteration's start to its result */
  const char* label;  /* the loop's label in hw/ (and its name in a Vivado HLS report), e.g. "QUANTIZE" */
  const char* trip;   /* its trip count, in words */
  const char* reason; /* why this II and depth */
} edqa_loop_info;

/* The number of rows in the schedule. */
EDQA_SIM_API edqa_status edqa_sim_loop_count(uint32_t* count);

/* Row `index` of the schedule. The strings are static. */
EDQA_SIM_API edqa_status edqa_sim_loop(uint32_t index, edqa_loop_info* info);

/* EDQA_SIM_ABI_VERSION of the library that is loaded. */
EDQA_SIM_API uint32_t edqa_sim_abi_version(void);

/* Library version, e.g. "1.0.0 (SystemC 2.3.4)". Never NULL. */
EDQA_SIM_API const char* edqa_sim_version(void);

/* The message of the last failed call on this thread ("" if none). Valid until the next call on this thread. */
EDQA_SIM_API const char* edqa_sim_last_error(void);

/* The longest channel the accelerator holds (its on-chip buffers). */
EDQA_SIM_API uint32_t edqa_sim_max_length(void);

/* The clock the cycle counts refer to, in MHz: the live simulator's edqa_sim_options.clock_mhz (150 before the
 * first), or the board's 200. */
EDQA_SIM_API uint32_t edqa_sim_clock_mhz(void);

/* The largest record (in words) a quantize call with this descriptor can produce. */
EDQA_SIM_API edqa_status edqa_sim_record_capacity(const edqa_record_descriptor* descriptor, uint32_t* words);

/* Creates (or, after a destroy, resets and reuses) the process's simulator. options may be NULL. */
EDQA_SIM_API edqa_status edqa_sim_create(const edqa_sim_options* options, edqa_sim** simulator);

/* Releases the handle. The model stays elaborated for the next edqa_sim_create(). */
EDQA_SIM_API edqa_status edqa_sim_destroy(edqa_sim* simulator);

/* One eDQA channel alone, one START each: the C ABI's tests and the benchmarks use these two; jobs and layers go
 * through edqa_sim_run_jobs and edqa_sim_run_layer.
 * Quantizes one channel: values[0..value_count) with value_count == descriptor->length, every value finite.
 * record_capacity must be at least edqa_sim_record_capacity(descriptor). Writes the record and its size in words. */
EDQA_SIM_API edqa_status edqa_sim_quantize(edqa_sim* simulator, const edqa_record_descriptor* descriptor,
                                           const float* values, uint32_t value_count, uint32_t* record,
                                           uint32_t record_capacity, uint32_t* record_words, edqa_cycle_counts* cycles);

/* De-quantizes one record of record_words words into values[0..descriptor->length); value_capacity >= length.
 * cycles may be NULL in both calls. */
EDQA_SIM_API edqa_status edqa_sim_dequantize(edqa_sim* simulator, const edqa_record_descriptor* descriptor,
                                             const uint32_t* record, uint32_t record_words, float* values,
                                             uint32_t value_capacity, edqa_cycle_counts* cycles);

/* One record of a layer (edqa_sim_run_layer): its descriptor and input, and, filled in by the call, its
 * output and outcome. */
typedef struct edqa_layer_record {
  edqa_record_descriptor descriptor;
  uint32_t input_offset;  /* its first word in inputs[] */
  uint32_t input_words;   /* quantize: descriptor.length float32 values; de-quantize: the record's words */
  uint32_t status;        /* out: an edqa_status; the message is edqa_sim_record_message(index) */
  uint32_t output_offset; /* out: its first word in outputs[] */
  uint32_t output_words;  /* out: its output words (0 when status is not EDQA_OK) */
  uint32_t cycles;        /* out: the cycles the layer spent on it (its trailer; 0 for a record refused on the host) */
} edqa_layer_record;

/* Runs a job stream (docs/spec.md §11.2) exactly as the runners do (edqa-sim, the board runner): every job, an
 * eDQA job as one layer, a refused or failed record its status and message in the result while the others run.
 * The result stream (§11.3) waits in the library, *result_bytes long, until edqa_sim_take_results(). Fails only on a
 * malformed job stream (EDQA_ERROR_INVALID_ARGUMENT, the message naming the job and field) or a NULL pointer. */
EDQA_SIM_API edqa_status edqa_sim_run_jobs(edqa_sim* simulator, const uint8_t* jobs, uint32_t job_bytes,
                                           uint32_t* result_bytes);

/* Copies the last edqa_sim_run_jobs's result stream into results[0..capacity), capacity >= its result_bytes, and
 * releases it. */
EDQA_SIM_API edqa_status edqa_sim_take_results(uint8_t* results, uint32_t capacity);

/* Words of outputs[] that edqa_sim_run_layer may need for these records (op 0 quantize, 1 de-quantize). Fails on
 * the first record whose descriptor is invalid. */
EDQA_SIM_API edqa_status edqa_sim_layer_capacity(uint32_t op, const edqa_layer_record* records, uint32_t record_count,
                                                 uint32_t* words);

/* Runs a layer: every record of one operation on the accelerator, many records per START (docs/spec.md §7). A
 * record the host-side checks refuse, or the accelerator reports, fails alone: its status and message say why and
 * the others still run. The layer's static code (spec §3.7: its m, 1..8, and its ceil(2^m * 4 / 32) words; m = 0
 * and no words for none) is loaded on each START's first record of that m; the accelerator judges it. The
 * layer's codes' static code (spec §3.8: its N, 2..8, and its ceil((2^N + 15) * 4 / 32) words; 0 and none for none)
 * likewise, behind the static code, on each START's first record of code coding static with that N. Returns
 * EDQA_OK when the call itself worked (every record has its status); cycles, if not NULL, sums the counters of
 * every START. */
EDQA_SIM_API edqa_status edqa_sim_run_layer(edqa_sim* simulator, uint32_t op, edqa_layer_record* records,
                                            uint32_t record_count, const uint32_t* inputs, uint32_t input_word_count,
                                            uint32_t static_code_extra_bits, const uint32_t* static_code,
                                            uint32_t static_code_words, uint32_t code_static_code_bits,
                                            const uint32_t* code_static_code, uint32_t code_static_code_words,
                                            uint32_t* outputs, uint32_t output_capacity, edqa_cycle_counts* cycles);

/* The message of record `index` of the last edqa_sim_run_layer on this thread ("" when it succeeded or there is no
 * such record). Valid until the next call on this thread. */
EDQA_SIM_API const char* edqa_sim_record_message(uint32_t index);

/* The NoisyQuant baseline accelerator (docs/spec.md §8): quantizes one S x S channel, searching 10 clips and 10
 * noise amplitudes; the record is the packed b-bit codes, the step's float32 bits and (clip << 8 | noise). Only the
 * total of the cycle counts is set. */
EDQA_SIM_API edqa_status edqa_sim_noisyquant_record_words(const edqa_noisyquant_config* config, uint32_t* words);

EDQA_SIM_API edqa_status edqa_sim_noisyquant_quantize(edqa_sim* simulator, const edqa_noisyquant_config* config,
                                                      const float* values, uint32_t value_count, uint32_t* record,
                                                      uint32_t record_capacity, uint32_t* record_words,
                                                      edqa_cycle_counts* cycles);

EDQA_SIM_API edqa_status edqa_sim_noisyquant_dequantize(edqa_sim* simulator, const edqa_noisyquant_config* config,
                                                        const uint32_t* record, uint32_t record_words, float* values,
                                                        uint32_t value_capacity, edqa_cycle_counts* cycles);

/* The cycles of two NoisyQuant designs the paper did not build, from their schedules (hw/edqa_schedule.h; not
 * simulated, the values they would compute are the spec's): the same online search with `macs` multiply-accumulate
 * units (0: the units the xc7z020's DSPs leave beside a one-unit eDQA, returned in *budget_macs), and NoisyQuant with
 * clip and noise fixed at calibration time (one pass). Either output pointer may be NULL. */
EDQA_SIM_API edqa_status edqa_sim_noisyquant_alternatives(const edqa_noisyquant_config* config, uint32_t macs,
                                                          uint64_t* parallel_quantize_cycles,
                                                          uint64_t* calibrated_quantize_cycles, uint32_t* budget_macs);

/* Clock cycles simulated by this process so far (all operations, register accesses and idle time). */
EDQA_SIM_API edqa_status edqa_sim_simulated_cycles(edqa_sim* simulator, uint64_t* cycles);

#ifdef __cplusplus
}
#endif

#endif /* EDQA_SIM_H */
