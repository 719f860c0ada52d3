// Node side of the browser runtime's end-to-end test and benchmark: bundles
// test/browser/web/page.ts and the package's worker script with esbuild,
// serves them with the models and onnxruntime-web's WASM files from
// 127.0.0.1, and drives the page in headless Chromium (playwright-core).
// Every request outside the local server is refused (no CDN, no cloud).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../../eval/readback/FaceReadback.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(REPO_ROOT, 'build', 'web-e2e');
const ORT_DIST = join(REPO_ROOT, 'node_modules', 'onnxruntime-web', 'dist');

const TYPES = { '.wav': 'audio/wav', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream', '.html': 'text/html' };

/** Bundles the test page and the worker (the package's own worker entry). */
export async function buildBundles() {
  const common = {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome110',
    sourcemap: 'inline',
    logLevel: 'silent',
    // Node-only paths of shared modules (reading a model file, onnxruntime-node) are never taken in a browser.
    external: ['onnxruntime-node', 'node:*'],
  };
  await build({ ...common, entryPoints: [join(here, 'page.ts')], outfile: join(OUT, 'page.js') });
  await build({ ...common, entryPoints: [join(REPO_ROOT, 'src/web/motionWorker.ts')], outfile: join(OUT, 'worker.js') });
}

function inside(root, rel) {
  const p = normalize(join(root, rel));
  return p.startsWith(root + sep) ? p : null;
}

/**
 * Starts the server and the browser; `pcm` maps names to Float32Array PCM the
 * page fetches as /pcm/<name>. Returns { call(method, opts), logs, close() }.
 */
export async function openWebHarness({ pcm = new Map(), timeoutMs = 240_000 } = {}) {
  await buildBundles();
  const routes = async (path) => {
    if (path === '/') return [Buffer.from('<!doctype html><meta charset="utf-8"><title>loading</title><script type="module" src="/page.js"></script>'), 'text/html'];
    if (path === '/page.js' || path === '/worker.js') return [await readFile(join(OUT, path.slice(1))), 'text/javascript'];
    if (path.startsWith('/pcm/') && pcm.has(path.slice(5))) {
      const a = pcm.get(path.slice(5));
      return [Buffer.from(a.buffer, a.byteOffset, a.byteLength), 'application/octet-stream'];
    }
    const [root, rel] = path.startsWith('/ort/') ? [ORT_DIST, path.slice(5)] : path.startsWith('/models/') ? [join(REPO_ROOT, 'models'), path.slice(8)] : [null, null];
    const file = root && inside(root, rel);
    if (!file) return null;
    return [await readFile(file), TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream'];
  };
  const server = createServer(async (req, res) => {
    try {
      const r = await routes(decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname));
      if (!r) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': r[1], 'content-length': r[0].length, 'cache-control': 'no-store' });
      res.end(r[0]);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const base = `http://127.0.0.1:${server.address().port}`;
  const logs = [];
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--autoplay-policy=no-user-gesture-required', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'], timeout: timeoutMs });
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    page.setDefaultTimeout(timeoutMs);
    page.on('console', (m) => logs.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      logs.push(`[blocked] ${url}`);
      return route.abort();
    });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.title === 'ready');
    return {
      logs,
      call: (method, opts) => page.evaluate(([m, o]) => globalThis.mouthpieceTest[m](o), [method, opts]),
      close: async () => {
        await browser.close();
        server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    server.close();
    throw new Error(`${e.message}\n${logs.join('\n')}`);
  }
}
