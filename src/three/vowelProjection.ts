import { MouthpieceError } from '../api/MouthpieceError.js';
import { describeValue } from './checkArgument.js';
import type { ExpressionProjection } from './ExpressionTarget.js';
import { arkitToVisemes } from './visemeProjection.js';

/**
 * The five VRM 1.0 mouth expressions (VRM 0.x: A I U E O), in this order.
 *
 * @example
 * ```ts
 * vrm.expressionManager.setValue(VOWEL_NAMES[0], 1); // 'aa'
 * ```
 */
export const VOWEL_NAMES = ['aa', 'ih', 'ou', 'ee', 'oh'] as const;

// Scratch for the intermediate visemes: module-level so a frame allocates nothing.
const visemes = new Float32Array(15);

/**
 * Projects 52 ARKit weights onto the five VRM mouth vowels, through the
 * Oculus visemes ({@link arkitToVisemes}) so both retargets agree:
 *
 * | vowel | from visemes |
 * |---|---|
 * | aa | aa + 0.5 TH |
 * | ih | I + 0.5 SS |
 * | ou | U + RR + 0.5 CH |
 * | ee | E + 0.5 SS |
 * | oh | O + 0.5 CH |
 *
 * PP, FF and sil add nothing: a VRM face at rest has its lips together,
 * which is what they look like. Every viseme's column sums to at most 1,
 * so the vowels sum to at most 1. Allocation-free.
 *
 * @param weights 52 ARKit weights, ARKit order.
 * @param out At least 5 values; receives the vowels in {@link VOWEL_NAMES} order.
 * @returns `out`.
 * @example
 * ```ts
 * const v = arkitToVowels(frame.weights, new Float32Array(5)); // v[0] = aa
 * ```
 */
export function arkitToVowels<T extends Float32Array | Float64Array>(weights: ArrayLike<number>, out: T): T {
  if (out == null || typeof out.length !== 'number' || out.length < VOWEL_NAMES.length) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected at least ${VOWEL_NAMES.length} values for out but received ${describeValue(out)}`);
  }
  const v = arkitToVisemes(weights, visemes);
  // Indices into VISEME_NAMES: TH 3, CH 6, SS 7, RR 9, aa 10, E 11, I 12, O 13, U 14.
  out[0] = v[10] + 0.5 * v[3];
  out[1] = v[12] + 0.5 * v[7];
  out[2] = v[14] + v[9] + 0.5 * v[6];
  out[3] = v[11] + 0.5 * v[7];
  out[4] = v[13] + 0.5 * v[6];
  return out;
}

// VRM 1.0 names, VRM 0.x preset names, and VRoid's raw mouth morphs (`Fcl_MTH_A`).
const VOWEL_ALIASES: ReadonlyMap<string, number> = new Map([
  ['aa', 0], ['a', 0],
  ['ih', 1], ['i', 1],
  ['ou', 2], ['u', 2],
  ['ee', 3], ['e', 3],
  ['oh', 4], ['o', 4],
]);
const VOWEL_MORPH = /^(?:.*[.:|])?(?:fcl_mth_|mth_|vrm_|vrm\.)?([a-z]{1,2})$/i;

/**
 * The VRM vowel projection ({@link arkitToVowels}) as an
 * {@link ExpressionProjection}, the generic "named expression" strategy for
 * meshes whose morphs are `aa ih ou ee oh`. Morph names it recognises
 * (case-insensitive, with any namespace in front): `aa ih ou ee oh`,
 * VRM 0.x `A I U E O`, and VRoid's `Fcl_MTH_A` .. `Fcl_MTH_O`.
 *
 * @example
 * ```ts
 * VOWEL_PROJECTION.match('Fcl_MTH_U'); // 2 (ou)
 * ```
 */
export const VOWEL_PROJECTION: ExpressionProjection = Object.freeze({
  name: 'vrm-vowels',
  channelNames: VOWEL_NAMES,
  match(morphName: string): number {
    const m = typeof morphName === 'string' ? VOWEL_MORPH.exec(morphName.trim()) : null;
    return m ? (VOWEL_ALIASES.get(m[1].toLowerCase()) ?? -1) : -1;
  },
  project(weights: ArrayLike<number>, out: Float32Array | Float64Array): void {
    arkitToVowels(weights, out);
  },
});
