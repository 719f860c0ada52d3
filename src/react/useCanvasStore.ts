import { context, type RootStore } from '@react-three/fiber';
import { useContext } from 'react';

import { MouthpieceError } from '../api/MouthpieceError.js';

/**
 * The React Three Fiber store of the enclosing `<Canvas>`, or a
 * `MouthpieceError` (code `STATE`) naming the hook when there is none,
 * instead of R3F's generic message. Internal to `src/react`.
 *
 * @param hook Name of the calling hook, for the message.
 * @example
 * ```ts
 * const store = useCanvasStore('useFaceRig');
 * ```
 */
export function useCanvasStore(hook: string): RootStore {
  const store = useContext(context);
  if (!store) {
    throw new MouthpieceError('STATE', `${hook} must be used inside a <Canvas> (React Three Fiber); it was called outside one`);
  }
  return store;
}
