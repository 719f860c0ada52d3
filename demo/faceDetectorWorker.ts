// The demo's face work in a worker, so that none of it freezes the page:
// the landmark model (@vladmandic/human on WebGL through OffscreenCanvas,
// its models from the demo's own server; loading takes seconds on a slow
// machine) and the fit of the photo mesh to the landmarks it found
// (buildPhotoMesh, 50-200 ms once per photo).
import { Human } from '@vladmandic/human';
import { buildPhotoMesh, portraitHumanConfig, type PhotoMesh, type PortraitLandmarks } from 'mouthpiece/photo';

/** A detection request: RGBA pixels (the buffer is transferred). */
export interface FaceDetectRequest {
  id: number;
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

/** A fit request: the portrait's landmarks and its skin's brightness and saturation (buildPhotoMesh's input). */
export interface MeshBuildRequest {
  id: number;
  build: { landmarks: PortraitLandmarks; brightness: number; saturation: number };
}

/** The answer to a detection: the faces' meshes, or why there are none. */
export type FaceDetectReply =
  | { id: number; face: { mesh: number[][]; faceScore?: number }[]; error: string | null }
  | { id: number; failed: string };

/** The answer to a fit: the photo mesh (its arrays transferred), or why there is none. */
export type MeshBuildReply = { id: number; mesh: PhotoMesh } | { id: number; failed: string };

const HUMAN_MODELS = '/human-models/';
let human: Promise<Human> | null = null;

function model(): Promise<Human> {
  human ??= (async () => {
    const h = new Human({ ...portraitHumanConfig(), backend: 'webgl', modelBasePath: new URL(HUMAN_MODELS, self.location.origin).href });
    await h.load();
    return h;
  })();
  // A failed load is retried on the next photo.
  human.catch(() => (human = null));
  return human;
}

async function detect({ id, data, width, height }: FaceDetectRequest): Promise<FaceDetectReply> {
  try {
    const h = await model();
    const r = await h.detect(new ImageData(data, width, height));
    // faceScore is the mesh confidence the photo fit checks (FACE_OCCLUDED).
    return { id, face: r.face.map((f) => ({ mesh: f.mesh.map((p) => [Number(p[0]), Number(p[1]), Number(p[2])]), ...(typeof f.faceScore === 'number' ? { faceScore: f.faceScore } : {}) })), error: r.error ?? null };
  } catch (err) {
    return { id, failed: err instanceof Error ? err.message : String(err) };
  }
}

function build({ id, build: b }: MeshBuildRequest): { reply: MeshBuildReply; transfer: ArrayBuffer[] } {
  try {
    const mesh = buildPhotoMesh(b.landmarks, { brightness: b.brightness, saturation: b.saturation });
    // The mesh's arrays move to the page instead of being copied.
    const transfer = new Set<ArrayBuffer>();
    for (const part of mesh.parts) {
      for (const a of [part.positions, part.uvs, part.colors, part.indices, part.rigidity, ...part.targets, ...(part.irisTargets ?? [])]) {
        if (a && a.buffer instanceof ArrayBuffer) transfer.add(a.buffer);
      }
    }
    return { reply: { id, mesh }, transfer: [...transfer] };
  } catch (err) {
    return { reply: { id, failed: err instanceof Error ? err.message : String(err) }, transfer: [] };
  }
}

// Requests are answered one at a time, in order (the model is not re-entrant).
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<FaceDetectRequest | MeshBuildRequest>) => {
  const request = e.data;
  queue = queue.then(async () => {
    if ('build' in request) {
      const { reply, transfer } = build(request);
      self.postMessage(reply, { transfer });
    } else {
      self.postMessage(await detect(request));
    }
  });
};
