// The Mouthpiece demo: the head (or a portrait the user picks) talks from a
// sample, a file or the microphone, with the model running in the browser
// (onnxruntime-web in a Worker). Imports only the package's public entry
// points (npm run lint).
import { BLENDSHAPE_NAMES, mouthAperture, type Frame } from 'mouthpiece/api';
import { AnimationLayers } from 'mouthpiece/animation';
import { FaceRig } from 'mouthpiece/three';
import { connectSpeech, createWebMotionSession, FrameBuffer, processAudioBuffer, type SpeechInput, type WebMotionSession } from 'mouthpiece/web';
import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';

import { CurvePlot } from './CurvePlot';
import { PhotoStage } from './PhotoStage';

const ORT = '/ort/';
const HEAD = '/head.glb';
const SAMPLE = '/samples/hello.wav';
const I = Object.fromEntries(BLENDSHAPE_NAMES.map((n, i) => [n, i])) as Record<string, number>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  sample: $<HTMLButtonElement>('sample'),
  mic: $<HTMLButtonElement>('mic'),
  stop: $<HTMLButtonElement>('stop'),
  file: $<HTMLInputElement>('file'),
  emotion: $<HTMLSelectElement>('emotion'),
  intensity: $<HTMLInputElement>('intensity'),
  seed: $<HTMLInputElement>('seed'),
  latency: $<HTMLSelectElement>('latency'),
  layers: $<HTMLInputElement>('layers'),
  photo: $<HTMLInputElement>('photo'),
  head3d: $<HTMLButtonElement>('head3d'),
  synthetic: $<HTMLDivElement>('synthetic'),
  status: $<HTMLDivElement>('status'),
};

// -- scene -------------------------------------------------------------------------------------------
const view = $<HTMLDivElement>('view');
const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
renderer.setPixelRatio(Math.min(2, devicePixelRatio));
view.append(renderer.domElement);
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x1d2127);
scene.add(new THREE.HemisphereLight(0xffffff, 0x444444, 1.3));
const key = new THREE.DirectionalLight(0xffffff, 1.6);
key.position.set(0.4, 0.5, 1);
scene.add(key);
const camera = new THREE.PerspectiveCamera(24, 1, 0.01, 10);
camera.position.set(0, -0.01, 0.78 - 0.085);
camera.lookAt(0, -0.035, -0.085);
function resize() {
  const { clientWidth: w, clientHeight: h } = view;
  renderer.setSize(w, h, false);
  camera.aspect = w / h;
  camera.updateProjectionMatrix();
  photo.resize(w / h);
}
const photo = new PhotoStage();
addEventListener('resize', resize);
resize();

const gltf = await new GLTFLoader().loadAsync(HEAD);
scene.add(gltf.scene);
const rig = new FaceRig(gltf.scene);
let face: THREE.Mesh | null = null;
gltf.scene.traverse((o) => {
  if (o.name === 'Face' && (o as THREE.Mesh).isMesh) face = o as THREE.Mesh;
});

// -- frames ------------------------------------------------------------------------------------------
const newFrame = (): Frame => ({ time: 0, weights: new Float32Array(52), head: { rotation: { pitch: 0, yaw: 0, roll: 0 }, position: { x: 0, y: 0, z: 0 } } });
const work = newFrame();
const rest = newFrame();
const makeLayers = () =>
  ui.layers.checked
    ? new AnimationLayers({ seed: Number(ui.seed.value) || 1 })
    : new AnimationLayers({ seed: 1, blink: false, gaze: false, idle: false, brows: false });
let layers = makeLayers();
for (const el of [ui.seed, ui.layers]) el.addEventListener('change', () => (layers = makeLayers()));

function copyFrame(src: Frame, dst: Frame): Frame {
  dst.time = src.time;
  dst.weights.set(src.weights);
  Object.assign(dst.head.rotation, src.head.rotation);
  Object.assign(dst.head.position, src.head.position);
  dst.gaze = undefined;
  return dst;
}

// -- audio and the model ---------------------------------------------------------------------------
let ctx: AudioContext | null = null;
let session: WebMotionSession | null = null;
let sessionKey = '';
let speech: SpeechInput | null = null;
let stopSource: (() => void) | null = null;
/** Bumped by every start and stop: a start that finds it changed after an await gives up (a newer action won). */
let generation = 0;
let starting: Promise<WebMotionSession> | null = null;

