// The demo's photo mode: a portrait the user picks becomes a PhotoAvatar in
// its own scene, driven by the same frames as the 3D head. The photo is
// decoded, its landmarks found (@vladmandic/human on WebGL in a worker,
// faceDetectorWorker.ts, models served by the demo's own server) and
// rendered in this page; nothing is uploaded.
import type { Frame } from 'mouthpiece/api';
import {
  decodePortrait, deformPhotoPart, detectPortrait, PhotoAvatar, portraitFaceCrop, projectToPhoto, skinBrightness, skinSaturation,
  type FaceMeshDetector, type PhotoCrop, type PhotoMesh, type PortraitLandmarks,
} from 'mouthpiece/photo';
import * as THREE from 'three';

import type { FaceDetectReply, FaceDetectRequest, MeshBuildReply, MeshBuildRequest } from './faceDetectorWorker.js';
// Inner-lip centre points (upper, lower) and the mouth's outer corners and lip midpoints of the 468-point mesh.
const LIP_UPPER = 13;
const LIP_LOWER = 14;
const MOUTH_BOX = [61, 291, 0, 17];

/** A loaded portrait: its avatar, landmarks and the crop the camera shows. */
interface Loaded {
  avatar: PhotoAvatar;
  landmarks: PortraitLandmarks;
  crop: PhotoCrop;
}

/** The photo avatar's scene, camera and detector for the demo. */
export class PhotoStage {
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera();
  private loaded: Loaded | null = null;
  private detector: FaceMeshDetector | null = null;
  /** The next request's id (detections and fits share one sequence). */
  private requestId = 1;
  /** Sends a request to the face worker (started with the detector) and resolves to its reply. */
  private ask: ((message: FaceDetectRequest | MeshBuildRequest, transfer: Transferable[]) => Promise<FaceDetectReply | MeshBuildReply>) | null = null;
  private aspect = 1;
  /** Bumped by each load: a load that finds it changed gives up (a newer photo was picked meanwhile). */
  private loads = 0;
  private readonly zero = new Float32Array(52);

  constructor() {
    this.scene.background = new THREE.Color(0x111317);
  }

  /** The portrait now shown, if any. */
  get landmarks(): PortraitLandmarks | null {
    return this.loaded?.landmarks ?? null;
  }

  /** Whether the loaded portrait's eyes are held still (PhotoAvatar's eyes option: sunglasses found). */
  get eyesStill(): boolean {
    return this.loaded?.avatar.eyesStill ?? false;
  }

  /** Whether the loaded portrait looks like it wears sunglasses (detectSunglasses). */
  get sunglasses(): boolean {
    return this.loaded?.avatar.sunglasses?.sunglasses ?? false;
  }

  /**
   * Decodes a photo, finds its face and replaces the shown avatar with it.
   * On any error (not an image, no face, a face too small, turned too far
   * or covered) the previous avatar stays and the error is thrown. Resolves to
   * null when a newer photo was picked before this one was ready.
   */
  async load(file: Blob, status: (text: string) => void): Promise<PortraitLandmarks | null> {
    const mine = ++this.loads;
    status('decoding the photo…');
    const pixels = await decodePortrait(file);
    status('finding the face…');
    const landmarks = await detectPortrait(this.faceDetector(), pixels, pixels);
    if (mine !== this.loads) return null;
    status('fitting the face…');
    const mesh = await this.buildMesh(landmarks, { brightness: skinBrightness(pixels, landmarks), saturation: skinSaturation(pixels, landmarks) });
    if (mine !== this.loads) return null;
    const avatar = new PhotoAvatar(pixels, landmarks, { mesh });
    this.clear();
    this.scene.add(avatar);
    this.loaded = { avatar, landmarks, crop: portraitFaceCrop(landmarks, { aspect: this.aspect }) };
    this.fit();
    return landmarks;
  }

