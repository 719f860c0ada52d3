import { MouthpieceError } from '../api/MouthpieceError.js';
import type { DecodedAudio } from '../audio/DecodedAudio.js';
import { decodeAudio } from '../audio/decodeAudio.js';
import { FEATURE_SPEC } from '../audio/featureSpec.js';
import type { FeatureBlock } from '../audio/FeatureStream.js';
import { Resampler, resample } from '../audio/Resampler.js';
import type { BackendName, FeatureSession, SessionOptions } from './FeatureSession.js';
import type { NativeBinding, NativeBuildInfo } from './NativeBinding.js';
import { NativeFeatureSession } from './NativeFeatureSession.js';
import { FrameResampler } from './FrameResampler.js';
import { MotionModel } from './MotionModel.js';
import { conditioningVector, MotionSession, type MotionOptions, type MotionSessionOptions } from './MotionSession.js';
import { MAX_CALL_FRAMES, MotionStream } from './MotionStream.js';
import { toMouthpieceError } from './toMouthpieceError.js';
import { TsFeatureSession } from './TsFeatureSession.js';
import type { Frame } from '../api/Frame.js';

/** What an engine reports about itself. */
export interface EngineInfo {
  /** The backend computing features. */
  backend: BackendName;
  /** Why the engine is not on the native backend; undefined when it is. */
  fallbackReason?: string;
  /** The native core's own report, when it is loaded. */
  native?: NativeBuildInfo;
  /** Feature definition in use (models/features.md). */
  featureSpec: typeof FEATURE_SPEC;
  /** The motion model, once loaded (it loads on first use). */
  model?: MotionModel['info'];
}

/** Options of {@link Engine.process}. */
export interface ProcessOptions extends MotionOptions {
  /** Hz of `pcm`. Default 16000. */
  sampleRate?: number;
}

/** What {@link Engine.process} returns: frames on the audio clock. */
export interface MotionTrack {
  /** Frames per second of `frames`. */
  fps: number;
  /** Seconds of audio processed. */
  duration: number;
  /** Frame k is at time k / fps; the last is at or before the end of the audio. */
  frames: Frame[];
}

/** Where the engine gets its motion model: a loaded model, or a loader run on first use. */
export type MotionModelSource = () => Promise<MotionModel>;

/**
 * An opened engine: decoding, resampling, features and streaming sessions
 * on one backend. Get one from `openEngine()`.
 *
 * @example
 * ```ts
 * const engine = await openEngine();
 * const audio = await engine.decodeAudio(bytes);
 * const feats = await engine.computeFeatures(audio.samples, audio.sampleRate);
 * ```
 */
export class Engine {
  /** The backend in use. */
  readonly backend: BackendName;
  private readonly binding: NativeBinding | null;
  private readonly fallbackReason: string | undefined;
  private readonly modelSource: MotionModelSource | undefined;
  private model: Promise<MotionModel> | undefined;
  private loadedModel: MotionModel | undefined;

  /** @internal Use openEngine(). */
  constructor(binding: NativeBinding | null, fallbackReason?: string, modelSource?: MotionModelSource) {
    this.binding = binding;
    this.backend = binding ? 'native' : 'typescript';
    this.fallbackReason = fallbackReason;
    this.modelSource = modelSource;
  }

  /**
   * The motion model, loaded on first call (later calls share it). Rejects
   * with `BAD_MODEL` or `RUNTIME_UNAVAILABLE` when it cannot load; a later
   * call tries again.
   */
  motionModel(): Promise<MotionModel> {
    if (!this.modelSource) return Promise.reject(new MouthpieceError('STATE', 'this engine was opened without a motion model (model: null)'));
    this.model ??= this.modelSource().then(
      (m) => (this.loadedModel = m),
      (e: unknown) => {
        this.model = undefined;
        throw e;
      },
    );
    return this.model;
  }