function audioContext(): AudioContext {
  ctx ??= new AudioContext();
  void ctx.resume();
  return ctx;
}

async function motionSession(): Promise<WebMotionSession> {
  // One model load at a time, however often the buttons are clicked.
  while (starting) await starting.catch(() => undefined);
  const c = audioContext();
  const key = ui.latency.value;
  if (!session || sessionKey !== key) {
    starting = loadSession(c, key);
    try {
      await starting;
    } finally {
      starting = null;
    }
  }
  return session!;
}

async function loadSession(c: AudioContext, key: string): Promise<WebMotionSession> {
  session?.dispose();
  session = null;
  ui.status.textContent = 'loading the model…';
  session = await createWebMotionSession({
    model: key as 'default' | 'lowlatency',
    wasmPaths: ORT,
    sampleRate: c.sampleRate,
    emotion: ui.emotion.value as never,
    intensity: Number(ui.intensity.value),
  });
  sessionKey = key;
  return session;
}

for (const el of [ui.emotion, ui.intensity]) {
  el.addEventListener('input', () => void session?.setConditioning({ emotion: ui.emotion.value as never, intensity: Number(ui.intensity.value) }).catch(showError));
}
ui.latency.addEventListener('change', () => void stop());

async function stop() {
  generation++;
  stopSource?.();
  stopSource = null;
  const s = speech;
  speech = null;
  ui.stop.disabled = true;
  await s?.stop().catch(showError);
}

async function play(buffer: AudioBuffer) {
  await stop();
  const mine = generation;
  const c = audioContext();
  const s = await motionSession();
  if (mine !== generation) return;
  const src = c.createBufferSource();
  src.buffer = buffer;
  // A longer hold than the default: on a slow machine (software WebGL) frames reach the page in bursts,
  // and a frame 200 ms old looks better than a face snapping to rest between bursts.
  const input = await connectSpeech({ context: c, session: s, input: src, onError: showError, buffer: new FrameBuffer({ hold: 0.25 }) });
  if (mine !== generation) return void input.stop();
  speech = input;
  // Only the end of this source stops playback (a newer one may be playing by then).
  src.onended = () => void (speech === input ? stop() : undefined);
  src.start();
  stopSource = () => src.stop();
  ui.stop.disabled = false;
}

async function listen() {
  await stop();
  const mine = generation;
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } });
  const release = () => stream.getTracks().forEach((t) => t.stop());
  try {
    const s = await motionSession();
    if (mine !== generation) return release();
    const input = await connectSpeech({ context: audioContext(), session: s, input: stream, onError: showError });
    if (mine !== generation) {
      release();
      return void input.stop();
    }
    speech = input;
    stopSource = release;
    ui.stop.disabled = false;
  } catch (e) {
    release();
    throw e;
  }
}

async function decode(bytes: ArrayBuffer): Promise<AudioBuffer> {
  return audioContext().decodeAudioData(bytes);
}

let errorUntil = 0;
let lastError = '';
function showError(e: unknown) {
  const code = (e as { code?: string })?.code;
  lastError = `${code ? `${code}: ` : ''}${(e as Error)?.message ?? String(e)}`;
  ui.status.textContent = `error: ${lastError}`;
  errorUntil = performance.now() + 5000; // shown for 5 s, then the status panel takes over again
}

ui.sample.onclick = () => void fetch(SAMPLE).then((r) => r.arrayBuffer()).then(decode).then(play).catch(showError);
ui.mic.onclick = () => void listen().catch(showError);
ui.stop.onclick = () => void stop();
ui.file.onchange = () => {
  const f = ui.file.files?.[0];
  if (f) void f.arrayBuffer().then(decode).then(play).catch(showError);
};

