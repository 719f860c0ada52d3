// The read-back harness: RGBA frames -> the 52 ARKit blendshape scores (and
// optionally the 478 landmarks and the facial transformation matrix) that
// MediaPipe's Face Landmarker reads from them, run in headless Chromium.
//
// Node serves everything the page needs (the page script, the
// @mediapipe/tasks-vision bundle and wasm, the .task bytes and the frames)
// from a 127.0.0.1 HTTP server on an ephemeral port; every other request the
// page makes is aborted, so nothing comes from the network.
//
// No console output here: this is a library module.

import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const here = dirname(fileURLToPath(import.meta.url));

/** Repository root (this file lives in test/eval/readback/). */
export const REPO_ROOT = resolve(here, '../../..');

/** The Face Landmarker bundle in the shared data folder beside the repository. */
export const DEFAULT_MODEL_PATH = resolve(REPO_ROOT, '../shared/data/models/face_landmarker_v2_with_blendshapes.task');

/** Landmarks per face in the v2 bundle (468 mesh + 10 iris). */
export const LANDMARK_COUNT = 478;

/**
 * ARKit names MediaPipe's blendshape model does not output (it returns
 * `_neutral` + the other 51). Their scores come back as NaN; any other missing
 * name is an error.
 */
export const NOT_READ_BACK = Object.freeze(['tongueOut']);

/**
 * Chromium flags: headless, no sandbox (containers), no background traffic,
 * WebGL through ANGLE on SwiftShader (software; MediaPipe uploads input images
 * through a WebGL texture even with the CPU delegate).
 */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-gl=angle',
  '--use-angle=swiftshader',
]);

/** @type {Promise<readonly string[]> | null} */
let namesPromise = null;

/**
 * The project's 52 ARKit names in the project's order, from the compiled API.
 * @returns {Promise<readonly string[]>}
 */
export function loadBlendshapeNames() {
  namesPromise ??= import('../../../dist/api/blendshapeNames.js').then(
    (m) => {
      const names = m.BLENDSHAPE_NAMES;
      if (!Array.isArray(names) || names.length !== 52) {
        throw new Error(`dist/api/blendshapeNames.js: BLENDSHAPE_NAMES should list 52 names, has ${names?.length}`);
      }
      return names;
    },
    (err) => {
      namesPromise = null;
      throw new Error(
        `cannot load dist/api/blendshapeNames.js (${err?.message ?? err}); build the TypeScript first: npx tsc -p tsconfig.json`,
      );
    },
  );
  return namesPromise;
}

/**
 * @typedef {object} ReadbackFrame
 * @property {boolean} detected  a face was found
 * @property {Float32Array | null} blendshapes  52 scores in [0, 1], project (ARKit) order, NaN for the
 *   names in NOT_READ_BACK (tongueOut); null when not detected
 * @property {Float32Array | null} [landmarks]  478*3 normalized x, y (0..1 of the image, y down) and z; only with `{ landmarks: true }`
 * @property {Float32Array | null} [matrix]  facial transformation matrix, 16 values, column-major as MediaPipe gives it (translation in 12..14, cm); only with `{ matrix: true }`
 */

/**
 * @typedef {object} ReadOptions
 * @property {number} [fps=25]  frame rate, for VIDEO-mode timestamps
 * @property {number[]} [timestampsMs]  explicit increasing timestamps (VIDEO mode), instead of i*1000/fps
 * @property {boolean} [landmarks=false]  also return the 478 landmarks
 * @property {boolean} [matrix=false]  also return the facial transformation matrix
 * @property {boolean} [continueSequence=false]  VIDEO mode: go on tracking from the previous call's
 *   last frame. By default each call is its own sequence (a fresh landmarker, so a result never
 *   depends on what was read before).
 */

/**
 * @typedef {object} ReadbackStats
 * @property {number} frames   frames read so far
 * @property {number} detectMs time inside detect()/detectForVideo(), summed
 * @property {number} wallMs   wall time of readRgba calls, summed (transfer and packing included)
 * @property {number} createMs time to create landmarkers (first one and resets), summed
 * @property {number} openMs   time openFaceReadback took (browser start, wasm and model load)
 */

