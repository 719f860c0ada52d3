import { BLENDSHAPE_NAMES } from '../api/blendshapeNames.js';
import { EMOTION_NAMES, type EmotionName } from '../api/Conditioning.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { FEATURE_SPEC } from '../audio/featureSpec.js';
import { loadOnnxRuntime, type OnnxRuntime } from './loadOnnxRuntime.js';
import { LevelNormalizer, type LevelNormalizerOptions } from './LevelNormalizer.js';
import { readOnnxHeader } from './readOnnxHeader.js';
import type { BilabialSeal } from './sealBilabials.js';
import type { VisemeShaping } from './shapeLipsByViseme.js';

/**
 * The seal for a model file of unknown calibration: a cautious ramp from PP
 * probability 0.3 to 0.5. The built-in models carry their own, chosen on
 * held-out voices (BUILT_IN_SEALS).
 */
export const DEFAULT_BILABIAL_SEAL: BilabialSeal = Object.freeze({ from: 0.3, to: 0.5 });

/** The head channels after the 52 weights in a motion row: radians, then metres. */
export const HEAD_CHANNELS = ['headPitch', 'headYaw', 'headRoll', 'headX', 'headY', 'headZ'] as const;

/** Values per motion row: the 52 ARKit weights, then {@link HEAD_CHANNELS}. */
export const MOTION_CHANNELS = BLENDSHAPE_NAMES.length + HEAD_CHANNELS.length;

/** Largest model file accepted (the shipped models are about 1 MB; the budget is 12 MB). */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

/** The largest MotionModelOptions.outputAdvanceFrames (250 ms). */
export const MAX_OUTPUT_ADVANCE_FRAMES = 25;

/** What a loaded motion model says about itself (from the file's metadata). */
export interface MotionModelInfo {
  /** Where it came from: the file path, or 'bytes'. */
  source: string;
  /** Frames per second of its input and output rows (100). */
  fps: number;
  /**
   * Output delay in frames: row i of the output belongs to input frame
   * i - lookahead. The network's own lookahead (the file's metadata) plus
   * {@link MotionModelInfo.outputAdvanceFrames}.
   */
  lookaheadFrames: number;
  /** The same in milliseconds. */
  lookaheadMs: number;
  /** Frames by which streams move the output earlier (part of `lookaheadFrames`). */
  outputAdvanceFrames: number;
  /** Floats of recurrent/convolution state carried between calls. */
  stateSize: number;
  /** Emotions of the conditioning input, in its order (neutral = all zeros). */
  emotions: readonly Exclude<EmotionName, 'neutral'>[];
  /** Log-mel value of digital silence (the flush padding). */
  silenceValue: number;
  /** The default-domain ONNX opset. */
  opset: number;
  /** The raw metadata_props of the file. */
  metadata: Readonly<Record<string, string>>;
  /** The bilabial seal in use, or false. */
  bilabialSeal: BilabialSeal | false;
  /** The input level normalisation in use, or false. */
  levelNormalization: LevelNormalizerOptions | false;
  /** Whether the output is smoothed (MotionSmoother). */
  smoothing: boolean;
  /** The viseme shaping in use, or false. */
  visemeShaping: VisemeShaping | false;
}

/** Options of {@link MotionModel.load}. */
export interface MotionModelOptions {
  /** onnxruntime intra-op threads per call. Default 1: sessions scale by running in parallel, not by splitting one small call. */
  threads?: number;
  /**
   * Seal the lips where the model's viseme head detects p/b/m (see
   * {@link sealBilabials}); false turns it off. Default {@link DEFAULT_BILABIAL_SEAL}.
   */
  bilabialSeal?: BilabialSeal | false;
  /**
   * Input level normalisation before the model (see {@link LevelNormalizer});
   * false turns it off. Default on with its defaults.
   */
  levelNormalization?: LevelNormalizerOptions | false;
  /** Causal output smoothing (see MotionSmoother); false turns it off. Default true. */
  smoothing?: boolean;
  /**
   * Move the lip channels toward the shapes of the visemes the model's
   * viseme head hears (see {@link shapeLipsByViseme}); false turns it off.
   * Default false: how far to trust the head is chosen per model on held-out
   * voices, and a model file of unknown calibration gets none (the built-in
   * models carry theirs, BUILT_IN_VISEME_SHAPING).
   */
  visemeShaping?: VisemeShaping | false;
  /**
   * Emit the network's row for frame n + k as frame n: moves the motion k
   * frames earlier and adds k frames (10 ms each) to the lookahead, so
   * streams wait for them. Why: a network can trail the timing it was trained
   * on (the causal smoother alone adds 15 ms); integer 0..25. Default 0 (the
   * built-in models carry theirs, BUILT_IN_OUTPUT_ADVANCE).
   */
  outputAdvanceFrames?: number;
  /**
   * The onnxruntime module to run on: onnxruntime-web in a browser (the
   * `mouthpiece/web` entry passes it), or any module with onnxruntime's
   * `InferenceSession` and `Tensor`. Default: onnxruntime-node, imported on
   * first use.
   */
  runtime?: OnnxRuntimeModule;
  /**
   * onnxruntime execution providers, in order of preference. Default
   * `['cpu']` (onnxruntime-node); the web entry uses `['wasm']`.
   */
  executionProviders?: readonly string[];
}

