// Errors of the host-side tools, split the way the command lines report them: usage (exit 2) and input (exit 3).
#ifndef EDQA_HOST_ERROR_H
#define EDQA_HOST_ERROR_H

#include <stdexcept>
#include <string>

namespace edqa_host {

struct UsageError : std::runtime_error {
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

struct InputError : std::runtime_error {
  explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace edqa_host

#endif  // EDQA_HOST_ERROR_H