/**
 * @typedef {object} FaceReadback
 * @property {(frames: ArrayBufferView[] | ArrayBufferView, width: number, height: number, opts?: ReadOptions) => Promise<ReadbackFrame[]>} readRgba
 *   Reads RGBA frames (top row first, width*height*4 bytes each), given as an array of frames or as one
 *   buffer holding them back to back. Frames are read in order.
 * @property {() => Promise<void>} close  closes the browser and the server (idempotent)
 * @property {readonly string[]} names  the 52 blendshape names, in the order of `blendshapes`
 * @property {ReadbackStats} stats
 * @property {'VIDEO' | 'IMAGE'} runningMode
 */

const MIME = /** @type {Record<string, string>} */ ({
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.task': 'application/octet-stream',
});

/** @param {string} p */
function mimeOf(p) {
  const dot = p.lastIndexOf('.');
  return MIME[dot >= 0 ? p.slice(dot) : ''] ?? 'application/octet-stream';
}

/**
 * Opens headless Chromium with a MediaPipe Face Landmarker (CPU delegate).
 *
 * @param {object} [opts]
 * @param {string} [opts.modelPath]  the .task bundle (default: DEFAULT_MODEL_PATH; relative paths resolve against the cwd)
 * @param {string} [opts.chromiumPath='/usr/bin/chromium']
 * @param {'VIDEO' | 'IMAGE'} [opts.runningMode='VIDEO']  VIDEO tracks the face from frame to frame; IMAGE reads every frame alone
 * @param {number} [opts.numFaces=1]  faces the landmarker looks for (results report the first)
 * @param {number} [opts.startTimeoutMs=120000]
 * @returns {Promise<FaceReadback>}
 */
