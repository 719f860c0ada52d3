// Compiled only when nvcc is found (see CMakeLists.txt). Model kernels will
// live beside it; today the core only needs to know whether a device answers.
#include <cuda_runtime.h>

#include "CudaProbe.h"

namespace mp {

const CudaStatus &cudaStatus() {
  static const CudaStatus status = [] {
    CudaStatus s;
    s.compiled = true;
    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
      s.reason = std::string("CUDA runtime: ") + cudaGetErrorName(err) + ": " + cudaGetErrorString(err);
      cudaGetLastError();  // clear the sticky error so later probes start clean
      return s;
    }
    if (count == 0) {
      s.reason = "CUDA runtime found no device";
      return s;
    }
    s.devices = count;
    return s;
  }();
  return status;
}

}  // namespace mp
