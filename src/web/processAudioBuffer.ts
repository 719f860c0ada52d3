import type { Frame } from '../api/Frame.js';
import { MouthpieceError } from '../api/MouthpieceError.js';
import type { WebMotionSession } from './WebMotionSession.js';

/**
 * Animates a whole decoded recording ahead of playback: mixes the
 * `AudioBuffer` down to mono, pushes it through the session in one-second
 * chunks and flushes. Play the buffer afterwards and read the frames at
 * `heardTime(ctx) - startedAt`: the face is exactly on time with no added
 * delay. The session must be fresh (or `reset()`), at the buffer's rate.
 *
 * @param session A session created with `sampleRate: buffer.sampleRate`.
 * @param buffer The decoded speech.
 * @returns Every frame of the recording, times from 0.
 * @example
 * ```ts
 * const frames = await processAudioBuffer(session, await ctx.decodeAudioData(bytes));
 * ```
 */
export async function processAudioBuffer(session: WebMotionSession, buffer: AudioBuffer): Promise<Frame[]> {
  if (!buffer || typeof buffer.getChannelData !== 'function') throw new MouthpieceError('INVALID_ARGUMENT', 'Expected an AudioBuffer for buffer');
  if (buffer.sampleRate !== session.sampleRate) {
    throw new MouthpieceError('INVALID_ARGUMENT', `the buffer is ${buffer.sampleRate} Hz but the session expects ${session.sampleRate} Hz`);
  }
  const n = buffer.length;
  const mono = new Float32Array(n);
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const ch = buffer.getChannelData(c);
    for (let i = 0; i < n; i++) mono[i] += ch[i] / buffer.numberOfChannels;
  }
  const out: Frame[] = [];
  const step = buffer.sampleRate;
  for (let at = 0; at < n; at += step) out.push(...(await session.push(mono.subarray(at, at + step))));
  out.push(...(await session.flush()));
  return out;
}
