// Renders a portrait as a talking face (the library's PhotoAvatar) frame by
// frame in headless Chromium and returns raw RGBA frames. The photo is
// decoded and its landmarks found in Node (mouthpiece/photo/node), then the
// pixels and landmarks go to the page; nothing leaves the machine. Used by
// the photo main job (scripts/renderVideo.mjs --photo) and the photo
// measurements (test/photo/measurePhoto.mjs).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { portraitFaceCrop } from '../../dist/photo/index.js';
import { openRenderPage } from './renderPageHost.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @param {{ chromiumPath?: string }} options
 * @returns {Promise<{ setup(photo: { data: Uint8Array, width: number, height: number }, landmarks: import('../../dist/photo/index.js').PortraitLandmarks, o: { size: number, mark?: string | null, crop?: object, background?: boolean }): Promise<{ crop: object, eyesStill: boolean, sunglasses: boolean }>, render(frames: object[]): Promise<Uint8Array[]>, close(): Promise<void> }>}
 */
export async function openPhotoRenderer({ chromiumPath = '/usr/bin/chromium' } = {}) {
  const host = await openRenderPage({ entry: join(repo, 'scripts', 'video', 'photoPage.ts'), chromiumPath });
  return {
    async setup(photo, lm, { size, mark = null, crop = portraitFaceCrop(lm), background = true }) {
      const rgb = Buffer.from(photo.data.buffer, photo.data.byteOffset, photo.data.byteLength).toString('base64');
      const info = await host.page.evaluate((s) => globalThis.setupPhoto(s), {
        rgb, width: photo.width, height: photo.height, points: Array.from(lm.points), pose: lm.pose, eyeDistance: lm.eyeDistance, crop, size, mark, background,
      });
      return { crop, eyesStill: info.eyesStill, sunglasses: info.sunglasses };
    },
    render: (frames) => host.render(frames),
    close: () => host.close(),
  };
}
