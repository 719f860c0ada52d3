import { MouthpieceError } from '../api/MouthpieceError.js';

/**
 * Runs async jobs one after another in call order: a session handle must not
 * be used by two jobs at once (the C header's thread rule), yet callers may
 * fire pushes without awaiting each. After close(), new jobs reject with
 * DISPOSED; jobs already queued still run.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  /** Queues `job`; resolves or rejects with its result. */
  run<T>(job: () => T | Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new MouthpieceError('DISPOSED', 'session was disposed'));
    const next = this.tail.then(job, job);
    // Keep the chain alive after a failure; the caller still sees the error.
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Refuses further jobs. */
  close(): void {
    this.closed = true;
  }

  /** Resolves when every queued job has settled. */
  drain(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
