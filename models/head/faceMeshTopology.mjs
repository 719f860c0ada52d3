// The 468-point face-mesh topology (triangles, UV map, named landmark
// groups) as shipped in @vladmandic/human's sources (MIT), the same
// topology its face-mesh model outputs: the head built from it shares every
// vertex with the photo avatar later. Read at build time only; the package
// exports only prebuilt bundles, so its TypeScript source file is compiled
// here with esbuild.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { build } from 'esbuild';

/**
 * @returns {Promise<{ TRI468: number[], UV468: [number, number][], meshAnnotations: Record<string, number[]> }>}
 */
export async function loadFaceMeshTopology() {
  // The package's exports map has no './package.json'; its main file sits in dist/.
  const require = createRequire(import.meta.url);
  const root = dirname(dirname(require.resolve('@vladmandic/human')));
  const r = await build({ entryPoints: [join(root, 'src', 'face', 'facemeshcoords.ts')], bundle: true, format: 'esm', write: false, logLevel: 'silent' });
  const m = await import('data:text/javascript;base64,' + Buffer.from(r.outputFiles[0].text).toString('base64'));
  if (m.UV468?.length !== 468 || m.TRI468?.length % 3 !== 0) throw new Error('@vladmandic/human: unexpected face-mesh topology');
  return { TRI468: m.TRI468, UV468: m.UV468, meshAnnotations: m.meshAnnotations };
}
