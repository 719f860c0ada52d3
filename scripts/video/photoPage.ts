// In headless Chromium (bundled by photoRenderer.mjs): the library's
// PhotoAvatar on one portrait, rendered frame by frame at a fixed size with
// the camera on a square crop around the face; frames come back as raw RGBA
// (base64), top row first, with an optional visible "synthetic" mark.
import * as THREE from 'three';

import { PhotoAvatar } from '../../src/photo/PhotoAvatar.js';
import type { PortraitLandmarks } from '../../src/photo/PortraitLandmarks.js';
import { decodeBase64, readBase64, readContext, restFrame, squareStage, unpackFrame, type PackedFrame } from './pageFrames.js';
type Setup = { rgb: string; width: number; height: number; points: number[]; pose: PortraitLandmarks['pose']; eyeDistance: number; crop: { x: number; y: number; width: number; height: number }; size: number; mark: string | null; background?: boolean };

let state: { renderer: THREE.WebGLRenderer; scene: THREE.Scene; camera: THREE.PerspectiveCamera; avatar: PhotoAvatar; read: CanvasRenderingContext2D; size: number; mark: string | null } | null = null;

(globalThis as Record<string, unknown>).setupPhoto = (s: Setup) => {
  state?.avatar.dispose();
  state?.renderer.dispose();
  state?.renderer.domElement.remove();
  const data = decodeBase64(s.rgb);
  const landmarks: PortraitLandmarks = { width: s.width, height: s.height, points: Float32Array.from(s.points), pose: s.pose, eyeDistance: s.eyeDistance, faceCount: 1 };
  const { renderer, scene } = squareStage(s.size, 0x000000);
  const avatar = new PhotoAvatar({ data, width: s.width, height: s.height }, landmarks);
  if (s.background === false) avatar.getObjectByName('photoBackground')!.visible = false;
  scene.add(avatar);
  const camera = new THREE.PerspectiveCamera();
  avatar.fitCamera(camera, s.crop);
  state = { renderer, scene, camera, avatar, read: readContext(s.size), size: s.size, mark: s.mark };
  return { vertices: avatar.photoMesh.parts.reduce((n, p) => n + p.rigidity.length, 0), eyesStill: avatar.eyesStill, sunglasses: avatar.sunglasses?.sunglasses ?? false };
};

const frame = restFrame();

(globalThis as Record<string, unknown>).renderFrames = (frames: PackedFrame[]): string[] => {
  const s = state!;
  const out: string[] = [];
  for (const p of frames) {
    s.avatar.setFrame(unpackFrame(p, frame));
    s.avatar.update();
    s.renderer.render(s.scene, s.camera);
    s.read.drawImage(s.renderer.domElement, 0, 0);
    if (s.mark) {
      // The visible label of synthetic output: small, bottom right, readable on any background.
      const px = Math.max(10, Math.round(s.size / 36));
      s.read.font = `${px}px sans-serif`;
      s.read.textAlign = 'right';
      s.read.textBaseline = 'bottom';
      s.read.lineWidth = Math.max(2, px / 5);
      s.read.strokeStyle = 'rgba(0,0,0,0.6)';
      s.read.strokeText(s.mark, s.size - px / 2, s.size - px / 3);
      s.read.fillStyle = 'rgba(255,255,255,0.85)';
      s.read.fillText(s.mark, s.size - px / 2, s.size - px / 3);
    }
    out.push(readBase64(s.read, s.size));
  }
  return out;
};
document.title = 'ready';
