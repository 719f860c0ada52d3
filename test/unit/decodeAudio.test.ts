import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { decodeAudio } from '../../src/audio/decodeAudio.js';
import { decodeWavTs } from '../../src/audio/decodeWavTs.js';
import { sniffFormat } from '../../src/audio/sniffFormat.js';
import { repoRoot } from '../helpers/golden.js';

const dir = join(repoRoot, 'test', 'fixtures', 'compressed');
const read = (name: string) => new Uint8Array(readFileSync(join(dir, name)));

/** Amplitude of the 440 Hz component (a single-bin DFT over the middle). */
function toneAmplitude(x: Float32Array, rate: number, hz: number): number {
  const a = Math.floor(x.length * 0.25);
  const n = Math.floor((Math.floor(x.length * 0.5) * hz) / rate) * Math.round(rate / hz) || Math.floor(x.length * 0.5);
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    const p = (2 * Math.PI * hz * (a + i)) / rate;
    re += x[a + i] * Math.cos(p);
    im += x[a + i] * Math.sin(p);
  }
  return (2 * Math.hypot(re, im)) / n;
}

describe('decodeAudio', () => {
  const reference = decodeWavTs(read('tone.wav'));

  it('recognises formats by their bytes', () => {
    expect(sniffFormat(read('tone.wav'))).toBe('wav');
    expect(sniffFormat(read('tone.flac'))).toBe('flac');
    expect(sniffFormat(read('tone.mp3'))).toBe('mp3');
    expect(sniffFormat(read('tone.opus'))).toBe('opus');
    expect(sniffFormat(read('tone.ogg'))).toBe('vorbis');
    expect(sniffFormat(new Uint8Array([1, 2, 3, 4]))).toBeNull();
  });

  it('FLAC is lossless: equal to the WAV it was made from (up to the decoder\'s 1/32767 scale)', async () => {
    const flac = await decodeAudio(read('tone.flac'));
    expect(flac).toMatchObject({ format: 'flac', sampleRate: 44100, channels: 2, decoder: 'wasm' });
    expect(flac.samples.length).toBe(reference.samples.length);
    let worst = 0;
    for (let i = 0; i < flac.samples.length; i++) worst = Math.max(worst, Math.abs(flac.samples[i] - reference.samples[i]));
    // The WASM FLAC decoder scales 16-bit samples by 1/32767 where WAV uses 1/32768:
    // at half scale that is 2^-16; anything lossy would be far larger.
    expect(worst).toBeLessThanOrEqual(2 ** -16 + 1e-9);
  });

  for (const [name, format, rate] of [['tone.mp3', 'mp3', 44100], ['tone.opus', 'opus', 48000], ['tone.ogg', 'vorbis', 44100]] as const) {
    it(`${format}: right rate, length and tone`, async () => {
      const a = await decodeAudio(read(name));
      expect(a.format).toBe(format);
      expect(a.sampleRate).toBe(rate);
      const seconds = a.samples.length / a.sampleRate;
      expect(seconds).toBeGreaterThan(0.45);
      expect(seconds).toBeLessThan(0.6);
      // Lossy codecs keep a half-scale 440 Hz tone within ~1 dB.
      expect(toneAmplitude(a.samples, a.sampleRate, 440)).toBeGreaterThan(0.44);
      expect(toneAmplitude(a.samples, a.sampleRate, 440)).toBeLessThan(0.56);
    });
  }

  it('broken compressed files fail with DECODE_FAILED, never a crash', async () => {
    for (const name of ['tone.flac', 'tone.mp3', 'tone.opus', 'tone.ogg']) {
      const bytes = read(name);
      const broken = bytes.slice(0, 64);
      await expect(decodeAudio(broken), name).rejects.toMatchObject({ name: 'MouthpieceError' });
      const garbage = bytes.slice();
      for (let i = 200; i < garbage.length; i += 7) garbage[i] ^= 0x5a;
      // Garbage in the payload may decode to noise or fail; either way it must settle.
      await decodeAudio(garbage).then(
        (a) => expect(a.samples.every(Number.isFinite)).toBe(true),
        (e) => expect(e).toMatchObject({ name: 'MouthpieceError' }),
      );
    }
  });

  const sharedSpeech = join(repoRoot, '..', 'shared', 'data', 'speech', 'jfk.flac');
  it.skipIf(!existsSync(sharedSpeech))('large files decode in a worker: the event loop keeps running (shared speech)', async () => {
    const path = sharedSpeech;
    const bytes = new Uint8Array(readFileSync(path));
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const audio = await decodeAudio(bytes);
    clearInterval(timer);
    expect(audio).toMatchObject({ format: 'flac', sampleRate: 44100 });
    expect(audio.samples.length).toBe(485100);
    // On the JS thread the same decode lets the 1 ms timer tick about twice.
    expect(ticks).toBeGreaterThan(10);
  });

  it('unknown bytes are UNSUPPORTED and name what was seen', async () => {
    await expect(decodeAudio(new Uint8Array([0xde, 0xad, 0xbe, 0xef]))).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringMatching(/de ad be ef/),
    });
    await expect(decodeAudio(new Uint8Array(0))).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('the TypeScript WAV fallback rejects broken headers with a MouthpieceError', () => {
    const bad = read('tone.wav').slice(0, 30);
    expect(() => decodeWavTs(bad)).toThrowError(/bad WAV/);
  });
});
