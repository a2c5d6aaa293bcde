// The native side's files without SystemC (sim/jobs/file_io.h, job_stream.h): the output paths edqa's writer is
// tested with (regular, missing, links, FIFOs, devices, directories, clashes, a failure half-way), inputs that are
// not regular files or are too large, waveform paths, the job-stream reader's UTF-8 and index checks, and mutated
// streams through both readers (run under AddressSanitizer and UBSan by `make test-sanitize`).
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "file_io.h"
#include "job_stream.h"
#include "stream_builder.h"

namespace {

class Files : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/edqa-io-XXXXXX";
    ASSERT_NE(nullptr, ::mkdtemp(pattern));
    dir_ = pattern;
  }
  void TearDown() override {
    if (std::system(("rm -rf '" + dir_ + "'").c_str()) != 0) ADD_FAILURE() << "cannot remove " << dir_;
  }
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  static std::string read(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  static void put(const std::string& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
  int leftovers() const {
    int n = 0;
    DIR* d = ::opendir(dir_.c_str());
    while (const dirent* entry = ::readdir(d)) n += std::string(entry->d_name).find(".tmp-") != std::string::npos;
    ::closedir(d);
    return n;
  }
  std::string dir_;
};

mode_t mode_of(const std::string& p) {
  struct stat info {};
  ::stat(p.c_str(), &info);
  return info.st_mode;
}

TEST_F(Files, ARegularFileIsReplacedKeepingItsPermissions) {
  put(path("r"), "old");
  ::chmod(path("r").c_str(), 0640);
  edqa_io::write_outputs({{path("r"), "new"}});
  EXPECT_EQ("new", read(path("r")));
  EXPECT_EQ(0640u, mode_of(path("r")) & 07777);
  edqa_io::write_outputs({{path("fresh"), "x"}});
  EXPECT_EQ("x", read(path("fresh")));
  EXPECT_EQ(0, leftovers());
}

TEST_F(Files, LinksAreFollowedToTheirFinalTarget) {
  put(path("target"), "old");
  ASSERT_EQ(0, ::symlink("target", path("link1").c_str()));
  ASSERT_EQ(0, ::symlink(path("link1").c_str(), path("link2").c_str()));
  edqa_io::write_outputs({{path("link2"), "new"}});
  struct stat info {};
  ASSERT_EQ(0, ::lstat(path("link2").c_str(), &info));
  EXPECT_TRUE(S_ISLNK(info.st_mode));
  EXPECT_EQ("new", read(path("target")));
  // A dangling link creates its target; a loop is refused naming the path.
  ASSERT_EQ(0, ::symlink("made", path("dangling").c_str()));
  edqa_io::write_outputs({{path("dangling"), "m"}});
  EXPECT_EQ("m", read(path("made")));
  ASSERT_EQ(0, ::symlink("loop-b", path("loop-a").c_str()));
  ASSERT_EQ(0, ::symlink("loop-a", path("loop-b").c_str()));
  try {
    edqa_io::write_outputs({{path("loop-a"), "x"}});
    FAIL() << "a link loop was written";
  } catch (const edqa_io::FileError& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find("loop-a"));
  }
}

TEST_F(Files, DevicesAndFifosAreWrittenThroughNeverReplaced) {
  edqa_io::write_outputs({{"/dev/null", "discarded"}});
  EXPECT_TRUE(S_ISCHR(mode_of("/dev/null")));
  try {
    edqa_io::write_outputs({{"/dev/full", "x"}});
    FAIL() << "/dev/full took the bytes";
  } catch (const edqa_io::FileError& e) {
    EXPECT_NE(std::string::npos, std::string(e.what()).find("/dev/full"));
  }
  EXPECT_TRUE(S_ISCHR(mode_of("/dev/full")));
  ASSERT_EQ(0, ::mkfifo(path("fifo").c_str(), 0600));
  std::string got;
  std::thread reader([&] { got = read(path("fifo")); });
  edqa_io::write_outputs({{path("fifo"), "through the fifo"}});
  reader.join();
  EXPECT_EQ("through the fifo", got);
  EXPECT_TRUE(S_ISFIFO(mode_of(path("fifo"))));
}