  /**
   * The face models in a worker, started on first use (the 3D head needs
   * none of it); the worker loads them with the first photo and keeps them.
   */
  private faceDetector(): FaceMeshDetector {
    if (this.detector) return this.detector;
    const worker = new Worker(new URL('./faceDetectorWorker.ts', import.meta.url), { type: 'module' });
    const pending = new Map<number, (r: FaceDetectReply | MeshBuildReply) => void>();
    worker.onmessage = (e: MessageEvent<FaceDetectReply | MeshBuildReply>) => {
      pending.get(e.data.id)?.(e.data);
      pending.delete(e.data.id);
    };
    worker.onerror = (e) => {
      for (const answer of pending.values()) answer({ id: 0, failed: e.message || 'the face worker failed' });
      pending.clear();
      this.detector = null; // a fresh worker for the next photo
      this.ask = null;
      worker.terminate();
    };
    const ask = (message: FaceDetectRequest | MeshBuildRequest, transfer: Transferable[]) =>
      new Promise<FaceDetectReply | MeshBuildReply>((ok) => {
        pending.set(message.id, ok);
        worker.postMessage(message, transfer);
      });
    this.ask = ask;
    this.detector = {
      // detectPortrait hands over ImageData (the decoded photo, padded to a square): its copy goes to the worker.
      detect: async (input: never) => {
        const img = input as ImageData;
        const data = new Uint8ClampedArray(img.data);
        const r = (await ask({ id: this.requestId++, data, width: img.width, height: img.height }, [data.buffer])) as FaceDetectReply;
        if ('failed' in r) throw new Error(`the face models failed: ${r.failed}`);
        return r;
      },
    };
    return this.detector;
  }

  /** The photo mesh, fitted in the face worker (started with the detector, which found the landmarks). */
  private async buildMesh(landmarks: PortraitLandmarks, light: { brightness: number; saturation: number }): Promise<PhotoMesh> {
    this.faceDetector();
    const r = (await this.ask!({ id: this.requestId++, build: { landmarks, ...light } }, [])) as MeshBuildReply;
    if ('failed' in r) throw new Error(`fitting the face failed: ${r.failed}`);
    return r.mesh;
  }

  /** The view's width / height changed. */
  resize(aspect: number): void {
    this.aspect = aspect;
    if (this.loaded) this.loaded.crop = portraitFaceCrop(this.loaded.landmarks, { aspect });
    this.fit();
  }

  private fit(): void {
    if (this.loaded) this.loaded.avatar.fitCamera(this.camera, this.loaded.crop);
  }

  /** Poses the avatar for a frame and draws it. */
  render(renderer: THREE.WebGLRenderer, frame: Frame): void {
    if (!this.loaded) return;
    this.loaded.avatar.setFrame(frame);
    this.loaded.avatar.update();
    renderer.render(this.scene, this.camera);
  }

  /**
   * The lip gap at these weights beyond the photo's own (some portraits
   * show parted lips), in canvas pixels, from the same deformation the
   * avatar renders (computed on the CPU).
   */
  lipGapPx(weights: Float32Array, canvasHeight: number): number {
    if (!this.loaded) return NaN;
    const { avatar, crop } = this.loaded;
    const mesh = avatar.photoMesh;
    const face = mesh.parts.find((p) => p.name === 'face')!;
    const gap = (w: Float32Array) => {
      const px = projectToPhoto(mesh, deformPhotoPart(mesh, face, w));
      return px[LIP_LOWER * 2 + 1] - px[LIP_UPPER * 2 + 1];
    };
    return ((gap(weights) - gap(this.zero)) * canvasHeight) / crop.height;
  }

  /** The mouth's bounding box in canvas pixels, padded (for pixel checks). */
  mouthBox(canvas: { width: number; height: number }): { x: number; y: number; width: number; height: number } | null {
    if (!this.loaded) return null;
    const { landmarks: lm, crop } = this.loaded;
    const k = canvas.height / crop.height;
    const xs = MOUTH_BOX.map((i) => (lm.points[i * 3] - crop.x) * k);
    const ys = MOUTH_BOX.map((i) => (lm.points[i * 3 + 1] - crop.y) * k);
    const pad = 4;
    const x = Math.max(0, Math.floor(Math.min(...xs) - pad));
    const y = Math.max(0, Math.floor(Math.min(...ys) - pad));
    return { x, y, width: Math.min(canvas.width, Math.ceil(Math.max(...xs) + pad)) - x, height: Math.min(canvas.height, Math.ceil(Math.max(...ys) + pad)) - y };
  }

  /** Removes and frees the avatar (the face models stay loaded for the next photo). */
  clear(): void {
    this.loaded?.avatar.dispose();
    this.loaded = null;
  }
}
