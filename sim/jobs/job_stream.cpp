#include "job_stream.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "crc32c.h"
#include "edqa_numerics.h"

namespace edqa_jobs {

namespace {

// 4: a job's codes' static code and an eDQA record's CODE_CODING; 3, still read: neither (packed codes); 2, still
// read: no GRID either (signed).
constexpr uint16_t kJobVersion = 4;
constexpr uint16_t kResultVersion = 3;     // 3: counters per record from the register table (C); 2: five fixed
constexpr uint32_t kVersion2Counters = 5;  // total, quantizer, encoder, decoder, dequantizer
constexpr size_t kHeaderBytes = 16;
constexpr char kJobMagic[4] = {'E', 'D', 'Q', 'J'};
constexpr char kResultMagic[4] = {'E', 'D', 'Q', 'R'};
constexpr uint32_t kLastStatus = 7;         // EDQA_ERROR_INTERNAL
constexpr uint32_t kNullPointerStatus = 1;  // EDQA_ERROR_NULL_POINTER: only a call has it (the runners pass no null)

uint32_t load_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | (static_cast<uint32_t>(p[1]) << 8) | (static_cast<uint32_t>(p[2]) << 16) |
         (static_cast<uint32_t>(p[3]) << 24);
}

// Whether bytes are well-formed UTF-8 as .NET's strict decoder reads it (the C# readers' rule): no overlong forms, no
// surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequence.
bool valid_utf8(const uint8_t* p, size_t n) {
  size_t i = 0;
  while (i < n) {
    const uint8_t c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra = 0;
    uint8_t low = 0x80, high = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (n - i <= extra) return false;
    if (p[i + 1] < low || p[i + 1] > high) return false;
    for (size_t k = 2; k <= extra; ++k) {
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
    }
    i += extra + 1;
  }
  return true;
}

// Bounds-checked reading with the field's name in every error.
class Reader {
 public:
  Reader(const std::vector<uint8_t>& bytes, const std::string& what) : bytes_(bytes), what_(what) {}

  // Versions oldest..newest are read; version is set to the stream's.
  uint32_t header(const char (&magic)[4], const char* kind, uint16_t oldest, uint16_t newest, uint16_t& version) {
    if (bytes_.size() < kHeaderBytes || std::memcmp(bytes_.data(), magic, 4) != 0) {
      fail(std::string("header: the magic is not \"") + std::string(magic, 4) + "\"; this is not " + kind);
    }
    const uint32_t version_word = load_u32(bytes_.data() + 4);
    version = static_cast<uint16_t>(version_word & 0xFFFFu);
    if (version < oldest || version > newest) {
      fail("header: version " + std::to_string(version) + " is not supported (this reader reads versions " +
           std::to_string(oldest) + " to " + std::to_string(newest) +
           std::string(version == 1 ? "; version 1 was written before record modes: save it again)" : ")"));
    }
    if ((version_word >> 16) != 0) fail("header: the reserved field is not 0");
    const uint32_t stored = load_u32(bytes_.data() + 12);
    if (stored != crc32c(bytes_.data(), 12)) fail("header: CRC-32C mismatch; the header is corrupted");
    offset_ = kHeaderBytes;
    const uint32_t count = load_u32(bytes_.data() + 8);
    // The C# readers hold a count (and a job index) in an int: the same limit here, so both refuse the same streams.
    if (count > static_cast<uint32_t>(INT32_MAX))
      fail("header: " + std::to_string(count) + " jobs is more than a stream holds");
    return count;
  }

  uint32_t u32(const std::string& field) {
    if (remaining() < 4)
      fail(field + ": truncated at byte " + std::to_string(offset_) + " of " + std::to_string(bytes_.size()));
    const uint32_t value = load_u32(bytes_.data() + offset_);
    offset_ += 4;
    return value;
  }

  uint32_t u32(const std::string& field, uint32_t min, uint32_t max) {
    const uint32_t value = u32(field);
    if (value < min || value > max) {
      fail(field + " is " + std::to_string(value) + "; it must be in [" + std::to_string(min) + ", " +
           std::to_string(max) + "]");
    }
    return value;
  }

  void require(uint64_t words, const std::string& what) const {
    if (words * 4 > remaining()) {
      fail(what + ": truncated: " + std::to_string(words) + " words needed at byte " + std::to_string(offset_) + ", " +
           std::to_string(remaining()) + " bytes remain");
    }
  }

  std::vector<uint32_t> words(uint64_t count, const std::string& what) {
    require(count, what);
    std::vector<uint32_t> result(static_cast<size_t>(count));
    for (size_t i = 0; i < result.size(); ++i) result[i] = load_u32(bytes_.data() + offset_ + 4 * i);
    offset_ += 4 * result.size();
    return result;
  }

