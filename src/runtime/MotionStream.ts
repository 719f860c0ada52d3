import { MouthpieceError } from '../api/MouthpieceError.js';
import { FEATURE_SPEC } from '../audio/featureSpec.js';
import { LevelNormalizer, type LevelNormalizerOptions } from './LevelNormalizer.js';
import { MOTION_CHANNELS, type MotionModel } from './MotionModel.js';
import { MotionSmoother } from './MotionSmoother.js';
import { ClosureDipGate } from './ClosureDipGate.js';
import { applyBilabialSeal, bilabialSealStrength } from './sealBilabials.js';
import { shapeLipsByViseme } from './shapeLipsByViseme.js';

/**
 * Longest single model call, in frames (1 s of audio): bounds the JavaScript
 * work around one call (level normalisation, smoothing, seal, frames), which
 * runs on the event loop between calls; at 500 frames the longest stall
 * during a 60 s `process()` was 28-31 ms.
 */
export const MAX_CALL_FRAMES = 100;

/** During an emotion transition the conditioning input changes every this many frames (50 ms). */
export const TRANSITION_STEP_FRAMES = 5;

/**
 * The model side of a stream: feature rows in, motion rows (100 Hz, 52
 * weights + 6 head values) out, aligned to the audio clock. Around the
 * network: input level normalisation (LevelNormalizer), viseme shaping
 * (shapeLipsByViseme), output smoothing (MotionSmoother) and the bilabial
 * seal (sealBilabials), each per the
 * model's options. It drops the model's first `lookahead` output rows (they
 * belong to frames before the stream began), flushes with `lookahead` rows
 * of silence, and ramps the emotion input linearly when the conditioning
 * changes.
 *
 * Results depend only on the feature rows and on where (in frames) the
 * conditioning changed, never on how the rows were chunked: ramps step on
 * absolute frame numbers.
 *
 * Not thread-safe by itself: the owning session serialises calls.
 */
export class MotionStream {
  private readonly model: MotionModel;
  private state: Float32Array;
  private framesIn = 0;
  private toDrop: number;
  private ended = false;
  private from: Float32Array;
  private to: Float32Array;
  private rampStart = 0;
  private rampFrames = 0;
  private readonly agc: LevelNormalizer | null;
  private readonly smoother: MotionSmoother | null;
  /** Smooths the seal's strength with the motion's filter, so both share one delay. */
  private readonly sealSmoother: MotionSmoother | null;
  /** The seal's strength per row of one call, reused (no allocation per chunk). */
  private readonly sealStrength = new Float32Array(MAX_CALL_FRAMES);
  /** The seal's acoustic check, when the seal asks for one. */
  private readonly dipGate: ClosureDipGate | null;
  /** Rows emitted so far (the absolute index of the next row). */
  private rowsOut = 0;

  /**
   * `emotion`: the initial conditioning vector (MotionModel.emotionVector);
   * `level`: the input level normalisation (false = off); default the model's.
   */
  constructor(model: MotionModel, emotion: Float32Array, level: LevelNormalizerOptions | false = model.info.levelNormalization) {
    this.model = model;
    this.agc = level === false ? null : new LevelNormalizer(level);
    this.smoother = model.info.smoothing ? new MotionSmoother() : null;
    this.sealSmoother = model.info.smoothing ? new MotionSmoother(1) : null;
    const seal = model.info.bilabialSeal;
    const advance = model.info.outputAdvanceFrames;
    this.dipGate = seal !== false && seal.dipDb ? new ClosureDipGate(seal.dipDb, model.info.lookaheadFrames - advance, advance) : null;
    this.state = model.initialState();
    this.toDrop = model.info.lookaheadFrames;
    this.from = emotion.slice();
    this.to = emotion.slice();
  }

  /** Input frames consumed so far. */
  get framesConsumed(): number {
    return this.framesIn;
  }

  /**
   * Moves the conditioning to `emotion` over `frames` input frames, starting
   * at the next frame pushed (0 = at once).
   */
  setEmotion(emotion: Float32Array, frames: number): void {
    this.from = this.emotionAt(this.framesIn);
    this.to = emotion.slice();
    this.rampStart = this.framesIn;
    this.rampFrames = Math.max(0, Math.round(frames));
  }

