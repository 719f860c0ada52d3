import { useLoader } from '@react-three/fiber';
import { useEffect } from 'react';
import type { Object3D } from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';

import { MouthpieceError } from '../api/MouthpieceError.js';
import { describeValue } from '../three/checkArgument.js';
import { MouthpieceFace, type MouthpieceFaceProps } from './MouthpieceFace.js';
import type { FrameSource } from './useFrameSource.js';
import { useWebSpeech, type UseWebSpeechOptions, type WebSpeechState } from './useWebSpeech.js';

/** A frame source with no frames: the face rests (and the layers keep it alive). */
const NO_FRAMES: FrameSource = Object.freeze({ latest: () => null });

/** Props of {@link MouthpieceAvatar}; the rest go to the `<primitive>` (position, scale, ...). */
export type MouthpieceAvatarProps = Omit<MouthpieceFaceProps, 'object' | 'buffer'> & {
  /** A glTF/GLB to load (with R3F's `useLoader`, so inside `<Suspense>`). Give this or `object`. */
  url?: string;
  /** A character you already have. Give this or `url`. */
  object?: Object3D;
  /** The voice: an `<audio>`/`<video>` element or a MediaStream (a microphone). Null or absent: no speech. */
  audio?: HTMLMediaElement | MediaStream | null;
  /** Frames from elsewhere (a Node server, recorded frames) instead of `audio`. */
  buffer?: FrameSource;
  /** Options of the browser session that animates `audio` (model, wasmPaths, emotion, ...). */
  speech?: UseWebSpeechOptions;
  /** Called when the speech input starts, fails or stops (e.g. to show the backend or an error). */
  onSpeech?: (state: WebSpeechState) => void;
};

function LoadedFace({ url, buffer, ...props }: Omit<MouthpieceFaceProps, 'object' | 'buffer'> & { url: string; buffer: FrameSource }) {
  const gltf = useLoader(GLTFLoader, url);
  return <MouthpieceFace {...props} object={gltf.scene} buffer={buffer} />;
}

/**
 * A character that talks with a voice, in one element: loads a GLB (or
 * takes an object), runs the motion model on the audio in the browser
 * ({@link useWebSpeech}: onnxruntime-web in a Worker, the audio never
 * leaves the page) and plays the frames with the animation layers
 * ({@link MouthpieceFace}). Must be inside a `<Canvas>` (and `<Suspense>`
 * with `url`).
 *
 * @example
 * ```tsx
 * <Canvas><Suspense>
 *   <MouthpieceAvatar url="/avatar.glb" audio={audioElement} speech={{ wasmPaths: '/ort/', emotion: 'happy', intensity: 0.5 }} />
 * </Suspense></Canvas>
 * ```
 */
export function MouthpieceAvatar({ url, object, audio, buffer, speech: options, onSpeech, ...props }: MouthpieceAvatarProps) {
  if ((url == null) === (object == null)) {
    throw new MouthpieceError('INVALID_ARGUMENT', `MouthpieceAvatar needs exactly one of url and object; received url ${describeValue(url)} and object ${describeValue(object)}`);
  }
  const state = useWebSpeech(buffer ? null : (audio ?? null), options);
  useNotify(onSpeech, state);
  const source = buffer ?? state.speech ?? NO_FRAMES;
  return url != null ? <LoadedFace {...props} url={url} buffer={source} /> : <MouthpieceFace {...props} object={object!} buffer={source} />;
}

function useNotify(onSpeech: ((s: WebSpeechState) => void) | undefined, state: WebSpeechState): void {
  useEffect(() => {
    onSpeech?.(state);
    // Only when the state changes, not when the callback's identity does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);
}
