// Renders the Mouthpiece head (models/head/mouthpiece-head.glb) in headless
// Chromium with three.js (software WebGL) and returns RGBA frames: for
// screenshots, the read-back table and the demo's tests.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../eval/readback/FaceReadback.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const HEAD_GLB = join(here, '..', '..', 'models', 'head', 'mouthpiece-head.glb');

/** @returns {Promise<{ render(poses: { weights?: Record<string, number>, yaw?: number }[], size?: number): Promise<Uint8Array[]>, close(): Promise<void> }>} */
export async function openHeadRenderer({ chromiumPath = '/usr/bin/chromium', glb = HEAD_GLB } = {}) {
  const js = (await build({ entryPoints: [join(here, 'renderPage.js')], bundle: true, format: 'esm', write: false, logLevel: 'silent' })).outputFiles[0].text;
  const bytes = readFileSync(glb);
  const server = createServer((req, res) => {
    if (req.url === '/') return res.end('<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(js);
    }
    if (req.url === '/head.glb') return res.end(bytes);
    res.writeHead(404).end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS] });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => document.title === 'ready');
  return {
    errors,
    async render(poses, size = 384) {
      const out = [];
      for (let i = 0; i < poses.length; i += 8) {
        const b64 = await page.evaluate((a) => globalThis.renderHead(a), { poses: poses.slice(i, i + 8), size });
        for (const s of b64) out.push(new Uint8Array(Buffer.from(s, 'base64')));
      }
      return out;
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}