  /**
   * Speech to face for a whole buffer: mono float PCM in, frames of 52 ARKit
   * weights and head pose out, at `fps` (default 60) on the audio clock.
   * The same numbers a streaming session gives for the same audio, however
   * it is chunked. Work runs off the event loop (native front end, or
   * TypeScript with yields; onnxruntime's thread pool for the model).
   *
   * @example
   * ```ts
   * const { frames } = await engine.process(audio.samples, { sampleRate: audio.sampleRate, emotion: 'happy', intensity: 0.6 });
   * frames[30].weights[BLENDSHAPE_INDEX.jawOpen];
   * ```
   */
  async process(pcm: Float32Array, options: ProcessOptions = {}): Promise<MotionTrack> {
    if (options === null || typeof options !== 'object') {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected an options object but received ${String(options)}`);
    }
    const sampleRate = options.sampleRate ?? FEATURE_SPEC.sampleRate;
    checkSamples(pcm);
    checkRate('sampleRate', sampleRate);
    const resampler = new FrameResampler(options.fps ?? 60);
    const model = await this.motionModel();
    const stream = new MotionStream(model, conditioningVector(model, options));
    const block = await this.computeFeatures(pcm, sampleRate);
    const bands = FEATURE_SPEC.bands;
    const frames: Frame[] = [];
    for (let at = 0; at < block.count; at += MAX_CALL_FRAMES) {
      const n = Math.min(MAX_CALL_FRAMES, block.count - at);
      frames.push(...resampler.push(await stream.push(block.features.subarray(at * bands, (at + n) * bands), n)));
    }
    frames.push(...resampler.push(await stream.flush()));
    return { fps: resampler.fps, duration: pcm.length / sampleRate, frames };
  }

  /**
   * Opens a streaming speech-to-face session (loads the model on first use).
   * See {@link MotionSession}.
   */
  async createMotionSession(options: MotionSessionOptions = {}): Promise<MotionSession> {
    if (options === null || typeof options !== 'object') {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected an options object but received ${String(options)}`);
    }
    const model = await this.motionModel();
    const features = this.createSession({ sampleRate: options.sampleRate, channels: options.channels });
    try {
      return new MotionSession(features, model, options);
    } catch (e) {
      features.dispose();
      throw e;
    }
  }

  /** Frees the motion model; open motion sessions then reject with DISPOSED. Idempotent. */
  async dispose(): Promise<void> {
    const m = this.model;
    this.model = undefined;
    this.loadedModel = undefined;
    if (m) await (await m.catch(() => undefined))?.dispose();
  }

  /** Backend, fallback reason, native build facts and the feature spec. */
  info(): EngineInfo {
    return {
      backend: this.backend,
      fallbackReason: this.fallbackReason,
      native: this.binding?.buildInfo(),
      featureSpec: FEATURE_SPEC,
      model: this.loadedModel?.info,
    };
  }

  /**
   * Decodes WAV (native core when loaded), FLAC, MP3, Ogg Opus or Vorbis
   * bytes to mono float PCM at the file's rate. Runs off the JS thread on
   * the native backend.
   */
  decodeAudio(bytes: Uint8Array): Promise<DecodedAudio> {
    const binding = this.binding;
    return decodeAudio(bytes, {
      decodeWav: binding
        ? async (b) => {
            try {
              const r = await binding.decodeWav(b);
              return { samples: r.samples, sampleRate: r.sampleRate, channels: r.channels, format: 'wav', decoder: 'native' };
            } catch (e) {
              throw toMouthpieceError(e);
            }
          }
        : undefined,
    });
  }

  /** Band-limited resampling of a whole mono buffer (see models/features.md). */
  async resample(samples: Float32Array, inRate: number, outRate: number): Promise<Float32Array> {
    checkSamples(samples);
    checkRate('inRate', inRate);
    checkRate('outRate', outRate);
    if (!this.binding) {
      checkFinite(samples);
      return resampleYielding(samples, inRate, outRate);
    }
    try {
      return await this.binding.resample(samples, inRate, outRate);
    } catch (e) {
      throw toMouthpieceError(e);
    }
  }

  /**
   * Features of a whole mono buffer at any supported rate: resampled to
   * 16 kHz, then framed as models/features.md says.
   */
  async computeFeatures(samples: Float32Array, sampleRate: number): Promise<FeatureBlock> {
    checkSamples(samples);
    checkRate('sampleRate', sampleRate);
    if (!this.binding) checkFinite(samples);
    const rate16k = FEATURE_SPEC.sampleRate;
    let pcm = samples;
    if (sampleRate !== rate16k) {
      pcm = this.binding ? await this.resample(samples, sampleRate, rate16k) : await resampleYielding(samples, sampleRate, rate16k);
    }
    let features: Float32Array;
    if (this.binding) {
      try {
        features = await this.binding.computeFeatures(pcm);
      } catch (e) {
        throw toMouthpieceError(e);
      }
    } else {
      // The same stream a session runs, fed in slices with yields between
      // them, so a long file does not stall the event loop.
      const session = new TsFeatureSession();
      const frames = [...(await session.push(pcm)), ...(await session.flush())];
      session.dispose();
      features = new Float32Array(frames.length * FEATURE_SPEC.bands);
      frames.forEach((f, i) => features.set(f.features, i * FEATURE_SPEC.bands));
    }
    return { firstIndex: 0, count: features.length / FEATURE_SPEC.bands, features };
  }

  /** Opens a streaming session on this engine's backend. */
  createSession(options: SessionOptions = {}): FeatureSession {
    if (options === null || typeof options !== 'object') {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected an options object but received ${String(options)}`);
    }
    return this.binding ? new NativeFeatureSession(this.binding, options) : new TsFeatureSession(options);
  }
}

/** TypeScript resampling in one-second slices with a yield to the event loop between them. */
async function resampleYielding(samples: Float32Array, inRate: number, outRate: number): Promise<Float32Array> {
  if (samples.length <= inRate) return resample(samples, inRate, outRate);
  const r = new Resampler(inRate, outRate);
  const out = new Float32Array(Resampler.outputLength(samples.length, inRate, outRate));
  let o = 0;
  for (let at = 0; at < samples.length; at += inRate) {
    const part = r.process(samples.subarray(at, at + inRate));
    out.set(part, o);
    o += part.length;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  out.set(r.flush(), o);
  return out;
}

function checkSamples(samples: unknown): asserts samples is Float32Array {
  if (!(samples instanceof Float32Array)) {
    throw new MouthpieceError('INVALID_ARGUMENT', 'Expected Float32Array for samples');
  }
}

/**
 * The TypeScript path checks the input itself (its resampler does not); the
 * native core checks in C++, off the JS thread. Both name the input sample.
 */
function checkFinite(samples: Float32Array): void {
  for (let i = 0; i < samples.length; i++) {
    if (!Number.isFinite(samples[i])) {
      throw new MouthpieceError('BAD_AUDIO', `bad audio: sample ${i} is ${Number.isNaN(samples[i]) ? 'NaN' : 'infinite'}`);
    }
  }
}

function checkRate(name: string, rate: unknown): void {
  if (typeof rate !== 'number' || !Number.isInteger(rate) || rate < 8000 || rate > 192000) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected integer ${name} in 8000..192000 but received ${String(rate)}`);
  }
}
