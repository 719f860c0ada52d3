#!/usr/bin/env node
// Is the photo avatar's synthesised mouth interior lit like the face it sits
// in? Compares, per portrait, the mean luma of the rendered interior (inside
// the parted inner lips, a band along the lips left out) with the mean luma
// of the photo's skin (the 5x5 patches at the eight cheek and forehead
// landmarks skinBrightness reads), against the same ratio on real talking
// faces (the three GRID clips, frames opened as wide as the renders):
//   - the interior / skin luma ratio (real mouths: cavity, teeth, tongue);
//   - across portraits, the correlation of the interior's luma with the
//     skin's (an interior that follows the photo's light correlates);
//   - the interior's chromaticity against the skin's (r/(r+g+b), b/(r+g+b)):
//     a cold interior in a warm photo would show here.
// Reports; does not gate.
//
//   node test/photo/measureMouthLight.mjs [--faces DIR] [--video DIR] [--jaw 0.5] [--json FILE]
//
// Needs dist/ (npx tsc -p tsconfig.json), Chromium, ffmpeg and the shared data folder beside the repository.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { BLENDSHAPE_INDEX } from '../../dist/api/blendshapeNames.js';
import { buildPhotoMesh, deformPhotoPart, faceTemplate, projectToPhoto, skinBrightness } from '../../dist/photo/index.js';
import { createNodePortraitDetector, loadPortraitImage } from '../../dist/photo/node/index.js';
import { openPhotoRenderer } from '../../scripts/video/photoRenderer.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    faces: { type: 'string', default: join(repo, '..', 'shared', 'data', 'faces') },
    video: { type: 'string', default: join(repo, '..', 'shared', 'data', 'video', 'grid') },
    jaw: { type: 'string', default: '0.5' },
    json: { type: 'string' },
  },
});
const JAW = Number(opt.jaw);
/** The skin patches skinBrightness reads (cheeks and forehead). */
const SKIN_POINTS = [50, 280, 101, 330, 151, 9, 205, 425];
/** The inner lip loop is shrunk towards its centre by this share, so lip pixels on its edge are not counted. */
const SHRINK = 0.2;
const G = faceTemplate().groups;
const RIM = [...G.lipsLowerInner, ...[...G.lipsUpperInner].reverse()];

const luma = (r, g, b) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/** Mean luma and chromaticity (r and b over r+g+b) of the pixels `visit` calls back with, in an RGB/RGBA image. */
function colourStats(data, width, height, visit) {
  const ch = data.length / (width * height);
  let n = 0, L = 0, R = 0, Gs = 0, B = 0;
  visit((x, y) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return;
    const o = (y * width + x) * ch;
    L += luma(data[o], data[o + 1], data[o + 2]);
    R += data[o];
    Gs += data[o + 1];
    B += data[o + 2];
    n++;
  });
  const s = R + Gs + B || 1;
  return { n, luma: L / (n || 1), r: R / s, b: B / s };
}

/** Colour statistics of the pixels whose centres lie inside a polygon ([x, y] pairs, image px). */
function polygonStats(data, width, height, poly) {
  const ys = poly.map((p) => p[1]);
  return colourStats(data, width, height, (pixel) => {
    for (let y = Math.max(0, Math.floor(Math.min(...ys))); y <= Math.min(height - 1, Math.ceil(Math.max(...ys))); y++) {
      const py = y + 0.5;
      const xs = [];
      for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
        const [xi, yi] = poly[i], [xj, yj] = poly[j];
        if (yi > py !== yj > py) xs.push(xi + ((py - yi) / (yj - yi)) * (xj - xi));
      }
      xs.sort((a, b) => a - b);
      for (let k = 0; k + 1 < xs.length; k += 2) {
        for (let x = Math.ceil(xs[k] - 0.5); x <= Math.floor(xs[k + 1] - 0.5); x++) pixel(x, y);
      }
    }
  });
}

/** Colour statistics of 5x5 patches at the skin points. */
function skinStats(data, width, height, pts) {
  return colourStats(data, width, height, (pixel) => {
    for (const i of SKIN_POINTS) {
      const cx = Math.round(pts[i * 3]), cy = Math.round(pts[i * 3 + 1]);
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) pixel(cx + dx, cy + dy);
    }
  });
}

/** The inner-lip polygon (shrunk) and the opening (inner lip midline gap / mouth width) from 2D points getter p(i). */
function mouthOf(p) {
  const pts = RIM.map(p);
  const c = [0, 1].map((k) => pts.reduce((s, q) => s + q[k], 0) / pts.length);
  const poly = pts.map((q) => [c[0] + (q[0] - c[0]) * (1 - SHRINK), c[1] + (q[1] - c[1]) * (1 - SHRINK)]);
  const width = Math.hypot(p(61)[0] - p(291)[0], p(61)[1] - p(291)[1]);
  return { poly, opening: Math.hypot(p(13)[0] - p(14)[0], p(13)[1] - p(14)[1]) / width };
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
};
const pearson = (a, b) => {
  const ma = a.reduce((s, v) => s + v, 0) / a.length, mb = b.reduce((s, v) => s + v, 0) / b.length;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};
const summary = (xs) => ({ median: quantile(xs, 0.5), p10: quantile(xs, 0.1), p90: quantile(xs, 0.9) });
const log = (s) => process.stderr.write(`[measureMouthLight] ${s}\n`);

