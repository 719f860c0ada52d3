import { MouthpieceError } from '../api/MouthpieceError.js';
import { HEAD_RANGES } from './headRanges.js';
import { pearson } from './pearson.js';
import { float32Array, nonNegativeNumber, positiveNumber } from './validate.js';

type Axis = 'pitch' | 'yaw' | 'roll';

/** Result of {@link headStats}. */
export interface HeadStatsResult {
  /** Frames analysed. */
  frames: number;
  /** Standard deviation per rotation axis, degrees. */
  stdDeg: Record<Axis, number>;
  /** 5th and 95th percentile per rotation axis, degrees (the range the head mostly stays in). */
  rangeDeg: Record<Axis, [number, number]>;
  /** r of the head's angular speed with loudness, both smoothed (NaN if either is constant). */
  speedLoudnessR: number;
  /** r of pitch with loudness, both smoothed (sign: positive pitch = chin down). */
  pitchLoudnessR: number;
  /** Pass/fail against {@link HEAD_RANGES}. */
  pass: Record<Axis | 'loudness', boolean>;
}

/** Options of {@link headStats}. */
export interface HeadStatsOptions {
  /** Centred moving-average width applied to speed, pitch and loudness before correlating, ms. Default 250. */
  smoothMs?: number;
  /** Degrees an axis's 5-95 % range may exceed HEAD_RANGES. Default 1. */
  angleSlackDeg?: number;
  /** Least 5-95 % span, as a share of the HEAD_RANGES span, for an axis to pass (a frozen head fails). Default 0.2. */
  minSpanShare?: number;
  /** How far speedLoudnessR may fall outside HEAD_RANGES.loudnessR and still pass. Default 0.2. */
  rSlack?: number;
}

const DEG = 180 / Math.PI;

/**
 * Head-motion statistics of a clip: per-axis spread in degrees and how the
 * motion follows loudness, with a pass/fail column against
 * {@link HEAD_RANGES}.
 *
 * Head motion follows the phrase-rate (1-2 Hz) envelope of the voice, while
 * frame-level loudness fluctuates at the syllable rate (3-5 Hz), so both
 * the angular speed |d(pitch, yaw, roll)/dt| and the loudness are smoothed
 * with a 250 ms centred moving average before correlating (that removes most
 * of the syllable-rate ripple while keeping phrase-rate changes).
 *
 * An axis passes when its 5-95 % range lies inside the published range
 * (± angleSlackDeg) and spans at least minSpanShare of it; loudness passes
 * when speedLoudnessR lies in HEAD_RANGES.loudnessR ± rSlack (a head that
 * tracks loudness too closely is as unnatural as one that ignores it).
 *
 * @param head T rows of (pitch, yaw, roll in radians, x, y, z in metres), row-major; only the rotations are used.
 * @param loudnessDb T loudness values in dB (any reference), one per frame.
 * @param fps Frames per second.
 * @param options See {@link HeadStatsOptions}; defaults smoothMs 250, angleSlackDeg 1, minSpanShare 0.2, rSlack 0.2.
 * @example
 * ```ts
 * const s = headStats(head, loudnessDb, 100);
 * s.stdDeg.pitch; s.pass.loudness;
 * ```
 */
export function headStats(head: Float32Array, loudnessDb: Float32Array, fps: number, options: HeadStatsOptions = {}): HeadStatsResult {
  float32Array('head', head);
  float32Array('loudnessDb', loudnessDb);
  positiveNumber('fps', fps);
  if (head.length % 6 !== 0 || head.length / 6 !== loudnessDb.length) {
    throw new MouthpieceError(
      'INVALID_ARGUMENT',
      `Expected head of length 6 * loudnessDb.length (${6 * loudnessDb.length}) but received length ${head.length}`,
    );
  }
  const smoothMs = nonNegativeNumber('smoothMs', options.smoothMs ?? 250);
  const slack = nonNegativeNumber('angleSlackDeg', options.angleSlackDeg ?? 1);
  const minSpanShare = nonNegativeNumber('minSpanShare', options.minSpanShare ?? 0.2);
  const rSlack = nonNegativeNumber('rSlack', options.rSlack ?? 0.2);
  const T = loudnessDb.length;

  const axes: Axis[] = ['pitch', 'yaw', 'roll'];
  const deg = axes.map((_, k) => {
    const a = new Float64Array(T);
    for (let n = 0; n < T; n++) a[n] = head[n * 6 + k] * DEG;
    return a;
  });
  const speed = new Float64Array(T);
  for (let n = 0; n < T; n++) {
    // Centred difference keeps the speed on the same frame times as loudness.
    const a = Math.max(0, n - 1);
    const b = Math.min(T - 1, n + 1);
    if (b === a) continue;
    let s = 0;
    for (const d of deg) s += (d[b] - d[a]) ** 2;
    speed[n] = (Math.sqrt(s) * fps) / (b - a);
  }
  const width = Math.max(1, Math.round((smoothMs * fps) / 1000));
  const loud = smooth(Float64Array.from(loudnessDb), width);

  const stdDeg = {} as Record<Axis, number>;
  const rangeDeg = {} as Record<Axis, [number, number]>;
  const pass = {} as Record<Axis | 'loudness', boolean>;
  axes.forEach((axis, k) => {
    stdDeg[axis] = std(deg[k]);
    const sorted = Float64Array.from(deg[k]).sort();
    const range: [number, number] = [quantile(sorted, 0.05), quantile(sorted, 0.95)];
    rangeDeg[axis] = range;
    const lim = HEAD_RANGES[`${axis}Deg`];
    pass[axis] = range[0] >= lim.min - slack && range[1] <= lim.max + slack && range[1] - range[0] >= minSpanShare * (lim.max - lim.min);
  });
  const speedLoudnessR = T >= 2 ? pearson(smooth(speed, width), loud) : NaN;
  const pitchLoudnessR = T >= 2 ? pearson(smooth(deg[0], width), loud) : NaN;
  const lr = HEAD_RANGES.loudnessR;
  pass.loudness = speedLoudnessR >= lr.min - rSlack && speedLoudnessR <= lr.max + rSlack;
  return { frames: T, stdDeg, rangeDeg, speedLoudnessR, pitchLoudnessR, pass };
}

function smooth(x: Float64Array, width: number): Float64Array {
  if (width <= 1) return x;
  const half = Math.floor(width / 2);
  const prefix = new Float64Array(x.length + 1);
  for (let i = 0; i < x.length; i++) prefix[i + 1] = prefix[i] + x[i];
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(x.length, i + half + 1);
    out[i] = (prefix[b] - prefix[a]) / (b - a);
  }
  return out;
}

function std(x: Float64Array): number {
  if (x.length === 0) return NaN;
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return Math.sqrt(s / x.length);
}

function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const pos = p * (sorted.length - 1);
  const i = Math.floor(pos);
  return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
}
