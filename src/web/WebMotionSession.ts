import type { Conditioning } from '../api/Conditioning.js';
import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { builtInModelSettings } from '../runtime/builtInModelSettings.js';
import type { BilabialSeal } from '../runtime/sealBilabials.js';
import { unpackFrames } from './framePacking.js';
import { MotionWorkerHost, type WebOnnxRuntime } from './MotionWorkerHost.js';
import type { WorkerInit, WorkerReady, WorkerReply, WorkerRequest } from './protocol.js';

/** Options of {@link createWebMotionSession}. */
export interface WebMotionSessionOptions extends Conditioning {
  /**
   * The motion model: `'default'` (130 ms lookahead) or `'lowlatency'`
   * (40 ms), served from this package's `models/` folder by your bundler;
   * or a URL; or the file's bytes. Default `'default'`.
   */
  model?: 'default' | 'lowlatency' | string | URL | ArrayBuffer | Uint8Array;
  /**
   * Where the model runs: a module Worker running `mouthpiece/web/worker`
   * (recommended: the front end and the model stay off the render loop),
   * or `'inline'` for the page's own thread. Default: a new Worker from this
   * package's worker script (bundlers resolve it), terminated by `dispose()`.
   */
  worker?: Worker | 'inline';
  /**
   * Where onnxruntime-web finds its `.wasm`/`.mjs` files: a folder URL
   * ending in '/' (onnxruntime-web's `env.wasm.wasmPaths`). Serve them from
   * your app (copy `node_modules/onnxruntime-web/dist/ort-wasm-*`): nothing
   * is fetched from a CDN. Default: onnxruntime-web's own resolution, next
   * to its module.
   */
  wasmPaths?: string | Record<string, string>;
  /**
   * onnxruntime-web backends in order of preference; the first that loads
   * runs (see {@link WebMotionSession.backend}). Default `['wasm']`.
   * `'webgpu'` is supported by onnxruntime-web but untested with Mouthpiece.
   */
  executionProviders?: string[];
  /** WASM threads (needs a cross-origin isolated page for more than 1). Default 1. */
  threads?: number;
  /** Sample rate of the PCM pushed, Hz (e.g. `audioContext.sampleRate`). Default 16000. */
  sampleRate?: number;
  /** Interleaved channels of the PCM pushed (mixed down). Default 1. */
  channels?: number;
  /** Output frames per second, integer 1..1000. Default 60. */
  fps?: number;
  /** Blend time of a conditioning change, ms. Default 300. */
  transitionMs?: number;
  /** As in Node's `openEngine`: the bilabial seal, or false. Default: the built-in model's. */
  bilabialSeal?: BilabialSeal | false;
  /** False turns input level normalisation off. Default on. */
  levelNormalization?: false;
  /** False turns output smoothing off. Default true. */
  smoothing?: boolean;
  /** As in Node's `openEngine`: lip shapes from the viseme head, or false. Default: the built-in model's. */
  visemeShaping?: { strength: number; sharpness: number } | false;
  /** As in Node's `openEngine`: frames the output is moved earlier (more latency). Default: the built-in model's, else 0. */
  outputAdvanceFrames?: number;
  /** With `worker: 'inline'`: the onnxruntime-web module to use. Default: `import('onnxruntime-web')`. */
  runtime?: WebOnnxRuntime;
}

interface Pending {
  resolve(reply: WorkerReply & { ok: true }): void;
  reject(e: Error): void;
}

/** The part of a Worker (or of the inline host) a session talks to. */
interface Channel {
  post(req: WorkerRequest, transfer: Transferable[]): void;
  close(): void;
  /** Set when the worker failed: later requests reject at once instead of waiting for a dead worker. */
  broken?: Error;
}

/**
 * Request ids, unique across sessions in this page: a late reply of a
 * disposed session on a reused Worker can never resolve another's request.
 */
const ids = { value: 0 };

/**
 * A streaming speech-to-face session in the browser: the same pipeline as
 * Node's `engine.createMotionSession` (TypeScript front end, motion model,
 * level normalisation, smoothing, bilabial seal, frame resampling), with the
 * model on onnxruntime-web, in a Worker by default. Push PCM chunks, get
 * {@link Frame}s stamped on the audio clock (0 = first sample pushed). The
 * audio never leaves the page.
 *
 * @example
 * ```ts
 * const s = await createWebMotionSession({ sampleRate: 48000, wasmPaths: '/ort/' });
 * buffer.push(await s.push(chunk)); // Float32Array of mono PCM
 * buffer.push(await s.flush());
 * s.dispose();
 * ```
 */
