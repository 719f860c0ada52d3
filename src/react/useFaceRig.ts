import { useFrame } from '@react-three/fiber';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Object3D } from 'three';

import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { AnimationLayers, type AnimationLayersOptions } from '../animation/AnimationLayers.js';
import { describeValue } from '../three/checkArgument.js';
import { FaceRig, type FaceRigOptions } from '../three/FaceRig.js';
import { FrameScratch } from './FrameScratch.js';
import { useCanvasStore } from './useCanvasStore.js';

/** Options of {@link useFaceRig}: the {@link FaceRigOptions} plus these. */
export interface UseFaceRigOptions extends FaceRigOptions {
  /**
   * Blinks, gaze, idle head and brows on top of the frames ({@link AnimationLayersOptions}),
   * or `false` for none (the face then only eases to rest when frames stop). Default `{ seed: 1 }`.
   */
  layers?: AnimationLayersOptions | false;
  /** Pull function read once per rendered frame (e.g. from {@link useFrameSource}); wins over {@link FaceRigHandle.setFrame}. Default none. */
  source?: () => Frame | null;
  /** `useFrame` priority; leave 0 unless ordering with your mixer demands it (R3F stops auto-rendering above 0). Default 0. */
  priority?: number;
}

/** What {@link useFaceRig} returns. */
export interface FaceRigHandle {
  /** The rig, or null before the first commit and while `object` is null. */
  rig: FaceRig | null;
  /** The animation layers (all switched off when `layers: false`), or null with `rig`. */
  layers: AnimationLayers | null;
  /** Pushes the frame to show from now on (copied at the next rendered frame; not mutated); `null` = none, the face eases to rest. Stable. */
  setFrame(frame: Frame | null): void;
}

const NO_LAYERS: AnimationLayersOptions = { blink: false, gaze: false, idle: false, brows: false };

/**
 * Drives a rigged character from frames inside a React Three Fiber
 * `<Canvas>`: makes a {@link FaceRig} for `object` (on mount and when
 * `object` changes; disposed, restoring the rest pose, on unmount or
 * change) and, once per rendered frame, copies the latest frame (pulled
 * from `source`, or the last one given to `setFrame`) into a scratch frame,
 * adds the {@link AnimationLayers} to the copy, and applies it. With no
 * frame it calls `layers.relax`, so the face glides to rest and keeps
 * blinking. Nothing is allocated per frame.
 *
 * The other options are read when the rig is made; change `rig.weight`
 * or `rig.smoothing` directly for live tweaks. Throws a `MouthpieceError`
 * (code `STATE`) outside a `<Canvas>`.
 *
 * @param object The character (e.g. `gltf.scene`), or null to drive nothing.
 * @param options See {@link UseFaceRigOptions}. Default: layers on with seed 1, rig defaults.
 * @example
 * ```tsx
 * function Talker({ frames }: { frames: Frame | null }) {
 *   const { scene } = useGLTF('/avatar.glb');
 *   const { setFrame } = useFaceRig(scene, { smoothing: 0.03 });
 *   useEffect(() => setFrame(frames), [frames, setFrame]);
 *   return <primitive object={scene} />;
 * }
 * ```
 */
export function useFaceRig(object: Object3D | null, options: UseFaceRigOptions = {}): FaceRigHandle {
  useCanvasStore('useFaceRig');
  if (options === null || typeof options !== 'object') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an object for options but received ${describeValue(options)}`);
  }
  if (object != null && (typeof object !== 'object' || (object as { isObject3D?: unknown }).isObject3D !== true)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected a three.js Object3D or null for object but received ${describeValue(object)}`);
  }
  const { layers: layersOption, source, priority = 0, ...rigOptions } = options;
  if (source != null && typeof source !== 'function') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected a function for options.source but received ${describeValue(source)}`);
  }
  if (typeof priority !== 'number' || !Number.isFinite(priority)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected a finite number for options.priority but received ${describeValue(priority)}`);
  }
  const layersOn = layersOption !== false;

  // The latest options, read when a rig is made and by the frame loop, so inline objects do not remake it.
  const latest = useRef({ rigOptions, layersOption, source });
  latest.current = { rigOptions, layersOption, source };
  const pushed = useRef<Frame | null>(null);
  const scratch = useRef<FrameScratch | null>(null);
  scratch.current ??= new FrameScratch();
  const live = useRef<{ rig: FaceRig; layers: AnimationLayers; started: boolean } | null>(null);
  const [state, setState] = useState<{ rig: FaceRig; layers: AnimationLayers } | null>(null);

  // Made in an effect (not during render) so StrictMode's mount-unmount-mount leaves a live rig.
  useEffect(() => {
    if (object == null) return undefined;
    const { rigOptions: ro, layersOption: lo } = latest.current;
    const layers = new AnimationLayers(lo === false ? NO_LAYERS : (lo ?? { seed: 1 }));
    const rig = new FaceRig(object, ro);
    live.current = { rig, layers, started: false };
    setState({ rig, layers });
    return () => {
      rig.dispose();
      if (live.current?.rig === rig) live.current = null;
      setState((s) => (s?.rig === rig ? null : s));
    };
  }, [object, layersOn]);

  useFrame((_state, delta) => {
    const l = live.current;
    if (l == null) return;
    const pull = latest.current.source;
    const frame = pull ? pull() : pushed.current;
    const s = scratch.current!;
    const dt = delta > 0 && Number.isFinite(delta) ? delta : 0;
    if (frame != null) {
      s.copy(frame, l.layers.gaze != null);
      l.layers.apply(s.frame, dt);
      l.started = true;
    } else {
      // With no layers there is nothing alive to show before the first frame: leave the face alone.
      if (!l.started && !layersOn) return;
      s.prepareRelax(l.layers.gaze != null);
      l.layers.relax(s.frame, dt);
    }
    l.rig.setFrame(s.frame);
    l.rig.update(dt);
  }, priority);

  const setFrame = useCallback((frame: Frame | null) => {
    if (frame != null && (typeof frame !== 'object' || frame.weights == null || frame.head == null)) {
      throw new MouthpieceError('INVALID_ARGUMENT', `Expected a Frame or null for frame but received ${describeValue(frame)}`);
    }
    pushed.current = frame;
  }, []);

  return { rig: state?.rig ?? null, layers: state?.layers ?? null, setFrame };
}
