// Renders the Mouthpiece head (models/head/mouthpiece-head.glb) frame by
// frame in headless Chromium with the library's FaceRig (renderPage.ts,
// three.js on software WebGL) and returns raw RGBA frames. Used by the main
// job (scripts/renderVideo.mjs) and the head's read-back table
// (test/head/readbackHead.mjs).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { openRenderPage } from './renderPageHost.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A frame as the page takes it: 52 weights, head [pitch, yaw, roll], optional gaze [pitch, yaw]. */
/** @typedef {{ w: number[], r: [number, number, number], g?: [number, number] }} PackedHeadFrame */

/**
 * @param {{ chromiumPath?: string, size: number }} options
 * @returns {Promise<{ render(frames: PackedHeadFrame[]): Promise<Uint8Array[]>, close(): Promise<void> }>}
 */
export async function openHeadRenderer({ chromiumPath = '/usr/bin/chromium', size }) {
  const host = await openRenderPage({
    entry: join(repo, 'scripts', 'video', 'renderPage.ts'),
    files: { '/head.glb': readFileSync(join(repo, 'models', 'head', 'mouthpiece-head.glb')) },
    chromiumPath,
  });
  return { render: (frames) => host.render(frames, size), close: () => host.close() };
}