TEST_F(Files, BadPathsAreRefusedBeforeAnyOutputIsReplaced) {
  put(path("first"), "old");
  ::mkdir(path("dir").c_str(), 0700);
  size_t refused = 0;
  for (const std::string& bad : {path("dir"), path("no-such-dir/x"), std::string(""), path("dir") + "/"}) {
    try {
      edqa_io::write_outputs({{path("first"), "new"}, {bad, "x"}});
    } catch (const edqa_io::FileError& e) {
      ++refused;
      if (!bad.empty()) {
        EXPECT_NE(std::string::npos, std::string(e.what()).find(bad)) << e.what();
      }
    }
    EXPECT_EQ("old", read(path("first"))) << bad;
  }
  EXPECT_EQ(4u, refused);
  // Two outputs that are one file, by another name or through a link: refused, nothing written.
  ASSERT_EQ(0, ::symlink("first", path("alias").c_str()));
  for (const std::string& same : {path("first"), path("alias"), dir_ + "/./first"}) {
    EXPECT_THROW(edqa_io::write_outputs({{path("first"), "new"}, {same, "x"}}), edqa_io::ClashError) << same;
  }
  EXPECT_THROW(edqa_io::write_outputs({{path("new1"), "a"}, {dir_ + "/../" + dir_.substr(5) + "/new1", "b"}}),
               edqa_io::ClashError);
  EXPECT_EQ("old", read(path("first")));
  EXPECT_EQ(0, leftovers());
}

TEST_F(Files, InputsMustBeRegularFilesWithinTheCap) {
  put(path("in"), "12345678");
  edqa_io::FileId id;
  EXPECT_EQ(8u, edqa_io::read_input(path("in"), 8, &id).size());
  EXPECT_THROW(edqa_io::read_input(path("in"), 7), edqa_io::FileError);
  ASSERT_EQ(0, ::mkfifo(path("fifo").c_str(), 0600));
  for (const std::string& bad :
       {std::string("/dev/zero"), std::string("/dev/null"), path("fifo"), dir_, path("missing")}) {
    try {
      edqa_io::read_input(bad);
      ADD_FAILURE() << bad << " was read";
    } catch (const edqa_io::FileError& e) {
      EXPECT_NE(std::string::npos, std::string(e.what()).find(bad));
    }
  }
  // The input compared by device and inode with an output naming it another way.
  ASSERT_EQ(0, ::symlink("in", path("in-link").c_str()));
  EXPECT_THROW(edqa_io::check_distinct({edqa_io::resolve_output(path("in-link"))}, {{"jobs", id}}),
               edqa_io::ClashError);
}

TEST_F(Files, WaveformPathsNameTheFileSystemCWrites) {
  EXPECT_EQ(path("w.vcd"), edqa_io::resolve_waveform(path("w.vcd")).target);
  EXPECT_EQ(path("w"), edqa_io::waveform_base(path("w.vcd")));
  EXPECT_EQ(path("w.vcd"), edqa_io::resolve_waveform(path("w")).target);
  ::mkdir(path("d.vcd").c_str(), 0700);
  ::mkdir(path("d").c_str(), 0700);
  for (const std::string& bad : {path("d"), path("d.vcd"), std::string("/dev/full"), std::string("/dev/null"),
                                 path("no-such-dir/w.vcd"), std::string("")}) {
    EXPECT_THROW(edqa_io::resolve_waveform(bad), edqa_io::FileError) << bad;
  }
  if (::geteuid() != 0) {
    ::mkdir(path("ro").c_str(), 0500);
    EXPECT_THROW(edqa_io::resolve_waveform(path("ro/w.vcd")), edqa_io::FileError);
  }
}

TEST(Printable, ControlCharactersAreEscaped) {
  EXPECT_EQ("evil\\x1b]0;t\\x07\\x1b[2J\\x0d\\x0a \\u009b \\\\ \\x7f ok \xc3\xa9",
            edqa_io::printable("evil\x1b]0;t\x07\x1b[2J\r\n \xc2\x9b \\ \x7f ok \xc3\xa9"));
}

edqa_test::BuiltJob sound_job(const std::string& label) {
  edqa_test::BuiltJob job;
  job.label = label;
  edqa_test::BuiltRecord record{edqa_test::edqa_values(3, 3, 1, 2, 2.0f, 0.5f, 0), {0, 0}};
  job.records.push_back(record);
  return job;
}

