// NumPy .npy files of little-endian float32 in C order (versions 1.0-3.0), as the C# side reads and writes them.
#ifndef EDQA_HOST_NPY_H
#define EDQA_HOST_NPY_H

#include <cstdint>
#include <string>
#include <vector>

namespace edqa_host {

struct NpyArray {
  std::vector<uint64_t> shape;
  std::vector<float> data;
};

// Throws InputError naming the problem (dtype, order, truncation).
NpyArray read_npy(const std::string& path);

// Writes format 1.0 with the header padded to 64 bytes, byte-identical to the C# writer.
void write_npy(const std::string& path, const NpyArray& array);

}  // namespace edqa_host

#endif  // EDQA_HOST_NPY_H