export class WebMotionSession {
  /** onnxruntime-web's backend that runs the model: 'wasm', or 'webgpu' when asked for and available. */
  readonly backend: string;
  /** How far frames trail the audio pushed, ms (the model's lookahead). */
  readonly lookaheadMs: number;
  /** Output frames per second. */
  readonly fps: number;
  /** Sample rate of the PCM pushed, Hz. */
  readonly sampleRate: number;
  /** Milliseconds the worker spent on the last push or flush (front end + model), for monitoring. */
  lastBusyMs = 0;
  private readonly channel: Channel;
  private readonly pending: Map<number, Pending>;
  private nextId: { value: number };
  private disposed = false;

  /** @internal Use {@link createWebMotionSession}. */
  constructor(channel: Channel, pending: Map<number, Pending>, nextId: { value: number }, ready: WorkerReady, sampleRate: number) {
    this.channel = channel;
    this.pending = pending;
    this.nextId = nextId;
    this.backend = ready.backend;
    this.lookaheadMs = ready.lookaheadMs;
    this.fps = ready.fps;
    this.sampleRate = sampleRate;
  }

  /** Pushes interleaved float PCM; resolves to the frames it completed. The chunk is copied at the call. */
  async push(pcm: Float32Array): Promise<Frame[]> {
    if (!(pcm instanceof Float32Array)) throw new MouthpieceError('INVALID_ARGUMENT', 'Expected Float32Array for pcm');
    const copy = pcm.slice();
    return this.frames(await this.request({ id: 0, op: 'push', pcm: copy }, [copy.buffer]));
  }

  /** Ends the stream; resolves to the remaining frames. */
  async flush(): Promise<Frame[]> {
    return this.frames(await this.request({ id: 0, op: 'flush' }, []));
  }

  /** Forgets all audio; the clock restarts at zero. */
  async reset(): Promise<void> {
    await this.request({ id: 0, op: 'reset' }, []);
  }

  /** Changes emotion and intensity from the next audio pushed, blending over `transitionMs`. */
  async setConditioning(c: Conditioning, transitionMs?: number): Promise<void> {
    if (c === null || typeof c !== 'object') throw new MouthpieceError('INVALID_ARGUMENT', `Expected a conditioning object but received ${String(c)}`);
    await this.request({ id: 0, op: 'conditioning', conditioning: { emotion: c?.emotion, intensity: c?.intensity }, transitionMs }, []);
  }

