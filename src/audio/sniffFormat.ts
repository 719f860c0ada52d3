import type { AudioFormat } from './DecodedAudio.js';

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
  if (bytes.length < at + text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Recognises an audio container by its magic bytes; null when unknown.
 * Never trusts a file extension: users rename files.
 *
 * @example
 * ```ts
 * sniffFormat(bytes); // 'flac'
 * ```
 */
export function sniffFormat(bytes: Uint8Array): AudioFormat | null {
  if (ascii(bytes, 0, 'RIFF') || ascii(bytes, 0, 'RIFX') || ascii(bytes, 0, 'RF64')) return 'wav';
  if (ascii(bytes, 0, 'fLaC')) return 'flac';
  if (ascii(bytes, 0, 'OggS')) {
    // The first page carries the codec's identification header.
    const head = bytes.subarray(0, Math.min(bytes.length, 128));
    for (let i = 0; i + 8 <= head.length; i++) {
      if (ascii(head, i, 'OpusHead')) return 'opus';
      if (ascii(head, i, 'vorbis')) return 'vorbis';
    }
    return null;
  }
  if (ascii(bytes, 0, 'ID3')) return 'mp3';
  // A bare MPEG audio frame sync: 11 set bits, layer bits not 00.
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) !== 0) return 'mp3';
  return null;
}
