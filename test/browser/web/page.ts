// Runs in headless Chromium (bundled by harness.ts): the browser runtime
// end to end, with the model in a real module Worker on onnxruntime-web.
// Exposes window.mouthpieceTest for the Node side to call.
import { Canvas } from '@react-three/fiber';
import { createElement, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BufferGeometry, Float32BufferAttribute, Mesh, MeshBasicMaterial, Object3D } from 'three';
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js';

import { BLENDSHAPE_NAMES } from '../../../src/api/blendshapeNames.js';
import type { Frame } from '../../../src/api/Frame.js';
import { MouthpieceAvatar } from '../../../src/react/MouthpieceAvatar.js';
import type { WebSpeechState } from '../../../src/react/useWebSpeech.js';
import { FaceRig } from '../../../src/three/FaceRig.js';
import { builtInModelSettings } from '../../../src/runtime/builtInModelSettings.js';
import { connectSpeech, createWebMotionSession, FrameBuffer, packFrames, type WebMotionSession } from '../../../src/web/index.js';

async function fetchPcm(url: string): Promise<Float32Array> {
  return new Float32Array(await (await fetch(url)).arrayBuffer());
}

async function session(sampleRate: number, model: string, extra: Record<string, unknown> = {}): Promise<WebMotionSession> {
  const worker = new Worker('/worker.js', { type: 'module' });
  // The default model served by URL: give it the settings it ships with, as Node's openEngine() does.
  return createWebMotionSession({
    worker,
    model,
    wasmPaths: '/ort/',
    sampleRate,
    fps: 60,
    ...builtInModelSettings('default'),
    ...extra,
  });
}

function packed(frames: Frame[]) {
  const p = packFrames(frames);
  return { times: Array.from(p.times), values: Array.from(p.values) };
}

/** A mesh with the 52 ARKit morph targets, as a rigged character would have. */
function face(): { root: Object3D; mesh: Mesh } {
  const g = new BufferGeometry();
  g.setAttribute('position', new Float32BufferAttribute(new Float32Array(9), 3));
  // Small non-zero deltas so an exporter keeps every target.
  g.morphAttributes.position = BLENDSHAPE_NAMES.map((n, i) => Object.assign(new Float32BufferAttribute(new Float32Array(9).fill(0.001 * (i + 1)), 3), { name: n }));
  const mesh = new Mesh(g, new MeshBasicMaterial());
  mesh.updateMorphTargets();
  const root = new Object3D();
  root.add(mesh);
  return { root, mesh };
}