const detector = await createNodePortraitDetector();
const renderer = await openPhotoRenderer({});
const rendered = [];
try {
  // ---- The avatar: each usable portrait at jawOpen JAW, rendered at the photo's own size.
  const w = new Array(52).fill(0);
  w[BLENDSHAPE_INDEX.jawOpen] = JAW;
  for (const file of readdirSync(opt.faces).filter((f) => /\.jpe?g$/i.test(f)).sort()) {
    const photo = await loadPortraitImage(readFileSync(join(opt.faces, file)));
    let lm;
    try {
      lm = await detector.detect(photo);
    } catch {
      continue; // refused portraits are counted by measurePhoto
    }
    if (photo.width !== photo.height) continue; // the full-photo render below needs a square photo (all the shared ones are)
    const mesh = buildPhotoMesh(lm, { brightness: skinBrightness(photo, lm) });
    const face = mesh.parts.find((p) => p.name === 'face');
    const px = projectToPhoto(mesh, deformPhotoPart(mesh, face, Float32Array.from(w)));
    const { poly, opening } = mouthOf((i) => [px[i * 2], px[i * 2 + 1]]);
    await renderer.setup(photo, lm, { size: photo.width, crop: { x: 0, y: 0, width: photo.width, height: photo.height }, mark: null, background: true });
    const [img] = await renderer.render([{ w, r: [0, 0, 0] }]);
    const inside = polygonStats(img, photo.width, photo.height, poly);
    const skin = skinStats(photo.data, photo.width, photo.height, lm.points);
    if (inside.n < 20) continue; // a mouth too small to judge
    rendered.push({ file, opening, inside, skin, ratio: inside.luma / skin.luma });
  }
  log(`${rendered.length} portraits rendered`);
} finally {
  await renderer.close();
}

// ---- Real talking faces: every frame of the GRID clips, decoded with ffmpeg.
const real = [];
for (const clip of readdirSync(opt.video).filter((f) => f.endsWith('.mpg')).sort()) {
  const probe = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', join(opt.video, clip)], { encoding: 'utf8' });
  const [width, height] = probe.stdout.trim().split(',').map(Number);
  const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', join(opt.video, clip), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 30 }).stdout;
  const size = width * height * 3;
  for (let f = 0; f * size < raw.length; f++) {
    const data = new Uint8Array(raw.buffer, raw.byteOffset + f * size, size).slice();
    let lm;
    try {
      lm = await detector.detect({ data, width, height }, { minEyeDistance: 1 });
    } catch {
      continue;
    }
    const P = lm.points;
    const { poly, opening } = mouthOf((i) => [P[i * 3], P[i * 3 + 1]]);
    const inside = polygonStats(data, width, height, poly);
    if (inside.n < 20) continue;
    const skin = skinStats(data, width, height, P);
    real.push({ clip, frame: f, opening, inside, skin, ratio: inside.luma / skin.luma });
  }
}
await detector.dispose();

// Real frames opened as wide as the renders (their opening's 10th to 90th percentile).
const lo = quantile(rendered.map((x) => x.opening), 0.1), hi = quantile(rendered.map((x) => x.opening), 0.9);
const realOpen = real.filter((x) => x.opening >= lo && x.opening <= hi);
const report = {
  jawOpen: JAW,
  avatar: {
    portraits: rendered.length,
    opening: summary(rendered.map((x) => x.opening)),
    ratio: summary(rendered.map((x) => x.ratio)),
    lumaVsSkinR: pearson(rendered.map((x) => x.inside.luma), rendered.map((x) => x.skin.luma)),
    chromaR: summary(rendered.map((x) => x.inside.r - x.skin.r)),
    chromaB: summary(rendered.map((x) => x.inside.b - x.skin.b)),
  },
  real: {
    frames: real.length,
    framesInRange: realOpen.length,
    clips: [...new Set(real.map((x) => x.clip))],
    opening: summary(realOpen.map((x) => x.opening)),
    ratio: summary(realOpen.map((x) => x.ratio)),
    chromaR: summary(realOpen.map((x) => x.inside.r - x.skin.r)),
    chromaB: summary(realOpen.map((x) => x.inside.b - x.skin.b)),
  },
  perPortrait: rendered.map(({ file, opening, inside, skin, ratio }) => ({ file, opening, interiorLuma: inside.luma, skinLuma: skin.luma, ratio })),
};
if (opt.json) writeFileSync(opt.json, JSON.stringify(report, null, 2));

const f2 = (x) => x.toFixed(2), f3 = (x) => x.toFixed(3);
const row = (name, s, f = f2) => `| ${name} | ${f(s.median)} | ${f(s.p10)}-${f(s.p90)} |`;
process.stdout.write(
  [
    `## Mouth interior light (jawOpen ${JAW}; avatar: ${rendered.length} portraits; real: ${realOpen.length} of ${real.length} GRID frames opened as wide)`,
    '',
    '| measure | median | p10-p90 |',
    '| --- | --- | --- |',
    row('avatar: opening (inner-lip gap / mouth width)', report.avatar.opening),
    row('real: opening', report.real.opening),
    row('avatar: interior / skin luma', report.avatar.ratio),
    row('real: interior / skin luma', report.real.ratio),
    row('avatar: interior - skin, r chromaticity', report.avatar.chromaR, f3),
    row('real: interior - skin, r chromaticity', report.real.chromaR, f3),
    row('avatar: interior - skin, b chromaticity', report.avatar.chromaB, f3),
    row('real: interior - skin, b chromaticity', report.real.chromaB, f3),
    '',
    `Across portraits, the interior's luma against the skin's: r = ${f2(report.avatar.lumaVsSkinR)}.`,
    '',
  ].join('\n'),
);