export async function openFaceReadback({
  modelPath = DEFAULT_MODEL_PATH,
  chromiumPath = '/usr/bin/chromium',
  runningMode = 'VIDEO',
  numFaces = 1,
  startTimeoutMs = 120_000,
} = {}) {
  const tOpen = performance.now();
  if (runningMode !== 'VIDEO' && runningMode !== 'IMAGE') {
    throw new RangeError(`runningMode must be 'VIDEO' or 'IMAGE', got ${JSON.stringify(runningMode)}`);
  }
  const modelAbs = resolve(modelPath);
  if (!existsSync(modelAbs) || !statSync(modelAbs).isFile()) {
    throw new Error(`Face Landmarker model (.task) not found: ${modelAbs}`);
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}; install it with: apt-get install chromium (or pass chromiumPath)`);
  }
  const names = await loadBlendshapeNames();
  const modelBytes = await readFile(modelAbs);
  // A .task is a zip archive (MediaPipe's own files may start with a few padding bytes).
  if (modelBytes.subarray(0, 64).indexOf(Buffer.from('PK\x03\x04', 'latin1')) < 0) {
    throw new Error(`not a MediaPipe .task bundle (a zip file): ${modelAbs}`);
  }

  const require = createRequire(import.meta.url);
  let visionDir;
  try {
    visionDir = dirname(require.resolve('@mediapipe/tasks-vision'));
  } catch {
    throw new Error('@mediapipe/tasks-vision is not installed (npm install)');
  }
  const { chromium } = await import('playwright-core');
  const pageScript = readFileSync(join(here, 'page.mjs'));

  // --- local server -------------------------------------------------------
  const token = randomBytes(12).toString('hex');
  /** @type {Map<string, Buffer>} */
  const inputs = new Map();
  /** @type {Map<string, { resolve: (b: Buffer) => void, reject: (e: Error) => void }>} */
  const outputs = new Map();
  const html = Buffer.from(
    '<!doctype html><meta charset="utf-8"><title>readback</title><script type="module" src="./page.mjs"></script>',
  );
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const prefix = `/${token}/`;
    /** @param {number} code @param {string} [msg] */
    const fail = (code, msg = '') => {
      res.writeHead(code, { 'content-type': 'text/plain' });
      res.end(msg);
    };
    if (!url.pathname.startsWith(prefix)) return fail(404);
    const rest = decodeURIComponent(url.pathname.slice(prefix.length));
    /** @param {Buffer} body @param {string} type */
    const send = (body, type) => {
      res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method === 'POST' && rest.startsWith('out/')) {
      const waiter = outputs.get(rest.slice(4));
      if (!waiter) return fail(404);
      /** @type {Buffer[]} */
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        outputs.delete(rest.slice(4));
        waiter.resolve(Buffer.concat(chunks));
        fail(200, 'ok');
      });
      req.on('error', (e) => waiter.reject(e));
      return;
    }
    if (req.method !== 'GET') return fail(405);
    if (rest === '' || rest === 'index.html') return send(html, MIME['.html']);
    if (rest === 'page.mjs') return send(pageScript, MIME['.mjs']);
    if (rest === 'model.task') return send(modelBytes, MIME['.task']);
    if (rest.startsWith('in/')) {
      const body = inputs.get(rest.slice(3));
      if (!body) return fail(404);
      inputs.delete(rest.slice(3));
      return send(body, 'application/octet-stream');
    }
    if (rest.startsWith('tasks-vision/')) {
      const file = resolve(visionDir, rest.slice('tasks-vision/'.length));
      if (!file.startsWith(visionDir + sep) || !existsSync(file) || !statSync(file).isFile()) return fail(404);
      readFile(file).then(
        (b) => send(b, mimeOf(file)),
        () => fail(500),
      );
      return;
    }
    fail(404);
  });
  await new Promise((ok, bad) => {
    server.once('error', bad);
    server.listen(0, '127.0.0.1', () => ok(undefined));
  });
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  const origin = `http://127.0.0.1:${addr.port}`;
  const base = `${origin}/${token}/`;

  // --- browser ------------------------------------------------------------
  /** @type {string[]} */
  const pageLog = [];
  /** @param {string} line */
  const log = (line) => {
    pageLog.push(line);
    if (pageLog.length > 40) pageLog.shift();
  };
  const logTail = () => (pageLog.length ? `\npage log (last lines):\n${pageLog.slice(-12).join('\n')}` : '');

  /** @type {import('playwright-core').Browser | null} */
  let browser = null;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const w of outputs.values()) w.reject(new Error('face read-back closed'));
    outputs.clear();
    inputs.clear();
    try {
      if (browser) await browser.close();
    } finally {
      await new Promise((ok) => server.close(() => ok(undefined)));
    }
  };

  /** @type {import('playwright-core').Page | null} */
  let page = null;
  /** @type {{ simd: boolean, createMs: number, userAgent: string }} */
  let info;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      timeout: startTimeoutMs,
    });
    const context = await browser.newContext({ serviceWorkers: 'block' });
    page = await context.newPage();
    page.setDefaultTimeout(startTimeoutMs);
    page.on('console', (m) => log(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log(`[pageerror] ${e.message}`));
    // Only the local server; anything else (a CDN, telemetry) is refused.
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base)) return route.continue();
      log(`[blocked] ${url}`);
      return route.abort('blockedbyclient');
    });
    await page.goto(`${base}index.html`);
    await page.waitForFunction(() => /** @type {any} */ (window).__readbackReady === true, null, {
      timeout: startTimeoutMs,
    });
    info = await page.evaluate(
      (o) => /** @type {any} */ (window).__readback.init(o),
      { runningMode, names: [...names], absentOk: [...NOT_READ_BACK], numFaces },
    );
  } catch (err) {
    const msg = /** @type {Error} */ (err)?.message ?? String(err);
    await close().catch(() => {});
    throw new Error(`face read-back failed to start: ${msg}${logTail()}`);
  }

  /** @type {ReadbackStats} */
  const stats = { frames: 0, detectMs: 0, wallMs: 0, createMs: info.createMs, openMs: 0 };
  let fresh = true; // the current landmarker has not seen a frame yet
  let lastTs = -Infinity;
  let seq = 0;
  /** @type {Promise<unknown>} */
  let queue = Promise.resolve();

  /**
   * @param {ArrayBufferView[] | ArrayBufferView} frames
   * @param {number} width
   * @param {number} height
   * @param {ReadOptions} [opts]
   * @returns {Promise<ReadbackFrame[]>}
   */
  async function readOnce(frames, width, height, opts = {}) {
    if (closed) throw new Error('face read-back is closed');
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      throw new RangeError(`width and height must be positive integers, got ${width}x${height}`);
    }
    const fps = opts.fps ?? 25;
    if (!(fps > 0)) throw new RangeError(`fps must be positive, got ${fps}`);
    const frameBytes = width * height * 4;
    /** @type {Uint8Array[]} */
    let list;
    if (Array.isArray(frames)) {
      list = frames.map((f, i) => {
        const u = new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
        if (u.length !== frameBytes) {
          throw new RangeError(`frame ${i} has ${u.length} bytes; ${width}x${height} RGBA needs ${frameBytes}`);
        }
        return u;
      });
    } else if (ArrayBuffer.isView(frames)) {
      const u = new Uint8Array(frames.buffer, frames.byteOffset, frames.byteLength);
      if (u.length % frameBytes !== 0) {
        throw new RangeError(`buffer of ${u.length} bytes is not a whole number of ${width}x${height} RGBA frames`);
      }
      list = [];
      for (let o = 0; o < u.length; o += frameBytes) list.push(u.subarray(o, o + frameBytes));
    } else {
      throw new TypeError('frames must be an array of RGBA frames or one buffer of them');
    }
    const n = list.length;
    if (n === 0) return [];
    const wantLandmarks = !!opts.landmarks;
    const wantMatrix = !!opts.matrix;

    // Timestamps (VIDEO): one sequence per call unless continueSequence.
    let reset = false;
    /** @type {number[] | null} */
    let ts = null;
    if (runningMode === 'VIDEO') {
      if (!opts.continueSequence && !fresh) reset = true;
      const start = opts.continueSequence && Number.isFinite(lastTs) ? lastTs + 1000 / fps : 0;
      if (opts.timestampsMs) {
        if (opts.timestampsMs.length !== n) throw new RangeError(`timestampsMs has ${opts.timestampsMs.length} entries for ${n} frames`);
        ts = [...opts.timestampsMs];
      } else {
        ts = Array.from({ length: n }, (_, i) => start + (i * 1000) / fps);
      }
      const floor = reset || fresh || !opts.continueSequence ? -Infinity : lastTs;
      for (let i = 0; i < n; i++) {
        if (!(ts[i] > (i ? ts[i - 1] : floor))) throw new RangeError(`timestamps must strictly increase (frame ${i}: ${ts[i]})`);
      }
      if (reset) lastTs = -Infinity;
    }

    const t0 = performance.now();
    /** @type {ReadbackFrame[]} */
    const results = [];
    const perBatch = Math.max(1, Math.floor((48 << 20) / frameBytes));
    for (let b = 0; b < n; b += perBatch) {
      const count = Math.min(perBatch, n - b);
      const id = `${++seq}`;
      const body = Buffer.allocUnsafe(count * frameBytes);
      for (let i = 0; i < count; i++) body.set(list[b + i], i * frameBytes);
      inputs.set(id, body);
      /** @type {Promise<Buffer>} */
      const posted = new Promise((ok, bad) => outputs.set(id, { resolve: ok, reject: bad }));
      const doReset = reset && b === 0;
      let ran;
      try {
        const tCreate = performance.now();
        ran = await /** @type {import('playwright-core').Page} */ (page).evaluate(
          (/** @type {any} */ job) => /** @type {any} */ (window).__readback.run(job),
          {
            inUrl: `${base}in/${id}`,
            outUrl: `${base}out/${id}`,
            n: count,
            width,
            height,
            timestamps: ts ? ts.slice(b, b + count) : null,
            landmarks: wantLandmarks,
            matrix: wantMatrix,
            reset: doReset,
          },
        );
        if (doReset) stats.createMs += Math.max(0, performance.now() - tCreate - ran.detectMs);
      } catch (err) {
        inputs.delete(id);
        outputs.get(id)?.reject(/** @type {Error} */ (err));
        outputs.delete(id);
        posted.catch(() => {});
        throw new Error(`face read-back failed: ${/** @type {Error} */ (err)?.message ?? err}${logTail()}`);
      }
      fresh = false;
      const raw = await posted;
      const K = names.length;
      const stride = 1 + K + (wantLandmarks ? LANDMARK_COUNT * 3 : 0) + (wantMatrix ? 16 : 0);
      if (ran.stride !== stride || raw.length !== stride * count * 4) {
        throw new Error(`face read-back returned ${raw.length} bytes, expected ${stride * count * 4}`);
      }
      const packed = new Float32Array(stride * count);
      new Uint8Array(packed.buffer).set(raw);
      for (let i = 0; i < count; i++) {
        const o = i * stride;
        const detected = packed[o] === 1;
        /** @type {ReadbackFrame} */
        const r = { detected, blendshapes: detected ? packed.slice(o + 1, o + 1 + K) : null };
        let p = o + 1 + K;
        if (wantLandmarks) {
          r.landmarks = detected ? packed.slice(p, p + LANDMARK_COUNT * 3) : null;
          p += LANDMARK_COUNT * 3;
        }
        if (wantMatrix) r.matrix = detected ? packed.slice(p, p + 16) : null;
        results.push(r);
      }
      stats.detectMs += ran.detectMs;
    }
    if (ts) lastTs = ts[n - 1];
    stats.frames += n;
    stats.wallMs += performance.now() - t0;
    return results;
  }

  stats.openMs = performance.now() - tOpen;
  return {
    names,
    stats,
    runningMode,
    close,
    readRgba(frames, width, height, opts) {
      const job = queue.then(() => readOnce(frames, width, height, opts));
      queue = job.catch(() => {});
      return job;
    },
  };
}

