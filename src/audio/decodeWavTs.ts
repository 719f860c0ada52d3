import * as wavefileModule from 'wavefile';

import { MouthpieceError } from '../api/MouthpieceError.js';
import type { DecodedAudio } from './DecodedAudio.js';

type WaveFileClass = typeof wavefileModule.WaveFile;
type WaveFile = InstanceType<WaveFileClass>;
// wavefile is CommonJS under Node (named exports are not detected) and ESM in
// bundlers: take the class from wherever the loader put it.
const WaveFileCtor: WaveFileClass =
  (wavefileModule as unknown as { WaveFile?: WaveFileClass }).WaveFile ??
  (wavefileModule as unknown as { default: { WaveFile: WaveFileClass } }).default.WaveFile;

/**
 * WAV decoding without the native addon (the browser, or an install where
 * the addon could not be built), on the `wavefile` package. The native
 * decoder is the hardened one (fuzzed, size-limited, every field checked);
 * this path adds the checks `wavefile` leaves out (block_align, byte_rate,
 * the sub-format GUID, a data chunk longer than the file) so that lying or
 * truncated files are refused rather than half-decoded.
 *
 * @example
 * ```ts
 * const audio = decodeWavTs(new Uint8Array(await file.arrayBuffer()));
 * ```
 */
export function decodeWavTs(bytes: Uint8Array): DecodedAudio {
  let wav: WaveFile;
  try {
    wav = new WaveFileCtor(bytes);
  } catch (e) {
    throw new MouthpieceError('BAD_WAV', `bad WAV: ${(e as Error).message}`, { cause: e });
  }
  const fmt = wav.fmt as { audioFormat: number; numChannels: number; sampleRate: number; bitsPerSample: number };
  const tag = fmt.audioFormat === 0xfffe ? extensibleTag(wav) : fmt.audioFormat;
  const bits = fmt.bitsPerSample;
  const channels = fmt.numChannels;
  if (!(channels >= 1 && channels <= 64)) {
    throw new MouthpieceError('BAD_WAV', `bad WAV: fmt chunk declares ${channels} channels (field 'channels')`);
  }
  if (!(fmt.sampleRate >= 8000 && fmt.sampleRate <= 192000)) {
    throw new MouthpieceError('UNSUPPORTED', `unsupported WAV: sample rate ${fmt.sampleRate} Hz outside 8000..192000 (field 'sample_rate')`);
  }
  const fields = wav.fmt as unknown as { blockAlign: number; byteRate: number; cbSize: number; validBitsPerSample: number };
  if (fmt.audioFormat === 0xfffe && !(fields.cbSize >= 22 && fields.validBitsPerSample <= bits)) {
    throw new MouthpieceError(
      'BAD_WAV',
      `bad WAV: WAVE_FORMAT_EXTENSIBLE needs cbSize >= 22 and validBitsPerSample <= ${bits} (got cbSize ${fields.cbSize}, validBitsPerSample ${fields.validBitsPerSample})`,
    );
  }
  if (fields.blockAlign !== (channels * bits) / 8) {
    throw new MouthpieceError('BAD_WAV', `bad WAV: block_align ${fields.blockAlign} != channels * bytes per sample ${(channels * bits) / 8} (field 'block_align')`);
  }
  if (fields.byteRate !== fmt.sampleRate * fields.blockAlign) {
    throw new MouthpieceError('BAD_WAV', `bad WAV: byte_rate ${fields.byteRate} != sample_rate * block_align (field 'byte_rate')`);
  }
  const data = wav.data as unknown as { chunkSize: number; samples: Uint8Array };
  const streaming = data.chunkSize === 0 || data.chunkSize === 0xffffffff;
  if (!streaming && data.samples.length < data.chunkSize) {
    throw new MouthpieceError('TRUNCATED', `truncated WAV: data chunk size ${data.chunkSize} but only ${data.samples.length} bytes present (field 'data chunk size')`);
  }
  const isFloat = tag === 3 && (bits === 32 || bits === 64);
  const isPcm = tag === 1 && [8, 16, 24, 32].includes(bits);
  if (!isFloat && !isPcm) {
    throw new MouthpieceError('UNSUPPORTED', `unsupported WAV: format tag ${tag} with ${bits} bits (field 'format')`);
  }
  // wavefile finds the chunks; the samples are read here from the data
  // chunk's bytes, because its own reader counts a pad byte as a sample and
  // reads EXTENSIBLE float as integers.
  const bytesPer = bits / 8;
  const usable = streaming ? data.samples.length : Math.min(data.chunkSize, data.samples.length);
  const frames = Math.floor(usable / fields.blockAlign);
  const view = new DataView(data.samples.buffer, data.samples.byteOffset, frames * fields.blockAlign);
  const read = sampleReader(view, isFloat, bits);
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const v = read((f * channels + c) * bytesPer);
      if (!Number.isFinite(v)) {
        throw new MouthpieceError('BAD_AUDIO', `bad audio: sample ${f} of channel ${c} is ${Number.isNaN(v) ? 'NaN' : 'infinite'}`);
      }
      sum += v;
    }
    // Clamp like the native decoder: float files may hold values past full scale.
    const m = sum / channels;
    samples[f] = m > 1 ? 1 : m < -1 ? -1 : m;
  }
  return { samples, sampleRate: fmt.sampleRate, channels, format: 'wav', decoder: 'wavefile' };
}

/** KSDATAFORMAT_SUBTYPE_* GUIDs end in these 12 bytes (as wavefile's 3 trailing uint32 words). */
const GUID_TAIL = [0x00100000, 0xaa000080, 0x719b3800];

/** Reads one sample at a byte offset as a float in [-1, 1] (floats as stored). */
function sampleReader(view: DataView, isFloat: boolean, bits: number): (at: number) => number {
  if (isFloat) return bits === 32 ? (at) => view.getFloat32(at, true) : (at) => view.getFloat64(at, true);
  switch (bits) {
    case 8:
      return (at) => (view.getUint8(at) - 128) / 128;
    case 16:
      return (at) => view.getInt16(at, true) / 32768;
    case 24:
      return (at) => (((view.getInt8(at + 2) << 16) | (view.getUint8(at + 1) << 8) | view.getUint8(at)) / 8388608);
    default:
      return (at) => view.getInt32(at, true) / 2147483648;
  }
}

function extensibleTag(wav: WaveFile): number {
  const sub = (wav.fmt as { subformat?: number[] }).subformat;
  // The sub-format GUID starts with the plain format tag (low 16 bits of its
  // first word, zero high bits) and ends in the fixed KSDATAFORMAT tail.
  if (!Array.isArray(sub) || sub.length !== 4) return 0;
  if (sub[0] >>> 16 !== 0 || sub.slice(1).some((w, i) => w >>> 0 !== GUID_TAIL[i])) return 0;
  return sub[0] & 0xffff;
}
