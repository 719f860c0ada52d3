import { MouthpieceError } from '../api/MouthpieceError.js';

/** The parts of onnxruntime-node's API the engine uses. */
export type OnnxRuntime = typeof import('onnxruntime-node');

let cached: Promise<OnnxRuntime> | undefined;

/**
 * Imports onnxruntime-node once, on first use. Dynamic so that a build
 * without the package (or a browser bundle) still loads the rest of the
 * library; a missing or broken install becomes a `RUNTIME_UNAVAILABLE`
 * error that says what to install.
 *
 * @example
 * ```ts
 * const ort = await loadOnnxRuntime();
 * ```
 */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  cached ??= import('onnxruntime-node').catch((e: unknown) => {
    cached = undefined;
    throw new MouthpieceError(
      'RUNTIME_UNAVAILABLE',
      `onnxruntime-node could not be loaded (npm install onnxruntime-node): ${(e as Error).message}`,
      { cause: e },
    );
  });
  return cached;
}
