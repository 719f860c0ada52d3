/**
 * Mouthpiece for React Three Fiber: a `<MouthpieceFace>` component and the
 * hooks under it, which play frames on a rigged character inside a
 * `<Canvas>` with the animation layers on top. Needs `react`,
 * `@react-three/fiber` and `three`. `<MouthpieceAvatar>` and `useWebSpeech`
 * run the model in the browser through `mouthpiece/web` (onnxruntime-web is
 * loaded only when a session starts).
 *
 * @example
 * ```tsx
 * import { FrameBuffer, MouthpieceFace } from 'mouthpiece/react';
 * const buffer = new FrameBuffer();
 * stream.on('frames', (frames) => buffer.push(frames));
 * <Canvas><MouthpieceFace object={gltf.scene} buffer={buffer} clock={() => audio.currentTime} /></Canvas>
 * ```
 */
export { FrameBuffer, type FrameBufferOptions } from './FrameBuffer.js';
export { MouthpieceFace, type MouthpieceFaceProps } from './MouthpieceFace.js';
export { MouthpieceAvatar, type MouthpieceAvatarProps } from './MouthpieceAvatar.js';
export { useWebSpeech, type UseWebSpeechOptions, type WebSpeechState } from './useWebSpeech.js';
export { useFaceRig, type FaceRigHandle, type UseFaceRigOptions } from './useFaceRig.js';
export { useFrameSource, type FrameSource } from './useFrameSource.js';
