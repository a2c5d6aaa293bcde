// The one exception type of the library's C++ side: a status code and a message. The C API turns it (and any
// other exception) into a return value; nothing is ever thrown across the C boundary.
#ifndef EDQA_DRIVER_ERROR_H
#define EDQA_DRIVER_ERROR_H

#include <stdexcept>
#include <string>

#include "edqa_sim.h"

namespace edqa_harness {

class DriverError : public std::runtime_error {
 public:
  DriverError(edqa_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  edqa_status status() const { return status_; }

 private:
  edqa_status status_;
};

}  // namespace edqa_harness

#endif  // EDQA_DRIVER_ERROR_H
