// The photo avatar end to end: a shared CC0 portrait is decoded and its
// landmarks found in Node, the library's PhotoAvatar renders it in headless
// Chromium (software WebGL) driven by the motion model's frames for the
// built-in sample sentence. The neutral frame must reproduce the photo in
// the face box, the lips must part at the most open frame and stay closed
// in the closing silence.
//
// Run: npx vitest run -c vitest.browser.config.ts
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { mouthAperture } from '../../dist/api/mouthAperture.js';
import { openEngine } from '../../dist/index.js';
import { buildPhotoMesh, deformPhotoPart, projectToPhoto } from '../../dist/photo/index.js';
import { createNodePortraitDetector, loadPortraitImage } from '../../dist/photo/node/index.js';
// @ts-expect-error -- a plain .mjs script without types
import { openPhotoRenderer } from '../../scripts/video/photoRenderer.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PORTRAIT = '../shared/data/faces/001.jpg';
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const SKIP = !(existsSync(CHROMIUM) && existsSync(PORTRAIT)) && !IN_CI;

const luma = (rgba: Uint8Array, i: number) => 0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2];

describe.skipIf(SKIP)('photo avatar: a portrait speaking the sample sentence', () => {
  it('reproduces the photo at rest, parts the lips at an open vowel and closes them in silence', async () => {
    const image = await loadPortraitImage(readFileSync(PORTRAIT));
    const detector = await createNodePortraitDetector();
    const landmarks = await detector.detect(image).finally(() => detector.dispose());
    const engine = await openEngine();
    const audio = await engine.decodeAudio(readFileSync('models/samples/hello.wav'));
    const { frames } = await engine.process(audio.samples, { sampleRate: audio.sampleRate, fps: 30 });
    await engine.dispose();
    const apertures = frames.map((f) => mouthAperture(f.weights));
    const open = apertures.indexOf(Math.max(...apertures));
    const silent = frames.length - 1; // the sample ends in silence
    expect(apertures[open]).toBeGreaterThan(0.3);
    expect(apertures[silent]).toBeLessThan(0.02);

    const { width: W, height: H } = image;
    const renderer = await openPhotoRenderer({ chromiumPath: CHROMIUM });
    let renders: Uint8Array[];
    try {
      // The full photo at its own size, so render pixels and photo pixels correspond one to one.
      await renderer.setup(image, landmarks, { size: W, crop: { x: 0, y: 0, width: W, height: H }, mark: null });
      const still = [0, 0, 0];
      renders = await renderer.render([
        { w: new Array(52).fill(0), r: still },
        { w: Array.from(frames[open].weights), r: still },
        { w: Array.from(frames[silent].weights), r: still },
        { w: new Array(52).fill(0), r: [0, 0.26, 0] }, // 15° of yaw
      ]);
    } finally {
      await renderer.close();
    }
    const [neutral, opened, silence, turned] = renders;

    // Neutral frame against the photo inside the face box (the 468 landmarks' bounds): PSNR on luma.
    const P = landmarks.points;
    const box = (ids: number[], pad: number) => {
      const xs = ids.map((i) => P[i * 3]), ys = ids.map((i) => P[i * 3 + 1]);
      return [Math.max(0, Math.floor(Math.min(...xs) - pad)), Math.max(0, Math.floor(Math.min(...ys) - pad)), Math.min(W - 1, Math.ceil(Math.max(...xs) + pad)), Math.min(H - 1, Math.ceil(Math.max(...ys) + pad))];
    };
    const face = box(Array.from({ length: 468 }, (_, i) => i), 0);
    let se = 0, n = 0;
    for (let y = face[1]; y <= face[3]; y++) {
      for (let x = face[0]; x <= face[2]; x++) {
        const i = y * W + x;
        const photo = 0.299 * image.data[i * 3] + 0.587 * image.data[i * 3 + 1] + 0.114 * image.data[i * 3 + 2];
        se += (luma(neutral, i) - photo) ** 2;
        n++;
      }
    }
    const psnr = 10 * Math.log10((255 * 255) / (se / n));
    expect(psnr).toBeGreaterThan(35);

    // The lip gap where the deformation puts the inner lips' centre points (13 upper, 14 lower), in pixels.
    const mesh = buildPhotoMesh(landmarks);
    const facePart = mesh.parts.find((p) => p.name === 'face')!;
    const lipGap = (w: Float32Array) => {
      const px = projectToPhoto(mesh, deformPhotoPart(mesh, facePart, w));
      return px[14 * 2 + 1] - px[13 * 2 + 1];
    };
    // Relative to the photo's own lips (slightly apart in many portraits).
    const gap = (w: Float32Array) => lipGap(w) - lipGap(new Float32Array(52));
    expect(gap(frames[open].weights)).toBeGreaterThan(4);
    expect(Math.abs(gap(frames[silent].weights))).toBeLessThan(1);

    // And on the rendered pixels: the mouth box changes at the open vowel, not in silence.
    const mouth = box([61, 291, 0, 17], 4);
    const diff = (a: Uint8Array, b: Uint8Array) => {
      let s = 0, m = 0;
      for (let y = mouth[1]; y <= mouth[3]; y++) for (let x = mouth[0]; x <= mouth[2]; x++) {
        s += Math.abs(luma(a, y * W + x) - luma(b, y * W + x));
        m++;
      }
      return s / m;
    };
    expect(diff(opened, neutral)).toBeGreaterThan(8);
    expect(diff(silence, neutral)).toBeLessThan(2);

    // Between the parted lips the render shows the synthesised mouth, not lip: down the column
    // through the inner lips' centres, count the pixels far in colour from the photo's lips there.
    const px = projectToPhoto(mesh, deformPhotoPart(mesh, facePart, frames[open].weights));
    const rest = projectToPhoto(mesh, deformPhotoPart(mesh, facePart, new Float32Array(52)));
    const rgb = (img: Uint8Array, x: number, y: number, ch: number) => Array.from(img.subarray((y * W + x) * ch, (y * W + x) * ch + 3));
    const lip = [13, 14].map((i) => rgb(image.data, Math.round(rest[i * 2]), Math.round(rest[i * 2 + 1]), 3));
    const lipColour = [0, 1, 2].map((k) => (lip[0][k] + lip[1][k]) / 2);
    const cx = Math.round((px[13 * 2] + px[14 * 2]) / 2);
    let notLip = 0;
    for (let y = Math.ceil(px[13 * 2 + 1]); y <= Math.floor(px[14 * 2 + 1]); y++) {
      const c = rgb(opened, cx, y, 4);
      if (Math.hypot(c[0] - lipColour[0], c[1] - lipColour[1], c[2] - lipColour[2]) > 40) notLip++;
    }
    expect(notLip).toBeGreaterThanOrEqual(4);

    // A turned head moves the face and leaves the photo's corners (background) exactly as they were.
    expect(diff(turned, neutral)).toBeGreaterThan(4);
    const corner = 24;
    let bgChanged = 0;
    for (const [x0, y0] of [[0, 0], [W - corner, 0]]) {
      for (let y = y0; y < y0 + corner; y++) for (let x = x0; x < x0 + corner; x++) if (Math.abs(luma(turned, y * W + x) - luma(neutral, y * W + x)) > 1) bgChanged++;
    }
    expect(bgChanged).toBe(0);
    process.stdout.write(`photo e2e: PSNR ${psnr.toFixed(1)} dB; lip gap ${gap(frames[open].weights).toFixed(1)} px at aperture ${apertures[open].toFixed(2)}, ${gap(frames[silent].weights).toFixed(2)} px in silence; mouth box change ${diff(opened, neutral).toFixed(1)} vs ${diff(silence, neutral).toFixed(2)} grey levels; ${notLip} px of mouth interior between the lips; turned head: mouth box change ${diff(turned, neutral).toFixed(1)}, ${bgChanged} corner pixels changed\n`);
  });
});
