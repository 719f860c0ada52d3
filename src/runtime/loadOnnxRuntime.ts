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
  // A specifier in a variable: browser bundlers (Vite, esbuild, webpack) leave it alone instead of trying to
  // bundle a native addon into a web build that never takes this path.
  const specifier = 'onnxruntime-node';
  cached ??= (import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<OnnxRuntime>).catch((e: unknown) => {
    cached = undefined;
    throw new MouthpieceError(
      'RUNTIME_UNAVAILABLE',
      `onnxruntime-node could not be loaded (npm install onnxruntime-node): ${(e as Error).message}`,
      { cause: e },
    );
  });
  return cached;
}
