import type { FeatureBlock } from '../audio/FeatureStream.js';
import { FEATURE_SPEC } from '../audio/featureSpec.js';

/** Backends a session or engine can run on. */
export type BackendName = 'native' | 'typescript';

/**
 * One feature frame on the audio clock. Today sessions emit these; when the
 * motion model lands, sessions emit `Frame`s (blendshapes + head pose) with
 * the same `index`/`time` stamping.
 */
export interface FeatureFrame {
  /** Frame number from the start of the stream (0, 1, 2, ...). */
  index: number;
  /** Seconds on the input's audio clock: index * 10 ms (the window's centre). */
  time: number;
  /** 64 log-mel values (models/features.md). A view into a shared block. */
  features: Float32Array;
}

/** Options of a streaming session. */
export interface SessionOptions {
  /** Hz of the PCM you will push, 8000..192000. Default 16000. */
  sampleRate?: number;
  /** Interleaved channels of the PCM you will push, 1..64. Default 1. */
  channels?: number;
}

/**
 * A streaming session: push PCM chunks of any length, get frames stamped on
 * the audio clock. Chunking never changes the output. Calls are queued, so a
 * caller may fire pushes without awaiting each one; results come back in
 * order.
 *
 * @example
 * ```ts
 * const s = engine.createSession({ sampleRate: 48000 });
 * for await (const chunk of mic) for (const f of await s.push(chunk)) draw(f);
 * for (const f of await s.flush()) draw(f);
 * s.dispose();
 * ```
 */
export interface FeatureSession {
  /** Which backend computes this session's frames. */
  readonly backend: BackendName;
  readonly sampleRate: number;
  readonly channels: number;
  /**
   * Pushes interleaved float PCM; resolves to the frames it completed. The
   * chunk is copied at the call, so the caller may reuse its buffer at once.
   */
  push(chunk: Float32Array): Promise<FeatureFrame[]>;
  /** Ends the stream; resolves to the remaining (zero-padded) frames. */
  flush(): Promise<FeatureFrame[]>;
  /** Forgets all audio; the clock restarts at zero. */
  reset(): Promise<void>;
  /** Frees the session; further calls reject with DISPOSED. Idempotent. */
  dispose(): void;
  /** Same as dispose(), for `using session = engine.createSession()`. */
  [Symbol.dispose](): void;
}

/** Splits a block into per-frame views (no copy of the feature values). */
export function blockToFrames(block: FeatureBlock): FeatureFrame[] {
  const frames: FeatureFrame[] = new Array(block.count);
  const bands = FEATURE_SPEC.bands;
  const secondsPerFrame = FEATURE_SPEC.hop / FEATURE_SPEC.sampleRate;
  for (let i = 0; i < block.count; i++) {
    const index = block.firstIndex + i;
    frames[i] = { index, time: index * secondsPerFrame, features: block.features.subarray(i * bands, (i + 1) * bands) };
  }
  return frames;
}
