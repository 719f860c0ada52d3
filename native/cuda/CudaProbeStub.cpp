// Used when the build has no CUDA compiler: the core is CPU-only by design.
#include "CudaProbe.h"

namespace mp {

const CudaStatus &cudaStatus() {
  static const CudaStatus status = [] {
    CudaStatus s;
    s.reason = "built without CUDA (no nvcc at build time, or MOUTHPIECE_CUDA=OFF)";
    return s;
  }();
  return status;
}

}  // namespace mp
