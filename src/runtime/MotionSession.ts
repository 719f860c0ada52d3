import { EMOTION_NAMES, type Conditioning } from '../api/Conditioning.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { FEATURE_SPEC } from '../audio/featureSpec.js';
import type { BackendName, FeatureFrame, FeatureSession, SessionOptions } from './FeatureSession.js';
import { FrameResampler } from './FrameResampler.js';
import type { MotionModel } from './MotionModel.js';
import { MotionStream } from './MotionStream.js';
import { SerialQueue } from './SerialQueue.js';

/** Options of a motion session (and of `engine.process`). */
export interface MotionOptions extends Conditioning {
  /** Output frames per second, integer 1..1000. Default 60. */
  fps?: number;
  /** How long a change of conditioning takes to blend in, ms. Default 300. */
  transitionMs?: number;
}

/** Options of `engine.createMotionSession`. */
export interface MotionSessionOptions extends MotionOptions, SessionOptions {}

/** Checks a conditioning and returns its emotion vector on `model`. */
export function conditioningVector(model: MotionModel, c: Conditioning): Float32Array {
  if (c === null || typeof c !== 'object') throw new MouthpieceError('INVALID_ARGUMENT', `Expected a conditioning object but received ${String(c)}`);
  const emotion = c.emotion ?? 'neutral';
  if (!EMOTION_NAMES.includes(emotion)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected emotion ${EMOTION_NAMES.join('|')} but received ${String(emotion)}`);
  }
  return model.emotionVector(emotion, c.intensity ?? 1);
}

/** Validates `transitionMs` and converts it to model frames. */
export function transitionFrames(model: MotionModel, transitionMs: number | undefined): number {
  const ms = transitionMs ?? 300;
  if (typeof ms !== 'number' || !(ms >= 0 && ms <= 10_000)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected transitionMs in 0..10000 but received ${String(transitionMs)}`);
  }
  return Math.round((ms * model.info.fps) / 1000);
}

/**
 * A streaming speech-to-face session: push PCM chunks of any length, get
 * {@link Frame}s (52 ARKit weights + head pose) stamped on the audio clock.
 * Frames trail the audio by the model's lookahead (`lookaheadMs`); `flush()`
 * returns the rest at the end of the stream. Chunking never changes the
 * frames. Calls queue, so pushes may be fired without awaiting each.
 *
 * @example
 * ```ts
 * const s = await engine.createMotionSession({ sampleRate: 48000, fps: 60, emotion: 'happy', intensity: 0.5 });
 * for await (const chunk of mic) for (const f of await s.push(chunk)) rig.set(f);
 * for (const f of await s.flush()) rig.set(f);
 * s.dispose();
 * ```
 */
export class MotionSession {
  /** Output frames per second. */
  readonly fps: number;
  /** How far the frames trail the audio pushed, in ms (the model's lookahead). */
  readonly lookaheadMs: number;
  private readonly features: FeatureSession;
  private readonly model: MotionModel;
  private readonly stream: MotionStream;
  private readonly frames: FrameResampler;
  private readonly transition: number;
  private readonly queue = new SerialQueue();

  /** @internal Use `engine.createMotionSession()`. */
  constructor(features: FeatureSession, model: MotionModel, options: MotionOptions = {}) {
    this.frames = new FrameResampler(options.fps ?? 60);
    this.fps = this.frames.fps;
    this.transition = transitionFrames(model, options.transitionMs);
    this.stream = new MotionStream(model, conditioningVector(model, options));
    this.features = features;
    this.model = model;
    this.lookaheadMs = model.info.lookaheadMs;
  }

  /** The feature front end's backend. */
  get backend(): BackendName {
    return this.features.backend;
  }

  /** Pushes interleaved float PCM; resolves to the frames it completed. The chunk is copied at the call. */
  push(chunk: Float32Array): Promise<Frame[]> {
    const pending = quiet(this.features.push(chunk));
    return this.queue.run(async () => this.toFrames(await pending));
  }

  /** Ends the stream; resolves to the remaining frames (up to the end of the audio). */
  flush(): Promise<Frame[]> {
    const pending = quiet(this.features.flush());
    return this.queue.run(async () => {
      const head = await this.toFrames(await pending);
      const tail = this.frames.push(await this.stream.flush());
      return head.concat(tail);
    });
  }

  /**
   * Changes emotion and intensity from the next audio pushed, blending over
   * `transitionMs` (default: the session's).
   */
  setConditioning(c: Conditioning, transitionMs?: number): Promise<void> {
    let v: Float32Array;
    let frames: number;
    try {
      v = conditioningVector(this.model, c);
      frames = transitionMs === undefined ? this.transition : transitionFrames(this.model, transitionMs);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.queue.run(() => this.stream.setEmotion(v, frames));
  }

  /** Forgets all audio; the clock restarts at zero. */
  reset(): Promise<void> {
    const pending = quiet(this.features.reset());
    return this.queue.run(async () => {
      await pending;
      this.stream.reset();
      this.frames.reset();
    });
  }

  /** Resolves when every call queued so far has settled (e.g. before freeing the model under it). */
  settled(): Promise<void> {
    return this.queue.drain();
  }

  /** Frees the session; further calls reject with DISPOSED. Idempotent. */
  dispose(): void {
    this.queue.close();
    this.features.dispose();
  }

  /** Same as dispose(), for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  private async toFrames(feats: FeatureFrame[]): Promise<Frame[]> {
    if (feats.length === 0) return [];
    const bands = FEATURE_SPEC.bands;
    const block = new Float32Array(feats.length * bands);
    feats.forEach((f, i) => block.set(f.features, i * bands));
    return this.frames.push(await this.stream.push(block, feats.length));
  }
}

/**
 * Marks a promise as handled (the queued job awaits it later, or never when
 * the session was disposed in between), without changing what it resolves to.
 */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
