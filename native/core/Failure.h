// Failure: the one exception type of the core. Core code throws it; the C ABI
// (CApi.cpp) catches it at the boundary and turns it into an mp_status plus a
// thread-local message, so no exception ever crosses into C or JavaScript.
#pragma once

#include <stdexcept>
#include <string>

#include "mouthpiece.h"

namespace mp {

/** An error with a status code and a message that names the bad field. */
class Failure : public std::runtime_error {
 public:
  Failure(mp_status status, const std::string &message)
      : std::runtime_error(message), status_(status) {}
  mp_status status() const noexcept { return status_; }

 private:
  mp_status status_;
};

/** Throws Failure(status, message). */
[[noreturn]] inline void fail(mp_status status, const std::string &message) {
  throw Failure(status, message);
}

}  // namespace mp
