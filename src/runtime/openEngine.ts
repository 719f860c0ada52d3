import type { Logger } from '../api/Logger.js';
import { silentLogger } from '../api/Logger.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { builtInModelPath, BUILT_IN_MODELS, builtInModelSettings, type BuiltInModel } from './builtInModels.js';
import { Engine, type MotionModelSource } from './Engine.js';
import { loadNative } from './loadNative.js';
import { MotionModel, type MotionModelOptions } from './MotionModel.js';
import type { BilabialSeal } from './sealBilabials.js';
import type { VisemeShaping } from './shapeLipsByViseme.js';
import type { LevelNormalizerOptions } from './LevelNormalizer.js';

/** Options of {@link openEngine}. */
export interface EngineOptions {
  /**
   * 'auto' (default) uses the native core when it loads and otherwise falls
   * back to TypeScript, logging why; 'native' fails instead of falling back;
   * 'typescript' never loads the addon.
   */
  backend?: 'auto' | 'native' | 'typescript';
  /** Receives the fallback reason and other notes. Default: silent. */
  logger?: Logger;
  /**
   * The motion model: 'default' (130 ms lookahead), 'lowlatency' (40 ms),
   * a path to a model.onnx, its bytes, or null for a features-only engine.
   * Loaded on first use. Default 'default'.
   */
  model?: BuiltInModel | string | Uint8Array | null;
  /** onnxruntime threads per model call. Default 1. */
  modelThreads?: number;
  /**
   * Lip sealing on the model's p/b/m detector (MotionModelOptions.bilabialSeal).
   * Default on: a built-in model's own thresholds (BUILT_IN_SEALS), else DEFAULT_BILABIAL_SEAL.
   */
  bilabialSeal?: BilabialSeal | false;
  /** Input level normalisation before the model (MotionModelOptions.levelNormalization). Default on. */
  levelNormalization?: LevelNormalizerOptions | false;
  /** Causal output smoothing (MotionModelOptions.smoothing). Default true. */
  smoothing?: boolean;
  /**
   * Lip shapes from the model's viseme head (MotionModelOptions.visemeShaping).
   * Default: a built-in model's own setting (BUILT_IN_VISEME_SHAPING), else off.
   */
  visemeShaping?: VisemeShaping | false;
  /**
   * Frames the output is moved earlier, at the cost of as much more latency
   * (MotionModelOptions.outputAdvanceFrames). Default: a built-in model's
   * own (BUILT_IN_OUTPUT_ADVANCE), else 0.
   */
  outputAdvanceFrames?: number;
}

function modelSource(model: EngineOptions['model'], options: MotionModelOptions): MotionModelSource | undefined {
  if (model === null) return undefined;
  const m = model ?? 'default';
  if (typeof m === 'string' && Object.hasOwn(BUILT_IN_MODELS, m)) {
    const name = m as BuiltInModel;
    const own = builtInModelSettings(name);
    return () =>
      MotionModel.load(builtInModelPath(name), {
        ...options,
        bilabialSeal: options.bilabialSeal ?? own.bilabialSeal,
        visemeShaping: options.visemeShaping ?? own.visemeShaping,
        outputAdvanceFrames: options.outputAdvanceFrames ?? own.outputAdvanceFrames,
      });
  }
  if (typeof m === 'string' || m instanceof Uint8Array) return () => MotionModel.load(m, options);
  throw new MouthpieceError('INVALID_ARGUMENT', `Expected model 'default', 'lowlatency', a path, bytes or null but received ${String(m)}`);
}

/**
 * Opens an engine on the best available backend (native C++ core, else
 * TypeScript). With `backend: 'auto'` a missing addon is not an error: the
 * reason goes to the logger's `warn` and to `engine.info().fallbackReason`.
 *
 * @example
 * ```ts
 * const engine = await openEngine({ logger: console });
 * console.log(engine.backend); // 'native'
 * ```
 */
export async function openEngine(options: EngineOptions = {}): Promise<Engine> {
  const backend = options.backend ?? 'auto';
  const logger = options.logger ?? silentLogger;
  if (!['auto', 'native', 'typescript'].includes(backend)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected backend 'auto', 'native' or 'typescript' but received ${String(backend)}`);
  }
  const source = modelSource(options.model, {
    threads: options.modelThreads,
    bilabialSeal: options.bilabialSeal,
    levelNormalization: options.levelNormalization,
    smoothing: options.smoothing,
    visemeShaping: options.visemeShaping,
    outputAdvanceFrames: options.outputAdvanceFrames,
  });
  if (backend === 'typescript') {
    logger.info?.('mouthpiece: using the TypeScript backend (requested)');
    return new Engine(null, 'TypeScript backend requested', source);
  }
  const native = loadNative();
  if (native.ok) {
    const info = native.binding.buildInfo();
    logger.debug?.(`mouthpiece: native core ${info.version} (simd ${info.simd}, CUDA ${info.cudaDevices > 0 ? `${info.cudaDevices} device(s)` : `off: ${info.cudaReason}`})`);
    return new Engine(native.binding, undefined, source);
  }
  if (backend === 'native') {
    throw new MouthpieceError('NATIVE_UNAVAILABLE', `native backend requested but unavailable: ${native.reason}`);
  }
  logger.warn?.(`mouthpiece: falling back to the TypeScript backend: ${native.reason}`);
  return new Engine(null, native.reason, source);
}
