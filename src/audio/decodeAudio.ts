import { MouthpieceError } from '../api/MouthpieceError.js';
import type { DecodedAudio } from './DecodedAudio.js';
import { decodeWavTs } from './decodeWavTs.js';
import { sniffFormat } from './sniffFormat.js';

/** Options of {@link decodeAudio}. */
export interface DecodeAudioOptions {
  /**
   * WAV decoder to use instead of the TypeScript one; the Node runtime
   * passes the native core's here. Default: the TypeScript decoder.
   */
  decodeWav?: (bytes: Uint8Array) => Promise<DecodedAudio>;
}

interface WasmDecoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
  errors: { message: string }[];
}

interface WasmDecoder {
  ready: Promise<void>;
  free(): void | Promise<void>;
}

/**
 * Files above this size decode in the packages' Web Worker variants (a
 * worker_threads Worker under Node), so a long file never stalls the event
 * loop; below it the worker's start-up would cost more than the decode.
 */
export const WORKER_DECODE_BYTES = 64 * 1024;

/**
 * Decodes WAV, FLAC, MP3, Ogg Opus or Ogg Vorbis bytes to mono float PCM.
 * The format is recognised from the bytes, not a file name. FLAC, MP3 and Ogg
 * use the `@wasm-audio-decoders` family (WASM, so the same code runs in
 * browsers), loaded only when such a file arrives; files over
 * {@link WORKER_DECODE_BYTES} decode in a worker, off the JS thread.
 *
 * @throws MouthpieceError `UNSUPPORTED` for unknown formats, `BAD_WAV`,
 *   `TRUNCATED`... for broken WAV files, `DECODE_FAILED` for broken
 *   compressed files, `BAD_AUDIO` for NaN samples.
 * @example
 * ```ts
 * const audio = await decodeAudio(await readFile('speech.flac'));
 * ```
 */
export async function decodeAudio(bytes: Uint8Array, options: DecodeAudioOptions = {}): Promise<DecodedAudio> {
  if (!(bytes instanceof Uint8Array)) {
    throw new MouthpieceError('INVALID_ARGUMENT', 'Expected Uint8Array or Buffer for bytes');
  }
  const format = sniffFormat(bytes);
  const big = bytes.length > WORKER_DECODE_BYTES;
  switch (format) {
    case 'wav':
      return options.decodeWav ? options.decodeWav(bytes) : decodeWavTs(bytes);
    case 'flac': {
      const m = await import('@wasm-audio-decoders/flac');
      return runWasm(format, big ? new m.FLACDecoderWebWorker() : new m.FLACDecoder(), (d) => d.decodeFile(bytes));
    }
    case 'mp3': {
      const m = await import('mpg123-decoder');
      return runWasm(format, big ? new m.MPEGDecoderWebWorker() : new m.MPEGDecoder(), async (d) => d.decode(bytes));
    }
    case 'opus': {
      const m = await import('ogg-opus-decoder');
      return runWasm(format, big ? new m.OggOpusDecoderWebWorker() : new m.OggOpusDecoder(), (d) => d.decodeFile(bytes));
    }
    case 'vorbis': {
      const m = await import('@wasm-audio-decoders/ogg-vorbis');
      return runWasm(format, big ? new m.OggVorbisDecoderWebWorker() : new m.OggVorbisDecoder(), (d) => d.decodeFile(bytes));
    }
    default:
      throw new MouthpieceError(
        'UNSUPPORTED',
        `unsupported audio: the first bytes match none of WAV, FLAC, MP3, Ogg Opus, Ogg Vorbis (got ${hexHead(bytes)})`,
      );
  }
}

async function runWasm<D extends WasmDecoder>(
  format: DecodedAudio['format'],
  decoder: D,
  run: (d: D) => Promise<WasmDecoded>,
): Promise<DecodedAudio> {
  try {
    await decoder.ready;
    const out = await run(decoder);
    const channels = out.channelData.length;
    if (out.samplesDecoded === 0 || channels === 0) {
      const why = out.errors.length > 0 ? out.errors[0].message : 'no audio frames found';
      throw new MouthpieceError('DECODE_FAILED', `could not decode ${format}: ${why}`);
    }
    return { samples: mixDown(out.channelData, out.samplesDecoded), sampleRate: out.sampleRate, channels, format, decoder: 'wasm' };
  } catch (e) {
    if (e instanceof MouthpieceError) throw e;
    throw new MouthpieceError('DECODE_FAILED', `could not decode ${format}: ${(e as Error).message}`, { cause: e });
  } finally {
    try {
      await decoder.free();
    } catch {
      // A decoder whose WASM trapped may fail to free; it is discarded either
      // way, and that failure must not replace the real error.
    }
  }
}

function mixDown(channelData: Float32Array[], frames: number): Float32Array {
  if (channelData.length === 1) return channelData[0].slice(0, frames);
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let s = 0;
    for (const ch of channelData) s += ch[f];
    out[f] = s / channelData.length;
  }
  return out;
}

function hexHead(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ') || 'an empty buffer';
}
