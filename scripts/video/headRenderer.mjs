// Renders the Mouthpiece head (models/head/mouthpiece-head.glb) frame by
// frame in headless Chromium with the library's FaceRig (renderPage.ts,
// three.js on software WebGL) and returns raw RGBA frames. Used by the main
// job (scripts/renderVideo.mjs) and the head's read-back table
// (test/head/readbackHead.mjs).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../../test/eval/readback/FaceReadback.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A frame as the page takes it: 52 weights, head [pitch, yaw, roll], optional gaze [pitch, yaw]. */
/** @typedef {{ w: number[], r: [number, number, number], g?: [number, number] }} PackedHeadFrame */

/**
 * @param {{ chromiumPath?: string, size: number }} options
 * @returns {Promise<{ render(frames: PackedHeadFrame[]): Promise<Uint8Array[]>, close(): Promise<void> }>}
 */
export async function openHeadRenderer({ chromiumPath = '/usr/bin/chromium', size }) {
  const js = (await build({ entryPoints: [join(repo, 'scripts', 'video', 'renderPage.ts')], bundle: true, format: 'esm', write: false, logLevel: 'silent' })).outputFiles[0].text;
  const glb = readFileSync(join(repo, 'models', 'head', 'mouthpiece-head.glb'));
  const server = createServer((req, res) => {
    if (req.url === '/') return res.end('<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>');
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(js);
    }
    if (req.url === '/head.glb') return res.end(glb);
    res.writeHead(404).end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  let browser = null;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: [...CHROMIUM_ARGS] });
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.title === 'ready');
    const b = browser;
    return {
      async render(frames) {
        const b64 = await page.evaluate(([f, s]) => globalThis.renderFrames(f, s), [frames, size]);
        if (pageErrors.length) throw new Error(`the render page failed: ${pageErrors.join('; ')}`);
        return b64.map((s) => new Uint8Array(Buffer.from(s, 'base64')));
      },
      async close() {
        await b.close().catch(() => undefined);
        server.close();
      },
    };
  } catch (e) {
    await browser?.close().catch(() => undefined);
    server.close();
    throw e;
  }
}
