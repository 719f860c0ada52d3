import { MouthpieceError } from '../api/MouthpieceError.js';
import { teach, type PhoneSegment, type TeachOptions, type TeacherTrack } from './teach.js';
import { OCULUS_VISEMES, type OculusViseme } from './visemes.js';

/**
 * A viseme event as TTS services return them: Azure Speech's
 * `VisemeReceived` (SAPI viseme id 0-21 and an audio offset), or an Oculus
 * viseme name with a time.
 */
export interface VisemeEvent {
  /** Azure/SAPI viseme id 0..21, or an Oculus viseme name ('PP', 'aa', ...). */
  viseme: number | OculusViseme;
  /** Seconds from the start of the audio (Azure gives ticks of 100 ns: divide by 1e7). */
  time: number;
}

// A representative IPA phone for each Azure/SAPI viseme id (Microsoft's
// published viseme-to-phoneme table), so the teacher's coarticulation and
// lip constraints apply to viseme streams too.
const SAPI_TO_IPA = ['_', 'ə', 'ɑ', 'ɔ', 'ɛ', 'ɚ', 'i', 'u', 'o', 'aʊ', 'ɔɪ', 'aɪ', 'h', 'ɹ', 'l', 's', 'ʃ', 'ð', 'f', 't', 'k', 'p'];
const OCULUS_TO_IPA: Record<OculusViseme, string> = {
  sil: '_', PP: 'p', FF: 'f', TH: 'θ', DD: 't', kk: 'k', CH: 'ʃ', SS: 's', nn: 'n', RR: 'ɹ', aa: 'ɑ', E: 'ɛ', I: 'i', O: 'o', U: 'u',
};

/**
 * Text-timed lip sync: animation from the viseme events a TTS service
 * returns, with no audio analysis. Each event lasts until the next; the last
 * one lasts `lastDuration` seconds (default 0.1). The events go through the
 * same teacher as phones, so they get coarticulation and closed lips on
 * p/b/m.
 *
 * @example
 * ```ts
 * // Azure: synthesizer.visemeReceived = (_, e) => events.push({ viseme: e.visemeId, time: e.audioOffset / 1e7 });
 * const track = lipSyncFromVisemes(events, { fps: 60 });
 * ```
 */
export function lipSyncFromVisemes(events: VisemeEvent[], options: TeachOptions & { lastDuration?: number } = {}): TeacherTrack {
  if (!Array.isArray(events)) throw new MouthpieceError('INVALID_ARGUMENT', 'Expected an array of viseme events');
  const segments: PhoneSegment[] = events.map((e, i) => {
    const next = events[i + 1];
    const end = next ? next.time : e.time + (options.lastDuration ?? 0.1);
    return { phone: phoneOf(e, i), start: e.time, end };
  });
  return teach(segments, options);
}

function phoneOf(e: VisemeEvent, i: number): string {
  if (e && typeof e.viseme === 'number' && Number.isInteger(e.viseme) && e.viseme >= 0 && e.viseme < SAPI_TO_IPA.length) {
    return SAPI_TO_IPA[e.viseme];
  }
  if (e && typeof e.viseme === 'string' && (OCULUS_VISEMES as readonly string[]).includes(e.viseme)) {
    return OCULUS_TO_IPA[e.viseme as OculusViseme];
  }
  throw new MouthpieceError(
    'INVALID_ARGUMENT',
    `Expected event ${i} viseme to be an Azure id 0..21 or an Oculus name (${OCULUS_VISEMES.join(', ')}) but received ${JSON.stringify(e?.viseme)}`,
  );
}