const api = {
  /** Pushes the PCM in `chunkMs` chunks through a Worker session; frames, backend and timings. */
  async pushed(opts: { pcmUrl: string; sampleRate: number; model: string; chunkMs: number }) {
    const pcm = await fetchPcm(opts.pcmUrl);
    const s = await session(opts.sampleRate, opts.model);
    const step = Math.round((opts.chunkMs * opts.sampleRate) / 1000);
    const t0 = performance.now();
    const pending: Promise<Frame[]>[] = [];
    for (let at = 0; at < pcm.length; at += step) pending.push(s.push(pcm.subarray(at, at + step)));
    const frames = [...(await Promise.all(pending)).flat(), ...(await s.flush())];
    const ms = performance.now() - t0;
    const out = { backend: s.backend, lookaheadMs: s.lookaheadMs, ms, seconds: pcm.length / opts.sampleRate, frames: packed(frames) };
    s.dispose();
    return out;
  },

  /**
   * The AudioWorklet path on an OfflineAudioContext (a stepped clock: it
   * renders as fast as it can): buffer source -> connectSpeech -> Worker.
   * Then a rig on a synthetic ARKit mesh is stepped through the frames.
   */
  async offline(opts: { pcmUrl: string; sampleRate: number; model: string }) {
    const pcm = await fetchPcm(opts.pcmUrl);
    const ctx = new OfflineAudioContext(1, pcm.length, opts.sampleRate);
    const buf = ctx.createBuffer(1, pcm.length, opts.sampleRate);
    buf.copyToChannel(pcm, 0);
    const src = ctx.createBufferSource();
    src.buffer = buf;
    const s = await session(opts.sampleRate, opts.model);
    const errors: string[] = [];
    // Keep every frame as it arrives (the buffer is what a page reads by time).
    const frames: Frame[] = [];
    const buffer = new FrameBuffer({ capacity: 1_000_000 });
    const push = buffer.push.bind(buffer);
    buffer.push = (f) => {
      frames.push(...f);
      push(f);
    };
    const speech = await connectSpeech({ context: ctx, session: s, input: src, buffer, syncDelayMs: 0, onError: (e) => errors.push(e.message) });
    src.start(0);
    await ctx.startRendering();
    // Worklet messages may still be queued after rendering: wait until the count stops growing.
    let last = -1;
    while (speech.samplesSent !== last) {
      last = speech.samplesSent;
      await new Promise((r) => setTimeout(r, 200));
    }
    await speech.settled();
    const startTime = speech.startTime;
    await speech.stop();
    // Step a rig through the frames on a fake clock, 60 updates per second, no smoothing.
    const { root, mesh } = face();
    const rig = new FaceRig(root, { smoothing: 0 });
    const jaw = mesh.morphTargetDictionary!.jawOpen;
    const JAW = BLENDSHAPE_NAMES.indexOf('jawOpen');
    let rigWorst = 0;
    let maxJaw = 0;
    let steps = 0;
    for (let t = 0; t <= (buffer.end ?? 0); t += 1 / 60) {
      const f = buffer.at(t);
      if (!f) continue;
      rig.setFrame(f);
      rig.update(1 / 60);
      rigWorst = Math.max(rigWorst, Math.abs(mesh.morphTargetInfluences![jaw] - f.weights[JAW]));
      maxJaw = Math.max(maxJaw, mesh.morphTargetInfluences![jaw]);
      steps++;
    }
    rig.dispose();
    const out = { backend: s.backend, samplesSent: speech.samplesSent, startTime, errors, rigWorst, maxJaw, steps, frames: packed(frames) };
    s.dispose();
    return out;
  },

  /**
   * Real time: an <audio> element played through a running AudioContext via
   * connectSpeech. Samples the input's clock against the element's position
   * and whether a frame is there to show, every 50 ms while it plays.
   */
  async element(opts: { url: string; model: string }) {
    const ctx = new AudioContext();
    await ctx.resume();
    const audio = new Audio(opts.url);
    audio.crossOrigin = 'anonymous';
    await new Promise((ok, fail) => {
      audio.oncanplaythrough = ok;
      audio.onerror = () => fail(new Error('audio element failed to load'));
    });
    const s = await session(ctx.sampleRate, opts.model);
    const speech = await connectSpeech({ context: ctx, session: s, input: audio });
    const samples: { clock: number | null; element: number; frame: number | null; end: number | null; sent: number }[] = [];
    await audio.play();
    while (!audio.ended) {
      await new Promise((r) => setTimeout(r, 50));
      samples.push({ clock: speech.clock(), element: audio.currentTime, frame: speech.frame()?.time ?? null, end: speech.buffer.end, sent: speech.samplesSent / ctx.sampleRate });
    }
    await speech.stop();
    const out = { sampleRate: ctx.sampleRate, syncDelayMs: speech.syncDelayMs, outputLatency: ctx.outputLatency ?? 0, frames: speech.buffer.length, samples };
    s.dispose();
    await ctx.close();
    return out;
  },

  /** Real time: a microphone MediaStream (Chromium's fake device) for `seconds`; the newest frame is shown. */
  async microphone(opts: { model: string; seconds: number }) {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const ctx = new AudioContext();
    await ctx.resume();
    const s = await session(ctx.sampleRate, opts.model, { model: opts.model });
    const speech = await connectSpeech({ context: ctx, session: s, input: stream });
    await new Promise((r) => setTimeout(r, opts.seconds * 1000));
    const shown = speech.frame();
    const newest = speech.buffer.end;
    const clock = speech.clock();
    await speech.stop();
    stream.getTracks().forEach((t) => t.stop());
    const out = { live: speech.live, playback: speech.playback, frames: speech.buffer.length, shown: shown?.time ?? null, newest, clock };
    s.dispose();
    await ctx.close();
    return out;
  },

  /**
   * React Three Fiber: <MouthpieceAvatar url audio> in a real <Canvas> (WebGL), the GLB made here
   * with three's GLTFExporter from the synthetic ARKit face. Samples jawOpen on the loaded mesh
   * while the element plays and after it ended.
   */
  async avatar(opts: { url: string; model: string }) {
    const glb = await new GLTFExporter().parseAsync(face().root, { binary: true });
    const glbUrl = URL.createObjectURL(new Blob([glb as ArrayBuffer], { type: 'model/gltf-binary' }));
    const audio = new Audio(opts.url);
    await new Promise((ok) => (audio.oncanplaythrough = ok));
    const host = document.createElement('div');
    host.style.cssText = 'width:256px;height:256px';
    document.body.append(host);
    let scene: Object3D | null = null;
    const states: WebSpeechState[] = [];
    const root = createRoot(host);
    root.render(
      createElement(Canvas, { frameloop: 'always' },
        createElement(Suspense, { fallback: null },
          createElement(MouthpieceAvatar, {
            url: glbUrl,
            audio,
            layers: false,
            ref: (o: Object3D | null) => void (scene = o ?? scene),
            speech: { worker: () => new Worker('/worker.js', { type: 'module' }), wasmPaths: '/ort/', model: opts.model },
            onSpeech: (st: WebSpeechState) => void states.push(st),
          } as never))),
    );
    const waitFor = async (ok: () => boolean, ms: number) => {
      for (const t0 = performance.now(); !ok() && performance.now() - t0 < ms; ) await new Promise((r) => setTimeout(r, 50));
    };
    await waitFor(() => scene !== null && states.some((st) => st.speech !== null || st.error !== null), 60_000);
    const mesh = (() => {
      let m: Mesh | null = null;
      scene?.traverse((o) => void ((o as Mesh).morphTargetDictionary?.jawOpen !== undefined && (m = o as Mesh)));
      return m as Mesh | null;
    })();
    const jaw = () => (mesh ? mesh.morphTargetInfluences![mesh.morphTargetDictionary!.jawOpen] : NaN);
    await audio.play();
    let maxJaw = 0;
    while (!audio.ended) {
      await new Promise((r) => setTimeout(r, 30));
      maxJaw = Math.max(maxJaw, jaw());
    }
    await new Promise((r) => setTimeout(r, 1500));
    const restJaw = jaw();
    const last = states[states.length - 1];
    const out = {
      loaded: scene !== null,
      morphs: mesh ? Object.keys(mesh.morphTargetDictionary!).length : 0,
      backend: last?.session?.backend ?? null,
      error: last?.error?.message ?? null,
      maxJaw,
      restJaw,
    };
    root.unmount();
    URL.revokeObjectURL(glbUrl);
    return out;
  },

  /** Latency of one small chunk: push -> frames back, after warm-up, `n` times. */
  async latency(opts: { sampleRate: number; model: string; chunkMs: number; n: number }) {
    const s = await session(opts.sampleRate, opts.model);
    const step = Math.round((opts.chunkMs * opts.sampleRate) / 1000);
    const chunk = new Float32Array(step).map((_, i) => 0.1 * Math.sin(i * 0.3));
    for (let i = 0; i < 50; i++) await s.push(chunk);
    const ms: number[] = [];
    for (let i = 0; i < opts.n; i++) {
      const t0 = performance.now();
      await s.push(chunk);
      ms.push(performance.now() - t0);
    }
    s.dispose();
    return { ms, lookaheadMs: s.lookaheadMs };
  },
};

(globalThis as unknown as { mouthpieceTest: typeof api }).mouthpieceTest = api;
document.title = 'ready';