TEST(JobStreamReader, LabelsMustBeUtf8AsTheCSharpReaderHasThem) {
  for (const std::string& good :
       {std::string("relu1"), std::string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), std::string("")}) {
    EXPECT_EQ(good, edqa_jobs::read_jobs(edqa_test::job_stream({sound_job(good)}), "t")[0].label);
  }
  size_t refused = 0;
  const std::vector<std::string> bad = {
      "\xc0\x80",         "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
      "\xf5\x80\x80\x80", "\xe2\x82", "\x80",         "\xff",         "a\xc3"};
  for (const std::string& label : bad) {
    try {
      edqa_jobs::read_jobs(edqa_test::job_stream({sound_job(label)}), "t");
      ADD_FAILURE() << "accepted a label of " << label.size() << " bytes";
    } catch (const edqa_jobs::StreamError& e) {
      ++refused;
      EXPECT_NE(std::string::npos, std::string(e.what()).find("not valid UTF-8")) << e.what();
    }
  }
  EXPECT_EQ(bad.size(), refused);
}

TEST(JobStreamReader, CountsAndIndicesBeyondAnIntAreRefused) {
  EXPECT_THROW(edqa_jobs::read_jobs(edqa_test::job_stream({sound_job("a")}, 0x80000000u), "t"), edqa_jobs::StreamError);
  edqa_jobs::JobResult result;
  result.job_index = 0x80000000u;
  result.records.resize(1);
  EXPECT_THROW(edqa_jobs::read_results(edqa_jobs::write_results({result}), "t"), edqa_jobs::StreamError);
  result.job_index = 0x7FFFFFFFu;
  // A message cut at 1,023 bytes stays UTF-8 (the cut falls before a character, never inside one).
  result.records[0].status = 2;
  for (int i = 0; i < 600; ++i) result.records[0].message += "\xc3\xa9";
  const std::vector<edqa_jobs::JobResult> back = edqa_jobs::read_results(edqa_jobs::write_results({result}), "t");
  EXPECT_EQ(0x7FFFFFFFu, back[0].job_index);
  EXPECT_EQ(1022u, back[0].records[0].message.size());
}

// Mutated streams through both readers: every one parses or is a StreamError (no crash, no other exception); under
// AddressSanitizer and UBSan (make test-sanitize) every read is checked too.
TEST(JobStreamReader, MutatedStreamsAreParsedOrRefused) {
  edqa_test::BuiltJob edqa = sound_job("mutant");
  edqa.static_bits = 3;
  edqa.static_code = {0x12345678u};
  edqa.records.push_back({edqa_test::edqa_values(8, 8, 1, 3, 1.0f, 1.0f, 2), {1, 2, 3}});
  edqa_test::BuiltJob noisy;
  noisy.accelerator = 1;
  noisy.op = 1;
  noisy.label = "n";
  noisy.records.push_back({{4, 2}, {1, 2, 3}});
  const std::vector<uint8_t> jobs = edqa_test::job_stream({edqa, noisy});
  edqa_jobs::JobResult result;
  result.counters = 5;
  result.records.resize(2);
  result.records[0].counters.assign(5, 7);
  result.records[0].output = {1, 2, 3};
  result.records[1].status = 4;
  result.records[1].message = "refused";
  const std::vector<uint8_t> results = edqa_jobs::write_results({result, result});
  std::mt19937 random(26);
  size_t parsed = 0, refused = 0;
  for (int i = 0; i < 3000; ++i) {
    for (const std::vector<uint8_t>* base : {&jobs, &results}) {
      std::vector<uint8_t> m = *base;
      const int kind = static_cast<int>(random() % 4);
      if (kind == 0) {
        m[random() % m.size()] ^= static_cast<uint8_t>(1u << (random() % 8));
      } else if (kind == 1) {
        m.resize(random() % m.size());
      } else if (kind == 2) {
        const size_t at = 4 * (random() % (m.size() / 4));
        const uint32_t v = random() % 3 == 0 ? 0xFFFFFFFFu : random() % 3 == 0 ? 0x80000000u : random() % 64;
        for (int b = 0; b < 4; ++b) m[at + b] = static_cast<uint8_t>(v >> (8 * b));
      } else {
        m.insert(m.begin() + static_cast<long>(random() % m.size()), static_cast<uint8_t>(random()));
      }
      try {
        if (base == &jobs) {
          edqa_jobs::read_jobs(m, "mutant");
        } else {
          edqa_jobs::read_results(m, "mutant");
        }
        ++parsed;
      } catch (const edqa_jobs::StreamError&) {
        ++refused;
      }
    }
  }
  EXPECT_EQ(6000u, parsed + refused);
  EXPECT_GT(refused, 5000u);
  std::printf("mutated streams: %zu parsed, %zu refused\n", parsed, refused);
}

}  // namespace
