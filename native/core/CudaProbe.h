// CudaProbe: asks the CUDA runtime, once, whether a device answers.
#pragma once

#include <string>

namespace mp {

/** Result of the one-time CUDA probe. */
struct CudaStatus {
  bool compiled = false;  // CUDA code is in this build
  int devices = 0;        // devices that answered; 0 means use the CPU
  std::string reason;     // why devices == 0, empty otherwise
};

/**
 * Probes on first call and caches the answer (thread-safe). Any CUDA error,
 * including a missing or too-old driver, counts as "no device": the CPU path
 * is always there.
 */
const CudaStatus &cudaStatus();

}  // namespace mp
