// Runs inside headless Chromium (served by FaceReadback.mjs from 127.0.0.1).
// Holds one MediaPipe Face Landmarker and turns batches of RGBA frames,
// fetched from the Node side as raw bytes, into packed Float32 results that it
// posts back. Nothing here touches the network beyond the local server.

import { FaceLandmarker, FilesetResolver } from './tasks-vision/vision_bundle.mjs';

/** Landmarks per face in the v2 bundle (468 mesh + 10 iris). */
const LANDMARKS = 478;

/** @type {any} */ let fileset = null;
/** @type {Uint8Array | null} */ let modelBytes = null;
/** @type {any} */ let landmarker = null;
/** @type {'VIDEO' | 'IMAGE'} */ let mode = 'VIDEO';
/** @type {string[]} */ let wanted = [];
/** @type {Set<string>} */ let absentOk = new Set(); // names MediaPipe is known not to output
/** @type {Int32Array | null} */ let nameMap = null; // wanted index -> MediaPipe category index
let lastTs = -1;
let numFaces = 1;

async function createLandmarker() {
  if (landmarker) landmarker.close();
  landmarker = null;
  nameMap = null;
  lastTs = -1;
  landmarker = await FaceLandmarker.createFromOptions(fileset, {
    baseOptions: {
      // A copy: the task runner may keep or transfer the buffer it is given.
      modelAssetBuffer: new Uint8Array(/** @type {Uint8Array} */ (modelBytes)),
      // CPU (XNNPACK on WebAssembly): the GPU delegate would run on
      // SwiftShader here, which is software GL emulating a GPU - slower than
      // XNNPACK and, for MediaPipe's GL compute paths, not reliable. CPU
      // results are also the same on every machine, GPU or not.
      delegate: 'CPU',
    },
    runningMode: mode,
    numFaces,
    outputFaceBlendshapes: true,
    outputFacialTransformationMatrixes: true,
  });
}

/**
 * Maps MediaPipe's categories (`_neutral` + 52 ARKit names, in its own order)
 * to the requested order, by name. Throws naming every missing name.
 * @param {{ categoryName: string }[]} categories
 */
function buildNameMap(categories) {
  const index = new Map(categories.map((c, i) => [c.categoryName, i]));
  const missing = wanted.filter((n) => !index.has(n) && !absentOk.has(n));
  if (missing.length) {
    throw new Error(
      `MediaPipe blendshape output lacks ${missing.length} expected name(s): ${missing.join(', ')}; ` +
        `it returned: ${categories.map((c) => c.categoryName).join(', ')}`,
    );
  }
  return Int32Array.from(wanted, (n) => index.get(n) ?? -1);
}

/**
 * True when every mapped category still carries the expected name.
 * @param {{ categoryName: string }[]} categories
 * @param {Int32Array} map
 */
function sameOrder(categories, map) {
  for (let k = 0; k < map.length; k++) {
    if (map[k] >= 0 && categories[map[k]]?.categoryName !== wanted[k]) return false;
  }
  return true;
}

/**
 * @param {{ runningMode: 'VIDEO' | 'IMAGE', names: string[], absentOk?: string[], numFaces?: number }} opts
 */
async function init(opts) {
  mode = opts.runningMode;
  wanted = opts.names;
  absentOk = new Set(opts.absentOk ?? []);
  numFaces = opts.numFaces ?? 1;
  fileset = await FilesetResolver.forVisionTasks(new URL('./tasks-vision/wasm', location.href).href);
  const res = await fetch('./model.task');
  if (!res.ok) throw new Error(`model fetch failed: HTTP ${res.status}`);
  modelBytes = new Uint8Array(await res.arrayBuffer());
  const t0 = performance.now();
  await createLandmarker();
  return {
    simd: await FilesetResolver.isSimdSupported(),
    createMs: performance.now() - t0,
    userAgent: navigator.userAgent,
  };
}

/**
 * Reads one batch. The packed output per frame is
 * [detected (0/1), 52 scores, (478*3 landmarks if asked), (16 matrix values if asked)].
 *
 * @param {{ inUrl: string, outUrl: string, n: number, width: number, height: number,
 *   timestamps: number[] | null, landmarks: boolean, matrix: boolean, reset: boolean }} job
 */
async function run(job) {
  if (job.reset) await createLandmarker();
  const res = await fetch(job.inUrl);
  if (!res.ok) throw new Error(`frame fetch failed: HTTP ${res.status}`);
  const buf = await res.arrayBuffer();
  const frameBytes = job.width * job.height * 4;
  if (buf.byteLength !== frameBytes * job.n) {
    throw new Error(`got ${buf.byteLength} frame bytes, expected ${frameBytes * job.n}`);
  }
  const K = wanted.length;
  const stride = 1 + K + (job.landmarks ? LANDMARKS * 3 : 0) + (job.matrix ? 16 : 0);
  const out = new Float32Array(stride * job.n);
  let detectMs = 0;
  for (let i = 0; i < job.n; i++) {
    const image = new ImageData(new Uint8ClampedArray(buf, i * frameBytes, frameBytes), job.width, job.height);
    const t0 = performance.now();
    let result;
    if (mode === 'VIDEO') {
      const ts = /** @type {number[]} */ (job.timestamps)[i];
      if (!(ts > lastTs)) throw new Error(`timestamps must increase: ${ts} after ${lastTs}`);
      lastTs = ts;
      result = landmarker.detectForVideo(image, ts);
    } else {
      result = landmarker.detect(image);
    }
    detectMs += performance.now() - t0;
    const o = i * stride;
    const shapes = result.faceBlendshapes?.[0]?.categories;
    const marks = result.faceLandmarks?.[0];
    if (!shapes || !marks) continue; // detected stays 0, the rest 0
    if (!nameMap || !sameOrder(shapes, nameMap)) nameMap = buildNameMap(shapes);
    out[o] = 1;
    for (let k = 0; k < K; k++) out[o + 1 + k] = nameMap[k] >= 0 ? shapes[nameMap[k]].score : NaN;
    let p = o + 1 + K;
    if (job.landmarks) {
      if (marks.length !== LANDMARKS) throw new Error(`expected ${LANDMARKS} landmarks, got ${marks.length}`);
      for (let j = 0; j < LANDMARKS; j++, p += 3) {
        out[p] = marks[j].x;
        out[p + 1] = marks[j].y;
        out[p + 2] = marks[j].z;
      }
    }
    if (job.matrix) {
      const m = result.facialTransformationMatrixes?.[0]?.data;
      if (m && m.length === 16) out.set(m, p);
      else out.fill(NaN, p, p + 16);
    }
  }
  const post = await fetch(job.outUrl, { method: 'POST', body: out });
  if (!post.ok) throw new Error(`result post failed: HTTP ${post.status}`);
  return { detectMs, stride };
}

// @ts-ignore - the harness calls these through page.evaluate
window.__readback = { init, run };
// @ts-ignore
window.__readbackReady = true;
