#include "npy.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "host_error.h"

namespace edqa_host {

namespace {

std::vector<uint8_t> read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": no such file");
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string field(const std::string& header, const std::string& key, const std::string& value_pattern, const std::string& path) {
  std::smatch match;
  if (!std::regex_search(header, match, std::regex("'" + key + "'\\s*:\\s*(" + value_pattern + ")"))) {
    throw InputError(path + ": npy: header has no valid '" + key + "' entry");
  }
  std::string value = match[1];
  if (!value.empty() && value.front() == '\'') value = value.substr(1, value.size() - 2);
  return value;
}

}  // namespace

NpyArray read_npy(const std::string& path) {
  const std::vector<uint8_t> file = read_all(path);
  static const uint8_t magic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (file.size() < 10 || std::memcmp(file.data(), magic, 6) != 0) {
    throw InputError(path + ": npy: missing the \\x93NUMPY magic; this is not a NumPy .npy file");
  }
  const int major = file[6];
  if (major < 1 || major > 3) throw InputError(path + ": npy: format version " + std::to_string(major) + " is not supported");
  const size_t length_bytes = major == 1 ? 2 : 4;
  if (file.size() < 8 + length_bytes) throw InputError(path + ": npy: truncated header");
  uint64_t header_length = file[8] | (static_cast<uint64_t>(file[9]) << 8);
  if (length_bytes == 4) header_length |= (static_cast<uint64_t>(file[10]) << 16) | (static_cast<uint64_t>(file[11]) << 24);
  const uint64_t data_start = 8 + length_bytes + header_length;
  if (data_start > file.size()) throw InputError(path + ": npy: truncated: the header claims " + std::to_string(header_length) + " bytes");
  const std::string header(file.begin() + 8 + length_bytes, file.begin() + data_start);

  const std::string descr = field(header, "descr", "'[^']*'", path);
  if (descr != "<f4") {
    const std::string hint = descr == "<f8" ? "float64: save it with .astype(np.float32)"
                           : descr == ">f4" ? "big-endian float32: save it with .astype('<f4')"
                                            : "dtype '" + descr + "': only little-endian float32 ('<f4') is accepted";
    throw InputError(path + ": npy: " + hint);
  }
  if (field(header, "fortran_order", "True|False", path) != "False") {
    throw InputError(path + ": npy: Fortran-ordered array: save it with np.ascontiguousarray(...)");
  }
  NpyArray array;
  std::string tuple = field(header, "shape", "\\([0-9,\\sL]*\\)", path);
  std::stringstream parts(tuple.substr(1, tuple.size() - 2));
  std::string part;
  uint64_t count = 1;
  while (std::getline(parts, part, ',')) {
    part.erase(0, part.find_first_not_of(" \t"));
    part.erase(part.find_last_not_of(" \tL") + 1);
    if (part.empty()) continue;
    const uint64_t dim = std::stoull(part);
    array.shape.push_back(dim);
    count *= dim;
    if (count > (1ull << 31)) throw InputError(path + ": npy: more than 2^31 elements");
  }
  const uint64_t data_bytes = file.size() - data_start;
  if (data_bytes != count * 4) {
    throw InputError(path + ": npy: " + std::string(data_bytes < count * 4 ? "truncated" : "longer than its shape") + ": the shape needs " + std::to_string(count * 4) + " data bytes, the file has " + std::to_string(data_bytes));
  }
  array.data.resize(count);
  std::memcpy(array.data.data(), file.data() + data_start, count * 4);
  return array;
}

void write_npy(const std::string& path, const NpyArray& array) {
  std::string shape = "(";
  for (size_t i = 0; i < array.shape.size(); ++i) shape += (i > 0 ? ", " : "") + std::to_string(array.shape[i]);
  shape += array.shape.size() == 1 ? ",)" : ")";
  const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
  const size_t unpadded = 10 + dict.size() + 1;
  const size_t padded = (unpadded + 63) / 64 * 64;
  const std::string header = dict + std::string(padded - unpadded, ' ') + "\n";
  std::vector<uint8_t> bytes(padded + 4 * array.data.size());
  const uint8_t prefix[8] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  std::memcpy(bytes.data(), prefix, 8);
  bytes[8] = static_cast<uint8_t>(header.size() & 0xFF);
  bytes[9] = static_cast<uint8_t>(header.size() >> 8);
  std::memcpy(bytes.data() + 10, header.data(), header.size());
  if (!array.data.empty()) std::memcpy(bytes.data() + padded, array.data.data(), 4 * array.data.size());
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw InputError(path + ": cannot write");
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) throw InputError(path + ": cannot write");
}

}  // namespace edqa_host
