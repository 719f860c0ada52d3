/** Container formats {@link decodeAudio} recognises by their first bytes. */
export type AudioFormat = 'wav' | 'flac' | 'mp3' | 'opus' | 'vorbis';

/**
 * Decoded audio: the channels averaged to mono, at the file's own rate.
 * Feed `samples` and `sampleRate` straight into a session; it resamples.
 */
export interface DecodedAudio {
  /** Mono float PCM in [-1, 1]. */
  samples: Float32Array;
  /** Hz. */
  sampleRate: number;
  /** Channels in the file before the mono mix. */
  channels: number;
  /** Container format. */
  format: AudioFormat;
  /** Which decoder ran: the native core, or a TypeScript/WASM package. */
  decoder: 'native' | 'wavefile' | 'wasm';
}
