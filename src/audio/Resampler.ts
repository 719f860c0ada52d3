/**
 * Band-limited rational polyphase resampling (Kaiser-windowed sinc) of mono
 * float PCM. This is the TypeScript twin of the native core's
 * `native/core/Resampler.cpp`: same filter, same positions, same streaming
 * rules, so both backends feed the feature front end the same 16 kHz signal
 * (to within float rounding; see models/features.md).
 *
 * @module
 */
import { MouthpieceError } from '../api/MouthpieceError.js';

/** Lowest accepted sample rate in Hz. */
const MIN_RATE = 8000;
/** Highest accepted sample rate in Hz. */
const MAX_RATE = 192000;
/**
 * Above this many phases the coefficient table would grow without bound for
 * odd rates (44101 -> 16000 has 16000 phases); 2048 rows blended linearly keep
 * the interpolation error near -130 dB, far below the stopband.
 */
const MAX_PHASES = 2048;
/** Passband edge as a fraction of the lower rate (7 kHz at 16 kHz). */
const PASS_EDGE = 0.4375;
/** Stopband edge as a fraction of the lower rate (8 kHz at 16 kHz). */
const STOP_EDGE = 0.5;
/** Design attenuation: a 10 dB margin over the 70 dB the spec promises. */
const STOPBAND_DB = 80;

/** The filter for one (inRate, outRate) pair; immutable, so it is shared. */
interface Design {
  /** L = outRate / gcd. */
  readonly up: number;
  /** M = inRate / gcd. */
  readonly down: number;
  /** P: table rows (plus one extra row when interpolating). */
  readonly phases: number;
  /** True when L > MAX_PHASES and adjacent rows are blended. */
  readonly interpolate: boolean;
  /** H: an output centred on t uses input samples floor(t) - H + 1 .. floor(t) + H. */
  readonly half: number;
  /** 2H coefficients per row. */
  readonly taps: number;
  /** Row p holds the taps for the fractional position p / P. */
  readonly table: Float32Array;
}

function checkRate(rate: unknown, name: string): number {
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < MIN_RATE || rate > MAX_RATE) {
    throw new MouthpieceError(
      'INVALID_ARGUMENT',
      `Expected integer ${name} in ${MIN_RATE}..${MAX_RATE} but received ${String(rate)}`,
    );
  }
  return rate;
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Modified Bessel function I0 by its power series (converges fast for x < 8). */
function besselI0(x: number): number {
  const half = 0.5 * x;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    const f = half / k;
    term *= f * f;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

function design(inRate: number, outRate: number): Design {
  const g = gcd(inRate, outRate);
  const up = outRate / g;
  const down = inRate / g;
  const interpolate = up > MAX_PHASES;
  const phases = interpolate ? MAX_PHASES : up;

  // Everything below is in units of input samples.
  const minRate = Math.min(inRate, outRate);
  const cutoff = (0.5 * (PASS_EDGE + STOP_EDGE) * minRate) / inRate; // cycles per sample
  const transition = ((STOP_EDGE - PASS_EDGE) * minRate) / inRate;
  // Kaiser's estimates: beta from the attenuation, order from the transition.
  const beta = 0.1102 * (STOPBAND_DB - 8.7);
  const order = (STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition);
  let half = Math.ceil(0.5 * order) + 1;
  half = Math.ceil(half / 4) * 4; // 2H taps, a multiple of 8 like the native SIMD loop
  const taps = 2 * half;

  const rows = phases + (interpolate ? 1 : 0);
  const table = new Float32Array(rows * taps);
  const i0Beta = besselI0(beta);
  const row = new Float64Array(taps);
  for (let p = 0; p < rows; p++) {
    const frac = p / phases;
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      // Tap j multiplies input sample floor(t) - H + 1 + j; its distance from t.
      const x = j - half + 1 - frac;
      const r = x / half;
      let v = 0;
      if (r >= -1 && r <= 1) {
        const arg = 2 * cutoff * x;
        const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
        v = (sinc * besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r)))) / i0Beta;
      }
      row[j] = v;
      sum += v;
    }
    // Unit DC gain in every phase: a constant stays flat instead of picking up
    // a ripple at the rate of the phase pattern.
    for (let j = 0; j < taps; j++) table[p * taps + j] = row[j]! / sum;
  }
  return { up, down, phases, interpolate, half, taps, table };
}

