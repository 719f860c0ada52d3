/**
 * Mouthpiece in the browser: the motion model on onnxruntime-web in a
 * Worker, audio capture on an AudioWorklet, frames on the audio clock.
 * Audio, models and WASM files stay on the page's own origin.
 *
 * @example
 * ```ts
 * import { createWebMotionSession, connectSpeech } from 'mouthpiece/web';
 * const session = await createWebMotionSession({ sampleRate: ctx.sampleRate, wasmPaths: '/ort/' });
 * const speech = await connectSpeech({ context: ctx, session, input: audioElement });
 * ```
 *
 * @packageDocumentation
 */
export { createWebMotionSession, WebMotionSession, type WebMotionSessionOptions } from './WebMotionSession.js';
export { connectSpeech, SpeechInput, type ConnectSpeechOptions } from './connectSpeech.js';
export { processAudioBuffer } from './processAudioBuffer.js';
export { heardTime } from './heardTime.js';
export { addCaptureModule, CAPTURE_PROCESSOR } from './captureWorklet.js';
export { MotionWorkerHost, type ReplyPort, type WebOnnxRuntime } from './MotionWorkerHost.js';
export { packFrames, unpackFrames, PACKED_STRIDE, type PackedFrames } from './framePacking.js';
export type { WorkerInit, WorkerReady, WorkerReply, WorkerRequest } from './protocol.js';
export { FrameBuffer, type FrameBufferOptions } from '../react/FrameBuffer.js';