  /** Feeds `count` feature rows; resolves to the motion rows now complete (count' x 58). */
  async push(features: Float32Array, count: number): Promise<Float32Array> {
    if (this.ended) throw new MouthpieceError('STATE', 'stream was flushed; reset() it before pushing again');
    const bands = FEATURE_SPEC.bands;
    // The gate hears the input as it came (its dips are relative, and level normalisation moves the level).
    const raw = features;
    if (this.agc) {
      features = features.slice(0, count * bands);
      this.agc.process(features, count);
    }
    const parts: Float32Array[] = [];
    let at = 0;
    while (at < count) {
      const n = this.callLength(count - at);
      const emo = this.emotionAt(this.framesIn);
      const seal = this.model.info.bilabialSeal;
      const shaping = this.model.info.visemeShaping;
      this.dipGate?.push(raw.subarray(at * bands, (at + n) * bands), n);
      const r = await this.model.step(features.subarray(at * bands, (at + n) * bands), n, emo, this.state, seal !== false || shaping !== false);
      this.state = r.state;
      this.framesIn += n;
      at += n;
      const drop = Math.min(this.toDrop, n);
      this.toDrop -= drop;
      if (drop < n) {
        // Rows before the stream began are dropped first, so they never reach the smoother's history.
        const rows = r.motion.subarray(drop * MOTION_CHANNELS);
        // Shaping before smoothing, so the smoother also evens out the posterior's frame-to-frame wobble.
        if (shaping !== false) shapeLipsByViseme(rows, r.visemes!.subarray(drop * 15), n - drop, shaping);
        this.smoother?.process(rows, n - drop);
        // Seal after smoothing, so a closure stays a closure; its strength
        // goes through the same filter, so it lines up with the smoothed
        // rows and a one- or two-frame flicker of the detector becomes a
        // partial seal instead of a snap shut and open (jitter).
        if (seal !== false) {
          const strength = bilabialSealStrength(r.visemes!.subarray(drop * 15), n - drop, seal, this.sealStrength);
          if (this.dipGate) for (let i = 0; i < n - drop; i++) strength[i] *= this.dipGate.gate(this.rowsOut + i);
          this.sealSmoother?.process(strength, n - drop);
          applyBilabialSeal(rows, strength, n - drop);
        }
        this.rowsOut += n - drop;
        parts.push(rows);
      }
    }
    return concat(parts);
  }

  /** Ends the stream: `lookahead` frames of silence push out the last rows. */
  async flush(): Promise<Float32Array> {
    if (this.ended) return new Float32Array(0);
    const L = this.model.info.lookaheadFrames;
    const out = L > 0 ? await this.push(new Float32Array(L * FEATURE_SPEC.bands).fill(this.model.info.silenceValue), L) : new Float32Array(0);
    this.ended = true;
    // A stream shorter than the lookahead has fewer rows than frames dropped: nothing more to give.
    return out;
  }

  /** Back to the start of a stream (the conditioning is kept, without a ramp). */
  reset(): void {
    this.state = this.model.initialState();
    this.to = this.emotionAt(this.framesIn);
    this.from = this.to.slice();
    this.rampFrames = 0;
    this.rampStart = 0;
    this.framesIn = 0;
    this.rowsOut = 0;
    this.dipGate?.reset();
    this.toDrop = this.model.info.lookaheadFrames;
    this.ended = false;
    this.agc?.reset();
    this.smoother?.reset();
    this.sealSmoother?.reset();
  }

  /** Frames the next call may take: up to the next ramp step while ramping, else up to MAX_CALL_FRAMES. */
  private callLength(remaining: number): number {
    const f = this.framesIn;
    if (this.rampFrames > 0 && f < this.rampStart + this.rampFrames) {
      const nextStep = (Math.floor((f - this.rampStart) / TRANSITION_STEP_FRAMES) + 1) * TRANSITION_STEP_FRAMES + this.rampStart;
      return Math.min(remaining, nextStep - f);
    }
    return Math.min(remaining, MAX_CALL_FRAMES);
  }

  private emotionAt(frame: number): Float32Array {
    if (this.rampFrames <= 0 || frame >= this.rampStart + this.rampFrames) return this.to;
    // The value at the ramp step containing `frame`, so every call inside a step sees one vector.
    const step = Math.floor((frame - this.rampStart) / TRANSITION_STEP_FRAMES) * TRANSITION_STEP_FRAMES;
    const a = Math.min(1, Math.max(0, (step + TRANSITION_STEP_FRAMES) / this.rampFrames));
    const v = new Float32Array(this.to.length);
    for (let i = 0; i < v.length; i++) v[i] = this.from[i] + a * (this.to[i] - this.from[i]);
    return v;
  }
}

function concat(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Float32Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
