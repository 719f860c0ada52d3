// In headless Chromium (bundled by renderHead.mjs): renders the Mouthpiece
// head GLB with three.js for a list of poses (morph weights, camera yaw) and
// returns raw RGBA frames (base64), top row first.
import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';

let ctx = null;

async function setup(size) {
  const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  renderer.setSize(size, size);
  document.body.append(renderer.domElement);
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x9aa7b4);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x555555, 1.3));
  const key = new THREE.DirectionalLight(0xffffff, 1.6);
  key.position.set(0.3, 0.4, 1);
  scene.add(key);
  const gltf = await new GLTFLoader().loadAsync('/head.glb');
  scene.add(gltf.scene);
  const meshes = [];
  gltf.scene.traverse((o) => o.isMesh && o.morphTargetDictionary && meshes.push(o));
  const camera = new THREE.PerspectiveCamera(24, 1, 0.01, 10);
  const canvas2d = Object.assign(document.createElement('canvas'), { width: size, height: size });
  ctx = { renderer, scene, meshes, camera, canvas2d, size };
}

globalThis.renderHead = async ({ poses, size = 384 }) => {
  if (!ctx || ctx.size !== size) await setup(size);
  const { renderer, scene, meshes, camera, canvas2d } = ctx;
  const out = [];
  for (const pose of poses) {
    for (const m of meshes) {
      m.morphTargetInfluences.fill(0);
      for (const [k, v] of Object.entries(pose.weights ?? {})) {
        const i = m.morphTargetDictionary[k];
        if (i !== undefined) m.morphTargetInfluences[i] = v;
      }
    }
    const yaw = pose.yaw ?? 0;
    const d = 0.62;
    camera.position.set(d * Math.sin(yaw), -0.01, -0.085 + d * Math.cos(yaw));
    camera.lookAt(0, -0.02, -0.085);
    renderer.render(scene, camera);
    const c2 = canvas2d.getContext('2d', { willReadFrequently: true });
    c2.drawImage(renderer.domElement, 0, 0);
    const rgba = c2.getImageData(0, 0, canvas2d.width, canvas2d.height).data;
    let s = '';
    for (let i = 0; i < rgba.length; i += 0x8000) s += String.fromCharCode.apply(null, rgba.subarray(i, i + 0x8000));
    out.push(btoa(s));
  }
  return out;
};
document.title = 'ready';
