// Serves a bundled render page (and its files) on 127.0.0.1 to headless
// Chromium and returns a function that renders a batch of frames to raw
// RGBA. Shared by the head renderer and the photo renderer.
import { createServer } from 'node:http';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS } from '../../test/eval/readback/FaceReadback.mjs';

/**
 * @param {{ entry: string, files?: Record<string, Uint8Array>, chromiumPath?: string }} options
 *   `entry`: the page's TypeScript entry (it defines `globalThis.renderFrames(frames, size)` and titles itself 'ready');
 *   `files`: more paths the page fetches.
 * @returns {Promise<{ render(frames: unknown[], size: number, extra?: unknown): Promise<Uint8Array[]>, page: import('playwright-core').Page, close(): Promise<void> }>}
 */
export async function openRenderPage({ entry, files = {}, chromiumPath = '/usr/bin/chromium' }) {
  const js = (await build({ entryPoints: [entry], bundle: true, format: 'esm', write: false, logLevel: 'silent' })).outputFiles[0].text;
  const server = createServer((req, res) => {
    if (req.url === '/') return res.end('<!doctype html><meta charset="utf-8"><body style="margin:0"><script type="module" src="/page.js"></script>');
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(js);
    }
    if (req.url && files[req.url]) return res.end(files[req.url]);
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
      page,
      async render(frames, size, extra) {
        const b64 = await page.evaluate(([f, s, x]) => globalThis.renderFrames(f, s, x), [frames, size, extra]);
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