/**
 * A few recent designs, keyed by rate pair. Building a table costs up to a few
 * hundred milliseconds for odd rate pairs, and {@link resample} or a new
 * session per file would otherwise rebuild it every call. Small and bounded:
 * one table can reach ~16 MB for pathological pairs.
 */
const designCache = new Map<string, Design>();
const DESIGN_CACHE_SIZE = 4;

function cachedDesign(inRate: number, outRate: number): Design {
  const key = `${inRate}:${outRate}`;
  let d = designCache.get(key);
  if (d !== undefined) {
    designCache.delete(key); // re-insert: most recently used last
  } else {
    d = design(inRate, outRate);
    if (designCache.size >= DESIGN_CACHE_SIZE) {
      const oldest = designCache.keys().next().value;
      if (oldest !== undefined) designCache.delete(oldest);
    }
  }
  designCache.set(key, d);
  return d;
}

/** Plain dot product over one table row; float64 accumulation, fixed order. */
function dot(table: Float32Array, offset: number, x: Float32Array, base: number, taps: number): number {
  let acc = 0;
  for (let j = 0; j < taps; j++) acc += table[offset + j]! * x[base + j]!;
  return acc;
}

/**
 * Streaming band-limited resampler for mono float32 PCM.
 *
 * - Rates are integers in 8000..192000 Hz (no defaults: both are required);
 *   in practice the output is 16000 Hz, the model's rate.
 * - Filter: passband flat (ripple well under 0.1 dB) to 0.4375 * min(in, out),
 *   >= 70 dB rejection from 0.5 * min(in, out) (designed for 80 dB); i.e. flat
 *   to 7 kHz and closed at 8 kHz when either rate is 16 kHz.
 * - Timing: output sample k sits at k / outRate seconds on the input's clock;
 *   the linear-phase filter is centred there, so there is no delay to undo.
 *   Input before the stream is taken as zero.
 * - Streaming: {@link Resampler.process} returns every output whose input
 *   support has arrived (about H input samples of lookahead, H = 44..484);
 *   {@link Resampler.flush} pads with zeros and returns the rest, so the total
 *   is exactly {@link Resampler.outputLength}(total input). Any chunking of
 *   the same input gives bit-identical output.
 * - `inRate === outRate` passes samples through unchanged.
 *
 * @example
 * ```ts
 * const rs = new Resampler(48000, 16000);
 * const parts = [rs.process(chunkA), rs.process(chunkB), rs.flush()];
 * // parts concatenated === resample(concat(chunkA, chunkB), 48000, 16000)
 * ```
 */
export class Resampler {
  /** Input sample rate in Hz. */
  readonly inRate: number;
  /** Output sample rate in Hz. */
  readonly outRate: number;

  private readonly d: Design | null; // null when inRate === outRate
  // hist[j] (j < histLen) is input sample number histStart + j; histStart
  // starts negative because the H - 1 samples before the stream are zeros.
  private hist: Float32Array = new Float32Array(0);
  private histLen = 0;
  private histStart = 0;
  private totalIn = 0;
  private emitted = 0; // outputs produced = index of the next output
  private nextInt = 0; // floor(emitted * M / L), kept exactly
  private nextRem = 0; // (emitted * M) mod L
  private flushed = false;

  /**
   * @param inRate - Sample rate of the input in Hz, integer in 8000..192000.
   * @param outRate - Sample rate of the output in Hz, integer in 8000..192000.
   * @throws MouthpieceError `INVALID_ARGUMENT` for any other rate.
   *
   * @example
   * ```ts
   * const rs = new Resampler(44100, 16000);
   * ```
   */
  constructor(inRate: number, outRate: number) {
    this.inRate = checkRate(inRate, 'inRate');
    this.outRate = checkRate(outRate, 'outRate');
    this.d = inRate === outRate ? null : cachedDesign(inRate, outRate);
    this.reset();
  }

