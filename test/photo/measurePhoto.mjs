#!/usr/bin/env node
// Measures the photo avatar (mouthpiece/photo) on the shared CC0 portraits
// and prints a Markdown summary:
//   1. identity at rest: PSNR and luma SSIM (11x11 Gaussian, sigma 1.5) of
//      the neutral render against the photo inside the face box;
//   2. identity under motion: face-embedding cosine (@vladmandic/human's
//      description model) of jawOpen 0.7 and yaw +-15 degree renders against
//      the photo, how much the still background (outside the warp
//      region's pinned outer ring) changes, and how far the soft blend
//      region's rings move;
//   3. expression fidelity: MediaPipe read-back of driven sweeps (Pearson r
//      between driving and read-back weight per channel), and of the motion
//      model's frames in real (aligned) pauses: does the mouth read closed;
//   4. coverage over every portrait: landmarks found or error codes, NaNs and
//      flipped triangles under speech-like poses and under the motion model's
//      own frames on real speech (CPU deformation, the shader's math), and
//      landmark re-detection on a render against where the deformation put
//      the 468 face points;
//   5. speed: ms per 512x512 frame for the avatar and a plain textured quad
//      of the same photo, in the same headless Chromium page.
// Plus a contact sheet and failure screenshots (--out) and every number as
// JSON (--json). Rendering is headless Chromium with software WebGL, so the
// absolute speed is that of SwiftShader, not of a GPU. This reports; it
// does not gate (exit status is non-zero only when the script crashes).
//
//   node test/photo/measurePhoto.mjs [--out DIR] [--json FILE] [--portraits 12] [--readback 4]
//        [--levels 9] [--contact 6] [--speed-frames 30] [--data DIR] [--faces DIR] [--model FILE]
//        [--chromium /usr/bin/chromium]
//
// Needs dist/ (npx tsc -p tsconfig.json), Chromium, ffmpeg, and the shared
// data folder beside the repository (faces/, models/face_landmarker_v2_with_blendshapes.task).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import sharp from 'sharp';