// -- the portrait ------------------------------------------------------------------------------------
/** Which face is on screen: the 3D head, or the photo avatar once a portrait loaded. */
let mode: 'head' | 'photo' = 'head';
let photoLoading: Promise<void> | null = null;
function setMode(m: 'head' | 'photo') {
  mode = m;
  ui.head3d.disabled = m === 'head';
  // Synthetic output is labelled on screen (see the README's usage policy).
  ui.synthetic.hidden = m !== 'photo';
}
ui.photo.onchange = () => {
  const f = ui.photo.files?.[0];
  ui.photo.value = ''; // the same file picked again is a new request
  if (!f) return;
  const statusNow = (t: string) => {
    ui.status.textContent = t;
    errorUntil = performance.now() + 60_000; // progress stays up until the load ends
  };
  lastError = '';
  const loading: Promise<void> = photo
    .load(f, statusNow)
    .then((landmarks) => {
      if (!landmarks) return; // superseded by a newer pick, which sets the mode
      errorUntil = 0;
      setMode('photo');
      showStatusPanel();
    })
    .catch(showError) // the face on screen stays as it was
    .finally(() => {
      if (photoLoading === loading) photoLoading = null;
    });
  photoLoading = loading;
};
ui.head3d.onclick = () => {
  photo.clear();
  setMode('head');
};
setMode('head');

// -- the loop ----------------------------------------------------------------------------------------
const plot = new CurvePlot($<HTMLCanvasElement>('plot'), [
  { name: 'jawOpen', index: I.jawOpen, color: '#f2a541' },
  { name: 'mouthClose', index: I.mouthClose, color: '#5ab4ff' },
  { name: 'smile', index: I.mouthSmileLeft, color: '#7ee081' },
  { name: 'blink', index: I.eyeBlinkLeft, color: '#d991ff' },
]);
let lastTick = performance.now();
/** A frame the test hook left on screen (the loop shows it instead of the resting face until playback starts). */
let held: Frame | null = null;
let frames = 0;
let lastStatus = 0;
let fps = 0;
let fpsFrames = 0;
let fpsSince = performance.now();

function show(frame: Frame, dt: number) {
  if (mode === 'photo') return photo.render(renderer, frame);
  rig.setFrame(frame);
  rig.update(dt);
  renderer.render(scene, camera);
}

renderer.setAnimationLoop(() => {
  const tickNow = performance.now();
  const dt = Math.min(0.1, (tickNow - lastTick) / 1000);
  lastTick = tickNow;
  const src = speech?.frame() ?? null;
  let f: Frame;
  if (!src && held) {
    f = held;
  } else if (src) {
    held = null;
    f = copyFrame(src, work);
    layers.apply(f, dt);
    frames++;
  } else {
    layers.relax(rest, dt);
    f = rest;
  }
  show(f, dt);
  const now = performance.now() / 1000;
  plot.push(now, f.weights);
  plot.draw(now);
  fpsFrames++;
  if (performance.now() - fpsSince > 1000) {
    fps = (fpsFrames * 1000) / (performance.now() - fpsSince);
    fpsFrames = 0;
    fpsSince = performance.now();
  }
  if (performance.now() - lastStatus > 250 && performance.now() > errorUntil) showStatusPanel();
});

/** The status panel (the loop refreshes it; a finished photo load shows it at once, not a frame later). */
function showStatusPanel(): void {
  lastStatus = performance.now();
  ui.status.textContent = [
    `backend     onnxruntime-web ${session?.backend ?? '—'} (Worker)`,
    `model       ${sessionKey || '—'}, lookahead ${session?.lookaheadMs ?? '—'} ms`,
    `sync delay  ${speech ? `${speech.syncDelayMs} ms` : '—'}`,
    `worker      ${session ? session.lastBusyMs.toFixed(2) : '—'} ms per chunk`,
    `render      ${fps.toFixed(0)} fps, ${frames} frames shown`,
    `input       ${speech ? (speech.live ? 'microphone' : 'playing') : 'idle'}`,
    `face        ${faceStatus()}`,
  ].join('\n');
}

function faceStatus(): string {
  const lm = photo.landmarks;
  if (mode !== 'photo' || !lm) return '3D head';
  const deg = (r: number) => `${Math.round((r * 180) / Math.PI)}°`;
  const eyes = photo.eyesStill ? (photo.sunglasses ? ', sunglasses: eyes held still' : ', eyes held still') : '';
  return `photo ${lm.width}x${lm.height}, yaw ${deg(lm.pose.yaw)}, pitch ${deg(lm.pose.pitch)}${eyes}`;
}