/**
 * The part of an onnxruntime module (onnxruntime-node, onnxruntime-web) the
 * motion model uses. Typed loosely on purpose: the two packages declare
 * the same API from separate copies of onnxruntime-common.
 */
export interface OnnxRuntimeModule {
  InferenceSession: { create(bytes: Uint8Array, options?: object): Promise<unknown> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

/** One call's result: rows of {@link MOTION_CHANNELS} values and the next state. */
export interface MotionStepResult {
  /** frames x 58 floats, row-major. */
  motion: Float32Array;
  /** frames x 15 viseme logits (Oculus order), when asked for. */
  visemes?: Float32Array;
  /** The state to pass to the next call. */
  state: Float32Array;
}

/**
 * A motion model (audio features -> 52 ARKit weights and head pose) loaded
 * into onnxruntime-node. The file is the streaming step exported by
 * models/training/export_onnx.py: features, emotion and state in; motion and
 * state out. One `MotionModel` serves any number of sessions; each session
 * carries its own state.
 *
 * @example
 * ```ts
 * const model = await MotionModel.load('models/motion-v1/model.onnx');
 * let state = model.initialState();
 * const { motion, state: next } = await model.step(features, 100, model.emotionVector({ emotion: 'happy' }), state);
 * ```
 */
export class MotionModel {
  /** Facts from the file's metadata. */
  readonly info: MotionModelInfo;
  private session: import('onnxruntime-node').InferenceSession | null;
  private readonly ort: OnnxRuntime;

  private constructor(ort: OnnxRuntime, session: import('onnxruntime-node').InferenceSession, info: MotionModelInfo) {
    this.ort = ort;
    this.session = session;
    this.info = info;
  }

  /**
   * Loads and validates a model file (a path or its bytes). A missing,
   * truncated or foreign file, or one made for other features or channels,
   * rejects with `BAD_MODEL` naming the problem.
   */
  static async load(source: string | Uint8Array, options: MotionModelOptions = {}): Promise<MotionModel> {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected integer threads in 1..64 but received ${String(threads)}`);
    }
    const seal = options.bilabialSeal ?? DEFAULT_BILABIAL_SEAL;
    if (
      seal !== false &&
      (typeof seal !== 'object' || !(seal.from >= 0 && seal.to >= seal.from && seal.to <= 1) || !(seal.dipDb === undefined || (seal.dipDb >= 0 && seal.dipDb <= 60)))
    ) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected bilabialSeal false or { from, to, dipDb? } with 0 <= from <= to <= 1 and dipDb in [0, 60] but received ${JSON.stringify(seal)}`);
    }
    const shaping = options.visemeShaping ?? false;
    if (
      shaping !== false &&
      (typeof shaping !== 'object' || !(shaping.strength >= 0 && shaping.strength <= 1) || !(shaping.sharpness >= 1 && shaping.sharpness <= 100))
    ) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected visemeShaping false or { strength in [0, 1], sharpness in [1, 100] } but received ${JSON.stringify(shaping)}`);
    }
    const advance = options.outputAdvanceFrames ?? 0;
    if (!Number.isInteger(advance) || advance < 0 || advance > MAX_OUTPUT_ADVANCE_FRAMES) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected integer outputAdvanceFrames in 0..${MAX_OUTPUT_ADVANCE_FRAMES} but received ${String(advance)}`);
    }
    const level = options.levelNormalization ?? {};
    if (level !== false) new LevelNormalizer(level); // validates the options now rather than at the first session
    const providers = options.executionProviders ?? ['cpu'];
    if (!Array.isArray(providers) || providers.length === 0 || !providers.every((p) => typeof p === 'string')) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected a non-empty array of provider names for executionProviders but received ${String(providers)}`);
    }
    const runtime = options.runtime;
    if (runtime !== undefined && (runtime === null || typeof runtime.InferenceSession?.create !== 'function' || typeof runtime.Tensor !== 'function')) {
      throw new MouthpieceError('INVALID_ARGUMENT', 'Expected an onnxruntime module (with InferenceSession and Tensor) for runtime');
    }
    const bytes = await readModelBytes(source);
    const name = typeof source === 'string' ? source : 'bytes';
    const info = checkHeader(bytes, name);
    // The two onnxruntime packages share one API (onnxruntime-common); the node typings stand for both.
    const ort = (runtime as unknown as OnnxRuntime | undefined) ?? (await loadOnnxRuntime());
    let session: import('onnxruntime-node').InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        executionProviders: [...providers] as never,
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
    } catch (e) {
      throw new MouthpieceError('BAD_MODEL', `${name}: onnxruntime could not load the model: ${(e as Error).message}`, { cause: e });
    }
    for (const input of ['features', 'emotion', 'state']) {
      if (!session.inputNames.includes(input)) {
        await session.release();
        throw new MouthpieceError('BAD_MODEL', `${name}: the graph has no input '${input}'`);
      }
    }
    for (const output of ['motion', 'visemes', 'state_out']) {
      if (!session.outputNames.includes(output)) {
        await session.release();
        throw new MouthpieceError('BAD_MODEL', `${name}: the graph has no output '${output}'`);
      }
    }
    const smoothing = options.smoothing ?? true;
    if (typeof smoothing !== 'boolean') throw new MouthpieceError('INVALID_ARGUMENT', `Expected boolean smoothing but received ${String(smoothing)}`);
    const lookaheadFrames = info.lookaheadFrames + advance;
    return new MotionModel(ort, session, {
      ...info,
      lookaheadFrames,
      lookaheadMs: (lookaheadFrames * 1000) / info.fps,
      outputAdvanceFrames: advance,
      bilabialSeal: seal === false ? false : { from: seal.from, to: seal.to, ...(seal.dipDb ? { dipDb: seal.dipDb } : {}) },
      levelNormalization: level,
      smoothing,
      visemeShaping: shaping === false ? false : { strength: shaping.strength, sharpness: shaping.sharpness },
    });
  }

  /** Zeros: the state at the start of a stream. */
  initialState(): Float32Array {
    return new Float32Array(this.info.stateSize);
  }

  /**
   * The conditioning input for an emotion and intensity: one-hot times
   * intensity, zeros for neutral (so intensity 0 is exactly neutral).
   */
  emotionVector(emotion: EmotionName = 'neutral', intensity = 1): Float32Array {
    if (!EMOTION_NAMES.includes(emotion)) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected emotion ${EMOTION_NAMES.join('|')} but received ${String(emotion)}`);
    }
    if (typeof intensity !== 'number' || !(intensity >= 0 && intensity <= 1)) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected intensity in 0..1 but received ${String(intensity)}`);
    }
    const v = new Float32Array(this.info.emotions.length);
    const i = this.info.emotions.indexOf(emotion as Exclude<EmotionName, 'neutral'>);
    if (i >= 0) v[i] = intensity;
    else if (emotion !== 'neutral') {
      throw new MouthpieceError('UNSUPPORTED', `this model was not trained on emotion '${emotion}'`);
    }
    return v;
  }

  /**
   * Runs `frames` feature rows (frames x 64) through the model: the raw
   * network output (the engine's streams add level normalisation,
   * smoothing and the bilabial seal around it). Runs on onnxruntime's thread
   * pool, off the event loop. The caller owns sequencing: calls that share
   * a state must not overlap. `withVisemes` also returns the viseme logits.
   */
  async step(features: Float32Array, frames: number, emotion: Float32Array, state: Float32Array, withVisemes = false): Promise<MotionStepResult> {
    const session = this.session;
    if (!session) throw new MouthpieceError('DISPOSED', 'motion model was disposed');
    const bands = FEATURE_SPEC.bands;
    if (!Number.isInteger(frames) || frames < 1 || features.length !== frames * bands) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected ${bands} x frames features with frames >= 1 but received ${features.length} values for ${frames} frames`);
    }
    if (emotion.length !== this.info.emotions.length || state.length !== this.info.stateSize) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected emotion[${this.info.emotions.length}] and state[${this.info.stateSize}]`);
    }
    const T = this.ort.Tensor;
    let out: Awaited<ReturnType<typeof session.run>>;
    try {
      out = await session.run(
        {
          features: new T('float32', features, [1, frames, bands]),
          emotion: new T('float32', emotion, [1, emotion.length]),
          state: new T('float32', state, [1, state.length]),
        },
        withVisemes ? ['motion', 'visemes', 'state_out'] : ['motion', 'state_out'],
      );
    } catch (e) {
      throw new MouthpieceError('INTERNAL', `motion model failed: ${(e as Error).message}`, { cause: e });
    }
    const motion = out.motion.data as Float32Array;
    if (motion.length !== frames * MOTION_CHANNELS) {
      throw new MouthpieceError('BAD_MODEL', `motion output has ${motion.length} values, expected ${frames * MOTION_CHANNELS}`);
    }
    return { motion, visemes: withVisemes ? (out.visemes.data as Float32Array) : undefined, state: out.state_out.data as Float32Array };
  }

  /** Frees the onnxruntime session. Idempotent; later steps reject with DISPOSED. */
  async dispose(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await s.release();
  }
}

async function readModelBytes(source: string | Uint8Array): Promise<Uint8Array> {
  if (source instanceof Uint8Array) {
    if (source.length > MAX_MODEL_BYTES) throw new MouthpieceError('TOO_LARGE', `model is ${source.length} bytes; the limit is ${MAX_MODEL_BYTES}`);
    return source;
  }
  if (typeof source !== 'string' || source.length === 0) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected a model path or Uint8Array but received ${String(source)}`);
  }
  try {
    // Imported here so that bundles for the browser, which pass bytes, never need node:fs.
    const fsModule = 'node:fs/promises'; // a variable, so browser bundlers do not try to resolve it
    const { readFile, stat } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ fsModule)) as typeof import('node:fs/promises');
    const s = await stat(source);
    if (!s.isFile()) throw new MouthpieceError('BAD_MODEL', `${source}: not a file`);
    if (s.size > MAX_MODEL_BYTES) throw new MouthpieceError('TOO_LARGE', `${source} is ${s.size} bytes; the limit is ${MAX_MODEL_BYTES}`);
    return new Uint8Array(await readFile(source));
  } catch (e) {
    if (e instanceof MouthpieceError) throw e;
    throw new MouthpieceError('BAD_MODEL', `cannot read model file ${source}: ${(e as Error).message}`, { cause: e });
  }
}

