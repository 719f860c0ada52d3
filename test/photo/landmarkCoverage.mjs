#!/usr/bin/env node
// Groundwork for the photo avatar: runs @vladmandic/human's face mesh (468
// points + 10 iris points) in Node on the tfjs WASM backend over the shared
// CC0 portraits and prints how many get a mesh, the mean detection time and
// the failures. The models and the WASM binary come from node_modules,
// served to tfjs's loader from 127.0.0.1 (Node's fetch has no file://).
//
//   node test/photo/landmarkCoverage.mjs [--dir ../shared/data/faces]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { dir: { type: 'string', default: join(repo, '..', 'shared', 'data', 'faces') } } });
const modules = join(repo, 'node_modules');
// The package's exports map points Node at its tfjs-node build; the WASM build is a file beside it.
const require = createRequire(import.meta.url);
const { Human } = require(join(modules, '@vladmandic', 'human', 'dist', 'human.node-wasm.js'));

const server = createServer((req, res) => {
  const p = normalize(join(modules, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
  if (!p.startsWith(modules + sep) || !existsSync(p)) return res.writeHead(404).end();
  res.end(readFileSync(p));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;
const human = new Human({
  backend: 'wasm',
  wasmPath: join(modules, '@tensorflow', 'tfjs-backend-wasm', 'dist') + sep, // read with fs by the WASM loader
  modelBasePath: `${base}@vladmandic/human/models/`,
  face: { enabled: true, detector: { rotation: false, maxDetected: 1 }, mesh: { enabled: true }, iris: { enabled: true }, description: { enabled: false }, emotion: { enabled: false }, antispoof: { enabled: false }, liveness: { enabled: false } },
  body: { enabled: false }, hand: { enabled: false }, object: { enabled: false }, gesture: { enabled: false }, segmentation: { enabled: false },
});
await human.load();
const files = readdirSync(values.dir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort();
let found = 0;
let ms = 0;
const failures = [];
const eyeDistances = [];
for (const f of files) {
  const path = join(values.dir, f);
  const [w, h] = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path], { encoding: 'utf8' }).trim().split(',').map(Number);
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
  const tensor = human.tf.tensor4d(new Uint8Array(raw), [1, h, w, 3], 'int32');
  const t0 = performance.now();
  const res = await human.detect(tensor);
  ms += performance.now() - t0;
  human.tf.dispose(tensor);
  const mesh = res.face[0]?.mesh;
  if (mesh?.length === 478) {
    found++;
    eyeDistances.push(Math.hypot(mesh[33][0] - mesh[263][0], mesh[33][1] - mesh[263][1]));
  } else failures.push(f);
}
server.close();
eyeDistances.sort((a, b) => a - b);
process.stdout.write(
  `backend ${human.tf.getBackend()}: ${found} of ${files.length} portraits got a 478-point mesh; mean detection ${(ms / files.length).toFixed(0)} ms; ` +
    `outer eye corners ${eyeDistances[0]?.toFixed(0)}..${eyeDistances[eyeDistances.length - 1]?.toFixed(0)} px apart (median ${eyeDistances[eyeDistances.length >> 1]?.toFixed(0)}); ` +
    `no mesh: ${failures.join(', ') || 'none'}\n`,
);
