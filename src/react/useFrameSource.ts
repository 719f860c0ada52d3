import { useCallback, useRef } from 'react';

import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import { describeValue } from '../three/checkArgument.js';
import { useCanvasStore } from './useCanvasStore.js';

/**
 * Where frames are pulled from: something read by clock time (a
 * {@link FrameBuffer}), or something that only knows its latest frame (a
 * live stream). Either returns null when there is no frame now.
 */
export type FrameSource = { at(time: number): Frame | null } | { latest(): Frame | null };

/**
 * Adapts a {@link FrameSource} to a pull function for {@link useFaceRig}'s
 * `source` option: calling it returns the source's frame for now, read by
 * `clock()` when the source has `at`. Must be called inside a `<Canvas>`
 * (it reads the canvas clock by default). The returned function is
 * stable and allocates nothing.
 *
 * @param source The frames; `null` gives a function that always returns null.
 * @param clock Seconds on the frames' clock (e.g. the audio clock). Default: R3F's `state.clock.elapsedTime`.
 * @returns A stable `() => Frame | null`.
 * @example
 * ```tsx
 * const pull = useFrameSource(buffer, () => audio.currentTime - startedAt);
 * useFaceRig(gltf.scene, { source: pull });
 * ```
 */
export function useFrameSource(source: FrameSource | null, clock?: () => number): () => Frame | null {
  const store = useCanvasStore('useFrameSource');
  if (source != null && (typeof source !== 'object' || (typeof (source as { at?: unknown }).at !== 'function' && typeof (source as { latest?: unknown }).latest !== 'function'))) {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected an object with at(time) or latest() for source but received ${describeValue(source)}`);
  }
  if (clock != null && typeof clock !== 'function') {
    throw new MouthpieceError('INVALID_ARGUMENT', `Expected a function for clock but received ${describeValue(clock)}`);
  }
  // Refs so the returned function stays stable while the props change.
  const sourceRef = useRef(source);
  const clockRef = useRef(clock);
  sourceRef.current = source;
  clockRef.current = clock;
  return useCallback((): Frame | null => {
    const s = sourceRef.current;
    if (s == null) return null;
    if ('at' in s) {
      const c = clockRef.current;
      return s.at(c ? c() : store.getState().clock.elapsedTime);
    }
    return s.latest();
  }, [store]);
}
