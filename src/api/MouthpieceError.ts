/**
 * Machine-readable error codes. The native core's status names map onto the
 * same strings, so a caller can switch on `error.code` whichever backend ran.
 */
export type MouthpieceErrorCode =
  | 'INVALID_ARGUMENT'
  | 'BAD_WAV'
  | 'UNSUPPORTED'
  | 'TRUNCATED'
  | 'TOO_LARGE'
  | 'BAD_AUDIO'
  | 'OUT_OF_MEMORY'
  | 'STATE'
  | 'INTERNAL'
  | 'DECODE_FAILED'
  | 'NATIVE_UNAVAILABLE'
  | 'DISPOSED'
  | 'BAD_MODEL'
  | 'RUNTIME_UNAVAILABLE'
  | 'BAD_IMAGE'
  | 'NO_FACE'
  | 'FACE_TOO_SMALL'
  | 'EXTREME_POSE'
  | 'FACE_OCCLUDED';

/**
 * The one error type of the library. Every failure that crosses the public
 * API is a `MouthpieceError` with a stable {@link MouthpieceErrorCode}.
 *
 * @example
 * ```ts
 * try { await decodeAudio(bytes); }
 * catch (e) { if (e instanceof MouthpieceError && e.code === 'BAD_WAV') showHint(e.message); }
 * ```
 */
export class MouthpieceError extends Error {
  /** Stable code to branch on; the message is for humans. */
  readonly code: MouthpieceErrorCode;

  constructor(code: MouthpieceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MouthpieceError';
    this.code = code;
  }
}
