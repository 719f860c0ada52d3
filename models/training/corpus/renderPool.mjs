// Spreads render jobs (renderUtterance.mjs) over worker threads so that F0,
// the teacher, augmentation and feature extraction use every core while the
// main thread drives the synthesisers. With `workers: 0` jobs run inline.
// Results do not depend on which thread renders a job.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { createRenderer } from './renderUtterance.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Worker threads and inline rendering behind one `render(job)`. */
export class RenderPool {
  /**
   * @param {{out: string, audio?: boolean, backend?: string, workers: number, scratch: string}} options
   *   scratch: a folder under which each thread gets its own work folder
   */
  static async open(options) {
    const pool = new RenderPool(options);
    await pool.#start();
    return pool;
  }

  #options;
  #workers = [];
  #idle = [];
  #queue = [];
  #pending = new Map();
  #seq = 0;
  #inline = null;
  #failed = null;
  backend = null;

  constructor(options) {
    this.#options = options;
  }

  async #start() {
    const { workers, scratch, ...init } = this.#options;
    if (workers <= 0) {
      this.#inline = await createRenderer(init);
      this.#inline.workDir = path.join(scratch, 'render-0');
      this.backend = this.#inline.backend;
      return;
    }
    const ready = [];
    for (let k = 0; k < workers; k++) {
      const w = new Worker(path.join(HERE, 'renderWorker.mjs'));
      w.workDir = path.join(scratch, `render-${k}`);
      ready.push(
        new Promise((resolve, reject) => {
          w.once('message', (m) => (m.ready ? resolve(m.ready) : reject(new Error(`render worker: ${m.initError}`))));
          w.once('error', reject);
        }),
      );
      w.postMessage({ init });
      this.#workers.push(w);
    }
    const backends = await Promise.all(ready);
    this.backend = backends[0];
    for (const w of this.#workers) {
      w.on('message', (m) => this.#done(w, m));
      w.on('error', (e) => this.#fail(e));
      w.on('exit', (code) => code !== 0 && this.#fail(new Error(`render worker exited with code ${code}`)));
      this.#idle.push(w);
    }
  }

  /** Jobs accepted but not finished (the caller bounds memory with it). */
  get inFlight() {
    return this.#pending.size + this.#queue.length;
  }

  /**
   * Renders one job; resolves to its manifest lines.
   * @returns {Promise<{id: string, line: string}[]>}
   */
  render(job) {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#inline) return this.#inline.render({ ...job, workDir: this.#inline.workDir });
    return new Promise((resolve, reject) => {
      this.#queue.push({ seq: this.#seq++, job, resolve, reject });
      this.#pump();
    });
  }

  #pump() {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const w = this.#idle.shift();
      const task = this.#queue.shift();
      this.#pending.set(task.seq, { ...task, worker: w });
      const transfer = task.job.pcm.buffer.byteLength === task.job.pcm.byteLength ? [task.job.pcm.buffer] : [];
      w.postMessage({ seq: task.seq, job: { ...task.job, workDir: w.workDir } }, transfer);
    }
  }

  #done(w, m) {
    const task = this.#pending.get(m.seq);
    if (!task) return;
    this.#pending.delete(m.seq);
    this.#idle.push(w);
    if (m.error) task.reject(new Error(m.error));
    else task.resolve(m.result);
    this.#pump();
  }

  #fail(e) {
    this.#failed ??= e;
    for (const t of [...this.#pending.values(), ...this.#queue]) t.reject(e);
    this.#pending.clear();
    this.#queue = [];
  }

  /** Stops the workers. */
  async close() {
    await Promise.all(this.#workers.map((w) => w.terminate()));
    this.#workers = [];
  }
}