  /** Frees the model and stops the worker this session started. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const id = ++this.nextId.value;
    this.channel.post({ id, op: 'dispose' }, []);
    const err = new MouthpieceError('DISPOSED', 'session was disposed');
    for (const [k, p] of this.pending) if (k !== id) p.reject(err);
    this.pending.clear();
    this.channel.close();
  }

  private frames(reply: WorkerReply & { ok: true }): Frame[] {
    this.lastBusyMs = reply.busyMs ?? 0;
    return reply.frames ? unpackFrames(reply.frames) : [];
  }

  private request(req: WorkerRequest, transfer: Transferable[]): Promise<WorkerReply & { ok: true }> {
    if (this.disposed) return Promise.reject(new MouthpieceError('DISPOSED', 'session was disposed'));
    if (this.channel.broken) return Promise.reject(this.channel.broken);
    return send(this.channel, this.pending, this.nextId, req, transfer);
  }
}

function send(channel: Channel, pending: Map<number, Pending>, nextId: { value: number }, req: WorkerRequest, transfer: Transferable[]) {
  const id = ++nextId.value;
  if (channel.broken) return Promise.reject(channel.broken);
  return new Promise<WorkerReply & { ok: true }>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    channel.post({ ...req, id } as WorkerRequest, transfer);
  });
}

function settle(pending: Map<number, Pending>, reply: WorkerReply): void {
  const p = pending.get(reply?.id);
  if (!p) return;
  pending.delete(reply.id);
  if (reply.ok) p.resolve(reply);
  else p.reject(new MouthpieceError(reply.code as never, reply.message));
}

async function modelBytes(model: WebMotionSessionOptions['model']): Promise<Uint8Array> {
  if (model instanceof Uint8Array) return model.slice();
  if (model instanceof ArrayBuffer) return new Uint8Array(model.slice(0));
  let url: URL;
  if (model === undefined || model === 'default') url = new URL('../../models/motion-v1/model.onnx', import.meta.url);
  else if (model === 'lowlatency') url = new URL('../../models/motion-v1-lowlatency/model.onnx', import.meta.url);
  else if (typeof model === 'string' || model instanceof URL) url = new URL(String(model), globalThis.location?.href);
  else throw new MouthpieceError('INVALID_ARGUMENT', `Expected 'default', 'lowlatency', a URL or the model's bytes for model but received ${String(model)}`);
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new MouthpieceError('BAD_MODEL', `cannot fetch the model from ${url.href}: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw new MouthpieceError('BAD_MODEL', `cannot fetch the model from ${url.href}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function positiveInteger(name: string, v: number, max: number): number {
  if (!Number.isInteger(v) || v < 1 || v > max) throw new MouthpieceError('INVALID_ARGUMENT', `Expected an integer in 1..${max} for ${name} but received ${String(v)}`);
  return v;
}

/**
 * Starts a browser motion session: fetches the model (from the package, a
 * URL or bytes), starts onnxruntime-web in a Worker (or inline), and
 * resolves once the model is loaded. Rejects with a named error for a bad
 * model, a missing runtime or bad options; nothing is fetched from outside
 * the page's own origin unless you pass such a URL.
 *
 * @param options See {@link WebMotionSessionOptions}.
 * @example
 * ```ts
 * const worker = new Worker(new URL('mouthpiece/web/worker', import.meta.url), { type: 'module' });
 * const session = await createWebMotionSession({ worker, sampleRate: ctx.sampleRate, wasmPaths: '/ort/' });
 * ```
 */
export async function createWebMotionSession(options: WebMotionSessionOptions = {}): Promise<WebMotionSession> {
  if (options === null || typeof options !== 'object') throw new MouthpieceError('INVALID_ARGUMENT', 'Expected an options object');
  const sampleRate = positiveInteger('sampleRate', options.sampleRate ?? 16000, 768000);
  if (sampleRate < 8000) throw new MouthpieceError('INVALID_ARGUMENT', `Expected sampleRate >= 8000 but received ${sampleRate}`);
  const builtIn = options.model === 'lowlatency' ? 'lowlatency' : options.model === undefined || options.model === 'default' ? 'default' : undefined;
  const own = builtIn ? builtInModelSettings(builtIn) : undefined;
  const init: Omit<WorkerInit, 'model'> = {
    wasmPaths: options.wasmPaths,
    executionProviders: options.executionProviders ?? ['wasm'],
    threads: positiveInteger('threads', options.threads ?? 1, 64),
    sampleRate,
    channels: positiveInteger('channels', options.channels ?? 1, 32),
    fps: positiveInteger('fps', options.fps ?? 60, 1000),
    transitionMs: options.transitionMs,
    conditioning: { emotion: options.emotion, intensity: options.intensity },
    bilabialSeal: options.bilabialSeal ?? own?.bilabialSeal,
    visemeShaping: options.visemeShaping ?? own?.visemeShaping,
    outputAdvanceFrames: options.outputAdvanceFrames ?? own?.outputAdvanceFrames,
    levelNormalization: options.levelNormalization,
    smoothing: options.smoothing,
  };
  if (!Array.isArray(init.executionProviders) || init.executionProviders.length === 0) {
    throw new MouthpieceError('INVALID_ARGUMENT', 'Expected a non-empty array for executionProviders');
  }
  const model = await modelBytes(options.model);
  const pending = new Map<number, Pending>();
  const nextId = ids;
  let channel: Channel;
  const w = options.worker ?? new Worker(new URL('./motionWorker.js', import.meta.url), { type: 'module' });
  if (w === 'inline') {
    const runtime = options.runtime;
    const host = new MotionWorkerHost(
      (reply) => settle(pending, reply),
      () => (runtime ? Promise.resolve(runtime) : (import('onnxruntime-web') as unknown as Promise<WebOnnxRuntime>)),
    );
    channel = { post: (req) => void host.handle(req), close: () => undefined };
  } else {
    if (typeof w?.postMessage !== 'function') throw new MouthpieceError('INVALID_ARGUMENT', "Expected a Worker or 'inline' for worker");
    const owned = options.worker === undefined;
    // One session per Worker at a time: the handlers below are this session's.
    const ch: Channel = { post: (req, transfer) => w.postMessage(req, transfer), close: () => (owned ? w.terminate() : undefined) };
    const fail = (message: string) => {
      const err = new MouthpieceError('INTERNAL', `motion worker failed: ${message}`);
      ch.broken = err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    w.onmessage = (e: MessageEvent<WorkerReply>) => settle(pending, e.data);
    w.onerror = (e: ErrorEvent) => fail(e.message || 'script error (is mouthpiece/web/worker bundled?)');
    w.onmessageerror = () => fail('a message could not be decoded');
    channel = ch;
  }
  let reply: WorkerReply & { ok: true };
  try {
    reply = await send(channel, pending, nextId, { id: 0, op: 'init', init: { ...init, model } }, [model.buffer]);
  } catch (e) {
    channel.close();
    throw e;
  }
  return new WebMotionSession(channel, pending, nextId, reply.ready!, sampleRate);
}