  std::string text(uint32_t max_bytes, const std::string& what) {
    const uint32_t length = u32(what + " length", 0, max_bytes);
    const size_t padded = 4 * ((static_cast<size_t>(length) + 3) / 4);
    require(padded / 4, what);
    for (size_t i = length; i < padded; ++i) {
      if (bytes_[offset_ + i] != 0) fail(what + ": padding bytes after the text are not zero");
    }
    if (!valid_utf8(bytes_.data() + offset_, length)) fail(what + ": not valid UTF-8");
    std::string result(reinterpret_cast<const char*>(bytes_.data() + offset_), length);
    offset_ += padded;
    return result;
  }

  void crc(size_t start, const std::string& what) {
    const size_t end = offset_;
    const uint32_t stored = u32(what + " CRC-32C");
    if (stored != crc32c(bytes_.data() + start, end - start)) fail(what + ": CRC-32C mismatch; it is corrupted");
  }

  void end() const {
    if (remaining() != 0) fail(std::to_string(remaining()) + " bytes follow the last job");
  }

  size_t offset() const { return offset_; }
  size_t remaining() const { return bytes_.size() - offset_; }

  [[noreturn]] void fail(const std::string& message) const { throw StreamError(what_ + ": " + message); }

 private:
  const std::vector<uint8_t>& bytes_;
  std::string what_;
  size_t offset_ = 0;
};

class Writer {
 public:
  void u32(uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<uint8_t>(value >> (8 * i)));
  }

  void header(const char (&magic)[4], uint16_t version, uint32_t count) {
    bytes_.insert(bytes_.end(), magic, magic + 4);
    u32(version);
    u32(count);
    crc_from(0);
  }

  void words(const std::vector<uint32_t>& values) {
    for (uint32_t v : values) u32(v);
  }

  void text(const std::string& text, uint32_t max_bytes) {
    size_t length = text.size() < max_bytes ? text.size() : max_bytes;  // a longer message is cut
    // ... at a character's start, so the cut text is still UTF-8 (a continuation byte is 10xxxxxx).
    if (length < text.size()) {
      while (length > 0 && (static_cast<uint8_t>(text[length]) & 0xC0) == 0x80) --length;
    }
    u32(static_cast<uint32_t>(length));
    bytes_.insert(bytes_.end(), text.begin(), text.begin() + static_cast<std::ptrdiff_t>(length));
    while (bytes_.size() % 4 != 0) bytes_.push_back(0);
  }

  void crc_from(size_t start) { u32(crc32c(bytes_.data() + start, bytes_.size() - start)); }

