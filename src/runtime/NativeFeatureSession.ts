import { MouthpieceError } from '../api/MouthpieceError.js';
import type { FeatureFrame, FeatureSession, SessionOptions } from './FeatureSession.js';
import { blockToFrames } from './FeatureSession.js';
import type { NativeBinding, NativeSessionHandle } from './NativeBinding.js';
import { SerialQueue } from './SerialQueue.js';
import { toMouthpieceError } from './toMouthpieceError.js';

/**
 * Chunks up to this many sample frames run synchronously in the addon (well
 * under a millisecond of work); longer ones go to the thread pool, because a
 * thread hop costs more than the work for a 10 ms chunk.
 */
export const NATIVE_SYNC_LIMIT = 4800;

/** The native backend's session: a thin, queued wrapper over the C session. */
export class NativeFeatureSession implements FeatureSession {
  readonly backend = 'native' as const;
  readonly sampleRate: number;
  readonly channels: number;
  private handle: NativeSessionHandle | null;
  private readonly queue = new SerialQueue();
  private disposed = false;

  constructor(binding: NativeBinding, options: SessionOptions = {}) {
    this.sampleRate = options.sampleRate ?? 16000;
    this.channels = options.channels ?? 1;
    if (!Number.isInteger(this.sampleRate) || this.sampleRate < 8000 || this.sampleRate > 192000) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected integer sampleRate in 8000..192000 but received ${this.sampleRate}`);
    }
    if (!Number.isInteger(this.channels) || this.channels < 1 || this.channels > 64) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected integer channels in 1..64 but received ${this.channels}`);
    }
    try {
      this.handle = new binding.Session({ sampleRate: this.sampleRate, channels: this.channels });
    } catch (e) {
      throw toMouthpieceError(e);
    }
  }

  push(chunk: Float32Array): Promise<FeatureFrame[]> {
    if (!(chunk instanceof Float32Array)) {
      return Promise.reject(new MouthpieceError('INVALID_ARGUMENT', 'Expected Float32Array for chunk'));
    }
    // Copy now: the queued job runs later, and callers reuse their buffers.
    chunk = chunk.slice();
    return this.queue.run(async () => {
      const h = this.live();
      try {
        if (chunk.length / this.channels <= NATIVE_SYNC_LIMIT) h.push(chunk);
        else await h.pushAsync(chunk);
        return blockToFrames(h.read());
      } catch (e) {
        throw toMouthpieceError(e);
      }
    });
  }

  flush(): Promise<FeatureFrame[]> {
    return this.queue.run(() => {
      const h = this.live();
      try {
        h.flush();
        return blockToFrames(h.read());
      } catch (e) {
        throw toMouthpieceError(e);
      }
    });
  }

  reset(): Promise<void> {
    return this.queue.run(() => {
      try {
        this.live().reset();
      } catch (e) {
        throw toMouthpieceError(e);
      }
    });
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.close();
    // Jobs queued before dispose() still run; free the handle after them.
    void this.queue.drain().then(() => {
      this.handle?.dispose();
      this.handle = null;
    });
  }

  private live(): NativeSessionHandle {
    if (!this.handle) throw new MouthpieceError('DISPOSED', 'session was disposed');
    return this.handle;
  }
}
