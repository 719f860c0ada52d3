// The demo's face landmark model in a worker, so loading it (seconds on a
// slow machine) and running it never freezes the page: @vladmandic/human on
// WebGL through OffscreenCanvas, its models from the demo's own server.
import { Human } from '@vladmandic/human';
import { portraitHumanConfig } from 'mouthpiece/photo';

/** A detection request: RGBA pixels (the buffer is transferred). */
export interface FaceDetectRequest {
  id: number;
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

/** The answer: the faces' meshes, or why there are none. */
export type FaceDetectReply =
  | { id: number; face: { mesh: number[][]; faceScore?: number }[]; error: string | null }
  | { id: number; failed: string };

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

// Requests are answered one at a time, in order (the model is not re-entrant).
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<FaceDetectRequest>) => {
  const { id, data, width, height } = e.data;
  queue = queue.then(async () => {
    let reply: FaceDetectReply;
    try {
      const h = await model();
      const r = await h.detect(new ImageData(data, width, height));
      // faceScore is the mesh confidence the photo fit checks (FACE_OCCLUDED).
      reply = { id, face: r.face.map((f) => ({ mesh: f.mesh.map((p) => [Number(p[0]), Number(p[1]), Number(p[2])]), ...(typeof f.faceScore === 'number' ? { faceScore: f.faceScore } : {}) })), error: r.error ?? null };
    } catch (err) {
      reply = { id, failed: err instanceof Error ? err.message : String(err) };
    }
    self.postMessage(reply);
  });
};
