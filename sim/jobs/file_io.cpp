#include "file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

namespace edqa_io {

namespace {

constexpr int kMaxLinks = 40;  // as the kernel's ELOOP limit

std::string error_text(int error) { return std::strerror(error); }

// The directory and last component of a path ("x" -> ".", "x"; "/x" -> "/", "x").
std::pair<std::string, std::string> split(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return {".", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

// The end of a path's chain of symbolic links (the path itself when it is no link or does not exist).
std::string final_target(const std::string& path, const std::string& given) {
  std::string current = path;
  for (int hop = 0; hop < kMaxLinks; ++hop) {
    struct stat info {};
    if (::lstat(current.c_str(), &info) != 0) {
      if (errno == ENOENT) return current;
      throw FileError(given + ": " + error_text(errno));
    }
    if (!S_ISLNK(info.st_mode)) return current;
    std::vector<char> buffer(static_cast<size_t>(info.st_size > 0 ? info.st_size : 255) + 2);
    const ssize_t length = ::readlink(current.c_str(), buffer.data(), buffer.size() - 1);
    if (length < 0) throw FileError(given + ": cannot read the link " + current + ": " + error_text(errno));
    const std::string link(buffer.data(), static_cast<size_t>(length));
    current = !link.empty() && link[0] == '/' ? link : split(current).first + "/" + link;
  }
  throw FileError(given + ": more than " + std::to_string(kMaxLinks) + " symbolic links (a loop?)");
}

void write_all(int fd, const std::string& bytes, const std::string& path) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw FileError(path + ": cannot write: " + error_text(n < 0 ? errno : EIO));
    done += static_cast<size_t>(n);
  }
}

// Writes the bytes to a new temporary file beside the target, fsync'ed and with the replaced file's permissions.
std::string write_temporary(const OutputTarget& output, const std::string& bytes) {
  const auto [directory, name] = split(output.target);
  std::random_device random;
  char suffix[64];
  std::snprintf(suffix, sizeof suffix, ".tmp-%ld-%08x", static_cast<long>(::getpid()), random());
  const std::string temporary = directory + "/." + name + suffix;
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) throw FileError(output.path + ": cannot write: " + error_text(errno));
  try {
    write_all(fd, bytes, output.path);
    if (::fsync(fd) != 0) throw FileError(output.path + ": cannot write: " + error_text(errno));
    // The replacement keeps the permissions the user gave the file it replaces.
    struct stat old {};
    if (output.kind == OutputKind::kRegular && ::stat(output.target.c_str(), &old) == 0 &&
        ::fchmod(fd, old.st_mode & 07777) != 0) {
      throw FileError(output.path + ": cannot keep its permissions: " + error_text(errno));
    }
  } catch (...) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw;
  }
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    throw FileError(output.path + ": cannot write: " + error_text(error));
  }
  return temporary;
}

void write_through(const OutputTarget& output, const std::string& bytes) {
  const int fd = ::open(output.target.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw FileError(output.path + ": cannot write: " + error_text(errno));
  try {
    write_all(fd, bytes, output.path);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) throw FileError(output.path + ": cannot write: " + error_text(errno));
}

bool ends_with_vcd(const std::string& path) { return path.size() > 4 && path.compare(path.size() - 4, 4, ".vcd") == 0; }

}  // namespace

