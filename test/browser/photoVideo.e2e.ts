// The main job with a portrait (`renderVideo.mjs --photo`): a shared CC0
// portrait speaks one second of the built-in sample at 512x512 and 25 fps
// (and again at 30 fps).
// The MP4 must be H.264 with the audio muxed, 512x512 at 25 fps, tagged
// synthetic in its metadata, and carry the visible mark (the same render
// with --no-mark differs in the mark's corner and nowhere else).
//
// Run: npx vitest run -c vitest.browser.config.ts
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PORTRAIT = '../shared/data/faces/001.jpg';
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const HAVE = existsSync(CHROMIUM) && existsSync(PORTRAIT) && spawnSync('ffmpeg', ['-version']).status === 0;
const SKIP = !HAVE && !IN_CI;

/** The first frame of an MP4 as grey levels, `size` x `size`. */
const firstFrame = (file: string) => new Uint8Array(execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-vf', 'format=gray', '-f', 'rawvideo', '-'], { maxBuffer: 1 << 24 }));

describe.skipIf(SKIP)('main job with a portrait: a photo speaking, as an MP4', () => {
  it('renders H.264 + audio at 512x512 and 25 fps (and 30), tagged synthetic, with the visible mark unless --no-mark', () => {
    mkdirSync('build', { recursive: true });
    const audio = 'build/test-photo-video.wav';
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', 'models/samples/hello.wav', '-t', '1', audio]);
    const render = (out: string, extra: string[] = [], fps = 25) =>
      execFileSync('node', ['scripts/renderVideo.mjs', '--photo', PORTRAIT, '--audio', audio, '--out', out, '--fps', String(fps), '--no-layers', ...extra], { encoding: 'utf8', stdio: 'pipe', timeout: 600_000 });
    const marked = 'build/test-photo-video.mp4';
    const bare = 'build/test-photo-video-nomark.mp4';
    const log = render(marked);
    expect(log).toMatch(/visible SYNTHETIC mark/);
    expect(render(bare, ['--no-mark'])).toMatch(/no visible mark/);

    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,codec_type,width,height,r_frame_rate,duration:format_tags=comment', '-of', 'json', marked], { encoding: 'utf8' }),
    );
    const video = probe.streams.find((s: { codec_type: string }) => s.codec_type === 'video');
    const sound = probe.streams.find((s: { codec_type: string }) => s.codec_type === 'audio');
    expect(video?.codec_name).toBe('h264');
    expect([video.width, video.height]).toEqual([512, 512]);
    expect(video.r_frame_rate).toBe('25/1');
    expect(Math.abs(Number(video.duration) - 1)).toBeLessThanOrEqual(0.08);
    expect(sound).toBeTruthy();
    expect(probe.format.tags.comment).toMatch(/^Synthetic: a photo animated from audio/);

    // The mark: bottom right. The two renders are the same frames otherwise (same audio, same seed).
    const a = firstFrame(marked);
    const b = firstFrame(bare);
    expect(a.length).toBe(512 * 512);
    const meanDiff = (x0: number, y0: number, w: number, h: number) => {
      let s = 0;
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) s += Math.abs(a[y * 512 + x] - b[y * 512 + x]);
      return s / (w * h);
    };
    const markCorner = meanDiff(512 - 140, 512 - 28, 140, 28);
    const elsewhere = meanDiff(0, 0, 512, 400);
    expect(markCorner).toBeGreaterThan(8);
    expect(elsewhere).toBeLessThan(1);
    // The other rate: 30 fps, the same second long.
    const at30 = 'build/test-photo-video-30.mp4';
    render(at30, ['--no-mark'], 30);
    const probe30 = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height,r_frame_rate,duration', '-of', 'json', at30], { encoding: 'utf8' }));
    const v30 = probe30.streams[0];
    expect([v30.codec_name, v30.width, v30.height, v30.r_frame_rate]).toEqual(['h264', 512, 512, '30/1']);
    expect(Math.abs(Number(v30.duration) - 1)).toBeLessThanOrEqual(0.08);
    process.stdout.write(`photo video: ${video.codec_name} ${video.width}x${video.height} at ${video.r_frame_rate}, audio ${sound.codec_name}; mark corner differs by ${markCorner.toFixed(1)} grey levels, the rest by ${elsewhere.toFixed(2)}\n`);
  });
});
