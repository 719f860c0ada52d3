// In headless Chromium (bundled by scripts/renderVideo.mjs): the Mouthpiece
// head driven by the library's own FaceRig, rendered frame by frame at a
// fixed size; frames come back as raw RGBA (base64), top row first.
import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';

import { FaceRig } from '../../src/three/FaceRig.js';
import { readBase64, readContext, restFrame, squareStage, unpackFrame, type PackedFrame } from './pageFrames.js';

let state: { renderer: THREE.WebGLRenderer; scene: THREE.Scene; camera: THREE.PerspectiveCamera; rig: FaceRig; read: CanvasRenderingContext2D; size: number } | null = null;

async function setup(size: number) {
  const { renderer, scene } = squareStage(size, 0x2a3038);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x555555, 1.3));
  const key = new THREE.DirectionalLight(0xffffff, 1.6);
  key.position.set(0.35, 0.45, 1);
  scene.add(key);
  const gltf = await new GLTFLoader().loadAsync('/head.glb');
  scene.add(gltf.scene);
  const camera = new THREE.PerspectiveCamera(24, 1, 0.01, 10);
  camera.position.set(0, -0.01, 0.7 - 0.085);
  camera.lookAt(0, -0.03, -0.085);
  state = { renderer, scene, camera, rig: new FaceRig(gltf.scene), read: readContext(size), size };
}

const frame = restFrame();

(globalThis as Record<string, unknown>).renderFrames = async (frames: PackedFrame[], size: number): Promise<string[]> => {
  if (!state || state.size !== size) await setup(size);
  const s = state!;
  const out: string[] = [];
  for (const p of frames) {
    s.rig.setFrame(unpackFrame(p, frame));
    s.rig.update(0);
    s.renderer.render(s.scene, s.camera);
    s.read.drawImage(s.renderer.domElement, 0, 0);
    out.push(readBase64(s.read, size));
  }
  return out;
};
document.title = 'ready';
