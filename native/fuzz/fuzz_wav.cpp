// libFuzzer target for the WAV decoder, through the public C API. Built by
// -DMOUTHPIECE_FUZZ=ON (clang); run by scripts/fuzz.sh. Any crash, sanitizer
// report, leak, or allocation beyond -malloc_limit_mb is a bug.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "mouthpiece.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mp_wav_params params = mp_wav_default_params();
  params.max_frames = uint64_t{1} << 22;
  mp_audio *audio = nullptr;
  const mp_status status = mp_wav_decode(data, size, &params, &audio);
  if (status != MP_OK) {
    // Every failure names itself and hands out no handle.
    if (audio != nullptr || mp_last_error()[0] == '\0' || status > MP_ERR_INTERNAL) std::abort();
    return 0;
  }
  if (audio == nullptr) std::abort();
  mp_audio_info info{};
  if (mp_audio_get_info(audio, &info) != MP_OK) std::abort();
  const size_t frames = mp_audio_frame_count(audio);
  const float *samples = mp_audio_samples(audio);
  if (info.frame_count != frames || frames > params.max_frames ||
      info.sample_rate != mp_audio_sample_rate(audio) || info.sample_rate < 8000 ||
      info.sample_rate > 192000 || info.channels == 0 || info.channels > params.max_channels ||
      (info.format != 1 && info.format != 3) || (frames > 0 && samples == nullptr)) {
    std::abort();
  }
  // The frames decoded can never need more bytes than the input holds.
  if (static_cast<uint64_t>(frames) * info.channels * (info.bits_per_sample / 8u) > size) std::abort();
  for (size_t i = 0; i < frames; ++i) {
    const float s = samples[i];
    if (!(s >= -1.0f && s <= 1.0f)) std::abort();  // also catches NaN
  }
  mp_audio_free(audio);
  return 0;
}
