// The worker thread behind createNodePortraitDetector: loads @vladmandic/human
// (face mesh + iris on the tfjs WASM backend) and answers detect requests, so
// the model load (about a second) and each detection (tens of ms) never run on
// the caller's event loop.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize, sep } from 'node:path';
import { parentPort } from 'node:worker_threads';

import { portraitHumanConfig } from '../portraitHumanConfig.js';

/** A request to the detector worker: a square RGB image, `side` x `side`. */
export interface DetectRequest {
  readonly id: number;
  readonly pixels: Uint8Array;
  readonly side: number;
}

/** What the detector worker posts back. */
export type DetectorReply =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly code: 'RUNTIME_UNAVAILABLE'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly faces: { mesh: number[][]; faceScore?: number }[]; readonly error: string | null }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

interface HumanLike {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: { mesh: number[][]; faceScore?: number }[]; error?: string | null }>;
  tf: { tensor4d(data: Uint8Array, shape: number[], dtype: string): unknown; dispose(t: unknown): void };
}

/** Loads human and serves its model files on loopback (tfjs fetches them, and Node's fetch has no file://). */
async function load(): Promise<HumanLike> {
  const require = createRequire(import.meta.url);
  let root: string;
  let wasmDir: string;
  let Human: new (config: object) => HumanLike;
  try {
    // The package's exports map points Node at its tfjs-node build; the WASM build is a file beside it.
    root = dirname(dirname(require.resolve('@vladmandic/human')));
    wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')), sep);
    ({ Human } = require(join(root, 'dist', 'human.node-wasm.js')) as { Human: typeof Human });
  } catch (e) {
    throw new Error(
      `portrait landmarks in Node need @vladmandic/human and tfjs (npm install @vladmandic/human @tensorflow/tfjs-core @tensorflow/tfjs-converter @tensorflow/tfjs-backend-wasm): ${(e as Error).message}`,
    );
  }
  const models = join(root, 'models');
  const server: Server = createServer((req, res) => {
    const p = normalize(join(models, decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)));
    if (!p.startsWith(models + sep) || !existsSync(p)) {
      res.writeHead(404).end();
      return;
    }
    res.end(readFileSync(p));
  });
  await new Promise<void>((ok, ko) => {
    server.once('error', ko);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  try {
    const human = new Human({ ...portraitHumanConfig(), backend: 'wasm', wasmPath: wasmDir, modelBasePath: base });
    await human.load();
    return human;
  } catch (e) {
    throw new Error(`the face models could not be loaded: ${(e as Error).message}`);
  } finally {
    // Everything is loaded (or failed): the server is not needed any more, and an open one would keep the thread alive.
    server.close();
  }
}

const port = parentPort;
if (port) {
  const ready = load();
  ready.then(
    () => port.postMessage({ type: 'ready' } satisfies DetectorReply),
    (e: Error) => port.postMessage({ type: 'failed', code: 'RUNTIME_UNAVAILABLE', message: e.message } satisfies DetectorReply),
  );
  // Requests run one at a time, in order: tfjs is not re-entrant.
  let queue: Promise<unknown> = Promise.resolve();
  port.on('message', (req: DetectRequest) => {
    queue = queue.then(async () => {
      let human: HumanLike;
      try {
        human = await ready;
      } catch {
        return; // 'failed' was posted; the owner rejects its requests
      }
      try {
        const tensor = human.tf.tensor4d(req.pixels, [1, req.side, req.side, 3], 'int32');
        try {
          const r = await human.detect(tensor);
          // faceScore is the mesh confidence selectPortraitFace checks (FACE_OCCLUDED).
          const faces = r.face.map((f) => ({ mesh: f.mesh.map((p) => [p[0], p[1], p[2]]), ...(typeof f.faceScore === 'number' ? { faceScore: f.faceScore } : {}) }));
          port.postMessage({ type: 'result', id: req.id, faces, error: r.error ?? null } satisfies DetectorReply);
        } finally {
          human.tf.dispose(tensor);
        }
      } catch (e) {
        port.postMessage({ type: 'error', id: req.id, message: (e as Error).message } satisfies DetectorReply);
      }
    });
  });
}