  size_t size() const { return bytes_.size(); }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace

std::vector<Job> read_jobs(const std::vector<uint8_t>& bytes, const std::string& what) {
  Reader reader(bytes, what);
  uint16_t version = 0;
  const uint32_t count = reader.header(kJobMagic, "a job stream", 2, kJobVersion, version);
  std::vector<Job> jobs;
  for (uint32_t index = 0; index < count; ++index) {
    const std::string where = "job " + std::to_string(index);
    const size_t start = reader.offset();
    Job job;
    job.accelerator = static_cast<Accelerator>(reader.u32(where + ": accelerator", 0, 1));
    job.op = reader.u32(where + ": op", 0, 1);
    job.label = reader.text(kMaxLabelBytes, where + ": label");
    job.static_code_bits = reader.u32(where + ": static code's m", 0, job.accelerator == Accelerator::kEdqa ? 8 : 0);
    if (job.static_code_bits > 0)
      job.static_code = reader.words(((1u << job.static_code_bits) * 4 + 31) / 32, where + ": static code");
    if (version >= 4) {
      job.code_static_code_bits =
          reader.u32(where + ": codes' static code's N", 0, job.accelerator == Accelerator::kEdqa ? 8 : 0);
      if (job.code_static_code_bits == 1) reader.fail(where + ": codes' static code's N is 1 (0 or 2..8)");
      if (job.code_static_code_bits > 0)
        job.code_static_code = reader.words(edqa_hw::code_static_code_section_words(job.code_static_code_bits),
                                            where + ": codes' static code");
    }
    const uint32_t records = reader.u32(where + ": records", 1, kMaxRecordsPerJob);
    const bool edqa = job.accelerator == Accelerator::kEdqa;
    // Values missing from an older stream read as 0: GRID (version 2, signed) and CODE_CODING (versions 2, 3).
    const uint32_t values = !edqa          ? value_count(job.accelerator)
                            : version == 2 ? kEdqaVersion2DescriptorValues
                            : version == 3 ? kEdqaVersion3DescriptorValues
                                           : kEdqaDescriptorValues;
    reader.require(static_cast<uint64_t>(records) * (values + 1), where + ": record descriptors");
    job.records.resize(records);
    std::vector<uint32_t> input_words(records);
    uint64_t total = 0;
    for (uint32_t r = 0; r < records; ++r) {
      const std::string field = where + ", record " + std::to_string(r);
      job.records[r].values = reader.words(values, field + ": descriptor");
      if (edqa) job.records[r].values.resize(kEdqaDescriptorValues, 0);
      input_words[r] = reader.u32(field + ": input words");
      total += input_words[r];
    }
    reader.require(total + 1, where + ": input words");
    for (uint32_t r = 0; r < records; ++r) {
      job.records[r].input = reader.words(input_words[r], where + ", record " + std::to_string(r) + ": input");
    }
    reader.crc(start, where);
    jobs.push_back(std::move(job));
  }
  reader.end();
  return jobs;
}

std::vector<uint8_t> write_results(const std::vector<JobResult>& results) {
  Writer writer;
  writer.header(kResultMagic, kResultVersion, static_cast<uint32_t>(results.size()));
  for (const JobResult& job : results) {
    const size_t start = writer.size();
    writer.u32(job.job_index);
    writer.u32(static_cast<uint32_t>(job.accelerator));
    writer.u32(job.op);
    writer.u32(static_cast<uint32_t>(job.records.size()));
    writer.u32(job.counters);
    for (const RecordResult& record : job.records) {
      writer.u32(record.status);
      for (uint32_t c = 0; c < job.counters; ++c) writer.u32(c < record.counters.size() ? record.counters[c] : 0u);
      writer.u32(static_cast<uint32_t>(record.host_ns));
      writer.u32(static_cast<uint32_t>(record.host_ns >> 32));
      writer.u32(static_cast<uint32_t>(record.output.size()));
      writer.text(record.message, kMaxMessageBytes);
    }
    for (const RecordResult& record : job.records) writer.words(record.output);
    writer.crc_from(start);
  }
  return std::move(writer.bytes());
}

std::vector<JobResult> read_results(const std::vector<uint8_t>& bytes, const std::string& what) {
  Reader reader(bytes, what);
  uint16_t version = 0;
  const uint32_t count = reader.header(kResultMagic, "a result stream", 2, kResultVersion, version);
  std::vector<JobResult> results;
  for (uint32_t index = 0; index < count; ++index) {
    const std::string where = "job result " + std::to_string(index);
    const size_t start = reader.offset();
    JobResult job;
    job.job_index = reader.u32(where + ": job index", 0, static_cast<uint32_t>(INT32_MAX));
    job.accelerator = static_cast<Accelerator>(reader.u32(where + ": accelerator", 0, 1));
    job.op = reader.u32(where + ": op", 0, 1);
    const uint32_t records = reader.u32(where + ": records", 1, kMaxRecordsPerJob);
    job.counters = version == 2 ? kVersion2Counters : reader.u32(where + ": counters", 0, kMaxCounters);
    reader.require(static_cast<uint64_t>(records) * (5 + job.counters), where + ": record results");
    job.records.resize(records);
    std::vector<uint32_t> output_words(records);
    uint64_t total = 0;
    for (uint32_t r = 0; r < records; ++r) {
      const std::string field = where + ", record " + std::to_string(r);
      RecordResult& record = job.records[r];
      record.status = reader.u32(field + ": status", 0, kLastStatus);
      if (record.status == kNullPointerStatus)
        reader.fail(field + ": status 1 (NULL_POINTER) is a call's, never a record's");
      record.counters.resize(job.counters);
      for (uint32_t& counter : record.counters) counter = reader.u32(field + ": counters");
      const uint64_t low = reader.u32(field + ": host ns");
      record.host_ns = low | (static_cast<uint64_t>(reader.u32(field + ": host ns")) << 32);
      output_words[r] = reader.u32(field + ": output words");
      record.message = reader.text(kMaxMessageBytes, field + ": message");
      if (record.status != 0 && output_words[r] != 0) reader.fail(field + ": a failed record carries output words");
      total += output_words[r];
    }
    reader.require(total + 1, where + ": output words");
    for (uint32_t r = 0; r < records; ++r) {
      job.records[r].output = reader.words(output_words[r], where + ", record " + std::to_string(r) + ": output");
    }
    reader.crc(start, where);
    results.push_back(std::move(job));
  }
  reader.end();
  return results;
}

std::string first_difference(const JobResult& expected, const JobResult& actual) {
  char line[320];
  if (expected.records.size() != actual.records.size()) {
    std::snprintf(line, sizeof line, "%zu records expected, got %zu", expected.records.size(), actual.records.size());
    return line;
  }
  for (size_t r = 0; r < expected.records.size(); ++r) {
    const RecordResult& want = expected.records[r];
    const RecordResult& got = actual.records[r];
    if (want.status != got.status) {
      std::snprintf(line, sizeof line, "record %zu: status %u expected, got %u (%s)", r, want.status, got.status,
                    got.message.c_str());
      return line;
    }
    const size_t words = std::max(want.output.size(), got.output.size());
    for (size_t i = 0; i < words; ++i) {
      const bool have = i < got.output.size();
      const bool need = i < want.output.size();
      if (!have || !need || want.output[i] != got.output[i]) {
        std::snprintf(line, sizeof line, "record %zu, output word %zu: expected %s%08x, got %s%08x", r, i,
                      need ? "0x" : "(end) ", need ? want.output[i] : 0u, have ? "0x" : "(end) ",
                      have ? got.output[i] : 0u);
        return line;
      }
    }
  }
  return "";
}

}  // namespace edqa_jobs