std::vector<uint8_t> read_input(const std::string& path, uint64_t max_bytes, FileId* id) {
  if (path.empty()) throw FileError("the input path is empty");
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw FileError(path + ": cannot open: " + error_text(errno));
  std::vector<uint8_t> bytes;
  try {
    struct stat info {};
    if (::fstat(fd, &info) != 0) throw FileError(path + ": cannot open: " + error_text(errno));
    if (S_ISDIR(info.st_mode)) throw FileError(path + ": is a directory, not a file to read");
    if (!S_ISREG(info.st_mode)) {
      throw FileError(path + ": is not a regular file (a device, FIFO or socket); give a file");
    }
    if (static_cast<uint64_t>(info.st_size) > max_bytes) {
      throw FileError(path + ": is " + std::to_string(info.st_size) + " bytes, more than the " +
                      std::to_string(max_bytes) + " this reader takes");
    }
    if (id != nullptr) *id = FileId{info.st_dev, info.st_ino, ""};
    bytes.resize(static_cast<size_t>(info.st_size));
    size_t done = 0;
    for (;;) {
      if (done == bytes.size()) {
        // The file may have grown since fstat: read on, within the cap.
        if (bytes.size() > max_bytes) {
          throw FileError(path + ": grew past the " + std::to_string(max_bytes) + " bytes this reader takes");
        }
        bytes.resize(bytes.size() + 4096);
      }
      const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) throw FileError(path + ": cannot read: " + error_text(errno));
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    if (done > max_bytes) {
      throw FileError(path + ": grew past the " + std::to_string(max_bytes) + " bytes this reader takes");
    }
    bytes.resize(done);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return bytes;
}

OutputTarget resolve_output(const std::string& path) {
  if (path.empty()) throw FileError("the output path is empty");
  OutputTarget output;
  output.path = path;
  output.target = final_target(path, path);
  struct stat info {};
  if (::stat(output.target.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) throw FileError(path + ": is a directory, not a file to write");
    output.kind = S_ISREG(info.st_mode) ? OutputKind::kRegular : OutputKind::kSpecial;
    output.id = FileId{info.st_dev, info.st_ino, ""};
    return output;
  }
  if (errno != ENOENT) throw FileError(path + ": " + error_text(errno));
  const auto [directory, name] = split(output.target);
  if (name.empty() || name == "." || name == "..") throw FileError(path + ": names a directory, not a file to write");
  struct stat parent {};
  if (::stat(directory.c_str(), &parent) != 0 || !S_ISDIR(parent.st_mode)) {
    throw FileError(path + ": the directory " + directory + " does not exist");
  }
  output.kind = OutputKind::kMissing;
  output.id = FileId{parent.st_dev, parent.st_ino, name};
  return output;
}

std::string waveform_base(const std::string& path) {
  return ends_with_vcd(path) ? path.substr(0, path.size() - 4) : path;
}

OutputTarget resolve_waveform(const std::string& path) {
  if (path.empty()) throw FileError("the waveform path is empty");
  if (!ends_with_vcd(path)) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode)) {
      throw FileError(path + ": is a " + std::string(S_ISDIR(info.st_mode) ? "directory" : "device, FIFO or socket") +
                      "; SystemC writes a waveform to NAME.vcd: give a file name ending in .vcd");
    }
  }
  OutputTarget output = resolve_output(ends_with_vcd(path) ? path : path + ".vcd");
  output.path = path;
  if (output.kind == OutputKind::kMissing) {
    const std::string directory = split(output.target).first;
    if (::access(directory.c_str(), W_OK | X_OK) != 0) {
      throw FileError(path + ": cannot write the waveform in " + directory + ": " + error_text(errno));
    }
  } else if (::access(output.target.c_str(), W_OK) != 0) {
    throw FileError(path + ": cannot write the waveform: " + error_text(errno));
  }
  return output;
}

void check_distinct(const std::vector<OutputTarget>& outputs,
                    const std::vector<std::pair<std::string, FileId>>& inputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    for (const auto& [input, id] : inputs) {
      if (outputs[i].id == id) throw ClashError(outputs[i].path + " is the input " + input + "; choose another output");
    }
    // Two writes to one device or FIFO are the caller's choice (both to /dev/null); to one regular file, a loss.
    if (outputs[i].kind == OutputKind::kSpecial) continue;
    for (size_t j = 0; j < i; ++j) {
      if (outputs[j].id == outputs[i].id) {
        throw ClashError(outputs[j].path + " and " + outputs[i].path + " are the same file; choose two outputs");
      }
    }
  }
}

void write_outputs(const std::vector<Output>& outputs) {
  std::vector<OutputTarget> targets;
  for (const Output& output : outputs) targets.push_back(resolve_output(output.path));
  check_distinct(targets, {});
  std::vector<std::string> temporaries(outputs.size());
  const auto remove_temporaries = [&](size_t from) {
    for (size_t i = from; i < temporaries.size(); ++i) {
      if (!temporaries[i].empty()) ::unlink(temporaries[i].c_str());
    }
  };
  try {
    for (size_t i = 0; i < outputs.size(); ++i) {
      if (targets[i].kind != OutputKind::kSpecial) temporaries[i] = write_temporary(targets[i], outputs[i].bytes);
    }
    for (size_t i = 0; i < outputs.size(); ++i) {
      if (targets[i].kind == OutputKind::kSpecial) write_through(targets[i], outputs[i].bytes);
    }
  } catch (...) {
    remove_temporaries(0);
    throw;
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    if (temporaries[i].empty()) continue;
    if (::rename(temporaries[i].c_str(), targets[i].target.c_str()) != 0) {
      const int error = errno;
      remove_temporaries(i);
      throw FileError(outputs[i].path + ": cannot replace: " + error_text(error));
    }
  }
}

std::string printable(const std::string& text) {
  std::string out;
  char escape[8];
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    const bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F) {
      std::snprintf(escape, sizeof escape, "\\x%02x", c);
      out += escape;
    } else if (c1) {
      std::snprintf(escape, sizeof escape, "\\u%04x", static_cast<unsigned char>(text[++i]));
      out += escape;
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace edqa_io
