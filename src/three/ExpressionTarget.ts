/**
 * How the 52 ARKit weights become the channels of a face that lacks ARKit
 * morphs (the 15 Oculus visemes of a Ready Player Me mesh, the five VRM
 * mouth vowels, ...). A projection is pure and shared: it holds no state.
 *
 * @example
 * ```ts
 * const out = new Float32Array(VISEME_PROJECTION.channelNames.length);
 * VISEME_PROJECTION.project(frame.weights, out); // out[VISEME_NAMES.indexOf('aa')] ...
 * ```
 */
export interface ExpressionProjection {
  /** Name shown by `FaceRig.describe()`, e.g. `'oculus-visemes'`. */
  readonly name: string;
  /** The channels, in the order `project` writes them. */
  readonly channelNames: readonly string[];
  /**
   * Which channel a morph target name spells (e.g. `viseme_PP` -> 1), or
   * -1. Called only when binding.
   */
  match(morphName: string): number;
  /**
   * Writes `channelNames.length` weights computed from 52 ARKit weights
   * (ARKit order) into `out` (the rig passes a view into its own
   * Float64Array). Called once per rendered frame: must not allocate.
   */
  project(weights: ArrayLike<number>, out: Float32Array | Float64Array): void;
}

/**
 * Something with named expression channels that a {@link FaceRig} drives
 * through a projection: the morphs of one mesh (`MorphExpressionTarget`),
 * or, later, a VRM's expression manager. Deliberately the shape of
 * three-vrm's `VRMExpressionManager` (`getValue`/`setValue`), indexed by
 * channel so the hot path does no string work.
 *
 * The rig reads `getValue` before it writes, so `FaceRig.weight` blends
 * with whatever an `AnimationMixer` or the user put there, and it restores
 * the values it found at construction on `dispose()`.
 *
 * @example
 * ```ts
 * // A VRM adapter (three-vrm's expressionManager; call vrm.update(delta) after rig.update(delta)):
 * const vrmTarget: ExpressionTarget = {
 *   label: 'vrm',
 *   projection: VOWEL_PROJECTION,
 *   getValue: (i) => vrm.expressionManager.getValue(VOWEL_NAMES[i]) ?? 0,
 *   setValue: (i, v) => vrm.expressionManager.setValue(VOWEL_NAMES[i], v),
 * };
 * const rig = new FaceRig(vrm.scene, { expressionTargets: [vrmTarget] });
 * ```
 */
export interface ExpressionTarget {
  /** Shown by `FaceRig.describe()` (a mesh name, `'vrm'`). */
  readonly label: string;
  /** How ARKit weights become this target's channels. */
  readonly projection: ExpressionProjection;
  /**
   * Whether channel `i` exists on this target (a mesh may have only some
   * visemes). Optional; absent means every channel exists.
   */
  has?(channel: number): boolean;
  /** Current value of channel `i`. */
  getValue(channel: number): number;
  /**
   * Sets channel `i`. (The rig's own mesh retargets skip this interface
   * and write the influences directly; an adapter's calls are as cheap as
   * the adapter.)
   */
  setValue(channel: number, value: number): void;
}
