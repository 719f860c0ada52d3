// Shared by the render pages (renderPage.ts, photoPage.ts and the photo
// measurements' quad page): frames as Node packs them, and the read-back of
// the rendered canvas as base64 RGBA, so every page pays the same transfer;
// and the fixed-size renderer and scene each page draws into.
import * as THREE from 'three';

import type { Frame } from '../../src/api/Frame.js';

/** A frame as sent from Node: 52 weights, head [pitch, yaw, roll], optional gaze [pitch, yaw]. */
export type PackedFrame = { w: number[]; r: [number, number, number]; g?: [number, number] };

/** Writes a packed frame into a reused `Frame` (the page keeps one). */
export function unpackFrame(p: PackedFrame, frame: Frame): Frame {
  frame.weights.set(p.w);
  [frame.head.rotation.pitch, frame.head.rotation.yaw, frame.head.rotation.roll] = p.r;
  frame.gaze = p.g ? { pitch: p.g[0], yaw: p.g[1] } : undefined;
  return frame;
}

/** A reusable rest frame for a page. */
export function restFrame(): Frame {
  return { time: 0, weights: new Float32Array(52), head: { rotation: { pitch: 0, yaw: 0, roll: 0 }, position: { x: 0, y: 0, z: 0 } } };
}

/** A size x size WebGL renderer that keeps its drawing buffer (to be read back), and a scene with a flat background. */
export function squareStage(size: number, background: number): { renderer: THREE.WebGLRenderer; scene: THREE.Scene } {
  const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  renderer.setSize(size, size);
  renderer.outputColorSpace = THREE.SRGBColorSpace;
  document.body.append(renderer.domElement);
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(background);
  return { renderer, scene };
}

/** Bytes sent from Node as base64. */
export function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The 2D context that reads a WebGL canvas back (draw, then `readBase64`). */
export function readContext(size: number): CanvasRenderingContext2D {
  return Object.assign(document.createElement('canvas'), { width: size, height: size }).getContext('2d', { willReadFrequently: true })!;
}

/** The context's pixels as base64 RGBA, top row first (page.evaluate returns strings cheaply). */
export function readBase64(read: CanvasRenderingContext2D, size: number): string {
  const rgba = read.getImageData(0, 0, size, size).data;
  let bin = '';
  for (let i = 0; i < rgba.length; i += 0x8000) bin += String.fromCharCode.apply(null, Array.from(rgba.subarray(i, i + 0x8000)));
  return btoa(bin);
}