/**
 * Fills the rows of frames without a face by linear interpolation between the
 * nearest frames with one (held at the ends; zeros if no frame has a face),
 * giving an n x 52 matrix. `detected[i]` tells which rows were read.
 *
 * @param {ReadbackFrame[]} frames
 * @returns {{ rows: number[][], detected: boolean[] }}
 */
export function blendshapeRows(frames) {
  const n = frames.length;
  const detected = frames.map((f) => f.detected && !!f.blendshapes);
  const K = frames.find((f) => f.blendshapes)?.blendshapes?.length ?? 52;
  /** @type {number[][]} */
  const rows = new Array(n);
  const idx = [];
  for (let i = 0; i < n; i++) if (detected[i]) idx.push(i);
  if (idx.length === 0) {
    for (let i = 0; i < n; i++) rows[i] = new Array(K).fill(0);
    return { rows, detected };
  }
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (detected[i]) {
      rows[i] = Array.from(/** @type {Float32Array} */ (frames[i].blendshapes));
      continue;
    }
    while (j + 1 < idx.length && idx[j + 1] < i) j++;
    const a = idx[j] < i ? idx[j] : null;
    const bIdx = idx.find((k) => k > i);
    const b = bIdx === undefined ? null : bIdx;
    const ra = a === null ? null : /** @type {Float32Array} */ (frames[a].blendshapes);
    const rb = b === null ? null : /** @type {Float32Array} */ (frames[b].blendshapes);
    if (ra && rb && a !== null && b !== null) {
      const t = (i - a) / (b - a);
      rows[i] = Array.from(ra, (v, k) => v + (rb[k] - v) * t);
    } else {
      rows[i] = Array.from(/** @type {Float32Array} */ (ra ?? rb));
    }
  }
  return { rows, detected };
}
