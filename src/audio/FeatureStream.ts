import { MouthpieceError } from '../api/MouthpieceError.js';
import { FEATURE_SPEC, featureFrameCount } from './featureSpec.js';
import { MelFrontend } from './MelFrontend.js';
import { Resampler } from './Resampler.js';

const S = FEATURE_SPEC;
const HALF = S.window / 2;

/** A run of consecutive feature frames, frame-major. */
export interface FeatureBlock {
  /** Index of the first frame; frame i has time i * 10 ms on the audio clock. */
  firstIndex: number;
  /** Frames in this block. */
  count: number;
  /** count * 64 log-mel values, frame-major. */
  features: Float32Array;
}

/** Options of a {@link FeatureStream}. */
export interface FeatureStreamOptions {
  /** Hz of the pushed PCM, 8000..192000. Default 16000. */
  sampleRate?: number;
  /** Interleaved channels of the pushed PCM, 1..64 (averaged to mono). Default 1. */
  channels?: number;
}

/**
 * The TypeScript streaming front end: interleaved PCM chunks of any length
 * in, feature frames out, exactly as models/features.md frames them. Any
 * chunking of the same audio gives bit-identical frames (the mono mix, the
 * resampler and each frame depend on sample values only).
 *
 * Synchronous and allocation-light; the runtime wraps it in the async
 * session API. Use it directly in an AudioWorklet or a Worker.
 *
 * @example
 * ```ts
 * const fs = new FeatureStream({ sampleRate: 48000 });
 * const a = fs.push(chunk);   // frames ready so far
 * const b = fs.flush();       // the rest, zero-padded
 * ```
 */
export class FeatureStream {
  readonly sampleRate: number;
  readonly channels: number;
  private readonly mel = new MelFrontend();
  private readonly resampler: Resampler | null;
  private buf = new Float32Array(4096);
  private bufLen = 0;
  /** Absolute 16 kHz sample index of buf[0] (negative: leading zero padding). */
  private bufStart = -HALF;
  private total16k = 0;
  private nextFrame = 0;
  private flushed = false;

  constructor(options: FeatureStreamOptions = {}) {
    const rate = options.sampleRate ?? S.sampleRate;
    const channels = options.channels ?? 1;
    if (!Number.isInteger(rate) || rate < 8000 || rate > 192000) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected integer sampleRate in 8000..192000 but received ${rate}`);
    }
    if (!Number.isInteger(channels) || channels < 1 || channels > 64) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected integer channels in 1..64 but received ${channels}`);
    }
    this.sampleRate = rate;
    this.channels = channels;
    this.resampler = rate === S.sampleRate ? null : new Resampler(rate, S.sampleRate);
    this.reset();
  }

  /** Forgets all audio; the clock restarts at zero. */
  reset(): void {
    this.resampler?.reset();
    this.buf.fill(0, 0, HALF);
    this.bufLen = HALF; // the spec's leading zero padding
    this.bufStart = -HALF;
    this.total16k = 0;
    this.nextFrame = 0;
    this.flushed = false;
  }

  /**
   * Pushes interleaved samples (length divisible by `channels`). Validates
   * the whole chunk first: NaN or infinite samples throw BAD_AUDIO and leave
   * the stream unchanged.
   */
  push(chunk: Float32Array): FeatureBlock {
    if (this.flushed) throw new MouthpieceError('STATE', 'push after flush: call reset() to start a new stream');
    this.validate(chunk);
    const mono = this.channels === 1 ? chunk : mixToMono(chunk, this.channels);
    this.append(this.resampler ? this.resampler.process(mono) : mono);
    return this.emit(false);
  }

  /**
   * Throws what push() would throw for this chunk, without changing state:
   * INVALID_ARGUMENT for a wrong type or length, BAD_AUDIO for NaN or Inf.
   */
  validate(chunk: Float32Array): void {
    if (!(chunk instanceof Float32Array)) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected Float32Array for chunk but received ${describe(chunk)}`);
    }
    if (chunk.length % this.channels !== 0) {
      throw new MouthpieceError(
        'INVALID_ARGUMENT',
        `Expected a sample count divisible by channels (${this.channels}) but received ${chunk.length}`,
      );
    }
    for (let i = 0; i < chunk.length; i++) {
      const x = chunk[i];
      if (!Number.isFinite(x)) {
        throw new MouthpieceError('BAD_AUDIO', `bad audio: sample ${i} of the chunk is ${Number.isNaN(x) ? 'NaN' : 'infinite'}`);
      }
    }
  }

  /** Ends the stream and returns the remaining frames (zero-padded at the end). */
  flush(): FeatureBlock {
    if (this.flushed) return { firstIndex: this.nextFrame, count: 0, features: new Float32Array(0) };
    if (this.resampler) this.append(this.resampler.flush());
    const block = this.emit(true);
    this.flushed = true;
    return block;
  }

  private append(x: Float32Array): void {
    if (this.bufLen + x.length > this.buf.length) {
      const grown = new Float32Array(Math.max(this.buf.length * 2, this.bufLen + x.length + S.window));
      grown.set(this.buf.subarray(0, this.bufLen));
      this.buf = grown;
    }
    this.buf.set(x, this.bufLen);
    this.bufLen += x.length;
    this.total16k += x.length;
  }

  private emit(final: boolean): FeatureBlock {
    const firstIndex = this.nextFrame;
    const ready = final
      ? featureFrameCount(this.total16k)
      : Math.max(0, Math.floor((this.total16k - HALF) / S.hop) + 1);
    const count = Math.max(0, ready - firstIndex);
    const features = new Float32Array(count * S.bands);
    if (final && count > 0) {
      // Trailing zero padding for the frames that reach past the end.
      this.append(new Float32Array(S.window));
      this.total16k -= S.window;
    }
    for (let i = 0; i < count; i++) {
      const t = firstIndex + i;
      this.mel.compute(this.buf, t * S.hop - HALF - this.bufStart, features, i * S.bands);
    }
    this.nextFrame = firstIndex + count;
    this.compact();
    return { firstIndex, count, features };
  }

  /** Drops samples no future frame reads (amortised: only when half is dead). */
  private compact(): void {
    const keepFrom = this.nextFrame * S.hop - HALF;
    const drop = keepFrom - this.bufStart;
    if (drop > 4096 && drop >= this.bufLen / 2) {
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.bufStart = keepFrom;
    }
  }
}

function mixToMono(chunk: Float32Array, channels: number): Float32Array {
  const frames = chunk.length / channels;
  const out = new Float32Array(frames);
  const scale = Math.fround(1 / channels);
  for (let f = 0; f < frames; f++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s = Math.fround(s + chunk[f * channels + c]);
    out[f] = Math.fround(s * scale);
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
