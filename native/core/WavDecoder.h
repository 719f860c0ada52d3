// WavDecoder: RIFF/WAVE parsing and decoding to mono float32.
//
// Accepted: PCM 8-bit unsigned, 16/24/32-bit signed, IEEE float 32/64,
// WAVE_FORMAT_EXTENSIBLE with the PCM or IEEE float sub-format, 1 to
// params.max_channels channels, 8000..192000 Hz, chunks in any order, odd
// chunk sizes with or without their pad byte, RIFF size fields that lie
// (0, 0xFFFFFFFF or larger than the file: the real size wins) and a data
// chunk sized 0xFFFFFFFF (or 0 under a placeholder RIFF size) as written by
// streaming writers, which then runs to the end of the file.
//
// Channels are averaged to mono. Integer samples are scaled by 1/2^(bits-1)
// (8-bit: (x - 128) / 128); the channel sum is exact in double and divided
// once, so the result is the correctly rounded float32 of the exact mean.
// Float samples are summed in double in channel order, divided by the
// channel count and clamped to [-1, 1]; NaN or infinite samples are
// rejected. A trailing partial frame is ignored.
//
// Every error throws mp::Failure with a status and a message naming the
// field. The decoder reads byte by byte (no unaligned loads), uses 64-bit
// size arithmetic and never allocates more than the bytes present can fill.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "mouthpiece.h"

namespace mp {

struct DecodedWav {
  std::vector<float> samples;  // mono mix, info.frame_count samples
  mp_audio_info info;
};

/** Decodes a whole WAV file held in memory. Throws mp::Failure. */
DecodedWav decodeWav(const uint8_t *data, size_t size, const mp_wav_params &params);

}  // namespace mp
