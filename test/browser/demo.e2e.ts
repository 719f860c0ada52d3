// End to end: the demo app (demo/, Vite) in headless Chromium. It loads
// without console errors, plays the built-in sample through the browser
// runtime, and with the run-time layers off the rendered lip gap (the
// projected inner-lip centre points of the head) is wide at the most open
// frame and under one pixel in silence. The sample is animated offline
// (processAudioBuffer) and rendered frame by frame at chosen times, so
// nothing depends on real-time speed except the short playback check. A
// portrait picked in the page becomes the talking face (same checks on the
// photo avatar, plus the mouth's pixels), a JPEG on its side with an EXIF
// orientation is decoded upright, a large WebP is decoded and scaled down,
// bad pictures are refused by name, and the page asks nothing of any other
// host and sends nothing anywhere.
//
// Run: npx vitest run -c vitest.browser.config.ts
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const SKIP = !existsSync(CHROMIUM) && !IN_CI;
// A shared CC0 portrait (tests may read the shared data; the demo itself needs none of it).
const PORTRAIT = '../shared/data/faces/001.jpg';

describe.skipIf(SKIP)('demo app (Vite) in headless Chromium', () => {
  let server: import('vite').ViteDevServer;
  let browser: Browser;
  let page: Page;
  const logs: string[] = [];
  // Requests the page tried outside its own server (all blocked), and any that carried data (not GET/HEAD).
  const outside: string[] = [];
  const sent: string[] = [];
  let requests = 0;

  beforeAll(async () => {
    const { createServer } = await import('vite');
    const { chromium } = await import('playwright-core');
    const { CHROMIUM_ARGS } = await import('../eval/readback/FaceReadback.mjs');
    server = await createServer({ configFile: 'demo/vite.config.ts', server: { port: 0, strictPort: false } });
    await server.listen();
    const url = server.resolvedUrls!.local[0];
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required'] });
    page = await browser.newPage({ viewport: { width: 860, height: 560 } });
    page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
    page.on('request', (r) => {
      requests++;
      if (r.method() !== 'GET' && r.method() !== 'HEAD') sent.push(`${r.method()} ${r.url()}`);
    });
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith(url) || /^(blob|data):/.test(u)) return route.continue();
      outside.push(u);
      return route.abort();
    });
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 180_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads without console errors and plays the sample with the model in the browser', async () => {
    await page.click('#sample');
    const shown = await page
      // Frames made by the Worker and some of them on screen: on a loaded machine with software WebGL the page
      // may render only a few frames per second, so the count shown is kept small.
      .waitForFunction(() => {
        const d = (globalThis as unknown as { mouthpieceDemo: { framesShown: number; framesProduced: number } }).mouthpieceDemo;
        return d.framesProduced > 60 && d.framesShown > 5;
      }, null, { timeout: 60_000 })
      .then(() => true, () => false);
    expect(shown, `no frames shown; status: ${await page.textContent('#status')}; logs: ${logs.join(' | ')}`).toBe(true);
    mkdirSync('build', { recursive: true });
    await page.screenshot({ path: 'build/demo-playing.png' });
    const status = await page.textContent('#status');
    expect(status).toContain('onnxruntime-web wasm');
    expect(logs.filter((l) => l.startsWith('[error]') || l.startsWith('[pageerror]'))).toEqual([]);
  });

  it('layers off: the lip gap is >= 8 px at the most open frame and < 1 px in the closing silence', async () => {
    const times = Array.from({ length: 210 }, (_, i) => i * 0.025);
    const r = await page.evaluate((t) => (globalThis as unknown as { mouthpieceDemo: { sampleLipGaps(t: number[]): Promise<unknown> } }).mouthpieceDemo.sampleLipGaps(t), times) as {
      backend: string;
      duration: number;
      out: { t: number; aperture: number; gapPx: number }[];
    };
    expect(r.backend).toBe('wasm');
    const inside = r.out.filter((x) => x.t < r.duration);
    const open = inside.reduce((a, b) => (b.aperture > a.aperture ? b : a));
    expect(open.aperture).toBeGreaterThan(0.3);
    expect(open.gapPx).toBeGreaterThanOrEqual(8);
    const silence = inside.filter((x) => x.t > r.duration - 0.2);
    expect(silence.length).toBeGreaterThan(2);
    for (const x of silence) expect(x.gapPx, `t = ${x.t}`).toBeLessThan(1);
    // The most open frame again, for a screenshot of the head mid-word.
    await page.evaluate((t) => (globalThis as unknown as { mouthpieceDemo: { sampleLipGaps(t: number[]): Promise<unknown> } }).mouthpieceDemo.sampleLipGaps(t), [open.t]);
    await page.screenshot({ path: 'build/demo-open-vowel.png' });
    expect(logs.filter((l) => l.startsWith('[error]') || l.startsWith('[pageerror]'))).toEqual([]);
  });

  type Demo = { mode: string; lastError: string; photoSettled(): Promise<void>; sampleLipGaps(t: number[]): Promise<unknown> };
  const pick = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    await page.setInputFiles('#photo', file);
    await page.evaluate(() => (globalThis as unknown as { mouthpieceDemo: Demo }).mouthpieceDemo.photoSettled());
    return page.evaluate(() => {
      const d = (globalThis as unknown as { mouthpieceDemo: Demo }).mouthpieceDemo;
      return { mode: d.mode, error: d.lastError };
    });
  };

  it('a portrait upload: bad files are refused by name and the 3D head stays', async () => {
    const notImage = await pick({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a photo at all') });
    expect(notImage.mode).toBe('head');
    expect(notImage.error).toMatch(/^BAD_IMAGE: /);
    // A grey picture decodes but holds no face.
    const sharp = (await import('sharp')).default;
    const grey = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 128, g: 128, b: 128 } } }).png().toBuffer();
    const noFace = await pick({ name: 'wall.png', mimeType: 'image/png', buffer: grey });
    expect(noFace.mode).toBe('head');
    expect(noFace.error).toMatch(/^NO_FACE: /);
    expect(logs.filter((l) => l.startsWith('[pageerror]'))).toEqual([]);
  });

  it.skipIf(!existsSync(PORTRAIT))('a portrait upload: a JPEG stored on its side with EXIF orientation 6 is decoded upright', async () => {
    // 001 cropped to 400x500, stored turned a quarter to the left (500x400) and tagged "turn right to show".
    const sharp = (await import('sharp')).default;
    const upright = await sharp(readFileSync(PORTRAIT)).extract({ left: 50, top: 0, width: 400, height: 500 }).toBuffer();
    const stored = await sharp(upright).rotate(-90).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(stored).metadata()).width).toBe(500);
    const loaded = await pick({ name: 'turned.jpg', mimeType: 'image/jpeg', buffer: stored });
    expect(loaded).toEqual({ mode: 'photo', error: '' });
    // decodePortrait applied the tag: the landmarks' photo is 400 wide and 500 high, not 500x400.
    expect(await page.textContent('#status')).toMatch(/face\s+photo 400x500,/);
  });

  it.skipIf(!existsSync(PORTRAIT))('a portrait upload: a 2000x2000 WebP is decoded and scaled down to 1600 px', async () => {
    const sharp = (await import('sharp')).default;
    const big = await sharp(readFileSync(PORTRAIT)).resize(2000, 2000).webp({ quality: 90 }).toBuffer();
    const loaded = await pick({ name: 'large.webp', mimeType: 'image/webp', buffer: big });
    expect(loaded).toEqual({ mode: 'photo', error: '' });
    expect(await page.textContent('#status')).toMatch(/face\s+photo 1600x1600,/);
  });

  it.skipIf(!existsSync(PORTRAIT))('a portrait upload: the photo talks (lips part at the open vowel, close in silence)', async () => {
    const loaded = await pick({ name: 'portrait.jpg', mimeType: 'image/jpeg', buffer: readFileSync(PORTRAIT) });
    expect(loaded).toEqual({ mode: 'photo', error: '' });
    expect(await page.textContent('#status')).toMatch(/face\s+photo \d+x\d+/);
    expect(await page.isVisible('#synthetic')).toBe(true);
    const times = Array.from({ length: 210 }, (_, i) => i * 0.025);
    const r = await page.evaluate((t) => (globalThis as unknown as { mouthpieceDemo: Demo }).mouthpieceDemo.sampleLipGaps(t), times) as {
      duration: number;
      out: { t: number; aperture: number; gapPx: number; mouthChange: number }[];
    };
    const inside = r.out.filter((x) => x.t < r.duration);
    const open = inside.reduce((a, b) => (b.aperture > a.aperture ? b : a));
    const silence = inside.filter((x) => x.t > r.duration - 0.2);
    process.stdout.write(`demo photo: lip gap ${open.gapPx.toFixed(1)} px at aperture ${open.aperture.toFixed(2)}, mouth change ${open.mouthChange.toFixed(1)} grey levels; silence: gap <= ${Math.max(...silence.map((x) => Math.abs(x.gapPx))).toFixed(2)} px, change <= ${Math.max(...silence.map((x) => x.mouthChange)).toFixed(2)}\n`);
    expect(open.gapPx).toBeGreaterThan(4);
    expect(open.mouthChange).toBeGreaterThan(8);
    for (const x of silence) {
      expect(Math.abs(x.gapPx), `t = ${x.t}`).toBeLessThan(1);
      expect(x.mouthChange, `t = ${x.t}`).toBeLessThan(2);
    }
    await page.evaluate((t) => (globalThis as unknown as { mouthpieceDemo: Demo }).mouthpieceDemo.sampleLipGaps(t), [open.t]);
    await page.screenshot({ path: 'build/demo-photo.png' });
    // Back to the head: the avatar is freed and the head renders again.
    await page.click('#head3d');
    expect(await page.evaluate(() => (globalThis as unknown as { mouthpieceDemo: Demo }).mouthpieceDemo.mode)).toBe('head');
    expect(await page.isVisible('#synthetic')).toBe(false);
    expect(logs.filter((l) => l.startsWith('[error]') || l.startsWith('[pageerror]'))).toEqual([]);
  });

  // Last, after the portrait test: the photo never leaves the browser.
  it('asked nothing of any other host and sent nothing anywhere: every request a GET to its own server', () => {
    expect(requests).toBeGreaterThan(10); // the page, its modules, the models: the listener saw them
    expect(outside).toEqual([]);
    expect(sent).toEqual([]);
  });
});
