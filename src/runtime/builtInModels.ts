import { fileURLToPath } from 'node:url';

import { BUILT_IN_MODELS, type BuiltInModel } from './builtInModelSettings.js';

// The names and seals live apart from this file so that browser bundles can use them without node:url.
export {
  BUILT_IN_MODELS, BUILT_IN_OUTPUT_ADVANCE, BUILT_IN_SEALS, BUILT_IN_VISEME_SHAPING, builtInModelSettings, type BuiltInModel, type BuiltInModelSettings,
} from './builtInModelSettings.js';

/**
 * Path of a built-in model's ONNX file inside the installed package.
 *
 * @example
 * ```ts
 * builtInModelPath('lowlatency'); // .../models/motion-v1-lowlatency/model.onnx
 * ```
 */
export function builtInModelPath(name: BuiltInModel): string {
  // dist/runtime/ -> package root.
  return fileURLToPath(new URL(`../../models/${BUILT_IN_MODELS[name]}/model.onnx`, import.meta.url));
}
