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
 * decoder is the hardened one (fuzzed, size-limited); this path checks the
 * declared sizes against the bytes before trusting the package with them.
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
  const isFloat = tag === 3 && (bits === 32 || bits === 64);
  const isPcm = tag === 1 && [8, 16, 24, 32].includes(bits);
  if (!isFloat && !isPcm) {
    throw new MouthpieceError('UNSUPPORTED', `unsupported WAV: format tag ${tag} with ${bits} bits (field 'format')`);
  }
  let planar: Float64Array[];
  try {
    const s = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
    planar = channels === 1 ? [s as Float64Array] : (s as Float64Array[]);
  } catch (e) {
    throw new MouthpieceError('TRUNCATED', `bad WAV: data chunk could not be read: ${(e as Error).message}`, { cause: e });
  }
  const frames = planar[0]?.length ?? 0;
  const scale = isFloat ? 1 : 1 / 2 ** (bits - 1);
  const offset = isPcm && bits === 8 ? 128 : 0;
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const v = planar[c][f];
      if (!Number.isFinite(v)) {
        throw new MouthpieceError('BAD_AUDIO', `bad audio: sample ${f} of channel ${c} is ${Number.isNaN(v) ? 'NaN' : 'infinite'}`);
      }
      sum += (v - offset) * scale;
    }
    samples[f] = sum / channels;
  }
  return { samples, sampleRate: fmt.sampleRate, channels, format: 'wav', decoder: 'wavefile' };
}

function extensibleTag(wav: WaveFile): number {
  const sub = (wav.fmt as { subformat?: number[] }).subformat;
  // The sub-format GUID starts with the plain format tag.
  return Array.isArray(sub) && sub.length > 0 ? sub[0] & 0xffff : 0;
}
