import { MouthpieceError, type MouthpieceErrorCode } from '../api/MouthpieceError.js';

const KNOWN = new Set<MouthpieceErrorCode>([
  'INVALID_ARGUMENT', 'BAD_WAV', 'UNSUPPORTED', 'TRUNCATED', 'TOO_LARGE', 'BAD_AUDIO',
  'OUT_OF_MEMORY', 'STATE', 'INTERNAL', 'DECODE_FAILED', 'NATIVE_UNAVAILABLE', 'DISPOSED',
]);

/**
 * Turns an error thrown by the addon (a plain Error with a `code` set to the
 * C status name) into a {@link MouthpieceError}; passes those through.
 */
export function toMouthpieceError(e: unknown): MouthpieceError {
  if (e instanceof MouthpieceError) return e;
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === 'string' && KNOWN.has(err.code as MouthpieceErrorCode) ? (err.code as MouthpieceErrorCode) : 'INTERNAL';
  return new MouthpieceError(code, typeof err?.message === 'string' ? err.message : String(e), { cause: e });
}
