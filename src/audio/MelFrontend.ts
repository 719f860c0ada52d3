import meydaImport from 'meyda';

import { FEATURE_SPEC } from './featureSpec.js';

const S = FEATURE_SPEC;

/** The part of meyda's global API this file uses. */
interface MeydaLike {
  bufferSize: number;
  sampleRate: number;
  windowingFunction: string;
  extract(feature: 'powerSpectrum', signal: Float64Array): unknown;
}

// meyda ships CommonJS for Node and ESM typings: depending on the loader the
// default import is the API itself or a wrapper holding it as `default`.
const Meyda: MeydaLike = (
  typeof (meydaImport as unknown as MeydaLike).extract === 'function'
    ? meydaImport
    : (meydaImport as unknown as { default: MeydaLike }).default
) as MeydaLike;

function hzToMel(f: number): number {
  return 2595 * Math.log10(1 + f / 700);
}

function melToHz(m: number): number {
  return 700 * (10 ** (m / 2595) - 1);
}

/** The band edges of models/features.md in Hz: bands + 2 points, band b spans edges[b]..edges[b + 2] and peaks at edges[b + 1]. */
function melEdgesHz(): number[] {
  const lo = hzToMel(S.fminHz);
  const hi = hzToMel(S.fmaxHz);
  return Array.from({ length: S.bands + 2 }, (_, i) => melToHz(lo + (i * (hi - lo)) / (S.bands + 1)));
}

/**
 * Each mel band's centre frequency in Hz (where its triangle peaks), in
 * band order.
 *
 * @example
 * ```ts
 * const mid = melBandCentresHz().flatMap((f, b) => (f >= 500 && f <= 3000 ? [b] : []));
 * ```
 */
export function melBandCentresHz(): number[] {
  return melEdgesHz().slice(1, S.bands + 1);
}

/**
 * The mel filter bank of models/features.md as sparse rows: each band's
 * first bin and its weights. Computed once in double precision.
 */
export function melFilterBank(): { start: Int32Array; weights: Float64Array[] } {
  const edges = melEdgesHz();
  const binHz = S.sampleRate / S.fftSize;
  const start = new Int32Array(S.bands);
  const weights: Float64Array[] = [];
  for (let b = 0; b < S.bands; b++) {
    const row: number[] = [];
    let first = -1;
    for (let k = 0; k < S.fftSize / 2; k++) {
      const f = k * binHz;
      const v = Math.max(0, Math.min((f - edges[b]) / (edges[b + 1] - edges[b]), (edges[b + 2] - f) / (edges[b + 2] - edges[b + 1])));
      if (v > 0) {
        if (first < 0) first = k;
        while (row.length < k - first) row.push(0);
        row.push(v);
      }
    }
    start[b] = Math.max(first, 0);
    weights.push(Float64Array.from(row));
  }
  return { start, weights };
}

/**
 * The TypeScript feature front end for the browser and for machines without
 * the native addon: meyda computes the power spectrum (fed a Float64Array so
 * its FFT runs in double precision); the window, the mel bank and the log follow
 * models/features.md exactly, because meyda's own `melBands` applies
 * ln(1 + x) to a differently built filter bank.
 *
 * Not thread-safe (meyda's configuration is global): use one per worker.
 *
 * @example
 * ```ts
 * const fe = new MelFrontend();
 * const out = new Float32Array(64);
 * fe.compute(samples, 0, out, 0); // samples[0..400) is one frame's window
 * ```
 */
export class MelFrontend {
  private readonly window = new Float64Array(S.window);
  // Float64Array on purpose: meyda's FFT (fftjs) copies its input with
  // slice(), so a Float32Array frame would make every butterfly round to
  // float32, and that noise swamps quiet bands near the log floor.
  private readonly frame = new Float64Array(S.fftSize);
  private readonly bank = melFilterBank();

  constructor() {
    for (let n = 0; n < S.window; n++) this.window[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / S.window);
  }

  /**
   * Computes one frame from `samples[offset .. offset + 400)` (the window of
   * the frame centred on sample offset + 200) into `out[outOffset ..
   * outOffset + 64)`.
   */
  compute(samples: ArrayLike<number>, offset: number, out: Float32Array, outOffset: number): void {
    const frame = this.frame;
    for (let n = 0; n < S.window; n++) frame[n] = this.window[n] * samples[offset + n];
    // frame[400..512) stays zero: the spec's zero padding to the FFT size.
    Meyda.bufferSize = S.fftSize;
    Meyda.sampleRate = S.sampleRate;
    Meyda.windowingFunction = 'rect';
    const power = Meyda.extract('powerSpectrum', frame) as unknown as Float32Array;
    const { start, weights } = this.bank;
    for (let b = 0; b < S.bands; b++) {
      const w = weights[b];
      const s = start[b];
      let e = 0;
      for (let i = 0; i < w.length; i++) e += w[i] * power[s + i];
      out[outOffset + b] = Math.log(e + S.logFloor);
    }
  }

  /** Features of a whole 16 kHz buffer, zero-padded at both ends. */
  computeAll(pcm: Float32Array): Float32Array {
    const frames = Math.ceil(pcm.length / S.hop);
    const out = new Float32Array(frames * S.bands);
    const half = S.window / 2;
    const padded = new Float32Array(pcm.length + S.window + S.hop);
    padded.set(pcm, half);
    for (let t = 0; t < frames; t++) this.compute(padded, t * S.hop, out, t * S.bands);
    return out;
  }
}
