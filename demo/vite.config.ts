import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { defineConfig, type Plugin } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));
const repo = join(root, '..');

// Files the demo serves from the repository: onnxruntime-web's WASM, the head, the sample, the face models.
// Nothing is fetched from a CDN.
const files: Record<string, string> = {
  '/ort/': join(repo, 'node_modules', 'onnxruntime-web', 'dist'),
  '/samples/': join(repo, 'models', 'samples'),
  // The portrait's face models (@vladmandic/human's own files), for the photo avatar.
  '/human-models/': join(repo, 'node_modules', '@vladmandic', 'human', 'models'),
};
const TYPES: Record<string, string> = { '.json': 'application/json', '.bin': 'application/octet-stream', '.wasm': 'application/wasm', '.mjs': 'text/javascript', '.wav': 'audio/wav', '.glb': 'model/gltf-binary' };

function serveRepoFiles(): Plugin {
  return {
    name: 'mouthpiece-repo-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0]);
        let file: string | null = url === '/head.glb' ? join(repo, 'models', 'head', 'mouthpiece-head.glb') : null;
        for (const [prefix, dir] of Object.entries(files)) {
          if (!file && url.startsWith(prefix)) {
            const p = normalize(join(dir, url.slice(prefix.length)));
            if (p.startsWith(dir + sep) && existsSync(p)) file = p;
          }
        }
        if (!file) return next();
        res.setHeader('content-type', TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream');
        res.end(readFileSync(file));
      });
    },
  };
}

export default defineConfig({
  root,
  // The package's public entry points, from this repository's build (npm run build:ts).
  resolve: {
    alias: [
      { find: /^mouthpiece\/(api|web|three|animation|react|photo)$/, replacement: join(repo, 'dist', '$1', 'index.js') },
    ],
  },
  plugins: [serveRepoFiles()],
  // The package's worker and model URLs (new URL(..., import.meta.url)) must survive: no pre-bundling of it.
  // meyda is reached only from the worker, which Vite discovers after the page loaded; listing it here
  // pre-bundles it up front (otherwise the dev server reloads the page once it finds it).
  optimizeDeps: { exclude: ['mouthpiece', 'onnxruntime-web'], include: ['three', 'three/examples/jsm/loaders/GLTFLoader.js', 'meyda', '@vladmandic/human'] },
  server: { fs: { allow: [repo] }, host: '127.0.0.1' },
  worker: { format: 'es' },
  logLevel: 'warn',
});