// -- a test hook (used by the browser tests; harmless otherwise) ---------------------------------------
/** Pixel distance between the centre points of the upper and lower inner lip, as rendered now. */
function lipGapPx(weights: Float32Array): number {
  if (mode === 'photo') return photo.lipGapPx(weights, renderer.domElement.height);
  if (!face) return NaN;
  const pos = face.geometry.attributes.position;
  const morph = face.geometry.morphAttributes.position ?? [];
  const infl = face.morphTargetInfluences ?? [];
  const at = (i: number) => {
    const v = new THREE.Vector3().fromBufferAttribute(pos, i);
    morph.forEach((m, k) => {
      if (infl[k]) v.add(new THREE.Vector3().fromBufferAttribute(m, i).multiplyScalar(infl[k]));
    });
    face!.updateWorldMatrix(true, false);
    return v.applyMatrix4(face!.matrixWorld).project(camera);
  };
  const a = at(13);
  const b = at(14);
  const { width, height } = renderer.domElement;
  return Math.hypot(((a.x - b.x) * width) / 2, ((a.y - b.y) * height) / 2);
}

(globalThis as Record<string, unknown>).mouthpieceDemo = {
  /** Animates the sample offline (no playback), then renders it at each time with the layers off: lip gaps in pixels. */
  async sampleLipGaps(times: number[]) {
    await stop(); // the session is about to be reused for the whole sample
    ui.layers.checked = false;
    layers = makeLayers();
    const buffer = await fetch(SAMPLE).then((r) => r.arrayBuffer()).then(decode);
    const s = await motionSession();
    await s.reset();
    const all = await processAudioBuffer(s, buffer);
    const fb = new FrameBuffer({ capacity: 100_000 });
    fb.push(all);
    // The photo mode also checks pixels: the mouth box's mean change in grey level against the same frame
    // with every weight at 0 (the same head pose), so only the face's own motion counts.
    const box = mode === 'photo' ? photo.mouthBox(renderer.domElement) : null;
    const still = newFrame();
    const out = times.map((t) => {
      const f = fb.at(t);
      const shown = f ? copyFrame(f, work) : rest;
      let neutral: Float32Array | null = null;
      if (box) {
        copyFrame(shown, still).weights.fill(0);
        show(still, 0);
        neutral = mouthLuma(box);
      }
      show(shown, 0);
      const mouthChange = box && neutral ? meanAbsDiff(mouthLuma(box), neutral) : null;
      return { t, aperture: f ? mouthAperture(f.weights) : 0, gapPx: lipGapPx(shown.weights), mouthChange };
    });
    // Keep the last rendered frame on screen (for a screenshot) until something plays.
    const last = fb.at(times[times.length - 1]);
    held = last ? copyFrame(last, newFrame()) : null;
    return { backend: s.backend, frames: all.length, duration: buffer.duration, out };
  },
  /** 'head' or 'photo'. */
  get mode() {
    return mode;
  },
  /** The last error shown (with its code), '' when none since the last photo was picked. */
  get lastError() {
    return lastError;
  },
  /** Resolves when the photo being loaded (if any) is on screen or failed. */
  photoSettled: () => photoLoading ?? Promise.resolve(),
  get framesShown() {
    return frames;
  },
  get framesProduced() {
    return speech?.buffer.length ?? 0;
  },
  playSample: () => ui.sample.click(),
};

const lumaCanvas = document.createElement('canvas');
/** Grey levels of a canvas rectangle as rendered now (the renderer keeps its drawing buffer). */
function mouthLuma(b: { x: number; y: number; width: number; height: number }): Float32Array {
  lumaCanvas.width = b.width;
  lumaCanvas.height = b.height;
  const g = lumaCanvas.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(renderer.domElement, b.x, b.y, b.width, b.height, 0, 0, b.width, b.height);
  const d = g.getImageData(0, 0, b.width, b.height).data;
  const out = new Float32Array(b.width * b.height);
  for (let i = 0; i < out.length; i++) out[i] = 0.299 * d[i * 4] + 0.587 * d[i * 4 + 1] + 0.114 * d[i * 4 + 2];
  return out;
}
function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}
document.documentElement.dataset.ready = 'true';
