import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, type BlendshapeName } from '../api/blendshapeNames.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { OCULUS_VISEMES, type OculusViseme } from './oculusVisemes.js';
import { VISEME_TEMPLATES } from './visemeTemplates.js';

/**
 * A viseme template ({@link VISEME_TEMPLATES}) as a dense 52-weight ARKit
 * frame (a fresh array each call, safe to modify).
 *
 * @param viseme One of the 15 Oculus visemes.
 * @example
 * ```ts
 * const w = visemeWeights('PP'); // lipClosure(w) === 1
 * ```
 */
export function visemeWeights(viseme: OculusViseme): Float32Array {
  if (!(OCULUS_VISEMES as readonly string[]).includes(viseme)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected one of ${OCULUS_VISEMES.join(', ')} for viseme but received ${JSON.stringify(viseme)}`);
  }
  const out = new Float32Array(BLENDSHAPE_COUNT);
  for (const [name, w] of Object.entries(VISEME_TEMPLATES[viseme])) out[BLENDSHAPE_INDEX[name as BlendshapeName]] = w as number;
  return out;
}