  /**
   * Input samples of lookahead: an output is ready once this many input
   * samples past its centre have arrived. 0 for a pass-through.
   *
   * @example
   * ```ts
   * new Resampler(48000, 16000).halfWidth; // 124
   * ```
   */
  get halfWidth(): number {
    return this.d === null ? 0 : this.d.half;
  }

  /**
   * Number of output samples for `n` input samples: ceil(n * outRate / inRate),
   * computed exactly (no floating-point rounding of the ratio).
   *
   * @param n - Input sample count, a non-negative safe integer.
   * @param inRate - Input rate in Hz (8000..192000).
   * @param outRate - Output rate in Hz (8000..192000).
   * @returns The total a full `process` + `flush` produces.
   * @throws MouthpieceError `INVALID_ARGUMENT` for a bad count or rate.
   *
   * @example
   * ```ts
   * Resampler.outputLength(44100, 44100, 16000); // 16000
   * Resampler.outputLength(1, 48000, 16000);     // 1
   * ```
   */
  static outputLength(n: number, inRate: number, outRate: number): number {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected non-negative integer n but received ${String(n)}`);
    }
    checkRate(inRate, 'inRate');
    checkRate(outRate, 'outRate');
    const g = gcd(inRate, outRate);
    const up = outRate / g;
    const down = inRate / g;
    // ceil(n * L / M) without forming n * L, which could exceed 2^53.
    const q = Math.floor(n / down);
    const r = n - q * down;
    return q * up + Math.floor((r * up + down - 1) / down);
  }

  /**
   * Feeds the next chunk (any length, including 0) and returns the output
   * samples it completes. The result is a new array the caller owns.
   *
   * @param input - Mono float32 PCM at `inRate`.
   * @returns Output samples at `outRate`, continuing where the last call ended.
   * @throws MouthpieceError `INVALID_ARGUMENT` if `input` is not a Float32Array,
   *   `STATE` after {@link Resampler.flush} (call {@link Resampler.reset}).
   *
   * @example
   * ```ts
   * const rs = new Resampler(48000, 16000);
   * const out = rs.process(new Float32Array(4800)); // ~1558 samples now, the rest later
   * ```
   */
  process(input: Float32Array): Float32Array {
    if (!(input instanceof Float32Array)) {
      throw new MouthpieceError('INVALID_ARGUMENT', 'Expected input to be a Float32Array');
    }
    if (this.flushed) {
      throw new MouthpieceError('STATE', 'Resampler.process called after flush; call reset first');
    }
    const n = input.length;
    this.totalIn += n;
    if (this.d === null) {
      this.emitted += n;
      return input.slice();
    }
    if (n === 0) return new Float32Array(0);
    this.append(input);
    // Output k is ready once sample floor(t_k) + H has arrived, i.e. for every
    // k < ceil((totalIn - H) * L / M): the same closed form as the length.
    const h = this.d.half;
    const ready = this.totalIn > h ? Resampler.outputLength(this.totalIn - h, this.inRate, this.outRate) : 0;
    const out = new Float32Array(Math.max(0, ready - this.emitted));
    this.emit(out);
    this.compact();
    return out;
  }

  /**
   * Ends the stream: pads with zeros and returns the remaining outputs, so
   * that everything returned adds up to `outputLength(total input)`. After it
   * only {@link Resampler.reset} is allowed.
   *
   * @returns The last output samples (possibly none).
   * @throws MouthpieceError `STATE` if called twice without a reset.
   *
   * @example
   * ```ts
   * const tail = rs.flush();
   * ```
   */
  flush(): Float32Array {
    if (this.flushed) {
      throw new MouthpieceError('STATE', 'Resampler.flush called twice; call reset first');
    }
    this.flushed = true;
    if (this.d === null) return new Float32Array(0);
    // The last output (t_k < totalIn) reaches at most H samples past the end.
    this.append(new Float32Array(this.d.half));
    const total = Resampler.outputLength(this.totalIn, this.inRate, this.outRate);
    const out = new Float32Array(Math.max(0, total - this.emitted));
    this.emit(out);
    return out;
  }

  /**
   * Forgets the stream so the object can start a new one; the clock restarts
   * at zero. The filter is kept.
   *
   * @example
   * ```ts
   * rs.flush();
   * rs.reset();
   * rs.process(nextFile);
   * ```
   */
  reset(): void {
    this.flushed = false;
    this.totalIn = 0;
    this.emitted = 0;
    this.nextInt = 0;
    this.nextRem = 0;
    if (this.d === null) {
      this.histLen = 0;
      this.histStart = 0;
      return;
    }
    // The H - 1 zeros before the stream that output 0 reaches back to.
    const lead = this.d.half - 1;
    if (this.hist.length < 4 * this.d.taps) this.hist = new Float32Array(4 * this.d.taps);
    this.hist.fill(0, 0, lead);
    this.histLen = lead;
    this.histStart = -lead;
  }

  /** Appends samples to the history, growing it geometrically (amortised). */
  private append(x: Float32Array): void {
    const need = this.histLen + x.length;
    if (need > this.hist.length) {
      const grown = new Float32Array(Math.max(need, 2 * this.hist.length));
      grown.set(this.hist.subarray(0, this.histLen));
      this.hist = grown;
    }
    this.hist.set(x, this.histLen);
    this.histLen = need;
  }

  /** Computes out.length outputs starting at this.emitted. */
  private emit(out: Float32Array): void {
    const d = this.d!;
    const { up, down, phases, half, taps, table, interpolate } = d;
    const stepInt = Math.floor(down / up);
    const stepRem = down % up;
    const invUp = 1 / up;
    const hist = this.hist;
    for (let c = 0; c < out.length; c++) {
      const base = this.nextInt - half + 1 - this.histStart;
      if (interpolate) {
        // Exact rational position r / L on the P-row grid: row + w.
        const pos = this.nextRem * phases; // < 192000 * 2048: exact
        const row = Math.floor(pos / up);
        const w = (pos % up) * invUp;
        const a = dot(table, row * taps, hist, base, taps);
        const b = dot(table, (row + 1) * taps, hist, base, taps);
        out[c] = (1 - w) * a + w * b;
      } else {
        out[c] = dot(table, this.nextRem * taps, hist, base, taps);
      }
      this.nextInt += stepInt;
      this.nextRem += stepRem;
      if (this.nextRem >= up) {
        this.nextRem -= up;
        this.nextInt += 1;
      }
    }
    this.emitted += out.length;
  }

  /**
   * Drops samples no future output needs, but only once they outnumber the
   * live ones, so the copy costs O(1) per input sample even for tiny chunks.
   */
  private compact(): void {
    const need = this.nextInt - this.d!.half + 1;
    if (need <= this.histStart) return;
    const drop = Math.min(need - this.histStart, this.histLen);
    if (2 * drop < this.histLen) return;
    this.hist.copyWithin(0, drop, this.histLen);
    this.histLen -= drop;
    this.histStart += drop;
  }
}

/**
 * Resamples a whole mono buffer in one call (a {@link Resampler} run through
 * `process` + `flush`). Returns a copy when the rates are equal.
 *
 * @param input - Mono float32 PCM at `inRate`.
 * @param inRate - Input rate in Hz, integer in 8000..192000.
 * @param outRate - Output rate in Hz, integer in 8000..192000 (typically 16000).
 * @returns `Resampler.outputLength(input.length, inRate, outRate)` samples;
 *   sample k sits at k / outRate seconds on the input's clock.
 * @throws MouthpieceError `INVALID_ARGUMENT` for a bad rate or input type.
 *
 * @example
 * ```ts
 * const pcm16k = resample(pcm44k, 44100, 16000);
 * ```
 */
export function resample(input: Float32Array, inRate: number, outRate: number): Float32Array {
  const rs = new Resampler(inRate, outRate);
  const head = rs.process(input);
  const tail = rs.flush();
  if (tail.length === 0) return head;
  const out = new Float32Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  return out;
}
