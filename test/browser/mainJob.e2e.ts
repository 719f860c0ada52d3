// The main job (npm start -> scripts/renderVideo.mjs): the head speaking the
// built-in sample, rendered in headless Chromium and encoded by ffmpeg. The
// MP4 must pass ffprobe (H.264 video plus an audio stream, duration within
// 0.1 s of the audio, tagged synthetic) and its mouth region must move.
//
// Run: npx vitest run -c vitest.browser.config.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const HAVE = existsSync(CHROMIUM) && spawnSync('ffmpeg', ['-version']).status === 0;
const SKIP = !HAVE && !IN_CI;

describe.skipIf(SKIP)('main job: the head speaking the sample, as an MP4', () => {
  it('renders an H.264 + audio MP4 of the audio\'s length, tagged synthetic, whose mouth moves', () => {
    const out = 'build/test-main-job.mp4';
    // Layers off: the mouth region must move because of the lips, not because idle head sway moves everything.
    execFileSync('node', ['scripts/renderVideo.mjs', '--out', out, '--size', '256', '--no-layers'], { stdio: 'pipe', timeout: 600_000 });
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type,duration:format=duration:format_tags=comment', '-of', 'json', out], { encoding: 'utf8' }));
    const video = probe.streams.find((s: { codec_type: string }) => s.codec_type === 'video');
    const audio = probe.streams.find((s: { codec_type: string }) => s.codec_type === 'audio');
    expect(video?.codec_name).toBe('h264');
    expect(audio).toBeTruthy();
    const source = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'json', 'models/samples/hello.wav'], { encoding: 'utf8' }));
    // The video stream itself (the container's duration is the longer of the two streams).
    expect(Math.abs(Number(video.duration) - Number(source.format.duration))).toBeLessThanOrEqual(0.1);
    expect(Math.abs(Number(probe.format.duration) - Number(source.format.duration))).toBeLessThanOrEqual(0.1);
    expect(probe.format.tags.comment).toMatch(/^Synthetic/);
    // The mouth region (a box around the lips) against the forehead, as grey levels over all frames.
    const box = (x: number, y: number, w: number, h: number) =>
      new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-i', out, '-vf', `crop=${w}:${h}:${x}:${y},format=gray`, '-f', 'rawvideo', '-'], { maxBuffer: 1 << 28 }));
    const temporalStd = (pixels: Uint8Array, n: number) => {
      const frames = pixels.length / n;
      let sum = 0;
      for (let p = 0; p < n; p++) {
        let m = 0;
        let s = 0;
        for (let f = 0; f < frames; f++) m += pixels[f * n + p] / frames;
        for (let f = 0; f < frames; f++) s += (pixels[f * n + p] - m) ** 2 / frames;
        sum += Math.sqrt(s);
      }
      return sum / n;
    };
    const mouth = temporalStd(box(98, 118, 60, 34), 60 * 34);
    const forehead = temporalStd(box(98, 40, 60, 20), 60 * 20);
    expect(mouth).toBeGreaterThan(4);
    expect(mouth).toBeGreaterThan(4 * forehead);
  });
});
