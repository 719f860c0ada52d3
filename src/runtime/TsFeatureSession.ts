import { MouthpieceError } from '../api/MouthpieceError.js';
import { FeatureStream } from '../audio/FeatureStream.js';
import type { FeatureFrame, FeatureSession, SessionOptions } from './FeatureSession.js';
import { blockToFrames } from './FeatureSession.js';
import { SerialQueue } from './SerialQueue.js';

/** Samples per slice: about 25 ms of work, so the event loop keeps breathing. */
const SLICE_FRAMES = 16000;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The TypeScript backend's session (browser, or Node without the addon).
 * Long chunks are processed in slices with a yield to the event loop between
 * them, since this path has no thread pool of its own; in a browser, run it
 * inside a Worker or AudioWorklet.
 */
export class TsFeatureSession implements FeatureSession {
  readonly backend = 'typescript' as const;
  readonly sampleRate: number;
  readonly channels: number;
  private readonly stream: FeatureStream;
  private readonly queue = new SerialQueue();

  constructor(options: SessionOptions = {}) {
    this.stream = new FeatureStream(options);
    this.sampleRate = this.stream.sampleRate;
    this.channels = this.stream.channels;
  }

  push(chunk: Float32Array): Promise<FeatureFrame[]> {
    if (!(chunk instanceof Float32Array)) {
      return Promise.reject(new MouthpieceError('INVALID_ARGUMENT', 'Expected Float32Array for chunk'));
    }
    // Copy now: the queued job runs later, and callers reuse their buffers
    // (an audio callback typically refills the same array every time).
    chunk = chunk.slice();
    return this.queue.run(async () => {
      const slice = SLICE_FRAMES * this.channels;
      if (chunk.length <= slice) return blockToFrames(this.stream.push(chunk));
      // Validate the whole chunk first so a NaN at the end rejects the chunk
      // before any slice has changed the stream.
      this.stream.validate(chunk);
      const frames: FeatureFrame[] = [];
      for (let at = 0; at < chunk.length; at += slice) {
        if (at > 0) await yieldToEventLoop();
        frames.push(...blockToFrames(this.stream.push(chunk.subarray(at, at + slice))));
      }
      return frames;
    });
  }

  flush(): Promise<FeatureFrame[]> {
    return this.queue.run(() => blockToFrames(this.stream.flush()));
  }

  reset(): Promise<void> {
    return this.queue.run(() => this.stream.reset());
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  dispose(): void {
    this.queue.close();
  }
}
