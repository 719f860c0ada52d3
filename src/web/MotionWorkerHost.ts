import { MouthpieceError } from '../api/MouthpieceError.js';
import { MotionModel, type OnnxRuntimeModule } from '../runtime/MotionModel.js';
import { MotionSession } from '../runtime/MotionSession.js';
import { TsFeatureSession } from '../runtime/TsFeatureSession.js';
import { packFrames } from './framePacking.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './protocol.js';

/** onnxruntime-web's module as the host configures it (its `env.wasm` settings). */
export interface WebOnnxRuntime extends OnnxRuntimeModule {
  env: { wasm: { wasmPaths?: unknown; numThreads?: number; proxy?: boolean } };
}

/** Sends one reply; `transfer` lists the buffers handed over. */
export type ReplyPort = (reply: WorkerReply, transfer: Transferable[]) => void;

/**
 * The motion pipeline behind a Worker's message port: the TypeScript front
 * end, the motion model on onnxruntime-web and the frame resampler
 * (`MotionSession`, the same code as in Node), driven by
 * {@link WorkerRequest}s. Kept apart from the worker script so that it also
 * runs on the page's own thread (`worker: 'inline'`) and under Node in tests.
 *
 * Requests are handled in arrival order (the session queues them), so
 * pushes may be fired without awaiting each; every request gets exactly one
 * reply, an error reply for bad input, never a thrown exception.
 *
 * @example
 * ```ts
 * const host = new MotionWorkerHost((r, t) => postMessage(r, t), () => import('onnxruntime-web'));
 * onmessage = (e) => void host.handle(e.data);
 * ```
 */
export class MotionWorkerHost {
  private session: MotionSession | null = null;
  private model: MotionModel | null = null;
  private starting: Promise<unknown> | null = null;

  /**
   * @param reply Where replies go.
   * @param loadRuntime Imports onnxruntime-web (or another onnxruntime module) on the first `init`.
   */
  constructor(
    private readonly reply: ReplyPort,
    private readonly loadRuntime: () => Promise<WebOnnxRuntime>,
  ) {}

  /** Handles one request; resolves once its reply was sent. */
  async handle(req: WorkerRequest): Promise<void> {
    const id = typeof req?.id === 'number' ? req.id : -1;
    try {
      switch (req?.op) {
        case 'init': {
          this.starting = this.init(req.init);
          const ready = await this.starting;
          this.reply({ id, ok: true, ready: ready as never }, []);
          return;
        }
        case 'push': {
          if (!(req.pcm instanceof Float32Array)) throw new MouthpieceError('INVALID_ARGUMENT', 'Expected Float32Array for pcm');
          const t0 = performance.now();
          const frames = await (await this.live()).push(req.pcm);
          this.sendFrames(id, frames, performance.now() - t0);
          return;
        }
        case 'flush': {
          const t0 = performance.now();
          const frames = await (await this.live()).flush();
          this.sendFrames(id, frames, performance.now() - t0);
          return;
        }
        case 'reset':
          await (await this.live()).reset();
          this.reply({ id, ok: true }, []);
          return;
        case 'conditioning':
          await (await this.live()).setConditioning(req.conditioning, req.transitionMs);
          this.reply({ id, ok: true }, []);
          return;
        case 'dispose':
          await this.dispose();
          this.reply({ id, ok: true }, []);
          return;
        default:
          throw new MouthpieceError('INVALID_ARGUMENT', `unknown request ${JSON.stringify((req as { op?: unknown })?.op)}`);
      }
    } catch (e) {
      const err = e instanceof MouthpieceError ? e : new MouthpieceError('INTERNAL', (e as Error)?.message ?? String(e), { cause: e });
      this.reply({ id, ok: false, code: err.code, message: err.message }, []);
    }
  }

  /** Frees the model and the session. Idempotent. */
  async dispose(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) {
      s.dispose();
      // Jobs already queued still run on the model: free it only after them.
      await s.settled();
    }
    const m = this.model;
    this.model = null;
    if (m) await m.dispose();
  }

  private async live(): Promise<MotionSession> {
    if (this.starting) await this.starting.catch(() => undefined);
    if (!this.session) throw new MouthpieceError('STATE', 'the motion worker has no session: init failed or it was disposed');
    return this.session;
  }

  private sendFrames(id: number, frames: Parameters<typeof packFrames>[0], busyMs: number): void {
    const p = packFrames(frames);
    this.reply({ id, ok: true, frames: p, busyMs }, [p.times.buffer, p.values.buffer]);
  }

  private async init(init: WorkerInit) {
    if (this.session) throw new MouthpieceError('STATE', 'the motion worker was already started');
    const ort = await this.loadRuntime().catch((e: unknown) => {
      throw new MouthpieceError('RUNTIME_UNAVAILABLE', `onnxruntime-web could not be loaded (npm install onnxruntime-web): ${(e as Error).message}`, { cause: e });
    });
    if (init.wasmPaths !== undefined) ort.env.wasm.wasmPaths = init.wasmPaths;
    ort.env.wasm.numThreads = init.threads;
    // Try the providers in order and keep the first that loads: WebGPU is not in every browser.
    let model: MotionModel | null = null;
    let backend = '';
    let lastError: unknown;
    for (const provider of init.executionProviders) {
      try {
        model = await MotionModel.load(init.model, {
          runtime: ort,
          executionProviders: [provider],
          threads: 1,
          bilabialSeal: init.bilabialSeal,
          levelNormalization: init.levelNormalization,
          smoothing: init.smoothing,
          visemeShaping: init.visemeShaping,
          outputAdvanceFrames: init.outputAdvanceFrames,
        });
        backend = provider;
        break;
      } catch (e) {
        lastError = e;
        if (e instanceof MouthpieceError && e.code !== 'BAD_MODEL') throw e;
        if (e instanceof MouthpieceError && !/onnxruntime could not load/.test(e.message)) throw e;
      }
    }
    if (!model) throw lastError;
    try {
      await warmUp(model, init);
    } catch (e) {
      await model.dispose();
      throw e;
    }
    let session: MotionSession;
    try {
      const features = new TsFeatureSession({ sampleRate: init.sampleRate, channels: init.channels });
      session = new MotionSession(features, model, { fps: init.fps, transitionMs: init.transitionMs, ...init.conditioning });
    } catch (e) {
      await model.dispose(); // bad fps or conditioning: nothing may stay loaded
      throw e;
    }
    this.model = model;
    this.session = session;
    const i = model.info;
    return {
      backend,
      lookaheadMs: i.lookaheadMs,
      fps: this.session.fps,
      modelInfo: { lookaheadMs: i.lookaheadMs, stateSize: i.stateSize, opset: i.opset, emotions: i.emotions },
    };
  }
}

async function warmUp(model: MotionModel, init: WorkerInit): Promise<void> {
  // One throwaway call: the first run of a WASM session compiles and allocates (measured: the first
  // ~0.3 s of a played stream had no frames without it), which would otherwise delay the first frames.
  await model.step(new Float32Array(64).fill(model.info.silenceValue), 1, new Float32Array(model.info.emotions.length), model.initialState());
  // Likewise the front end's first chunks (JIT of the FFT and filter bank paths).
  const warm = new TsFeatureSession({ sampleRate: init.sampleRate, channels: init.channels });
  await warm.push(new Float32Array(Math.round(init.sampleRate / 10) * init.channels));
  await warm.flush();
  warm.dispose();
}
