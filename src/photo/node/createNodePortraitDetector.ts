import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize, sep } from 'node:path';

import { MouthpieceError } from '../../api/MouthpieceError.js';
import { portraitHumanConfig } from '../portraitHumanConfig.js';
import { padToSquare } from '../padToSquare.js';
import { selectPortraitFace, type PortraitLandmarks, type PortraitLimits } from '../PortraitLandmarks.js';
import type { PortraitImage } from './loadPortraitImage.js';

/** Finds a portrait's landmarks in Node; see {@link createNodePortraitDetector}. */
export interface NodePortraitDetector {
  /** The landmarks of the largest face, checked (`NO_FACE`, `FACE_TOO_SMALL`, `EXTREME_POSE`). */
  detect(image: PortraitImage, limits?: PortraitLimits): Promise<PortraitLandmarks>;
  /** Frees the models and stops the loopback file server. */
  dispose(): Promise<void>;
}

interface HumanLike {
  load(): Promise<void>;
  detect(input: unknown): Promise<{ face: { mesh: number[][] }[]; error?: string | null }>;
  tf: { tensor4d(data: Uint8Array, shape: number[], dtype: string): unknown; dispose(t: unknown): void; getBackend(): string };
}

/**
 * Loads `@vladmandic/human`'s face mesh + iris models on the tfjs WASM
 * backend (optional peers: `@vladmandic/human`, `@tensorflow/tfjs-core`,
 * `@tensorflow/tfjs-converter`, `@tensorflow/tfjs-backend-wasm`). The
 * models ship inside the package; tfjs fetches them, and Node's fetch has
 * no `file://`, so they are served from a loopback-only HTTP server on an
 * ephemeral port for the detector's lifetime. Nothing leaves the machine.
 * About 60 ms per portrait on one core after a load of about a second.
 */
export async function createNodePortraitDetector(): Promise<NodePortraitDetector> {
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
    throw new MouthpieceError(
      'RUNTIME_UNAVAILABLE',
      `portrait landmarks in Node need @vladmandic/human and tfjs (npm install @vladmandic/human @tensorflow/tfjs-core @tensorflow/tfjs-converter @tensorflow/tfjs-backend-wasm): ${(e as Error).message}`,
      { cause: e },
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
  let human: HumanLike;
  try {
    human = new Human({ ...portraitHumanConfig(), backend: 'wasm', wasmPath: wasmDir, modelBasePath: base });
    await human.load();
  } catch (e) {
    server.close();
    throw new MouthpieceError('RUNTIME_UNAVAILABLE', `the face models could not be loaded: ${(e as Error).message}`, { cause: e });
  }
  let disposed = false;
  return {
    async detect(image, limits) {
      if (disposed) throw new MouthpieceError('DISPOSED', 'the portrait detector was disposed');
      const { data, width, height } = image;
      if (!(data instanceof Uint8Array) || data.length !== width * height * 3) {
        throw new MouthpieceError('BAD_IMAGE', `expected ${width}x${height} RGB pixels (${width * height * 3} bytes), got ${data?.length} bytes`);
      }
      // The face detector squashes its input to a square, which distorts faces in wide or tall photos.
      const square = padToSquare(image);
      const side = square.width;
      const pixels = square.data as Uint8Array;
      const tensor = human.tf.tensor4d(pixels, [1, side, side, 3], 'int32');
      try {
        const result = await human.detect(tensor);
        if (result.error) throw new MouthpieceError('NO_FACE', `the landmark model failed on the photo: ${result.error}`);
        return selectPortraitFace(result.face, { width, height }, limits);
      } finally {
        human.tf.dispose(tensor);
      }
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
