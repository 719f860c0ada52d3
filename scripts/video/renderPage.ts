// In headless Chromium (bundled by scripts/renderVideo.mjs): the Mouthpiece
// head driven by the library's own FaceRig, rendered frame by frame at a
// fixed size; frames come back as raw RGBA (base64), top row first.
import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';

import type { Frame } from '../../src/api/Frame.js';
import { FaceRig } from '../../src/three/FaceRig.js';

/** A frame as sent from Node: weights plus head rotation and gaze. */
type Packed = { w: number[]; r: [number, number, number]; g?: [number, number] };

let state: { renderer: THREE.WebGLRenderer; scene: THREE.Scene; camera: THREE.PerspectiveCamera; rig: FaceRig; read: CanvasRenderingContext2D; size: number } | null = null;

async function setup(size: number) {
  const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  renderer.setSize(size, size);
  document.body.append(renderer.domElement);
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x2a3038);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x555555, 1.3));
  const key = new THREE.DirectionalLight(0xffffff, 1.6);
  key.position.set(0.35, 0.45, 1);
  scene.add(key);
  const gltf = await new GLTFLoader().loadAsync('/head.glb');
  scene.add(gltf.scene);
  const camera = new THREE.PerspectiveCamera(24, 1, 0.01, 10);
  camera.position.set(0, -0.01, 0.7 - 0.085);
  camera.lookAt(0, -0.03, -0.085);
  const canvas = Object.assign(document.createElement('canvas'), { width: size, height: size });
  state = { renderer, scene, camera, rig: new FaceRig(gltf.scene), read: canvas.getContext('2d', { willReadFrequently: true })!, size };
}

const frame: Frame = { time: 0, weights: new Float32Array(52), head: { rotation: { pitch: 0, yaw: 0, roll: 0 }, position: { x: 0, y: 0, z: 0 } } };

(globalThis as Record<string, unknown>).renderFrames = async (frames: Packed[], size: number): Promise<string[]> => {
  if (!state || state.size !== size) await setup(size);
  const s = state!;
  const out: string[] = [];
  for (const p of frames) {
    frame.weights.set(p.w);
    [frame.head.rotation.pitch, frame.head.rotation.yaw, frame.head.rotation.roll] = p.r;
    frame.gaze = p.g ? { pitch: p.g[0], yaw: p.g[1] } : undefined;
    s.rig.setFrame(frame);
    s.rig.update(0);
    s.renderer.render(s.scene, s.camera);
    s.read.drawImage(s.renderer.domElement, 0, 0);
    const rgba = s.read.getImageData(0, 0, size, size).data;
    let bin = '';
    for (let i = 0; i < rgba.length; i += 0x8000) bin += String.fromCharCode.apply(null, Array.from(rgba.subarray(i, i + 0x8000)));
    out.push(btoa(bin));
  }
  return out;
};
document.title = 'ready';
