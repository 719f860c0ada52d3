/**
 * The 52 ARKit blendshape names in ARKit order (the order Apple, Azure,
 * MediaPipe and most glTF avatars use). `Frame.weights[i]` is the weight of
 * `BLENDSHAPE_NAMES[i]`.
 *
 * @example
 * ```ts
 * const jaw = frame.weights[BLENDSHAPE_INDEX.jawOpen];
 * ```
 */
export const BLENDSHAPE_NAMES = [
  'eyeBlinkLeft', 'eyeLookDownLeft', 'eyeLookInLeft', 'eyeLookOutLeft', 'eyeLookUpLeft', 'eyeSquintLeft', 'eyeWideLeft',
  'eyeBlinkRight', 'eyeLookDownRight', 'eyeLookInRight', 'eyeLookOutRight', 'eyeLookUpRight', 'eyeSquintRight', 'eyeWideRight',
  'jawForward', 'jawLeft', 'jawRight', 'jawOpen', 'mouthClose', 'mouthFunnel', 'mouthPucker', 'mouthLeft', 'mouthRight',
  'mouthSmileLeft', 'mouthSmileRight', 'mouthFrownLeft', 'mouthFrownRight', 'mouthDimpleLeft', 'mouthDimpleRight',
  'mouthStretchLeft', 'mouthStretchRight', 'mouthRollLower', 'mouthRollUpper', 'mouthShrugLower', 'mouthShrugUpper',
  'mouthPressLeft', 'mouthPressRight', 'mouthLowerDownLeft', 'mouthLowerDownRight', 'mouthUpperUpLeft', 'mouthUpperUpRight',
  'browDownLeft', 'browDownRight', 'browInnerUp', 'browOuterUpLeft', 'browOuterUpRight', 'cheekPuff', 'cheekSquintLeft',
  'cheekSquintRight', 'noseSneerLeft', 'noseSneerRight', 'tongueOut',
] as const;

/** One of the 52 ARKit blendshape names. */
export type BlendshapeName = (typeof BLENDSHAPE_NAMES)[number];

/** Number of blendshapes in a frame (52). */
export const BLENDSHAPE_COUNT = BLENDSHAPE_NAMES.length;

/**
 * Index of each name in {@link BLENDSHAPE_NAMES}, for hot paths that should
 * not search the array.
 *
 * @example
 * ```ts
 * frame.weights[BLENDSHAPE_INDEX.eyeBlinkLeft] = 1;
 * ```
 */
export const BLENDSHAPE_INDEX: Readonly<Record<BlendshapeName, number>> = Object.freeze(
  Object.fromEntries(BLENDSHAPE_NAMES.map((name, i) => [name, i])) as Record<BlendshapeName, number>,
);