import { BLENDSHAPE_INDEX } from '../../dist/api/blendshapeNames.js';
import { evalPhone, phoneTier, readTextGrid } from '../../dist/eval/index.js';
import {
  buildPhotoMesh, deformPhotoPart, detectSunglasses, fitPortraitHead, FoldGuard, flippedTriangles, MIRROR_IRIS_DISAGREEMENT, portraitFaceCrop, portraitHumanConfig, projectToPhoto, skinBrightness,
} from '../../dist/photo/index.js';
import { createNodePortraitDetector, loadPortraitImage } from '../../dist/photo/node/index.js';
import { openPhotoRenderer } from '../../scripts/video/photoRenderer.mjs';
import { openRenderPage } from '../../scripts/video/renderPageHost.mjs';
import { openFaceReadback } from '../eval/readback/FaceReadback.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: opt } = parseArgs({
  options: {
    data: { type: 'string', default: join(repo, '..', 'shared', 'data') },
    faces: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'string' },
    portraits: { type: 'string', default: '12' },
    readback: { type: 'string', default: '4' },
    levels: { type: 'string', default: '9' },
    contact: { type: 'string', default: '6' },
    'speed-frames': { type: 'string', default: '30' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const facesDir = opt.faces ?? join(opt.data, 'faces');
const modelPath = opt.model ?? join(opt.data, 'models', 'face_landmarker_v2_with_blendshapes.task');
const N_IDENTITY = int(opt.portraits, 'portraits', 1);
const N_READBACK = int(opt.readback, 'readback', 0);
const LEVELS = int(opt.levels, 'levels', 3);
const N_CONTACT = int(opt.contact, 'contact', 0);
const SPEED_FRAMES = int(opt['speed-frames'], 'speed-frames', 1);
const READBACK_SIZE = 384;
const FLAT = 0.05; // read-back range below which a sweep's Pearson r is not reported
const CONTACT_SIZE = 256;
const SPEED_SIZE = 512;
const DEG = Math.PI / 180;
const MOUTH_IDS = [0, 13, 14, 17, 61, 291, 78, 308];
// Landmarks on the render are looked for without the portrait limits (the render is the same face).
const REDETECT_LIMITS = { minEyeDistance: 0, maxYaw: Math.PI, maxPitch: Math.PI, minMeshConfidence: 0 };

function int(v, name, min) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${v}`);
  return n;
}

// ---------------------------------------------------------------- helpers

/** 52 ARKit weights from a {name: weight} object. */
function weights(o = {}) {
  const w = new Array(52).fill(0);
  for (const [k, v] of Object.entries(o)) {
    if (!(k in BLENDSHAPE_INDEX)) throw new Error(`unknown blendshape ${k}`);
    w[BLENDSHAPE_INDEX[k]] = v;
  }
  return w;
}
/**
 * Up to SILENCE_PER_CLIP of the model's frames (as renderer frames) inside the clip's labelled pauses: silence
 * intervals of its forced alignment (the TextGrid beside it) of 300 ms or more, 100 ms in from either end, as the
 * eval's rest-in-silence measure takes them. A clip without a TextGrid gives none.
 */
function pauseFrames(audioPath, frames) {
  const grid = audioPath.replace(/\.\w+$/, '.TextGrid');
  if (!existsSync(grid)) return [];
  const spans = phoneTier(readTextGrid(readFileSync(grid))).filter((p) => evalPhone(p.label).silence && p.end - p.start >= 0.3);
  const idx = [];
  for (const p of spans) for (let i = Math.ceil((p.start + 0.1) * SPEECH_FPS); i <= Math.floor((p.end - 0.1) * SPEECH_FPS) && i < frames.length; i++) idx.push(i);
  const step = Math.max(1, Math.floor(idx.length / SILENCE_PER_CLIP));
  return idx.filter((_, k) => k % step === 0).slice(0, SILENCE_PER_CLIP).map((i) => {
    const d = drivingFrame(frames[i]);
    return { ...d, w: Array.from(d.w) }; // plain numbers: these go to the render page
  });
}
/** An engine frame as a renderer frame: its weights with mouthClose capped at jawOpen (as the renderers do), its head rotation. */
function drivingFrame(fr) {
  const w = Float32Array.from(fr.weights);
  w[BLENDSHAPE_INDEX.mouthClose] = Math.min(w[BLENDSHAPE_INDEX.mouthClose], w[BLENDSHAPE_INDEX.jawOpen]);
  const r = fr.head.rotation;
  return { w, r: [r.pitch, r.yaw, r.roll] };
}
/** A renderer frame: weights, head rotation [pitch, yaw, roll] in radians. */
const frame = (o = {}, r = [0, 0, 0]) => ({ w: weights(o), r });
const rot = (r) => ({ pitch: r[0], yaw: r[1], roll: r[2] });

const POSES = {
  neutral: frame(),
  jaw07: frame({ jawOpen: 0.7 }),
  yawPlus: frame({}, [0, 15 * DEG, 0]),
  yawMinus: frame({}, [0, -15 * DEG, 0]),
  redetect: frame({ jawOpen: 0.5, mouthSmileLeft: 0.4, mouthSmileRight: 0.4 }),
};
/**
 * The expression renders the detector re-reads besides the neutral one: key, label, frame. The first is the
 * one drawn for the worst re-detections.
 */
const REDETECT_POSES = [
  ['posed', 'jawOpen 0.5 + smile 0.4', POSES.redetect],
  ['rounded', 'jawOpen 0.3 + funnel 0.6 + pucker 0.3', frame({ jawOpen: 0.3, mouthFunnel: 0.6, mouthPucker: 0.3 })],
  ['brows', 'browInnerUp 1 + browOuterUp 0.6', frame({ browInnerUp: 1, browOuterUpLeft: 0.6, browOuterUpRight: 0.6 })],
  ['turned', 'jawOpen 0.3, yaw 15°', frame({ jawOpen: 0.3 }, [0, 15 * DEG, 0])],
];
/**
 * A portrait's re-detection passes a pose when the median error over its 468 points is at most this share of
 * its eye distance. Why this number: the detector disagrees with itself by up to about as much on the real
 * photos (its run on the photo against its run on the mirrored photo, 3.8 % at the worst of the 85 usable
 * shared portraits; the report prints this run's figure beside it), so a render it reads within that lies
 * where the deformation put it as far as this detector can tell.
 */
const REDETECT_PASS = 0.04;
const MOTION = [
  ['jawOpen 0.7', 'jaw07'],
  ['yaw +15°', 'yawPlus'],
  ['yaw -15°', 'yawMinus'],
];
// Speech-like poses for the NaN / flipped-triangle check.
const COVERAGE_POSES = [
  ['jawOpen 0.7', frame({ jawOpen: 0.7 })],
  ['jawOpen 0.5 + mouthClose 0.3', frame({ jawOpen: 0.5, mouthClose: 0.3 })],
  ['smile 0.6', frame({ mouthSmileLeft: 0.6, mouthSmileRight: 0.6 })],
  ['funnel 0.6', frame({ mouthFunnel: 0.6 })],
  ['pucker 0.6', frame({ mouthPucker: 0.6 })],
  ['blink 1', frame({ eyeBlinkLeft: 1, eyeBlinkRight: 1 })],
  ['browInnerUp 1', frame({ browInnerUp: 1 })],
  ['yaw +15°', frame({}, [0, 15 * DEG, 0])],
  ['yaw -15°', frame({}, [0, -15 * DEG, 0])],
  ['pitch +10°', frame({}, [10 * DEG, 0, 0])],
  // Talking while turning: a sliver folded edge-on shows from the side.
  ['jawOpen 0.7, yaw +15°', frame({ jawOpen: 0.7 }, [0, 15 * DEG, 0])],
  ['jawOpen 0.7, yaw -15°', frame({ jawOpen: 0.7 }, [0, -15 * DEG, 0])],
  ['jawOpen 0.7, pitch +10°', frame({ jawOpen: 0.7 }, [10 * DEG, 0, 0])],
];
const FLIP_PARTS = ['face', 'eyeLeft', 'eyeRight'];
// Real speech through the motion model for the speech-frame fold check (4b): clip under the data folder, emotion.
const SPEECH_CLIPS = [
  ['speech/jfk.flac', 'neutral'],
  ['speech/jfk.flac', 'happy'],
  ['speech/mfa/acoustic_corpus.wav', 'neutral'],
  ['speech/mfa/cold_corpus.wav', 'neutral'],
];
const SPEECH_FPS = 30;
const SPEECH_EVERY = 3; // every 3rd frame: 10 per second of speech
const SILENCE_PER_CLIP = 4; // the model's frames in real pauses, read back for "closed in silence"
const RING_POINTS = 36; // points per warp ring (the face's silhouette), four rings after the face points
const CLOSED_MARGIN = 0.05; // a silence frame reads closed when its jawOpen is at most the neutral render's + this
// Read-back sweeps: driven names, read-back names (averaged).
const SWEEPS = [
  ['jawOpen', ['jawOpen']],
  ['eyeBlink', ['eyeBlinkLeft', 'eyeBlinkRight']],
  ['mouthFunnel', ['mouthFunnel']],
  ['mouthPucker', ['mouthPucker']],
  ['mouthSmile', ['mouthSmileLeft', 'mouthSmileRight']],
  ['browInnerUp', ['browInnerUp']],
];
const CONTACT_POSES = [
  ['neutral', frame()],
  ['jawOpen 0.7', frame({ jawOpen: 0.7 })],
  ['smile 0.6 + yaw 15°', frame({ mouthSmileLeft: 0.6, mouthSmileRight: 0.6 }, [0, 15 * DEG, 0])],
  ['blink 1', frame({ eyeBlinkLeft: 1, eyeBlinkRight: 1 })],
];

const mean = (a) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : NaN);
const min = (a) => (a.length ? Math.min(...a) : NaN);
const max = (a) => (a.length ? Math.max(...a) : NaN);
function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const p = (sorted.length - 1) * q;
  const i = Math.floor(p);
  return sorted[i] + (sorted[Math.min(i + 1, sorted.length - 1)] - sorted[i]) * (p - i);
}
function pearson(x, y) {
  const n = x.length;
  if (n < 3) return NaN;
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}
function cosine(a, b) {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    d += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return d / Math.sqrt(na * nb);
}
const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');
const stem = (file) => file.replace(/\.[^.]+$/, '');

/** Luma (BT.601) of a w x h box at (x0, y0) of an image with `ch` channels. */
function lumaBox(data, width, ch, x0, y0, w, h) {
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = ((y0 + y) * width + x0 + x) * ch;
      out[y * w + x] = 0.299 * data[s] + 0.587 * data[s + 1] + 0.114 * data[s + 2];
    }
  }
  return out;
}

const GAUSS = (() => {
  const r = 5, s = 1.5;
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * s * s)));
  const t = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / t);
})();

/** Separable Gaussian filter, 'valid' region only: (w-10) x (h-10). */
function gaussValid(a, w, h) {
  const K = GAUSS.length;
  const ow = w - K + 1, oh = h - K + 1;
  const tmp = new Float64Array(ow * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += GAUSS[k] * a[y * w + x + k];
      tmp[y * ow + x] = s;
    }
  }
  const out = new Float64Array(ow * oh);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += GAUSS[k] * tmp[(y + k) * ow + x];
      out[y * ow + x] = s;
    }
  }
  return out;
}

/** Mean SSIM of two luma images (Wang et al. 2004: 11x11 Gaussian window, sigma 1.5, K1 0.01, K2 0.03, L 255). */
function ssim(a, b, w, h) {
  const C1 = (0.01 * 255) ** 2, C2 = (0.03 * 255) ** 2;
  const n = w * h;
  const aa = new Float64Array(n), bb = new Float64Array(n), ab = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    aa[i] = a[i] * a[i];
    bb[i] = b[i] * b[i];
    ab[i] = a[i] * b[i];
  }
  const [ma, mb, saa, sbb, sab] = [a, b, aa, bb, ab].map((x) => gaussValid(x, w, h));
  let s = 0;
  for (let i = 0; i < ma.length; i++) {
    const va = saa[i] - ma[i] * ma[i], vb = sbb[i] - mb[i] * mb[i], cov = sab[i] - ma[i] * mb[i];
    s += ((2 * ma[i] * mb[i] + C1) * (2 * cov + C2)) / ((ma[i] * ma[i] + mb[i] * mb[i] + C1) * (va + vb + C2));
  }
  return s / ma.length;
}

/** PSNR (dB) over the RGB of a box: photo (RGB, photo coords) vs render (RGBA, crop coords). */
function psnrBox(photo, render, size, crop, box) {
  let se = 0, n = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const p = (y * photo.width + x) * 3;
      const r = ((y - crop.y) * size + x - crop.x) * 4;
      for (let c = 0; c < 3; c++) {
        se += (photo.data[p + c] - render[r + c]) ** 2;
        n++;
      }
    }
  }
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255) / (se / n));
}

/** A re-detection screenshot: the render with where the deformation put the points (green) and where the detector found them (red). */
async function writeRedetectPng(file, d) {
  const img = Uint8Array.from(d.img);
  const local = (pts) => Array.from(pts, (v, j) => v - (j & 1 ? d.crop.y : d.crop.x));
  drawCrosses(img, d.size, local(d.expected), [0, 255, 0]);
  drawCrosses(img, d.size, local(d.found), [255, 0, 0], 1);
  await writePng(file, img, d.size, d.size);
}

/** Even-odd point-in-polygon mask (1 inside) for a size x size frame; poly = [x0, y0, x1, y1, ...] in frame px. */
function polygonMask(poly, size) {
  const mask = new Uint8Array(size * size);
  const n = poly.length / 2;
  for (let y = 0; y < size; y++) {
    const py = y + 0.5;
    const xs = [];
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = poly[i * 2 + 1], yj = poly[j * 2 + 1];
      if (yi > py !== yj > py) xs.push(poly[i * 2] + ((py - yi) / (yj - yi)) * (poly[j * 2] - poly[i * 2]));
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const x0 = Math.max(0, Math.ceil(xs[k] - 0.5)), x1 = Math.min(size - 1, Math.floor(xs[k + 1] - 0.5));
      for (let x = x0; x <= x1; x++) mask[y * size + x] = 1;
    }
  }
  return mask;
}

/** Mean absolute RGB difference (0..255) and the share of pixels differing by more than 8 in any channel, over mask == 0. */
function backgroundDiff(a, b, mask) {
  let s = 0, n = 0, big = 0, px = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i]) continue;
    px++;
    let m = 0;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a[i * 4 + c] - b[i * 4 + c]);
      s += d;
      n++;
      if (d > m) m = d;
    }
    if (m > 8) big++;
  }
  return { mad: n ? s / n : NaN, over8: px ? big / px : NaN, pixels: px };
}

const rgbaToRgb = (rgba) => {
  const out = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    out[j] = rgba[i];
    out[j + 1] = rgba[i + 1];
    out[j + 2] = rgba[i + 2];
  }
  return out;
};
const rgbToRgba = (rgb) => {
  const out = new Uint8Array((rgb.length / 3) * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    out[j] = rgb[i];
    out[j + 1] = rgb[i + 1];
    out[j + 2] = rgb[i + 2];
    out[j + 3] = 255;
  }
  return out;
};

/** Square crop of the whole photo (the whole photo when it is square; else the largest square around the face). */
function fullCrop(lm) {
  const side = Math.min(lm.width, lm.height);
  if (lm.width === lm.height) return { x: 0, y: 0, width: side, height: side };
  const b = faceBox(lm);
  const cx = b.x + b.w / 2, cy = b.y + b.h / 2;
  const x = Math.round(Math.max(0, Math.min(lm.width - side, cx - side / 2)));
  const y = Math.round(Math.max(0, Math.min(lm.height - side, cy - side / 2)));
  return { x, y, width: side, height: side };
}

/** Bounding box of the 468 face-mesh points, whole pixels, inside the photo. */
function faceBox(lm) {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < 468; i++) {
    x0 = Math.min(x0, lm.points[i * 3]);
    x1 = Math.max(x1, lm.points[i * 3]);
    y0 = Math.min(y0, lm.points[i * 3 + 1]);
    y1 = Math.max(y1, lm.points[i * 3 + 1]);
  }
  x0 = Math.max(0, Math.floor(x0));
  y0 = Math.max(0, Math.floor(y0));
  x1 = Math.min(lm.width, Math.ceil(x1));
  y1 = Math.min(lm.height, Math.ceil(y1));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Photo crop as RGBA at size x size (sharp, Lanczos), as the renderer frames it. */
async function photoCropRgba(photo, crop, size) {
  const { data } = await sharp(Buffer.from(photo.data.buffer, photo.data.byteOffset, photo.data.byteLength), { raw: { width: photo.width, height: photo.height, channels: 3 } })
    .extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height })
    .resize(size, size)
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

async function writePng(path, rgba, w, h) {
  await sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), { raw: { width: w, height: h, channels: 4 } }).png().toFile(path);
}

/** Tiles frames ({rgba, w, h}) row-major into `cols` columns of `cell` px squares with ffmpeg's tile filter. */
async function contactSheet(path, frames, cols, cell) {
  const rows = Math.ceil(frames.length / cols);
  const cells = [];
  for (const fr of frames) {
    const { data } = await sharp(Buffer.from(fr.rgba.buffer, fr.rgba.byteOffset, fr.rgba.byteLength), { raw: { width: fr.w, height: fr.h, channels: 4 } })
      .resize(cell, cell, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 1 } })
      .raw()
      .toBuffer({ resolveWithObject: true });
    cells.push(data);
  }
  while (cells.length < rows * cols) cells.push(Buffer.alloc(cell * cell * 4));
  await new Promise((ok, bad) => {
    const p = spawn('ffmpeg', ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-s', `${cell}x${cell}`, '-i', '-', '-vf', `tile=${cols}x${rows}`, '-frames:v', '1', path], { stdio: ['pipe', 'inherit', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', bad);
    p.on('close', (code) => (code === 0 ? ok() : bad(new Error(`ffmpeg tile failed (${code}): ${err}`))));
    p.stdin.on('error', () => undefined);
    p.stdin.end(Buffer.concat(cells));
  });
}

/**
 * Per triangle of a part, its area on the image (projectToPhoto, px²) with positions `xyz`, signed so that
 * positive is the part's front-facing winding (the sign most of its rest triangles share).
 */
function imageAreas(mesh, part, xyz) {
  const idx = part.indices;
  const signed = (p) => {
    const out = new Float64Array(idx.length / 3);
    for (let t = 0; t < out.length; t++) {
      const [i, j, k] = [idx[t * 3], idx[t * 3 + 1], idx[t * 3 + 2]];
      out[t] = ((p[j * 2] - p[i * 2]) * (p[k * 2 + 1] - p[i * 2 + 1]) - (p[j * 2 + 1] - p[i * 2 + 1]) * (p[k * 2] - p[i * 2])) / 2;
    }
    return out;
  };
  const rest = signed(projectToPhoto(mesh, part.positions));
  const front = Math.sign(rest.reduce((a, v) => a + Math.sign(v), 0)) || 1;
  const areas = xyz === part.positions ? rest : signed(projectToPhoto(mesh, xyz));
  return areas.map((v) => v * front);
}

/** Per triangle of a part: +1 where it faces the camera at rest (its image winding is the part's front-facing one), -1 where it is inside out, 0 when flat. */
function restFacing(mesh, part) {
  return Array.from(imageAreas(mesh, part, part.positions), Math.sign);
}

/**
 * The face part with its 468 face points where the Mouthpiece head puts them, posed like the portrait
 * (fitPortraitHead, along the camera's rays as the finished part is), and the head's own targets carried over
 * unrepaired: to tell folds the head itself makes from the portrait's own.
 */
function headLikeFace(P, face) {
  const { headPos, headTargets } = fitPortraitHead(P.lm);
  const D = P.mesh.viewDistance;
  const along = Array.from({ length: 468 }, (_, i) => (D - headPos[i * 3 + 2]) / D);
  const positions = Float32Array.from(face.positions);
  for (let i = 0; i < 468; i++) positions.set([headPos[i * 3] * along[i], headPos[i * 3 + 1] * along[i], headPos[i * 3 + 2]], i * 3);
  const targets = face.targets.map((t, k) => {
    const c = Float32Array.from(t);
    const d = headTargets[k];
    for (let i = 0; i < 468; i++) c.set([d[i * 3] * along[i], d[i * 3 + 1] * along[i], d[i * 3 + 2]], i * 3);
    return c;
  });
  return { ...face, positions, targets };
}

/** Triangles that, moved, do not face the camera by at least minPx2 px² on the image (turned away, or edge-on). */
function notFacing(mesh, part, moved, minPx2) {
  const b = imageAreas(mesh, part, moved);
  const out = new Set();
  for (let t = 0; t < b.length; t++) if (b[t] < minPx2) out.add(t);
  return out;
}

/**
 * Triangles whose winding on the image (projectToPhoto) reverses between rest and moved, both at least
 * minPx2 px². A fold turns a front-facing triangle over; a sliver already inverted at rest (the detected
 * closed lip line, say) that turns front-facing as the mouth opens is an unfold and is not counted.
 */
function screenFolds(mesh, part, moved, minPx2) {
  const a = imageAreas(mesh, part, part.positions), b = imageAreas(mesh, part, moved);
  const out = [];
  for (let t = 0; t < a.length; t++) if (a[t] >= minPx2 && b[t] <= -minPx2) out.push(t);
  return out;
}

/** Outlines triangle `tri` (vertex pixel positions px = [x0, y0, ...]) in an RGBA frame. */
function drawTriangle(rgba, size, px, indices, tri, rgb) {
  const v = [indices[tri * 3], indices[tri * 3 + 1], indices[tri * 3 + 2]];
  for (let e = 0; e < 3; e++) {
    const [x0, y0, x1, y1] = [px[v[e] * 2], px[v[e] * 2 + 1], px[v[(e + 1) % 3] * 2], px[v[(e + 1) % 3] * 2 + 1]];
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2));
    for (let i = 0; i <= n; i++) {
      const x = Math.round(x0 + ((x1 - x0) * i) / n), y = Math.round(y0 + ((y1 - y0) * i) / n);
      if (x < 0 || y < 0 || x >= size || y >= size) continue;
      const o = (y * size + x) * 4;
      [rgba[o], rgba[o + 1], rgba[o + 2]] = rgb;
    }
  }
}

/** A rectangle of an RGBA frame (clamped to it). */
function cropRgba(rgba, size, r) {
  const x0 = Math.max(0, r.x), y0 = Math.max(0, r.y);
  const w = Math.min(size, r.x + r.width) - x0, h = Math.min(size, r.y + r.height) - y0;
  r.width = w;
  r.height = h;
  const out = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) out.set(rgba.subarray(((y0 + y) * size + x0) * 4, ((y0 + y) * size + x0 + w) * 4), y * w * 4);
  return out;
}

/** Draws small crosses (rgb) at pixel positions into an RGBA frame. */
function drawCrosses(rgba, size, xy, rgb, r = 2) {
  for (let i = 0; i < xy.length; i += 2) {
    const cx = Math.round(xy[i]), cy = Math.round(xy[i + 1]);
    for (let d = -r; d <= r; d++) {
      for (const [x, y] of [[cx + d, cy], [cx, cy + d]]) {
        if (x < 0 || y < 0 || x >= size || y >= size) continue;
        const o = (y * size + x) * 4;
        [rgba[o], rgba[o + 1], rgba[o + 2]] = rgb;
      }
    }
  }
}

/** @vladmandic/human with the face description (embedding) model, on the tfjs WASM backend, models from a loopback server. */
async function openEmbedder() {
  const require = createRequire(import.meta.url);
  const root = dirname(dirname(require.resolve('@vladmandic/human')));
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), sep);
  const { Human } = require(join(root, 'dist', 'human.node-wasm.js'));
  const models = join(root, 'models');
  const server = createServer((req, res) => {
    const p = normalize(join(models, decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)));
    if (!p.startsWith(models + sep) || !existsSync(p)) return res.writeHead(404).end();
    res.end(readFileSync(p));
  });
  await new Promise((ok, bad) => {
    server.once('error', bad);
    server.listen(0, '127.0.0.1', () => ok());
  });
  try {
    const base = portraitHumanConfig();
    const human = new Human({
      ...base,
      backend: 'wasm',
      wasmPath: wasmDir,
      modelBasePath: `http://127.0.0.1:${server.address().port}/`,
      cacheSensitivity: 0, // every image is its own; no result reuse between similar inputs
      face: { ...base.face, detector: { ...base.face.detector, maxDetected: 1 }, iris: { enabled: false }, description: { enabled: true } },
    });
    await human.load();
    return {
      human,
      /** Embedding of the largest face in an RGB image, or null. */
      async embed(rgb, w, h) {
        const t = human.tf.tensor4d(rgb, [1, h, w, 3], 'int32');
        try {
          const r = await human.detect(t);
          const e = r.face[0]?.embedding;
          return e && e.length ? Array.from(e) : null;
        } finally {
          human.tf.dispose(t);
        }
      },
      close: () => new Promise((ok) => server.close(() => ok())),
    };
  } catch (e) {
    server.close();
    throw e;
  }
}