/** Validates the file's metadata against what this library feeds and expects. */
function checkHeader(bytes: Uint8Array, name: string): Omit<MotionModelInfo, 'bilabialSeal' | 'levelNormalization' | 'smoothing' | 'visemeShaping' | 'outputAdvanceFrames'> {
  let header;
  try {
    header = readOnnxHeader(bytes);
  } catch (e) {
    if (e instanceof MouthpieceError) throw new MouthpieceError(e.code, `${name}: ${e.message}`, { cause: e });
    throw e;
  }
  const m = header.metadata;
  if (m.format !== 'mouthpiece-motion-step') {
    throw new MouthpieceError('BAD_MODEL', `${name}: an ONNX model, but not a Mouthpiece motion model (metadata format is ${m.format === undefined ? 'missing' : `'${m.format}'`})`);
  }
  if (m.version !== '1') throw new MouthpieceError('BAD_MODEL', `${name}: motion model format version ${m.version} is not supported (this library reads version 1)`);
  const int = (key: string, lo: number, hi: number): number => {
    const v = Number(m[key]);
    if (!Number.isInteger(v) || v < lo || v > hi) throw new MouthpieceError('BAD_MODEL', `${name}: metadata ${key}=${m[key]} is not an integer in ${lo}..${hi}`);
    return v;
  };
  const fps = int('fps', 100, 100);
  const bands = int('bands', 1, 1024);
  if (bands !== FEATURE_SPEC.bands) throw new MouthpieceError('BAD_MODEL', `${name}: model expects ${bands} feature bands, the front end makes ${FEATURE_SPEC.bands}`);
  const lookaheadFrames = int('lookahead_frames', 0, 100);
  const stateSize = int('state_size', 1, 1 << 22);
  const silenceValue = Number(m.silence_value);
  if (!Number.isFinite(silenceValue)) throw new MouthpieceError('BAD_MODEL', `${name}: metadata silence_value=${m.silence_value} is not a number`);
  const channels = (m.motion_channels ?? '').split(',');
  const expected = [...BLENDSHAPE_NAMES, ...HEAD_CHANNELS];
  if (channels.length !== expected.length || channels.some((c, i) => c !== expected[i])) {
    throw new MouthpieceError('BAD_MODEL', `${name}: motion channels differ from the 52 ARKit weights + head pose this library expects`);
  }
  const emotions = (m.emotions ?? '').split(',').filter((e) => e.length > 0);
  for (const e of emotions) {
    if (!EMOTION_NAMES.includes(e as EmotionName) || e === 'neutral') throw new MouthpieceError('BAD_MODEL', `${name}: unknown emotion '${e}' in metadata`);
  }
  const opset = header.opsets.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 0;
  return {
    source: name,
    fps,
    lookaheadFrames,
    lookaheadMs: (lookaheadFrames * 1000) / fps,
    stateSize,
    emotions: emotions as Exclude<EmotionName, 'neutral'>[],
    silenceValue,
    opset,
    metadata: Object.freeze({ ...m }),
  };
}
