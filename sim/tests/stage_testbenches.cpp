// One testbench per stage (MatchLib's habit), beside the whole-accelerator regression: each stage alone between
// FIFOs, fed and checked against the golden model's data, so a failure names the stage that broke.
//
// The data comes from the golden vectors (tests/vectors/golden.jobs and golden.results, computed by the C# golden
// model from docs/spec.md): for every eDQA case its values, registers and record, and the de-quantized values, from
// which the per-element t = x^ / step (exact), q and e follow. Each stage gets its record's configuration through
// its FIFO, as the router hands it out. The decoder also gets damaged records and records whose TLAST comes early
// or late: it must report them and always emit L elements within its cycle budget; for damaged records of one
// adaptive case at a time (cut short, too long, a field wrong, some two ways) the exact ErrorCode of the golden
// model's first violation.
//
//   stage_testbenches JOBS RESULTS     exit 0 when every stage passes every case, 1 otherwise
#include <systemc.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "accelerator.sc.h"
#include "dequantizer.sc.h"
#include "edqa_schedule.h"
#include "huffman_decoder.sc.h"
#include "huffman_encoder.sc.h"
#include "job_stream.h"
#include "quantizer.sc.h"

using namespace edqa_hw;

namespace {

// One eDQA case of the golden vectors, with what each stage sees and must produce.
struct StageCase {
  std::string name;
  uint32_t bits, extra_bits, length;
  bool important;
  bool unsigned_grid;
  uint32_t inv, delta;
  std::vector<uint32_t> values;  // float32 bits
  std::vector<uint32_t> record;  // the golden record
  std::vector<uint32_t> output;  // the golden de-quantized values
  std::vector<int32_t> codes;    // q per element as the decoder emits it: its N bits sign-extended, on either grid
  std::vector<uint32_t> errors;  // e per element (important)
  uint32_t expected_status = kErrorNone;
};

float as_float(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

std::vector<StageCase> load_cases(const std::string& jobs_path, const std::string& results_path) {
  const auto read = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  const std::vector<edqa_jobs::Job> jobs = edqa_jobs::read_jobs(read(jobs_path), jobs_path);
  const std::vector<edqa_jobs::JobResult> results = edqa_jobs::read_results(read(results_path), results_path);
  std::vector<StageCase> cases;
  for (size_t j = 0; j + 1 < jobs.size(); ++j) {
    const edqa_jobs::Job& q = jobs[j];
    const edqa_jobs::Job& d = jobs[j + 1];
    if (q.accelerator != edqa_jobs::Accelerator::kEdqa || q.op != 0 || d.op != 1 || d.accelerator != q.accelerator)
      continue;
    // The stages alone see adaptive records of packed codes; the static and raw modes and code coding static run on
    // the whole accelerator (vectors_testbench, and code_static_code_layers here).
    if (q.static_code_bits != 0 || q.code_static_code_bits != 0) {
      ++j;
      continue;
    }
    StageCase c;
    c.name = q.label;
    const std::vector<uint32_t>& r = q.records[0].values;  // the descriptor's values (docs/spec.md §11.2)
    c.bits = r[0];
    c.extra_bits = r[1];
    c.important = r[2] != 0;
    c.length = r[3];
    c.inv = r[4];
    c.delta = r[5];
    c.unsigned_grid = r[7] != 0;
    c.values = q.records[0].input;
    c.record = results[j].records[0].output;
    c.output = results[j + 1].records[0].output;
    const int shift = c.important ? static_cast<int>(c.extra_bits) : 0;
    const float step = as_float(scale_by_power_of_two(c.delta, -shift));
    for (uint32_t value : c.output) {
      const int32_t t = step == 0.0f ? 0 : static_cast<int32_t>(std::lround(as_float(value) / step));
      c.codes.push_back(from_field(to_field(t >> shift, static_cast<int>(c.bits)), static_cast<int>(c.bits)));
      c.errors.push_back(static_cast<uint32_t>(t) & ((1u << c.extra_bits) - 1u));
    }
    cases.push_back(c);
    ++j;
  }
  return cases;
}

int g_failures = 0;
int g_running = 0;

void fail(const char* stage, const StageCase& c, const std::string& what) {
  if (g_failures < 20) std::printf("FAIL %s, %s: %s\n", stage, c.name.c_str(), what.c_str());
  ++g_failures;
}

// A stage's surroundings: reset, busy, its configuration FIFO (one configuration per record, as the router hands
// them out), and the cycle budget of a case.
struct Bench {
  sc_signal<bool> reset, busy;
  sc_fifo<StageDescriptor> config{"config", kConfigFifoDepth};

  static StageDescriptor of(const StageCase& c, uint32_t scale_bits, uint32_t words) {
    StageDescriptor config;
    config.bits = c.bits;
    config.extra_bits = c.extra_bits;
    config.important = c.important;
    config.unsigned_grid = c.unsigned_grid;
    config.length = c.length;
    config.scale = scale_bits;
    config.words = words;
    return config;
  }
  static uint64_t budget(const StageCase& c) { return 8ull * (c.length + c.record.size()) + 5000; }
};

SC_MODULE(QuantizerBench) {
  sc_in<bool> clk;
  Bench b;
  sc_fifo<Word> values{"values", kStageFifoDepth};
  sc_fifo<Word> codes{"codes", kStageFifoDepth};
  sc_fifo<Symbol> errors{"errors", kStageFifoDepth};
  // Code coding static is the layers' (code_static_code_layers and the golden vectors): these stay empty.
  sc_fifo<Word> code_static_code{"code_static_code", kCodeStaticCodeFifoDepth};
  sc_fifo<Word> coded{"coded", kCodedFifoDepth};
  sc_fifo<CodedBits> coded_bits{"coded_bits", kCodeBitsFifoDepth};
  Quantizer dut{"quantizer"};
  std::vector<StageCase> cases;

  void run() {
    wait();
    for (const StageCase& c : cases) {
      b.config.write(Bench::of(c, c.inv, c.length));
      std::vector<uint32_t> got_codes, got_errors;
      size_t sent = 0;
      uint64_t cycle = 0;
      const size_t want_codes = words_for_bits(c.length * c.bits);
      const size_t want_errors = c.important ? c.length : 0;
      // Done when every output came and the stage went idle (no extra output after it).
      while ((got_codes.size() < want_codes || got_errors.size() < want_errors || b.busy.read() ||
              b.config.num_available() > 0) &&
             cycle < Bench::budget(c)) {
        if (sent < c.values.size() && values.nb_write(Word(c.values[sent]))) ++sent;
        Word w;
        if (codes.nb_read(w)) got_codes.push_back(w.to_uint());
        Symbol e;
        if (errors.nb_read(e)) got_errors.push_back(e.to_uint());
        wait();
        ++cycle;
      }
      if (cycle >= Bench::budget(c))
        fail("Quantizer", c, "did not finish within its cycle budget");
      else if (got_codes.size() != want_codes || !std::equal(got_codes.begin(), got_codes.end(), c.record.begin()))
        fail("Quantizer", c, "code words differ from the record's");
      else if (got_errors.size() != want_errors || !std::equal(got_errors.begin(), got_errors.end(), c.errors.begin()))
        fail("Quantizer", c, "shifting errors differ");
      else if (codes.num_available() > 0 || errors.num_available() > 0)
        fail("Quantizer", c, "output after the record's last");
    }
    --g_running;
    while (true) wait();
  }

  SC_CTOR(QuantizerBench) {
    SC_CTHREAD(run, clk.pos());
    dut.clk(clk), dut.reset(b.reset), dut.busy(b.busy), dut.config_in(b.config);
    dut.values_in(values), dut.codes_out(codes), dut.errors_out(errors);
    dut.code_static_code_in(code_static_code), dut.coded_out(coded), dut.coded_bits_out(coded_bits);
  }
};

// The Huffman Encoder: its collector and coder together, as the accelerator binds them.
SC_MODULE(EncoderBench) {
  sc_in<bool> clk;
  Bench b;
  sc_signal<bool> coder_busy;
  sc_fifo<StageDescriptor> coder_config{"coder_config", kConfigFifoDepth};
  sc_fifo<Word> codes{"codes", kStageFifoDepth};
  sc_fifo<Symbol> errors{"errors", kStageFifoDepth};
  sc_fifo<Word> collected_codes{"collected_codes", kCodeFifoDepth};
  sc_fifo<Symbol> collected_errors{"collected_errors", kErrorFifoDepth};
  sc_fifo<Length> counts{"counts", kCountFifoDepth};
  sc_fifo<Beat> record{"record", kStageFifoDepth};
  sc_fifo<Word> static_code{"static_code", kCoderStaticCodeFifoDepth};
  // Code coding static is the layers' (stays empty).
  sc_fifo<Word> coded{"coded", kCodedFifoDepth};
  sc_fifo<CodedBits> coded_bits{"coded_bits", kCodeBitsFifoDepth};
  HuffmanCollector collector{"collector"};
  HuffmanCoder coder{"coder"};
  std::vector<StageCase> cases;

  void run() {
    for (int c = 0; c < schedule::kResetRecoveryCycles; ++c) wait();
    for (const StageCase& c : cases) {
      b.config.write(Bench::of(c, 0, c.length));
      coder_config.write(Bench::of(c, 0, c.length));
      std::vector<Beat> got;
      size_t sent_codes = 0, sent_errors = 0;
      const size_t code_words = words_for_bits(c.length * c.bits);
      uint64_t cycle = 0;
      while ((got.size() < c.record.size() || b.busy.read() || coder_busy.read() || coder_config.num_available() > 0) &&
             cycle < Bench::budget(c)) {
        // The quantizer's order: an element's error, and its code word when one completes.
        if (c.important && sent_errors < c.length && errors.nb_write(Symbol(c.errors[sent_errors]))) ++sent_errors;
        if (sent_codes < code_words && (!c.important || sent_codes * 32 < sent_errors * c.bits + 32) &&
            codes.nb_write(Word(c.record[sent_codes])))
          ++sent_codes;
        Beat beat;
        if (record.nb_read(beat)) got.push_back(beat);
        wait();
        ++cycle;
      }
      bool same = got.size() == c.record.size() && record.num_available() == 0;
      // The coder marks an important record's last word (the merger forwards up to it); a direct one's count is known.
      for (size_t i = 0; same && i < got.size(); ++i)
        same = got[i].data.to_uint() == c.record[i] && (!c.important || got[i].last == (i + 1 == got.size()));
      if (cycle >= Bench::budget(c))
        fail("HuffmanEncoder", c, "did not finish within its cycle budget");
      else if (!same)
        fail("HuffmanEncoder", c, "record (or its last-word mark) differs from the golden record");
    }
    --g_running;
    while (true) wait();
  }

  SC_CTOR(EncoderBench) {
    SC_CTHREAD(run, clk.pos());
    collector.clk(clk), collector.reset(b.reset), collector.busy(b.busy), collector.config_in(b.config);
    collector.codes_in(codes), collector.errors_in(errors), collector.codes_out(collected_codes),
        collector.errors_out(collected_errors);
    collector.counts_out(counts);
    coder.clk(clk), coder.reset(b.reset), coder.busy(coder_busy), coder.config_in(coder_config);
    coder.codes_in(collected_codes), coder.errors_in(collected_errors), coder.counts_in(counts),
        coder.record_out(record);
    coder.static_code_in(static_code), coder.coded_in(coded), coder.coded_bits_in(coded_bits);
  }
};

SC_MODULE(DecoderBench) {
  sc_in<bool> clk;
  Bench b;
  sc_fifo<ErrorField> status{"status", kConfigFifoDepth};
  sc_fifo<Beat> record{"record", kStageFifoDepth};
  sc_fifo<DecodedElement> elements{"elements", kStageFifoDepth};
  sc_fifo<Word> set_aside{"set_aside", kSetAsideWords};
  sc_fifo<Word> static_code{"static_code", kDecoderStaticCodeFifoDepth};
  HuffmanDecoder dut{"decoder"};
  std::vector<StageCase> cases;

  // Runs one record (the words as the router would pass them, TLAST on the last); returns false on a hang.
  bool decode(const StageCase& c, const std::vector<uint32_t>& words, std::vector<DecodedElement>& got,
              uint32_t& result) {
    b.config.write(Bench::of(c, 0, static_cast<uint32_t>(words.size())));
    got.clear();
    size_t sent = 0;
    uint64_t cycle = 0;
    bool reported = false;
    while (!reported && cycle < Bench::budget(c)) {
      if (sent < words.size() && record.nb_write(Beat(words[sent], sent + 1 == words.size()))) ++sent;
      DecodedElement element;
      if (elements.nb_read(element)) got.push_back(element);
      ErrorField code;
      if (status.nb_read(code)) {
        reported = true;
        result = code.to_uint();
      }
      wait();
      ++cycle;
    }
    // Every element leaves before the status.
    DecodedElement late;
    while (elements.nb_read(late)) got.push_back(late);
    return reported && sent == words.size();
  }

  void run() {
    wait();
    std::vector<DecodedElement> got;
    uint32_t result = 0;
    for (const StageCase& c : cases) {
      if (!decode(c, c.record, got, result)) {
        fail("HuffmanDecoder", c, "hung on a sound record");
        continue;
      }
      bool same = got.size() == c.length && result == c.expected_status;
      for (size_t i = 0; same && i < got.size(); ++i)
        same = got[i].code.to_int() == c.codes[i] && got[i].error.to_uint() == (c.important ? c.errors[i] : 0u);
      if (!same) fail("HuffmanDecoder", c, "elements or status differ (status " + std::to_string(result) + ")");
      if (!c.important || c.record.size() < 2) continue;
      // The same record one word short (TLAST early) and with two words more (TLAST late), and a damaged
      // codebook: reported, L elements, no hang.
      const std::vector<uint32_t> shorter(c.record.begin(), c.record.end() - 1);
      std::vector<uint32_t> longer = c.record;
      longer.push_back(0);
      longer.push_back(0xFFFFFFFFu);
      std::vector<uint32_t> damaged = c.record;
      damaged[words_for_bits(c.length * c.bits)] ^= 0x88888888u;
      const std::vector<uint32_t>* malformed[] = {&shorter, &longer, &damaged};
      for (const std::vector<uint32_t>* words : malformed) {
        if (!decode(c, *words, got, result)) {
          fail("HuffmanDecoder", c, "hung on a malformed record");
        } else if (result == kErrorNone || got.size() != c.length) {
          fail("HuffmanDecoder", c, "a malformed record was not reported, or not L elements came out");
        }
      }
      for (const Damage& d : damages(c)) expect_status(c, d);
    }
    for (const Damage& d : lone_code_damages()) expect_status(lone_code_case(), d);
    --g_running;
    while (true) wait();
  }

  // A damaged record and the ErrorCode its first violation gets. The expectations come from the golden model's
  // order (docs/spec.md §4.5, sw/Edqa.Core/Channel/ChannelCodec.cs Decode): the record's size against the codes
  // and H, the codes' padding, H (MODE), the size against the codebook, the codebook's padding, its lengths and
  // Kraft sum, P against L * 8, the size P implies, then the payload (an invalid code, P consumed, its padding).
  // The golden model names the field (invalid record); the field's ErrorCode is what the accelerator reports.
  struct Damage {
    std::string what;
    std::vector<uint32_t> words;
    uint32_t expected;
  };

  void expect_status(const StageCase& c, const Damage& d) {
    std::vector<DecodedElement> got;
    uint32_t result = 0;
    if (!decode(c, d.words, got, result))
      fail("HuffmanDecoder", c, d.what + ": hung");
    else if (result != d.expected || got.size() != c.length)
      fail("HuffmanDecoder", c,
           d.what + ": status " + std::to_string(result) + " where the golden model's first violation is " +
               std::to_string(d.expected) + " (or not L elements)");
  }

  static std::vector<uint32_t> head(const std::vector<uint32_t>& words, size_t n) {
    return std::vector<uint32_t>(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(n));
  }

  // A sound adaptive record of the golden vectors, damaged one way at a time (and a few two ways, where the
  // golden order decides which is reported).
  static std::vector<Damage> damages(const StageCase& c) {
    std::vector<Damage> out;
    const std::vector<uint32_t>& r = c.record;
    const size_t codes = words_for_bits(c.length * c.bits);
    const size_t codebook = words_for_bits((1u << c.extra_bits) * kCodeLengthFieldBits);
    const uint32_t coding_word = r[codes];
    const uint32_t p = coding_word & kPayloadFieldMask;
    const size_t payload = words_for_bits(p);
    if (coding_word >> kModeShift != kModeAdaptive || r.size() != codes + 1 + codebook + payload) return out;
    const size_t h = codes, book = codes + 1, last = r.size() - 1;
    // Too short or too long: the size checks come before every field they cover.
    if (codes >= 2) out.push_back({"TLAST inside the codes", head(r, codes - 1), kErrorRecordLength});
    out.push_back({"TLAST before H", head(r, codes), kErrorRecordLength});
    out.push_back({"TLAST inside the codebook", head(r, book + codebook - 1), kErrorRecordLength});
    if (payload >= 1) out.push_back({"TLAST inside the payload", head(r, last), kErrorRecordLength});
    if (payload >= 2)
      out.push_back({"TLAST after the first payload word", head(r, book + codebook + 1), kErrorRecordLength});
    std::vector<uint32_t> longer = r;
    longer.push_back(0);
    out.push_back({"one word after the record", longer, kErrorRecordLength});
    // One field wrong.
    if ((c.length * c.bits) % kBeatBits != 0) {
      std::vector<uint32_t> w = r;
      w[codes - 1] |= 1u;
      out.push_back({"non-zero code padding", w, kErrorPadding});
      // The size check (H missing) comes before the codes' padding.
      out.push_back({"non-zero code padding, TLAST before H", head(w, codes), kErrorRecordLength});
    }
    {
      std::vector<uint32_t> w = r;
      w[h] |= 3u << kModeShift;
      out.push_back({"MODE 3", w, kErrorRecordMode});
      w = r;
      w[h] |= 1u << 28;
      out.push_back({"bit 28 of H set", w, kErrorRecordMode});
    }
    if (c.extra_bits <= 2) {  // fields past the alphabet in the codebook's only word
      std::vector<uint32_t> w = r;
      w[book] |= 1u;
      out.push_back({"non-zero codebook padding", w, kErrorPadding});
      // The codebook's padding is checked before its lengths.
      w[book] = (w[book] & 0x0FFFFFFFu) | 0x90000000u;
      out.push_back({"a code length of 9 and non-zero codebook padding", w, kErrorPadding});
    }
    {
      std::vector<uint32_t> w = r;
      w[book] = (w[book] & 0x0FFFFFFFu) | 0x90000000u;
      out.push_back({"a code length of 9", w, kErrorCodeLength});
      if (codebook >= 2)  // the size check (the codebook cut short) comes before its lengths
        out.push_back(
            {"a code length of 9, TLAST inside the codebook", head(w, book + codebook - 1), kErrorRecordLength});
    }
    if (c.length > 0) {
      std::vector<uint32_t> w = r;
      w[h] = (coding_word & ~kPayloadFieldMask) | (c.length * kMaxCodeLength + 1);
      out.push_back({"P above L * 8", w, kErrorPayloadBits});
    }
    if (p >= 2 && p % kBeatBits != 1) {  // P one bit short, its words the same: the codes consume a bit more
      std::vector<uint32_t> w = r;
      w[h] = coding_word - 1;
      out.push_back({"P one bit short", w, kErrorPayloadLength});
    }
    if (p % kBeatBits != 0) {
      std::vector<uint32_t> w = r;
      w[last] |= 1u;
      out.push_back({"non-zero payload padding", w, kErrorPadding});
      w.push_back(0);  // the size P implies is checked before the payload
      out.push_back({"non-zero payload padding, one word after the record", w, kErrorRecordLength});
    }
    return out;
  }

  // A code of one symbol (length 1, code 0) leaves every payload starting with a 1 bit undecodable: L = 40,
  // N = 3, m = 3, all q and e zero, P = 40 (two payload words).
  static StageCase lone_code_case() {
    StageCase c;
    c.name = "lone code, L = 40";
    c.bits = 3;
    c.extra_bits = 3;
    c.length = 40;
    c.important = true;
    c.inv = c.delta = 0x3F800000u;
    c.record = {0, 0, 0, 0, 40, 0x10000000u, 0, 0};
    return c;
  }

  static std::vector<Damage> lone_code_damages() {
    const std::vector<uint32_t> sound = lone_code_case().record;
    std::vector<Damage> out;
    out.push_back({"sound", sound, kErrorNone});
    std::vector<uint32_t> w = sound;
    w[6] = 1u << 26;  // element 5's code
    out.push_back({"an invalid code", w, kErrorInvalidCode});
    // The size P implies is checked before the payload is decoded.
    out.push_back({"an invalid code, TLAST inside the payload", head(w, 7), kErrorRecordLength});
    std::vector<uint32_t> longer = w;
    longer.push_back(0);
    out.push_back({"an invalid code, one word after the record", longer, kErrorRecordLength});
    w = sound;
    w[7] = 1u;  // past P = 40 (bit 39 is word 7's bit 24)
    out.push_back({"non-zero payload padding", w, kErrorPadding});
    return out;
  }

  SC_CTOR(DecoderBench) {
    SC_CTHREAD(run, clk.pos());
    dut.clk(clk), dut.reset(b.reset), dut.busy(b.busy), dut.config_in(b.config), dut.status_out(status);
    dut.record_in(record), dut.elements_out(elements), dut.static_code_in(static_code);
    dut.set_aside_out(set_aside), dut.set_aside_in(set_aside);
  }
};

SC_MODULE(DequantizerBench) {
  sc_in<bool> clk;
  Bench b;
  sc_fifo<DecodedElement> elements{"elements", kStageFifoDepth};
  sc_fifo<Beat> values{"values", kStageFifoDepth};
  Dequantizer dut{"dequantizer"};
  std::vector<StageCase> cases;

  void run() {
    wait();
    for (const StageCase& c : cases) {
      b.config.write(Bench::of(c, c.delta, 0));
      std::vector<Beat> got;
      size_t sent = 0;
      uint64_t cycle = 0;
      while ((got.size() < c.output.size() || b.busy.read() || b.config.num_available() > 0) &&
             cycle < Bench::budget(c)) {
        if (sent < c.length && elements.nb_write(DecodedElement(c.codes[sent], c.important ? c.errors[sent] : 0)))
          ++sent;
        Beat beat;
        if (values.nb_read(beat)) got.push_back(beat);
        wait();
        ++cycle;
      }
      bool same = got.size() == c.output.size() && values.num_available() == 0;
      for (size_t i = 0; same && i < got.size(); ++i)
        same = got[i].data.to_uint() == c.output[i] && got[i].last == (i + 1 == got.size());
      if (cycle >= Bench::budget(c))
        fail("Dequantizer", c, "did not finish within its cycle budget");
      else if (!same)
        fail("Dequantizer", c, "values (or the last-value mark) differ from the golden de-quantization");
    }
    --g_running;
    while (true) wait();
  }

  SC_CTOR(DequantizerBench) {
    SC_CTHREAD(run, clk.pos());
    dut.clk(clk), dut.reset(b.reset), dut.busy(b.busy), dut.config_in(b.config);
    dut.elements_in(elements), dut.values_out(values);
  }
};

// The whole accelerator fed layers the driver never sends (it validates every record first): a descriptor out of
// range in the middle of a layer, a W past the largest record, an input that ends early, words after the last
// record. Each must cost only the records it concerns, name its error in their trailers, and end the layer (DONE)
// within its budget; the sound records' outputs are the golden ones.
template <int kUnits, int kLanes>
struct LayerBench : public sc_module {
  typedef typename LaneBeat<kLanes>::type StreamBeat;
  static constexpr bool kPaper = kUnits == 1 && kLanes == 1;

  sc_in<bool> clk;
  sc_signal<bool> reset;
#define EDQA_BENCH_SIGNAL(NAME, port, dir, bundle, width, description) sc_signal<sc_uint<width> > port;
  EDQA_ACCELERATOR_REGISTERS(EDQA_BENCH_SIGNAL)
#undef EDQA_BENCH_SIGNAL
  sc_fifo<StreamBeat> din{"din", kStageFifoDepth};
  sc_fifo<StreamBeat> dout{"dout", kStageFifoDepth};
  sc_signal<bool> reset_request;  // SOFT_RESET's wire: the layer bench never pulses it
  EdqaAcceleratorT<kUnits, kLanes> dut{"accelerator"};
  std::vector<StageCase> cases;

  struct Trailer {
    uint32_t words, error;
    std::vector<uint32_t> output;
  };

  static std::vector<uint32_t> descriptor(const StageCase& c, uint32_t words) {
    RecordDescriptor d;
    d.bits = c.bits;
    d.extra_bits = c.extra_bits;
    d.important = c.important;
    d.length = c.length;
    d.scale = c.inv;
    d.words = words;
    std::vector<uint32_t> packed(kDescriptorWords);
    d.pack(packed.data());
    return packed;
  }

  // Runs one quantize layer of `records` records on `stream`; false when it did not end within the budget or its
  // trailers do not walk back to the first word. `raw` receives every output word, trailers included.
  bool run_layer(const std::vector<uint32_t>& stream, uint32_t records, std::vector<Trailer>& trailers,
                 uint32_t& status_register, std::vector<uint32_t>* raw = nullptr) {
    op.write(kOpQuantize);
    this->records.write(records);
    wait();
    start.write(1);
    std::vector<uint32_t> out;
    size_t sent = 0;
    bool ended = false;
    uint64_t cycle = 0;
    const uint64_t budget = 20 * stream.size() + 20000;
    while ((!ended || done.read() == 0) && cycle < budget) {
      // Up to kLanes words a beat, the last one of an odd count alone (TKEEP 0x0F).
      const int words =
          stream.size() - sent >= static_cast<size_t>(kLanes) ? kLanes : static_cast<int>(stream.size() - sent);
      StreamBeat beat;
      if (words > 0) {
        make_beat(beat, stream[sent], words == 2 ? stream[sent + 1] : 0, words, sent + words == stream.size());
        if (din.nb_write(beat)) sent += static_cast<size_t>(words);
      }
      if (dout.nb_read(beat)) {
        for (int k = 0; k < beat_words(beat); ++k) out.push_back(beat_word(beat, k));
        ended = beat.last;
      }
      wait();
      ++cycle;
    }
    status_register = status.read().to_uint();
    start.write(0);
    while (done.read() != 0) wait();
    StreamBeat stale;
    while (din.nb_read(stale)) {
    }
    if (cycle >= budget) return false;
    if (raw != nullptr) *raw = out;
    trailers.assign(records, Trailer{});
    size_t position = out.size();
    for (uint32_t r = records; r-- > 0;) {
      if (position < 2) return false;
      position -= 2;
      Trailer& t = trailers[r];
      const RecordTrailer trailer = RecordTrailer::parse(&out[position]);
      t.words = trailer.output_words;
      t.error = trailer.error;
      if (t.words > position) return false;
      position -= t.words;
      t.output.assign(out.begin() + static_cast<long>(position), out.begin() + static_cast<long>(position + t.words));
    }
    return position == 0;
  }

  // errors: each record's expected ErrorCode; sound: its golden case where its output must be the golden record;
  // empty: records that must have no output (refused before their input was routed).
  void expect(const char* what, const StageCase& c, bool ended, const std::vector<Trailer>& t,
              const std::vector<uint32_t>& errors, const std::vector<const StageCase*>& sound,
              const std::vector<bool>& empty) {
    if (!ended) {
      fail(basename(), c, std::string(what) + ": the layer did not end, or its trailers do not add up");
      return;
    }
    for (size_t r = 0; r < errors.size(); ++r) {
      if (t[r].error != errors[r])
        fail(basename(), c,
             std::string(what) + ": record " + std::to_string(r) + " reported " + std::to_string(t[r].error));
      if (sound[r] != nullptr && t[r].output != sound[r]->record)
        fail(basename(), c, std::string(what) + ": record " + std::to_string(r) + "'s output differs");
      if (empty[r] && t[r].words != 0) fail(basename(), c, std::string(what) + ": a refused record has output");
    }
  }

  // The spec's §4.4 channel (N = m = 3, L = 8, inv = 2) behind descriptor word 0 `word0` and the `code` words a
  // descriptor loads, appended to a layer's stream.
  static void append_spec_record(std::vector<uint32_t>& stream, uint32_t word0, const std::vector<uint32_t>& code) {
    static const uint32_t channel[] = {0x40000000u, 0x3f333333u, 0xbe99999au, 0x3dc00000u,
                                       0x00000000u, 0x3f800000u, 0xc0000000u, 0x3f000000u};
    stream.insert(stream.end(), {word0, 0x40000000u, 8u});
    stream.insert(stream.end(), code.begin(), code.end());
    stream.insert(stream.end(), std::begin(channel), std::end(channel));
  }

  // Runs `stream` as one layer and checks each record's status and output (none where `outputs` has nullptr).
  void check_static_code_layer(const std::vector<uint32_t>& stream, const std::string& what,
                               const std::vector<uint32_t>& errors,
                               const std::vector<const std::vector<uint32_t>*>& outputs) {
    const StageCase& label = cases.front();
    std::vector<Trailer> t;
    uint32_t status_register = 0;
    const int records = static_cast<int>(errors.size());
    if (!run_layer(stream, records, t, status_register)) {
      fail(basename(), label, what + ": the layer did not end, or its trailers do not add up");
      return;
    }
    for (int r = 0; r < records; ++r) {
      if (t[r].error != errors[r])
        fail(basename(), label, what + ": record " + std::to_string(r) + " reported " + std::to_string(t[r].error));
      if ((outputs[r] == nullptr && t[r].words != 0) || (outputs[r] != nullptr && t[r].output != *outputs[r]))
        fail(basename(), label, what + ": record " + std::to_string(r) + "'s output differs");
    }
  }

  // The static code's misuse (docs/spec.md §7), on the spec's §4.4 channel: coding static without a loaded code, a
  // load of an illegal code, then a legal load serving two records.
  void static_code_layers() {
    const uint32_t plain = 0x00080133u;                                   // N = 3, m = 3, important, L = 8
    const uint32_t coded = plain | kDescriptorCoding.put(kCodingStatic);  // coding static
    const uint32_t loads = coded | kDescriptorLoadsStaticCode.put(1);     // ... and the static code behind it
    const std::vector<uint32_t> static_record = {0x6780a100u, 0x40000015u, 0xf9180000u};
    std::vector<uint32_t> stream;
    append_spec_record(stream, coded, {});
    append_spec_record(stream, loads, {0x23333345u});  // Kraft sum 1 + 1/16: illegal
    append_spec_record(stream, coded, {});             // the illegal code serves no one
    append_spec_record(stream, loads, {0x23333344u});
    append_spec_record(stream, coded, {});
    check_static_code_layer(stream, "static codes",
                            {kErrorStaticCode, kErrorStaticCode, kErrorStaticCode, kErrorNone, kErrorNone},
                            {nullptr, nullptr, nullptr, &static_record, &static_record});
  }

  // The codes' static code behind a descriptor (docs/spec.md §3.8, §7) on the same channel, adaptive: a load is
  // checked as it passes (an illegal one refuses its record), the stream keeps its place behind it (and behind the
  // static code when both come), a record of CODE_CODING is refused without a legal code of its N, and with one it
  // is §3.8's example: these codes cost Q = 29 bits > L N = 24, so they stay packed behind code mode bit 0, and
  // come last (§4.2).
  void code_static_code_layers() {
    const uint32_t plain = 0x00080133u;  // N = 3, m = 3, important, L = 8, adaptive
    const uint32_t loads = plain | kDescriptorLoadsCodeStaticCode.put(1);
    const uint32_t coded = plain | kDescriptorCodeCoding.put(1);
    const uint32_t both = plain | kDescriptorCoding.put(kCodingStatic) | kDescriptorLoadsStaticCode.put(1) |
                          kDescriptorLoadsCodeStaticCode.put(1);
    const std::vector<uint32_t> adaptive_record = {0x6780a100u, 0x0000000eu, 0x10320003u, 0xf5800000u};
    const std::vector<uint32_t> static_record = {0x6780a100u, 0x40000015u, 0xf9180000u};
    const std::vector<uint32_t> legal = {0x23466664u, 0x36456656u, 0x66666650u};  // spec §3.8's example, N = 3
    const std::vector<uint32_t> code_coded_record = {0x0000000eu, 0x10320003u, 0xf5800000u, 0x33c05080u};
    std::vector<uint32_t> stream;
    append_spec_record(stream, loads, {0x23466663u, 0x36456656u, 0x66666650u});  // Kraft sum 1 + 1/16: illegal
    append_spec_record(stream, coded, {});                                       // no legal code of N = 3 loaded
    append_spec_record(stream, loads, legal);
    append_spec_record(stream, coded, {});
    append_spec_record(stream, loads, {0x23466664u, 0x36456656u, 0x66666651u});  // a field past the 23 symbols
    append_spec_record(stream, both, {0x23333344u, 0x23466664u, 0x36456656u, 0x66666650u});
    append_spec_record(stream, plain, {});
    check_static_code_layer(
        stream, "codes' static codes",
        {kErrorStaticCode, kErrorStaticCode, kErrorNone, kErrorNone, kErrorStaticCode, kErrorNone, kErrorNone},
        {nullptr, nullptr, &adaptive_record, &code_coded_record, nullptr, &static_record, &adaptive_record});
  }

  // docs/spec.md §7's worked examples: each ```hex accelerator-input block run as a one-record layer must give its
  // ```hex accelerator-output block, word for word, trailer cycles included (the paper's configuration; another
  // differs only in those cycles, the last word).
  void spec_examples() {
    std::ifstream in(EDQA_DOCS_DIR "/spec.md");
    const std::string spec((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto block = [&spec](const std::string& name, size_t& from, std::vector<uint32_t>& words) {
      const size_t start = spec.find("```hex " + name + "\n", from);
      if (start == std::string::npos) return false;
      const size_t end = spec.find("```", start + 8);
      std::istringstream text(spec.substr(start + 8 + name.size(), end - start - 8 - name.size()));
      words.clear();
      std::string token;
      while (text >> token) words.push_back(static_cast<uint32_t>(std::stoul(token, nullptr, 16)));
      from = end + 3;
      return true;
    };
    size_t from = 0;
    int examples = 0;
    std::vector<uint32_t> input, expected, got;
    while (block("accelerator-input", from, input) && block("accelerator-output", from, expected)) {
      ++examples;
      std::vector<Trailer> t;
      uint32_t status_register = 0;
      const bool ran = run_layer(input, 1, t, status_register, &got);
      if (!kPaper && ran && got.size() == expected.size() && !got.empty()) got.back() = expected.back();
      if (!ran || got != expected) {
        std::string words;
        for (uint32_t w : got) words += " " + std::to_string(w);
        fail(basename(), cases.front(), "docs/spec.md §7 example " + std::to_string(examples) + " gives" + words);
      }
    }
    if (examples < 2) fail(basename(), cases.front(), "docs/spec.md has fewer than two accelerator examples");
  }

  void run() {
    reset.write(true);
    wait(4);
    reset.write(false);
    for (int c = 0; c < schedule::kResetRecoveryCycles; ++c) wait();
    int checked = 0;
    for (size_t k = 0; k + 1 < cases.size() && checked < 6; ++k) {
      const StageCase& a = cases[k];
      const StageCase& b = cases[k + 1];
      if (a.length == 0 || b.length == 0 || a.length > 300 || b.length > 300) continue;
      ++checked;
      auto append = [](std::vector<uint32_t>& to, const std::vector<uint32_t>& words) {
        to.insert(to.end(), words.begin(), words.end());
      };
      std::vector<Trailer> t;
      uint32_t status_register = 0;

      // a, then a descriptor with N = 9 and a's values, then b.
      std::vector<uint32_t> stream = descriptor(a, a.length);
      append(stream, a.values);
      std::vector<uint32_t> bad = descriptor(a, a.length);
      bad[0] = (bad[0] & ~0xFu) | 9u;
      append(stream, bad);
      append(stream, a.values);
      append(stream, descriptor(b, b.length));
      append(stream, b.values);
      bool ended = run_layer(stream, 3, t, status_register);
      expect("a bad descriptor", a, ended, t, {kErrorNone, kErrorBadConfig, kErrorNone}, {&a, nullptr, &b},
             {false, true, false});
      if (ended && status_register != (kStatusError | (kErrorBadConfig << 8)))
        fail(basename(), a, "STATUS does not name the bad descriptor");

      // a W past the largest record: the stream's place is lost, the rest refused, the stream drained to TLAST.
      stream = descriptor(a, a.length);
      append(stream, a.values);
      std::vector<uint32_t> lost = descriptor(b, 5000);
      append(stream, lost);
      append(stream, b.values);
      ended = run_layer(stream, 3, t, status_register);
      expect("a W past the largest record", a, ended, t, {kErrorNone, kErrorBadConfig, kErrorInputLength},
             {&a, nullptr, nullptr}, {false, true, true});

      // The input ends (TLAST) halfway through b's values: b is padded with zeros and reported (the host discards
      // its output), the third record refused.
      stream = descriptor(a, a.length);
      append(stream, a.values);
      append(stream, descriptor(b, b.length));
      stream.insert(stream.end(), b.values.begin(), b.values.begin() + b.length / 2);
      ended = run_layer(stream, 3, t, status_register);
      expect("an early TLAST", a, ended, t, {kErrorNone, kErrorInputLength, kErrorInputLength}, {&a, nullptr, nullptr},
             {false, false, true});

      // Words after the last record: discarded, reported on the last record; a stays sound.
      stream = descriptor(a, a.length);
      append(stream, a.values);
      append(stream, {1, 2, 3});
      ended = run_layer(stream, 1, t, status_register);
      expect("words after the last record", a, ended, t, {kErrorInputLength}, {&a}, {false});

      // One word after it: with two lanes it may share the last value's beat (and its TLAST).
      stream = descriptor(a, a.length);
      append(stream, a.values);
      append(stream, {7});
      ended = run_layer(stream, 1, t, status_register);
      expect("a word after the last record", a, ended, t, {kErrorInputLength}, {&a}, {false});
    }
    if (checked == 0) fail(basename(), cases.front(), "no case to build layers from");
    static_code_layers();
    code_static_code_layers();
    spec_examples();
    --g_running;
    while (true) wait();
  }

  SC_HAS_PROCESS(LayerBench);
  explicit LayerBench(sc_module_name name) : sc_module(name) {
    SC_CTHREAD(run, clk.pos());
    dut.clk(clk);
    dut.reset(reset);
    dut.reset_request(reset_request);
#define EDQA_BENCH_BIND(NAME, port, dir, bundle, width, description) dut.port(port);
    EDQA_ACCELERATOR_REGISTERS(EDQA_BENCH_BIND)
#undef EDQA_BENCH_BIND
    dut.din(din);
    dut.dout(dout);
  }
};

}  // namespace

int sc_main(int argc, char** argv) {
  if (argc != 3 || std::strcmp(argv[1], "--help") == 0) {
    std::fprintf(argc == 2 ? stdout : stderr,
                 "usage: stage_testbenches tests/vectors/golden.jobs tests/vectors/golden.results\n"
                 "  each stage alone against the golden model's data; exit 0 when all pass\n");
    return argc == 2 ? 0 : 2;
  }
  sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);
  std::vector<StageCase> cases;
  try {
    cases = load_cases(argv[1], argv[2]);
  } catch (const std::exception& e) {
    std::printf("FAIL: %s\n", e.what());
    return 1;
  }
  sc_clock clk("clk", 5, SC_NS);
  QuantizerBench quantizer("quantizer_bench");
  EncoderBench encoder("encoder_bench");
  DecoderBench decoder("decoder_bench");
  DequantizerBench dequantizer("dequantizer_bench");
  LayerBench<1, 1> layer("layer_bench");
  // The same malformed layers on configurations of several units and two lanes (records spread over the units,
  // starting mid-beat; TLAST in a beat's low word).
  LayerBench<2, 1> layer_2x1("layer_bench_2x1");
  LayerBench<4, 2> layer_4x2("layer_bench_4x2");
  quantizer.clk(clk), encoder.clk(clk), decoder.clk(clk), dequantizer.clk(clk), layer.clk(clk), layer_2x1.clk(clk),
      layer_4x2.clk(clk);
  quantizer.cases = encoder.cases = decoder.cases = dequantizer.cases = layer.cases = layer_2x1.cases =
      layer_4x2.cases = cases;
  g_running = 7;
  while (g_running > 0 && sc_time_stamp() < sc_time(10, SC_SEC)) sc_start(100, SC_US);
  std::printf(
      "%zu cases per stage (Quantizer, HuffmanEncoder, HuffmanDecoder with 3 malformed variants and up to 18 damaged "
      "records of known status each, Dequantizer; "
      "malformed layers on "
      "the whole accelerator in 1x1, 2x1 and 4x2), %d failed\n",
      cases.size(), g_failures);
  return g_failures == 0 && g_running == 0 && !cases.empty() ? 0 : 1;
}