/** A page with the avatar (scripts/video/photoPage.ts) and a plain textured quad of the same photo, for the speed comparison. */
async function openSpeedPage(chromiumPath) {
  const dir = join(tmpdir(), `mouthpiece-measure-photo-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'speedPage.ts');
  const threePath = fileURLToPath(import.meta.resolve('three'));
  // Same renderer settings and read-back path as photoPage.ts, so the two differ only in what they draw.
  writeFileSync(
    entry,
    `import ${JSON.stringify(join(repo, 'scripts', 'video', 'photoPage.ts'))};
import { decodeBase64, readBase64, readContext, squareStage } from ${JSON.stringify(join(repo, 'scripts', 'video', 'pageFrames.ts'))};
import * as THREE from ${JSON.stringify(threePath)};
let q: any = null;
(globalThis as any).setupQuad = (s: { rgb: string; width: number; height: number; size: number }) => {
  const rgb = decodeBase64(s.rgb);
  const W = s.width, H = s.height;
  const tex = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const a = (y * W + x) * 3, d = ((H - 1 - y) * W + x) * 4;
    tex[d] = rgb[a]; tex[d + 1] = rgb[a + 1]; tex[d + 2] = rgb[a + 2]; tex[d + 3] = 255;
  }
  const { renderer, scene } = squareStage(s.size, 0x000000);
  const texture = new THREE.DataTexture(tex, W, H, THREE.RGBAFormat);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.needsUpdate = true;
  const quad = new THREE.Mesh(new THREE.PlaneGeometry(W / H, 1), new THREE.MeshBasicMaterial({ map: texture, toneMapped: false }));
  scene.add(quad);
  const camera = new THREE.PerspectiveCamera(20, 1, 0.1, 100);
  camera.position.set(0, 0, 0.5 / Math.tan((10 * Math.PI) / 180));
  const read = readContext(s.size);
  q = { renderer, scene, camera, read, size: s.size };
};
// The read-back and packing alone (no draw before it), to split the per-frame time.
(globalThis as any).readOnly = (n: number): number => {
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    q.read.drawImage(q.renderer.domElement, 0, 0);
    bytes += readBase64(q.read, q.size).length;
  }
  return bytes;
};
(globalThis as any).renderQuad = (n: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    q.renderer.render(q.scene, q.camera);
    q.read.drawImage(q.renderer.domElement, 0, 0);
    out.push(readBase64(q.read, q.size));
  }
  return out;
};
`,
  );
  try {
    const host = await openRenderPage({ entry, chromiumPath });
    return {
      page: host.page,
      close: async () => {
        await host.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

// ---------------------------------------------------------------- main

const T0 = performance.now();
const sectionMs = {};
const lap = (name, t) => (sectionMs[name] = Math.round(performance.now() - t));
const out = opt.out ?? null;
if (out) mkdirSync(out, { recursive: true });
const log = (s) => process.stderr.write(`[measurePhoto ${((performance.now() - T0) / 1000).toFixed(0)} s] ${s}\n`);

let detector = null, renderer = null, readback = null, embedder = null, speedPage = null;
const report = { options: { facesDir, modelPath, portraits: N_IDENTITY, readback: N_READBACK, levels: LEVELS, contact: N_CONTACT, speedFrames: SPEED_FRAMES } };
const failures = []; // { portrait, kind, detail, png? }
/** buildPhotoMesh's time per portrait, ms (Node, on the CPU, once per photo). */
const buildMs = [];

async function main() {
  // ---- 0. Portraits and landmarks
  let t = performance.now();
  const files = readdirSync(facesDir).filter((n) => /\.(jpe?g|png|webp)$/i.test(n)).sort();
  if (!files.length) throw new Error(`no portraits in ${facesDir}`);
  detector = await createNodePortraitDetector();
  const portraits = []; // { file, photo, lm, mesh }
  const errorsByCode = {};
  for (const file of files) {
    let photo;
    try {
      photo = await loadPortraitImage(readFileSync(join(facesDir, file)));
      const lm = await detector.detect(photo);
      const tb = performance.now();
      const mesh = buildPhotoMesh(lm, { brightness: skinBrightness(photo, lm) });
      buildMs.push(performance.now() - tb);
      portraits.push({ file, photo, lm, mesh, sunglasses: detectSunglasses(photo, lm) });
    } catch (e) {
      const code = e?.code ?? 'EXCEPTION';
      errorsByCode[code] = (errorsByCode[code] ?? 0) + 1;
      const fail = { portrait: file, kind: `detect ${code}`, detail: e?.message ?? String(e) };
      if (out && photo) {
        fail.png = `fail-${stem(file)}-detect.png`;
        await writePng(join(out, fail.png), rgbToRgba(photo.data), photo.width, photo.height);
      }
      failures.push(fail);
    }
  }
  lap('detect', t);
  log(`${portraits.length} of ${files.length} portraits have landmarks`);

  // ---- 4a. NaN and flipped triangles (CPU, the shader's math). Two counts per part: flippedTriangles (the 3D normal
  // turned against its rest normal, card units) and visible folds (a front-facing triangle whose winding on the image is reversed,
  // projected with projectToPhoto); both ignore triangles under (0.5 px)² in either pose.
  t = performance.now();
  const flipRows = {}; // pose -> part -> { triangles, portraits, folds, foldPortraits }
  const flipPortraits = new Map(); // file -> [{ pose, part, flips, folds, flipped: [tri], folded: [tri] }]
  let nanPortraits = 0;
  for (const P of portraits) {
    const minArea = (0.5 / P.mesh.height) ** 2;
    let nan = false;
    const facingOf = new Map(P.mesh.parts.filter((part) => FLIP_PARTS.includes(part.name)).map((part) => [part, restFacing(P.mesh, part)]));
    const headFace = headLikeFace(P, P.mesh.parts.find((part) => part.name === 'face'));
    for (const [pose, fr] of COVERAGE_POSES) {
      for (const part of P.mesh.parts) {
        const moved = deformPhotoPart(P.mesh, part, fr.w, rot(fr.r));
        if (moved.some((v) => !Number.isFinite(v))) nan = true;
        if (!FLIP_PARTS.includes(part.name)) continue;
        // A 3D flip of a sliver the landmarks put inside out at rest (a closed mouth's corners) that the pose
        // turns the right way round is an unfold: counted apart, not listed.
        const facing = facingOf.get(part);
        const flipsAll = flippedTriangles(part, part.positions, moved, minArea);
        const flipped = flipsAll.filter((t) => facing[t] > 0);
        // A triangle whose three vertices all turn fully with the head, and that the head's turn alone turns
        // away from the camera or leaves edge-on (under 0.25 px²: a far cheek's sliver at the silhouette), has
        // turned away as on a real head: not a fold. Counted apart, not listed.
        const turned = fr.r.some((v) => v !== 0);
        const isRigid = (t) => [0, 1, 2].every((k) => part.rigidity[part.indices[t * 3 + k]] === 1);
        const screen = screenFolds(P.mesh, part, moved, 0.25);
        const turnedAway = turned ? notFacing(P.mesh, part, deformPhotoPart(P.mesh, part, POSES.neutral.w, rot(fr.r)), 0.25) : new Set();
        const folded = screen.filter((t) => !(isRigid(t) && turnedAway.has(t)));
        flipRows[pose] ??= Object.fromEntries(FLIP_PARTS.map((n) => [n, { triangles: 0, portraits: 0, folds: 0, foldPortraits: 0, insideOutAtRest: 0, turnedAway: 0, where: { ring: 0, head: 0, other: 0 }, otherMaxPx2: 0 }]));
        const c = flipRows[pose][part.name];
        c.triangles += flipped.length;
        c.insideOutAtRest += flipsAll.length - flipped.length;
        c.turnedAway += screen.length - folded.length;
        c.folds += folded.length;
        if (part.name === 'face' && folded.length) {
          // Where the face's folds are: the warp ring (not repaired), where the head itself folds under the same pose, elsewhere.
          const headFolds = new Set(screenFolds(P.mesh, headFace, deformPhotoPart(P.mesh, headFace, fr.w, rot(fr.r)), 0.25));
          const areas = imageAreas(P.mesh, part, moved);
          for (const t of folded) {
            const ring = [0, 1, 2].some((k) => part.indices[t * 3 + k] >= P.mesh.facePointCount);
            const key = ring ? 'ring' : headFolds.has(t) ? 'head' : 'other';
            c.where[key]++;
            if (key === 'other') c.otherMaxPx2 = Math.max(c.otherMaxPx2, -areas[t]);
          }
        }
        if (flipped.length) c.portraits++;
        if (folded.length) c.foldPortraits++;
        if (flipped.length || folded.length) {
          if (!flipPortraits.has(P.file)) flipPortraits.set(P.file, []);
          flipPortraits.get(P.file).push({ pose, part: part.name, flips: flipped.length, folds: folded.length, flipped, folded, moved });
        }
      }
    }
    if (nan) {
      nanPortraits++;
      failures.push({ portrait: P.file, kind: 'NaN', detail: 'a deformed vertex is not finite' });
    }
  }
  lap('flips', t);

  // ---- 4b. Visible folds under the motion model's own frames on real speech (its 52 weights, mouthClose capped
  // at jawOpen as the renderers do, and its head rotation), every SPEECH_EVERY-th frame: the combinations speech
  // really makes, not only the poses above. Same counting as 4a, with the same exemption for a rigid turn-away.
  t = performance.now();
  /** The model's frames in real pauses (for the read-back's "closed in silence"), collected below. */
  const silenceFrames = [];
  const speechFolds = { frames: 0, clips: [], parts: Object.fromEntries([...FLIP_PARTS, 'face, eased by FoldGuard'].map((n) => [n, { foldFrames: 0, triangles: 0, over1: 0, over4: 0, maxPx2: 0, portraits: new Set(), eased: 0 }])) };
  {
    const { openEngine } = await import('../../dist/index.js');
    const engine = await openEngine();
    const driving = [];
    try {
      for (const [clip, emotion] of SPEECH_CLIPS) {
        const audio = await engine.decodeAudio(readFileSync(join(opt.data, clip)));
        const { frames } = await engine.process(audio.samples, { sampleRate: audio.sampleRate, fps: SPEECH_FPS, emotion, intensity: emotion === 'neutral' ? 0 : 1 });
        speechFolds.clips.push(`${clip.split('/').pop()} (${emotion}, ${(audio.samples.length / audio.sampleRate).toFixed(1)} s)`);
        if (emotion === 'neutral') silenceFrames.push(...pauseFrames(join(opt.data, clip), frames));
        for (let i = 0; i < frames.length; i += SPEECH_EVERY) driving.push(drivingFrame(frames[i]));
      }
    } finally {
      await engine.dispose();
    }
    speechFolds.frames = driving.length;
    for (const P of portraits) {
      const faceGuard = new FoldGuard(P.mesh, P.mesh.parts.find((x) => x.name === 'face'));
      const guarded = driving.map((fr) => {
        const w = Float32Array.from(fr.w);
        if (faceGuard.ease(w, rot(fr.r)) < 1) speechFolds.parts['face, eased by FoldGuard'].eased++;
        return { w, r: fr.r };
      });
      const runs = [...P.mesh.parts.filter((x) => FLIP_PARTS.includes(x.name)).map((part) => [part, part.name, driving]), [P.mesh.parts.find((x) => x.name === 'face'), 'face, eased by FoldGuard', guarded]];
      for (const [part, key, list] of runs) {
        const c = speechFolds.parts[key];
        const isRigid = (tri) => [0, 1, 2].every((k) => part.rigidity[part.indices[tri * 3 + k]] === 1);
        for (const fr of list) {
          const moved = deformPhotoPart(P.mesh, part, fr.w, rot(fr.r));
          const screen = screenFolds(P.mesh, part, moved, 0.25);
          if (!screen.length) continue;
          const turnedAway = notFacing(P.mesh, part, deformPhotoPart(P.mesh, part, POSES.neutral.w, rot(fr.r)), 0.25);
          const folded = screen.filter((tri) => !(isRigid(tri) && turnedAway.has(tri)));
          if (!folded.length) continue;
          const areas = imageAreas(P.mesh, part, moved);
          c.foldFrames++;
          c.triangles += folded.length;
          c.portraits.add(P.file);
          for (const tri of folded) {
            const a = -areas[tri];
            if (a >= 1) c.over1++;
            if (a >= 4) c.over4++;
            c.maxPx2 = Math.max(c.maxPx2, a);
          }
        }
      }
    }
  }
  lap('speechFolds', t);

  // ---- Renders at the photo's own size (full-photo crop): neutral, re-detection pose, identity poses, flip screenshots
  t = performance.now();
  renderer = await openPhotoRenderer({ chromiumPath: opt.chromium });
  const redetect = { perPortrait: [], wholePixels: true, failing: [] };
  for (const key of ['neutral', ...REDETECT_POSES.map(([k]) => k)]) redetect[key] = [], redetect[`${key}Mouth`] = [];
  const identity = [];
  for (const [k, P] of portraits.entries()) {
    const crop = fullCrop(P.lm);
    const size = crop.width;
    await renderer.setup(P.photo, P.lm, { size, crop, mark: null, background: true });
    const isId = k < N_IDENTITY;
    const flipList = flipPortraits.get(P.file) ?? [];
    // Listed as failures (with a screenshot): the poses with a 3D flip or a visible fold (triangles that a
    // head turn alone turns away rigidly at the silhouette are not folds and not listed).
    const flipPoses = [...new Set(flipList.filter((x) => x.flips || x.folds).map((x) => x.pose))];
    // The extra re-detection poses go last, so the other frames keep their places.
    const extraPoses = REDETECT_POSES.slice(1);
    const list = [POSES.neutral, POSES.redetect, ...(isId ? MOTION.map(([, key]) => POSES[key]) : []), ...flipPoses.map((p) => COVERAGE_POSES.find(([n]) => n === p)[1]), ...extraPoses.map(([, , fr]) => fr)];
    const frames = await renderer.render(list);
    const [neutral, posed] = frames;
    const extraFrames = frames.slice(frames.length - extraPoses.length);

    // Re-detection: the Node detector on the renders vs where the deformation put the 468 points.
    const face = P.mesh.parts.find((p) => p.name === 'face');
    const row = { portrait: P.file };
    for (const [key, fr, img] of [['neutral', POSES.neutral, neutral], ['posed', POSES.redetect, posed], ...extraPoses.map(([k, , pose], j) => [k, pose, extraFrames[j]])]) {
      const expected = projectToPhoto(P.mesh, deformPhotoPart(P.mesh, face, fr.w, rot(fr.r)).subarray(0, 468 * 3));
      let found;
      try {
        found = await detector.detect({ data: rgbaToRgb(img), width: size, height: size }, REDETECT_LIMITS);
      } catch (e) {
        row[key] = null;
        const fail = { portrait: P.file, kind: `re-detection (${key}) ${e?.code ?? 'EXCEPTION'}`, detail: e?.message ?? String(e) };
        if (out) {
          fail.png = `fail-${stem(P.file)}-redetect-${key}.png`;
          await writePng(join(out, fail.png), img, size, size);
        }
        failures.push(fail);
        continue;
      }
      for (let i = 0; i < 468 * 3; i++) if (i % 3 !== 2 && !Number.isInteger(found.points[i])) redetect.wholePixels = false;
      const errs = [];
      for (let i = 0; i < 468; i++) errs.push(Math.hypot(found.points[i * 3] + crop.x - expected[i * 2], found.points[i * 3 + 1] + crop.y - expected[i * 2 + 1]));
      redetect[key].push(...errs);
      redetect[`${key}Mouth`].push(...MOUTH_IDS.map((i) => errs[i]));
      const sorted = [...errs].sort((a, b) => a - b);
      row[key] = { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), mouthMean: mean(MOUTH_IDS.map((i) => errs[i])) };
      row[key].pass = row[key].median <= REDETECT_PASS * P.lm.eyeDistance;
      const draw = () => ({ expected, found: Float32Array.from({ length: 468 * 2 }, (_, j) => found.points[(j >> 1) * 3 + (j & 1)] + (j & 1 ? crop.y : crop.x)), img, crop, size });
      if (key === 'posed') row.draw = draw();
      if (key !== 'neutral' && !row[key].pass) redetect.failing.push({ portrait: P.file, key, median: row[key].median, limit: REDETECT_PASS * P.lm.eyeDistance, draw: draw() });
    }
    redetect.perPortrait.push(row);

    if (isId) {
      const box = faceBox(P.lm);
      const yA = lumaBox(P.photo.data, P.photo.width, 3, box.x, box.y, box.w, box.h);
      const yB = lumaBox(neutral, size, 4, box.x - crop.x, box.y - crop.y, box.w, box.h);
      const ring = face.positions.subarray(face.positions.length - RING_POINTS * 3);
      const poly = Array.from(projectToPhoto(P.mesh, ring), (v, j) => v - (j & 1 ? crop.y : crop.x));
      const mask = polygonMask(poly, size);
      // The soft blend region: how far each warp ring's points move on the image under the pose (the
      // background there bends with the head by design; outside the last ring it is pinned).
      const restPx = projectToPhoto(P.mesh, deformPhotoPart(P.mesh, face, POSES.neutral.w));
      const ringMotion = (fr) => {
        const px = projectToPhoto(P.mesh, deformPhotoPart(P.mesh, face, fr.w, rot(fr.r)));
        return Array.from({ length: 4 }, (_, r) => {
          const d = [];
          const first = P.mesh.facePointCount + r * RING_POINTS;
          for (let v = first; v < first + RING_POINTS; v++) d.push(Math.hypot(px[v * 2] - restPx[v * 2], px[v * 2 + 1] - restPx[v * 2 + 1]));
          return { median: quantile([...d].sort((a, b) => a - b), 0.5), max: max(d) };
        });
      };
      const motion = MOTION.map(([name, key], j) => ({ name, frame: frames[2 + j], background: backgroundDiff(neutral, frames[2 + j], mask), rings: ringMotion(POSES[key]) }));
      identity.push({ P, crop, size, box, psnr: psnrBox(P.photo, neutral, size, crop, box), ssim: ssim(yA, yB, box.w, box.h), neutral, motion });
    }
    if (flipPoses.length) {
      // One row and one screenshot per portrait: each pose with flips, cut to the face crop, folded triangles
      // outlined in red, 3D-only flips in yellow.
      const fail = {
        portrait: P.file,
        kind: 'flipped triangles',
        detail: flipPoses.map((pose) => `${pose}: ${flipList.filter((x) => x.pose === pose).map((x) => `${x.part} ${x.flips}/${x.folds}`).join(', ')}`).join('; '),
      };
      if (out) {
        const base = 2 + (isId ? MOTION.length : 0);
        const fc = portraitFaceCrop(P.lm);
        const cells = [];
        for (const [j, pose] of flipPoses.entries()) {
          const img = Uint8Array.from(frames[base + j]);
          for (const x of flipList.filter((y) => y.pose === pose)) {
            const part = P.mesh.parts.find((q) => q.name === x.part);
            const px = Array.from(projectToPhoto(P.mesh, x.moved), (v, i) => v - (i & 1 ? crop.y : crop.x));
            const folded = new Set(x.folded);
            for (const tri of new Set([...x.flipped, ...x.folded])) drawTriangle(img, size, px, part.indices, tri, folded.has(tri) ? [255, 0, 0] : [255, 255, 0]);
          }
          const rect = { x: fc.x - crop.x, y: fc.y - crop.y, width: fc.width, height: fc.height };
          cells.push({ rgba: cropRgba(img, size, rect), w: rect.width, h: rect.height });
        }
        fail.png = `fail-${stem(P.file)}-flips.png`;
        await contactSheet(join(out, fail.png), cells, cells.length, 320);
      }
      failures.push(fail);
    }
    if ((k + 1) % 20 === 0) log(`rendered and re-detected ${k + 1} of ${portraits.length}`);
  }
  lap('render + re-detect', t);

  // ---- Contact sheet (portraitFaceCrop, 256 px)
  t = performance.now();
  const contactFrames = [];
  for (const P of portraits.slice(0, N_CONTACT)) {
    await renderer.setup(P.photo, P.lm, { size: CONTACT_SIZE, mark: null, background: true });
    for (const rgba of await renderer.render(CONTACT_POSES.map(([, fr]) => fr))) contactFrames.push({ rgba, w: CONTACT_SIZE, h: CONTACT_SIZE });
  }
  if (out && contactFrames.length) await contactSheet(join(out, 'contact-sheet.png'), contactFrames, CONTACT_POSES.length, CONTACT_SIZE);
  lap('contact sheet', t);

  // ---- 3. Read-back sweeps (portraitFaceCrop, 384 px): photo crop, neutral render, then each channel 0..1
  t = performance.now();
  const levels = Array.from({ length: LEVELS }, (_, i) => i / (LEVELS - 1));
  const rbSet = portraits.slice(0, N_READBACK);
  const rbFrames = [];
  for (const P of rbSet) {
    const crop = portraitFaceCrop(P.lm);
    await renderer.setup(P.photo, P.lm, { size: READBACK_SIZE, crop, mark: null, background: true });
    const list = [POSES.neutral];
    for (const [drive] of SWEEPS) {
      const names = drive === 'eyeBlink' ? ['eyeBlinkLeft', 'eyeBlinkRight'] : drive === 'mouthSmile' ? ['mouthSmileLeft', 'mouthSmileRight'] : [drive];
      for (const v of levels) list.push(frame(Object.fromEntries(names.map((n) => [n, v]))));
    }
    list.push(...silenceFrames);
    const frames = [];
    for (let i = 0; i < list.length; i += 12) frames.push(...(await renderer.render(list.slice(i, i + 12))));
    rbFrames.push({ P, frames: [await photoCropRgba(P.photo, crop, READBACK_SIZE), ...frames] });
  }
  await renderer.close();
  renderer = null;
  lap('read-back renders', t);

  t = performance.now();
  const rbRows = [];
  if (rbSet.length) {
    readback = await openFaceReadback({ modelPath, chromiumPath: opt.chromium, runningMode: 'IMAGE' });
    for (const { P, frames } of rbFrames) {
      const res = await readback.readRgba(frames, READBACK_SIZE, READBACK_SIZE);
      const score = (r, names) => (r.detected ? mean(names.map((n) => r.blendshapes[BLENDSHAPE_INDEX[n]])) : NaN);
      const row = { portrait: P.file, photoDetected: res[0].detected, neutralDetected: res[1].detected, photoJawOpen: score(res[0], ['jawOpen']), neutralJawOpen: score(res[1], ['jawOpen']), channels: {} };
      SWEEPS.forEach(([drive, names], c) => {
        const r = res.slice(2 + c * LEVELS, 2 + (c + 1) * LEVELS);
        const read = r.map((x) => score(x, names));
        const ok = read.map((v, i) => [levels[i], v]).filter(([, v]) => Number.isFinite(v));
        // A read-back that barely moves (range under FLAT) has no meaningful correlation: reported as flat.
        const flat = ok.length < 3 || max(ok.map((p) => p[1])) - min(ok.map((p) => p[1])) < FLAT;
        row.channels[drive] = {
          read,
          photo: score(res[0], names),
          detected: ok.length,
          flat,
          r: flat ? NaN : pearson(ok.map((p) => p[0]), ok.map((p) => p[1])),
          atZero: read[0],
          atOne: read[LEVELS - 1],
        };
      });
      const silentJaw = res.slice(2 + SWEEPS.length * LEVELS).map((x) => score(x, ['jawOpen']));
      const readJaw = silentJaw.filter(Number.isFinite);
      row.silence = {
        frames: silentJaw.length,
        detected: readJaw.length,
        jawOpen: mean(readJaw),
        maxJawOpen: max(readJaw),
        closed: readJaw.filter((v) => v <= row.neutralJawOpen + CLOSED_MARGIN).length,
      };
      rbRows.push(row);
    }
    await readback.close();
    readback = null;
  }
  lap('read-back', t);

  // ---- 1-2. Embeddings
  t = performance.now();
  embedder = await openEmbedder();
  for (const I of identity) {
    I.photoEmbedding = await embedder.embed(I.P.photo.data, I.P.photo.width, I.P.photo.height);
    I.neutralEmbedding = await embedder.embed(rgbaToRgb(I.neutral), I.size, I.size);
    for (const m of I.motion) m.embedding = await embedder.embed(rgbaToRgb(m.frame), I.size, I.size);
  }
  const sim = (a, b) => (a && b ? { cosine: cosine(a, b), human: embedder.human.match.similarity(a, b) } : null);
  for (const I of identity) {
    I.neutralSim = sim(I.photoEmbedding, I.neutralEmbedding);
    for (const m of I.motion) m.sim = sim(I.photoEmbedding, m.embedding);
  }
  // Reference: different people (pairs of the identity set's photos).
  const impostor = [];
  for (let i = 0; i < identity.length; i++) for (let j = i + 1; j < identity.length; j++) {
    const s = sim(identity[i].photoEmbedding, identity[j].photoEmbedding);
    if (s) impostor.push(s);
  }
  await embedder.close();
  embedder = null;
  lap('embeddings', t);

  // ---- 5. Speed
  t = performance.now();
  const speed = { size: SPEED_SIZE, frames: SPEED_FRAMES, portrait: portraits[0]?.file ?? null, rounds: [] };
  if (portraits.length) {
    speedPage = await openSpeedPage(opt.chromium);
    const P = portraits[0];
    const rgb = Buffer.from(P.photo.data.buffer, P.photo.data.byteOffset, P.photo.data.byteLength).toString('base64');
    await speedPage.page.evaluate((s) => globalThis.setupPhoto(s), { rgb, width: P.photo.width, height: P.photo.height, points: Array.from(P.lm.points), pose: P.lm.pose, eyeDistance: P.lm.eyeDistance, crop: portraitFaceCrop(P.lm), size: SPEED_SIZE, mark: null, background: true });
    await speedPage.page.evaluate((s) => globalThis.setupQuad(s), { rgb, width: P.photo.width, height: P.photo.height, size: SPEED_SIZE });
    // Speech-like frames: the jaw, lips and head moving every frame.
    const speech = Array.from({ length: SPEED_FRAMES }, (_, i) => frame({ jawOpen: 0.35 + 0.3 * Math.sin(i * 0.9), mouthSmileLeft: 0.2 + 0.2 * Math.sin(i * 0.3), mouthSmileRight: 0.2 + 0.2 * Math.sin(i * 0.3), mouthFunnel: 0.2 * Math.max(0, Math.sin(i * 0.5)), eyeBlinkLeft: i % 15 === 7 ? 1 : 0, eyeBlinkRight: i % 15 === 7 ? 1 : 0 }, [0.05 * Math.sin(i * 0.2), 0.1 * Math.sin(i * 0.13), 0.02 * Math.sin(i * 0.17)]));
    const timeAvatar = () => speedPage.page.evaluate((fr) => { const t0 = performance.now(); const n = globalThis.renderFrames(fr).length; return (performance.now() - t0) / n; }, speech);
    const timeQuad = () => speedPage.page.evaluate((n) => { const t0 = performance.now(); globalThis.renderQuad(n); return (performance.now() - t0) / n; }, SPEED_FRAMES);
    const timeRead = () => speedPage.page.evaluate((n) => { const t0 = performance.now(); globalThis.readOnly(n); return (performance.now() - t0) / n; }, SPEED_FRAMES);
    await speedPage.page.evaluate((fr) => globalThis.renderFrames(fr), speech.slice(0, 5)); // warm-up (shader compiles)
    await speedPage.page.evaluate(() => globalThis.renderQuad(5));
    for (let round = 0; round < 3; round++) {
      const a = await timeAvatar();
      const q = await timeQuad();
      const r = await timeRead();
      speed.rounds.push({ avatarMs: a, quadMs: q, readMs: r });
    }
    speed.readMs = mean(speed.rounds.map((r) => r.readMs));
    speed.avatarMs = mean(speed.rounds.map((r) => r.avatarMs));
    speed.quadMs = mean(speed.rounds.map((r) => r.quadMs));
    speed.ratio = speed.avatarMs / speed.quadMs;
    speed.drawRatio = (speed.avatarMs - speed.readMs) / (speed.quadMs - speed.readMs);
    await speedPage.close();
    speedPage = null;
  }
  lap('speed', t);

  await detector.dispose();
  detector = null;

  // ---- Screenshots: identity sheet, worst re-detections
  if (out) {
    const idFrames = [];
    for (const I of identity) {
      idFrames.push({ rgba: await photoCropRgba(I.P.photo, I.crop, I.size), w: I.size, h: I.size }, { rgba: I.neutral, w: I.size, h: I.size }, ...I.motion.map((m) => ({ rgba: m.frame, w: I.size, h: I.size })));
    }
    if (idFrames.length) await contactSheet(join(out, 'identity-sheet.png'), idFrames, 2 + MOTION.length, CONTACT_SIZE);
    // Read-back renders: photo crop, neutral, then each channel at 1.
    const rbCells = [];
    for (const { frames } of rbFrames) rbCells.push(...[0, 1, ...SWEEPS.map((_, c) => 2 + c * LEVELS + LEVELS - 1)].map((i) => ({ rgba: frames[i], w: READBACK_SIZE, h: READBACK_SIZE })));
    if (rbCells.length) await contactSheet(join(out, 'readback-sheet.png'), rbCells, 2 + SWEEPS.length, CONTACT_SIZE);
    const worst = redetect.perPortrait.filter((r) => r.posed).sort((a, b) => b.posed.median - a.posed.median).slice(0, 3);
    for (const r of worst) {
      r.png = `redetect-worst-${stem(r.portrait)}.png`;
      await writeRedetectPng(join(out, r.png), r.draw);
    }
  }
  // Portraits whose re-detection misses the pass limit: listed as failures, with expected (green) and found (red) points.
  for (const x of redetect.failing) {
    const label = REDETECT_POSES.find(([k]) => k === x.key)[1];
    const fail = { portrait: x.portrait, kind: `re-detection (${label}) over ${f(100 * REDETECT_PASS, 0)} % of the eye distance`, detail: `median ${f(x.median)} px, limit ${f(x.limit)} px` };
    if (out) {
      fail.png = `fail-${stem(x.portrait)}-redetect-${x.key}.png`;
      await writeRedetectPng(join(out, fail.png), x.draw);
    }
    failures.push(fail);
    delete x.draw;
  }
  for (const r of redetect.perPortrait) delete r.draw;

  // ---- Report
  const sortedAll = (a) => [...a].sort((x, y) => x - y);
  const idPsnr = identity.map((I) => I.psnr), idSsim = identity.map((I) => I.ssim);
  const motionStats = MOTION.map(([name], j) => {
    const sims = identity.map((I) => I.motion[j].sim).filter(Boolean);
    const bg = identity.map((I) => I.motion[j].background);
    const rings = [0, 1, 2, 3].map((r) => ({ median: mean(identity.map((I) => I.motion[j].rings[r].median)), max: max(identity.map((I) => I.motion[j].rings[r].max)) }));
    return { name, rings, bgPixels: mean(bg.map((b) => b.pixels)), bgPixelsMin: min(bg.map((b) => b.pixels)), embedded: sims.length, cosineMean: mean(sims.map((s) => s.cosine)), cosineMin: min(sims.map((s) => s.cosine)), humanMean: mean(sims.map((s) => s.human)), humanMin: min(sims.map((s) => s.human)), bgMadMean: mean(bg.map((b) => b.mad)), bgMadMax: max(bg.map((b) => b.mad)), bgOver8Max: max(bg.map((b) => b.over8)) };
  });
  const neutralSims = identity.map((I) => I.neutralSim).filter(Boolean);
  const rbStats = SWEEPS.map(([drive]) => {
    const rows = rbRows.map((r) => r.channels[drive]);
    const pooledX = [], pooledY = [];
    for (const c of rows) c.read.forEach((v, i) => Number.isFinite(v) && (pooledX.push(levels[i]), pooledY.push(v)));
    return { channel: drive, flat: rows.filter((c) => c.flat).length, rMean: mean(rows.map((c) => c.r).filter(Number.isFinite)), rMin: min(rows.map((c) => c.r).filter(Number.isFinite)), rPooled: pearson(pooledX, pooledY), atZero: mean(rows.map((c) => c.atZero).filter(Number.isFinite)), atOne: mean(rows.map((c) => c.atOne).filter(Number.isFinite)), photo: mean(rows.map((c) => c.photo).filter(Number.isFinite)), detected: rows.reduce((s, c) => s + c.detected, 0), frames: rows.length * LEVELS };
  });
  const jawRows = rbRows.map((r) => r.channels.jawOpen);
  const rd = Object.fromEntries(['neutral', ...REDETECT_POSES.map(([k]) => k)].flatMap((k) => [[k, sortedAll(redetect[k])], [`${k}Mouth`, sortedAll(redetect[`${k}Mouth`])]]));
  const redetectStats = Object.fromEntries(Object.entries(rd).map(([k, v]) => [k, { points: v.length, median: quantile(v, 0.5), p95: quantile(v, 0.95), max: v[v.length - 1] ?? NaN }]));

  const L = [];
  L.push(`# Photo avatar measurements`, '');
  L.push(`Portraits: ${files.length} in ${facesDir}; landmarks on ${portraits.length}${Object.keys(errorsByCode).length ? ` (errors: ${Object.entries(errorsByCode).map(([c, n]) => `${c} ${n}`).join(', ')})` : ''}.`, '');
  L.push(`## 1. Identity at rest (${identity.length} portraits, full photo rendered at its own size, face box of the 468 points)`, '');
  L.push('| measure | mean | min |', '|---|---|---|');
  // A bit-identical face box has an infinite PSNR: its mean is over the others, and the count is said.
  const finitePsnr = idPsnr.filter(Number.isFinite);
  const identical = idPsnr.length - finitePsnr.length;
  L.push(`| PSNR (dB, RGB)${identical ? ` (mean over ${finitePsnr.length}; ${identical} bit-identical)` : ''} | ${f(mean(finitePsnr), 1)} | ${f(min(idPsnr), 1)} |`);
  L.push(`| SSIM (luma, 11x11 Gaussian) | ${f(mean(idSsim), 4)} | ${f(min(idSsim), 4)} |`);
  L.push(`| embedding cosine, neutral render vs photo | ${f(mean(neutralSims.map((s) => s.cosine)), 3)} | ${f(min(neutralSims.map((s) => s.cosine)), 3)} |`, '');
  L.push(`## 2. Identity under motion (${identity.length} portraits)`, '');
  L.push(`Embedding: @vladmandic/human face description (faceres), cosine and human.match.similarity (>= 0.5 counts as a match there) against the photo. Reference, different people (${impostor.length} pairs of these photos): cosine mean ${f(mean(impostor.map((s) => s.cosine)), 3)}, max ${f(max(impostor.map((s) => s.cosine)), 3)}; similarity mean ${f(mean(impostor.map((s) => s.human)), 3)}, max ${f(max(impostor.map((s) => s.human)), 3)}. Background: RGB mean absolute difference (0..255) to the neutral render outside the warp region's pinned outer ring (the face part's last ${RING_POINTS} vertices).`, '');
  L.push('| pose | embedded | cosine mean | cosine min | similarity mean | similarity min | background MAD mean | background MAD max | max share of bg px > 8 |', '|---|---|---|---|---|---|---|---|---|');
  for (const m of motionStats) L.push(`| ${m.name} | ${m.embedded}/${identity.length} | ${f(m.cosineMean, 3)} | ${f(m.cosineMin, 3)} | ${f(m.humanMean, 3)} | ${f(m.humanMin, 3)} | ${f(m.bgMadMean, 3)} | ${f(m.bgMadMax, 3)} | ${f(m.bgOver8Max * 100, 2)}% |`);
  L.push('');
  const side = identity[0]?.size ?? 0;
  L.push(`The background compared above is what lies outside the warp region: ${f(motionStats[0]?.bgPixels / (side * side) * 100, 0)}% of the frame on average (least ${f(motionStats[0]?.bgPixelsMin / (side * side) * 100, 0)}%). Inside it, the soft blend region bends the background near the head with it, by design; how far each ring's points move on the image (px, median over a ring's points averaged over portraits / largest):`, '');
  L.push('| pose | ring 1 (x1.3, 85 % of the turn) | ring 2 (x1.6, 55 %) | ring 3 (x1.95, 22 %) | ring 4 (x2.3, pinned) |', '|---|---|---|---|---|');
  for (const m of motionStats) L.push(`| ${m.name} | ${m.rings.map((r) => `${f(r.median, 1)} / ${f(r.max, 1)}`).join(' | ')} |`);
  L.push('');
  L.push(`## 3. Expression read-back (MediaPipe Face Landmarker, IMAGE mode; ${rbRows.length} portraits, ${LEVELS} levels 0..1, face crop at ${READBACK_SIZE} px; two-sided channels driven and read as the mean of left and right)`, '');
  L.push(`Pearson r per portrait over the sweep (mean and min over portraits whose read-back moved by at least ${FLAT}; "flat": portraits where it moved less), r pooled over all portraits' points; read-back values are means over portraits.`, '');
  L.push('| channel | Pearson r mean | r min | flat | r pooled | read-back at 0 | read-back at 1 | at 1 minus at 0 | on the photo | frames with a face |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const s of rbStats) L.push(`| ${s.channel} | ${f(s.rMean)} | ${f(s.rMin)} | ${s.flat}/${rbRows.length} | ${f(s.rPooled)} | ${f(s.atZero)} | ${f(s.atOne)} | ${f(s.atOne - s.atZero)} | ${f(s.photo)} | ${s.detected}/${s.frames} |`);
  L.push('');
  L.push(`jawOpen read-back: at rest (neutral render) mean ${f(mean(rbRows.map((r) => r.neutralJawOpen).filter(Number.isFinite)))} (the photo itself: ${f(mean(rbRows.map((r) => r.photoJawOpen).filter(Number.isFinite)))}); driving 1 minus neutral: mean ${f(mean(jawRows.map((c, i) => c.atOne - rbRows[i].neutralJawOpen).filter(Number.isFinite)))}, min ${f(min(jawRows.map((c, i) => c.atOne - rbRows[i].neutralJawOpen).filter(Number.isFinite)))}. Per portrait: ${rbRows.map((r) => `${r.portrait} rest ${f(r.neutralJawOpen)} → ${f(r.channels.jawOpen.atOne)}`).join('; ')}.`, '');
  const sil = rbRows.map((r) => r.silence);
  L.push(`Closed in silence: the motion model's own frames in real pauses (${silenceFrames.length}: up to ${SILENCE_PER_CLIP} per labelled clip, inside its aligned silences of 300 ms or more, 100 ms in from their ends), read back on each portrait: jawOpen mean ${f(mean(sil.map((x) => x.jawOpen).filter(Number.isFinite)))}, largest ${f(max(sil.map((x) => x.maxJawOpen).filter(Number.isFinite)))}; read as closed (jawOpen at most the neutral render's + ${CLOSED_MARGIN}) ${sil.reduce((a, x) => a + x.closed, 0)} of ${sil.reduce((a, x) => a + x.detected, 0)} frames with a face (${sil.reduce((a, x) => a + x.frames, 0)} rendered).`, '');
  L.push(`## 4. Coverage (${files.length} portraits)`, '');
  L.push(`Landmarks: ${portraits.length} of ${files.length}${Object.keys(errorsByCode).length ? `; errors: ${Object.entries(errorsByCode).map(([c, n]) => `${c} ${n}`).join(', ')}` : ''}. NaN in any deformed part: ${nanPortraits} portraits.`, '');
  // The detector's second run on the mirrored photo (mergeMirroredFace): what it settled.
  const checks = portraits.map((P) => P.lm.mirrorCheck).filter(Boolean);
  const kept = { original: 0, mirrored: 0, both: 0 };
  for (const c of checks) for (const e of c.eyes) kept[e.kept]++;
  const runDistance = portraits.filter((P) => P.lm.mirrorCheck?.sameFace).map((P) => P.lm.mirrorCheck.medianDistance / P.lm.eyeDistance).sort((a, b) => a - b);
  L.push(
    `Mirrored landmark run (mergeMirroredFace) on ${checks.length} portraits: ${checks.filter((c) => !c.sameFace).length} found a different face; of ${kept.original + kept.mirrored + kept.both} eyes, ${kept.original} kept from the photo's run and ${kept.mirrored} from the mirror's (their irises more than ${MIRROR_IRIS_DISAGREEMENT} radii apart and one clearly darker), ${kept.both} averaged. The two runs' points lie ${f(100 * quantile(runDistance, 0.5), 1)} % of the eye distance apart at the median portrait's median point.`,
    '',
  );
  L.push(`Flipped triangles over ${portraits.length} portraits, each cell "3D flips / visible folds [inside out at rest] {turned away}", summed triangles (portraits affected). 3D flips: flippedTriangles (the normal turned against its rest normal) of triangles facing the camera at rest; in brackets, 3D flips of slivers the landmarks put inside out at rest (a closed mouth's corners) that the pose turns the right way round, an unfold, not listed as a failure; visible folds: a triangle facing the camera at rest whose winding on the image is reversed (projectToPhoto; slivers inverted at rest that turn round are not counted). Under a head turn, braces count the triangles that the turn alone turns away from the camera or leaves edge-on (under 0.25 px²), rigidly (all three vertices turn fully with the head: a far cheek at the silhouette, as on a real head), not counted as folds. All ignore triangles under (0.5 px)² in either pose:`, '');
  L.push(`| pose | ${FLIP_PARTS.join(' | ')} |`, `|---|${FLIP_PARTS.map(() => '---').join('|')}|`);
  for (const [pose] of COVERAGE_POSES) L.push(`| ${pose} | ${FLIP_PARTS.map((p) => (flipRows[pose] ? `${flipRows[pose][p].triangles} (${flipRows[pose][p].portraits}) / ${flipRows[pose][p].folds} (${flipRows[pose][p].foldPortraits}) [${flipRows[pose][p].insideOutAtRest}]${flipRows[pose][p].turnedAway ? ` {${flipRows[pose][p].turnedAway}}` : ''}` : '—')).join(' | ')} |`);
  const where = COVERAGE_POSES.filter(([pose]) => flipRows[pose]?.face.folds).map(([pose]) => {
    const c = flipRows[pose].face;
    return `${pose}: ${c.where.ring} in the warp ring, ${c.where.head} where the head itself folds, ${c.where.other} elsewhere${c.where.other ? ` (largest ${f(c.otherMaxPx2, 1)} px²)` : ''}`;
  });
  if (where.length) L.push('', `Where the face's visible folds are (the warp ring, judged only where it meets the silhouette; the head posed like the portrait, with its own targets unrepaired, folds there too; or neither): ${where.join('; ')}.`);
  const anyFlip = portraits.filter((P) => (flipPortraits.get(P.file) ?? []).some((x) => x.flips)).length;
  const anyFold = portraits.filter((P) => (flipPortraits.get(P.file) ?? []).some((x) => x.folds)).length;
  L.push('', `Portraits with a 3D flip: ${anyFlip} of ${portraits.length}; with a visible fold: ${anyFold}.`, '');
  const shaded = portraits.filter((P) => P.sunglasses.sunglasses);
  L.push(`Sunglasses (detectSunglasses; PhotoAvatar then holds the eyes still): ${shaded.length} of ${portraits.length} flagged${shaded.length ? `: ${shaded.map((P) => `${P.file} (skin under the eyes ${f(P.sunglasses.skinUnderEyes)}, lightness ${f(P.sunglasses.lightnessUnderEyes)}, eye white ${f(P.sunglasses.eyeWhite)}, iris contrast ${f(P.sunglasses.irisContrast)})`).join(', ')}` : ''}. Nothing here says which portraits really wear them: check the list against the contact sheet or the failure screenshots.`, '');
  L.push(`Visible folds under the motion model's own frames on real speech: ${speechFolds.frames} frames (one in ${SPEECH_EVERY} at ${SPEECH_FPS} fps of ${speechFolds.clips.join(', ')}; its weights, mouthClose capped at jawOpen, and its head rotation; no blinks or gaze, a run-time layer) on each of the ${portraits.length} portraits, counted as above (a rigid turn-away is not a fold):`, '');
  L.push('| part | portrait-frames with a fold | triangles folded (summed over frames) | of them 1 px² or more | 4 px² or more | largest px² | portraits |', '|---|---|---|---|---|---|---|');
  for (const [name, c] of Object.entries(speechFolds.parts)) L.push(`| ${name} | ${c.foldFrames} of ${speechFolds.frames * portraits.length} | ${c.triangles} | ${c.over1} | ${c.over4} | ${f(c.maxPx2, 1)} | ${c.portraits.size} |`);
  L.push('', `PhotoAvatar eases a frame's weights other than the jaw where they fold the face (FoldGuard, on by default; the last row): ${speechFolds.parts['face, eased by FoldGuard'].eased} portrait-frames eased; what is left folds with those weights at 0 (the jaw or the turn alone).`);
  L.push('');
  const foundFor = (key) => redetect.perPortrait.filter((r) => r[key]).length;
  const passFor = (key) => redetect.perPortrait.filter((r) => r[key]?.pass).length;
  L.push(`Landmark re-detection on renders (Node detector, full photo at its own size) vs where the deformation put the 468 face points, px${redetect.wholePixels ? ' (the detector returned whole-pixel x, y for every point, so errors are quantised to about 1 px)' : ''}:`, '');
  L.push(`| render | faces found | median, all points | p95, all points | max | median, mouth points | p95, mouth points | portraits within ${f(100 * REDETECT_PASS, 0)} % of the eye distance (median point) |`, '|---|---|---|---|---|---|---|---|');
  for (const [key, label] of [['neutral', 'neutral (detector + render noise)'], ...REDETECT_POSES]) {
    const st = redetectStats[key], sm = redetectStats[`${key}Mouth`];
    L.push(`| ${label} | ${foundFor(key)}/${portraits.length} | ${f(st.median)} | ${f(st.p95)} | ${f(st.max, 1)} | ${f(sm.median)} | ${f(sm.p95)} | ${passFor(key)}/${foundFor(key)} |`);
  }
  L.push('', `Pass limit: a portrait's median re-detection error at most ${f(100 * REDETECT_PASS, 0)} % of its eye distance (about ${f(REDETECT_PASS * quantile(portraits.map((P) => P.lm.eyeDistance).sort((a, b) => a - b), 0.5), 1)} px at the median eye distance here); the detector's own disagreement between its runs on the photo and on the mirrored photo reaches ${f(100 * max(runDistance), 1)} % at the worst portrait in this run. Portraits over it are listed with the failures below.`, '');
  const worstRd = redetect.perPortrait.filter((r) => r.posed).sort((a, b) => b.posed.median - a.posed.median).slice(0, 5);
  L.push(`Worst re-detections (posed, median px / mouth mean px): ${worstRd.map((r) => `${r.portrait} ${f(r.posed.median)} / ${f(r.posed.mouthMean)}`).join('; ') || '—'}.`, '');
  L.push(`Failures (${failures.length}; flipped-triangle details are "part 3D flips/visible folds" per pose; screenshots: the face crop of each pose, folds outlined red, 3D-only flips yellow):`, '');
  if (failures.length) {
    L.push('| portrait | what | detail | screenshot |', '|---|---|---|---|');
    for (const x of failures) L.push(`| ${x.portrait} | ${x.kind} | ${String(x.detail).replace(/\|/g, '/').slice(0, 400)} | ${x.png ?? '—'} |`);
  } else L.push('none');
  L.push('');
  L.push(`## 5. Speed (${SPEED_SIZE}x${SPEED_SIZE}, ${SPEED_FRAMES} frames x ${speed.rounds.length} rounds, headless Chromium, SwiftShader WebGL; in-page time per frame including the RGBA read-back and base64 packing, same page and pipeline)`, '');
  L.push('| what | ms per frame | draw only (minus read-back) |', '|---|---|---|');
  L.push(`| photo avatar (${speed.portrait}, speech-like frames, face crop) | ${f(speed.avatarMs, 1)} | ${f(speed.avatarMs - speed.readMs, 1)} |`);
  L.push(`| plain textured quad of the same photo | ${f(speed.quadMs, 1)} | ${f(speed.quadMs - speed.readMs, 1)} |`);
  L.push(`| read-back and packing alone (canvas -> RGBA -> base64, no draw) | ${f(speed.readMs, 1)} | — |`);
  L.push(`| ratio avatar / quad | ${f(speed.ratio)} | ${f(speed.drawRatio)} |`, '');
  const builds = [...buildMs].sort((a, b) => a - b);
  L.push(`Fitting the mesh (buildPhotoMesh, in Node on the CPU, once per photo): median ${f(quantile(builds, 0.5), 0)} ms, max ${f(builds[builds.length - 1], 0)} ms over ${builds.length} portraits.`, '');
  const total = performance.now() - T0;
  L.push(`Run time ${(total / 1000).toFixed(0)} s (${Object.entries(sectionMs).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ')}).${out ? ` PNGs in ${out}.` : ''}`);
  process.stdout.write(L.join('\n') + '\n');

  if (opt.json) {
    mkdirSync(dirname(opt.json), { recursive: true });
    const json = {
      ...report,
      portraits: files.length,
      found: portraits.length,
      errorsByCode,
      identity: {
        psnrMean: mean(idPsnr.filter(Number.isFinite)), psnrBitIdentical: idPsnr.filter((v) => !Number.isFinite(v)).length, psnrMin: min(idPsnr), ssimMean: mean(idSsim), ssimMin: min(idSsim),
        impostor: { pairs: impostor.length, cosineMean: mean(impostor.map((s) => s.cosine)), cosineMax: max(impostor.map((s) => s.cosine)), humanMean: mean(impostor.map((s) => s.human)), humanMax: max(impostor.map((s) => s.human)) },
        motion: motionStats,
        perPortrait: identity.map((I) => ({ portrait: I.P.file, box: I.box, psnr: I.psnr, ssim: I.ssim, neutralSim: I.neutralSim, motion: I.motion.map((m) => ({ pose: m.name, sim: m.sim, background: m.background })) })),
      },
      readback: { levels, size: READBACK_SIZE, channels: rbStats, perPortrait: rbRows },
      coverage: { nanPortraits, speechFolds: { ...speechFolds, parts: Object.fromEntries(Object.entries(speechFolds.parts).map(([k, c]) => [k, { ...c, portraits: [...c.portraits] }])) }, flips: flipRows, flipsPerPortrait: Object.fromEntries([...flipPortraits].map(([k, v]) => [k, v.map(({ pose, part, flips, folds, flipped, folded }) => ({ pose, part, flips, folds, flipped, folded }))])), redetect: redetectStats, redetectWholePixels: redetect.wholePixels, redetectPerPortrait: redetect.perPortrait, mouthIds: MOUTH_IDS },
      failures,
      speed,
      buildMs,
      timingMs: { ...sectionMs, total: Math.round(total) },
    };
    writeFileSync(opt.json, JSON.stringify(json, (k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2));
  }
}

let status = 0;
try {
  await main();
} catch (e) {
  process.stderr.write(`measurePhoto crashed: ${e?.stack ?? e}\n`);
  status = 1;
} finally {
  for (const r of [renderer, readback, embedder, speedPage]) await r?.close().catch(() => undefined);
  await detector?.dispose().catch(() => undefined);
}
process.exit(status);
