// The native side's files: how the runners (edqa-sim, edqa-board-runner) read their inputs and write their outputs,
// with the rules of edqa's own writer (sw/Edqa.Core/Io/OutputFile.cs, README "Exit codes"):
//
// - An input must be a regular file (a link is followed) of at most its reader's cap: a device, a FIFO or a
//   directory (/dev/zero as a job stream) is refused before a byte is read.
// - An output's symbolic links are followed to their final target, which is what gets written. A regular file (or a
//   name that does not exist yet) is replaced atomically: the bytes go to a temporary file beside the target, unique
//   to this process and call, which is fsync'ed, given the old file's permissions and renamed over the target only
//   when every output is complete; a failure removes every temporary file and replaces nothing. A device node, FIFO
//   or socket is written through, never replaced (as root, `run J /dev/null` must not replace the system's
//   /dev/null; /dev/full fails with ENOSPC). A directory, an empty path or a missing directory is refused.
// - Every output is judged before any is written, and the files are compared by device and inode, not by name: an
//   output that is the input, or two outputs that are one regular file, are refused (ClashError).
// Every failure is a FileError naming the path (the runners exit 3).
#ifndef EDQA_JOBS_FILE_IO_H
#define EDQA_JOBS_FILE_IO_H

#include <sys/types.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace edqa_io {

// The largest input the runners read (a job stream of 1 GiB is already twice the PYNQ-Z1's memory).
constexpr uint64_t kMaxInputBytes = uint64_t{1} << 30;

struct FileError : std::runtime_error {
  explicit FileError(const std::string& message) : std::runtime_error(message) {}
};

// Two paths that name one file where they must not (the runners exit 2: a usage error).
struct ClashError : std::runtime_error {
  explicit ClashError(const std::string& message) : std::runtime_error(message) {}
};

// Which file a path names: a file that exists by its device and inode, a name to be created by its directory's
// device and inode and its last component.
struct FileId {
  dev_t device = 0;
  ino_t inode = 0;
  std::string name;  // empty when the file exists
  bool operator==(const FileId& other) const {
    return device == other.device && inode == other.inode && name == other.name;
  }
};

// A regular file's bytes; `id` (when given) receives which file was read.
std::vector<uint8_t> read_input(const std::string& path, uint64_t max_bytes = kMaxInputBytes, FileId* id = nullptr);

enum class OutputKind { kMissing, kRegular, kSpecial };

struct OutputTarget {
  std::string path;    // as given
  std::string target;  // the end of its chain of symbolic links
  OutputKind kind = OutputKind::kMissing;
  FileId id;
};

// Judges one output path by the rules above without writing anything.
OutputTarget resolve_output(const std::string& path);

// The file a waveform path names: SystemC's sc_create_vcd_trace_file appends ".vcd" to the name it is given, so a
// path ending in ".vcd" is written as given (the suffix is stripped before SystemC sees it) and any other path P as
// P.vcd. A directory, or a device, FIFO or socket without the suffix (/dev/full would become /dev/full.vcd), is
// refused, as is a file that cannot be opened for writing; a device or FIFO named *.vcd is written through.
OutputTarget resolve_waveform(const std::string& path);

// The name to give sc_create_vcd_trace_file for a waveform path: the path without a trailing ".vcd".
std::string waveform_base(const std::string& path);

// Refuses an output that is one of `inputs`, and two outputs that are one regular file (or one name to create).
void check_distinct(const std::vector<OutputTarget>& outputs,
                    const std::vector<std::pair<std::string, FileId>>& inputs);

struct Output {
  std::string path;
  std::string bytes;
};

// Writes every output by the rules above: all judged, then all regular ones written to temporary files, then the
// devices and FIFOs written through, then every temporary file renamed over its target.
void write_outputs(const std::vector<Output>& outputs);

// Control characters as escapes (C0 and DEL as \xNN, C1 as \u00NN, a backslash as \\): a label from a file is
// printed as text, never as terminal escape sequences.
std::string printable(const std::string& text);

}  // namespace edqa_io

#endif  // EDQA_JOBS_FILE_IO_H
