import type { ThreeElements } from '@react-three/fiber';
import type { Object3D } from 'three';

import { MouthpieceError } from '../api/MouthpieceError.js';
import type { AnimationLayersOptions } from '../animation/AnimationLayers.js';
import { describeValue } from '../three/checkArgument.js';
import type { FaceRigOptions } from '../three/FaceRig.js';
import { useFaceRig } from './useFaceRig.js';
import { useFrameSource, type FrameSource } from './useFrameSource.js';

/** Props of {@link MouthpieceFace}; the rest (position, rotation, scale, ref, ...) go to the `<primitive>`. */
export type MouthpieceFaceProps = Omit<ThreeElements['primitive'], 'object'> & {
  /** The character to show and drive (e.g. `gltf.scene`). */
  object: Object3D;
  /** Where the frames come from: a {@link FrameBuffer} (read at `clock()`) or anything with `latest()`. */
  buffer: FrameSource;
  /** Seconds on the frames' clock, e.g. the audio clock. Default: R3F's `state.clock.elapsedTime`. */
  clock?: () => number;
  /** Animation layers on top of the frames, or `false` for none. Default `{ seed: 1 }`. */
  layers?: AnimationLayersOptions | false;
  /** Options of the {@link FaceRig}, read when it is made (on mount and when `object` changes). Default `{}`. */
  rigOptions?: FaceRigOptions;
};

/**
 * A talking character for a React Three Fiber scene: renders `object` as a
 * `<primitive>` and plays the frames of `buffer` on it each rendered frame
 * (see {@link useFaceRig}). Where the buffer has no frame for the current
 * time (before speech, gaps, after it stopped) the face eases to rest while
 * the layers keep it blinking and breathing. Must be inside a `<Canvas>`.
 *
 * @example
 * ```tsx
 * const buffer = new FrameBuffer();           // push frames as they stream in
 * <Canvas>
 *   <MouthpieceFace object={gltf.scene} buffer={buffer}
 *     clock={() => audio.currentTime} rigOptions={{ smoothing: 0.03 }} />
 * </Canvas>
 * ```
 */
export function MouthpieceFace({ object, buffer, clock, layers, rigOptions, ...props }: MouthpieceFaceProps) {
  if (object == null || (object as { isObject3D?: unknown }).isObject3D !== true) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected a three.js Object3D for MouthpieceFace's object but received ${describeValue(object)}`);
  }
  if (buffer == null) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected a FrameBuffer (or { latest() }) for MouthpieceFace's buffer but received ${describeValue(buffer)}`);
  }
  if (rigOptions != null && typeof rigOptions !== 'object') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an object for MouthpieceFace's rigOptions but received ${describeValue(rigOptions)}`);
  }
  const source = useFrameSource(buffer, clock);
  useFaceRig(object, { ...rigOptions, layers: layers ?? { seed: 1 }, source });
  return <primitive {...props} object={object} />;
}
