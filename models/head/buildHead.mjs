#!/usr/bin/env node
// npm run head: builds the Mouthpiece head (headGeometry.mjs on the
// face-mesh topology of @vladmandic/human) and writes models/head/mouthpiece-head.glb,
// and the face data the photo avatar transfers from it (src/photo/faceTemplateData.ts).
// Deterministic: the same packages give the same bytes (a test checks the
// committed file against a fresh build).
//
//   node models/head/buildHead.mjs [--out FILE]
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { Document, NodeIO } from '@gltf-transform/core';

import { loadFaceMeshTopology } from './faceMeshTopology.mjs';
import { buildHead } from './headGeometry.mjs';
import { faceTemplateSource } from './writeFaceTemplate.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Per-vertex normals, area-weighted. */
function normals(P, idx) {
  const n = new Float32Array(P.length);
  for (let t = 0; t < idx.length; t += 3) {
    const [a, b, c] = [idx[t] * 3, idx[t + 1] * 3, idx[t + 2] * 3];
    const u = [P[b] - P[a], P[b + 1] - P[a + 1], P[b + 2] - P[a + 2]];
    const v = [P[c] - P[a], P[c + 1] - P[a + 1], P[c + 2] - P[a + 2]];
    const f = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    for (const i of [a, b, c]) for (let k = 0; k < 3; k++) n[i + k] += f[k];
  }
  for (let i = 0; i < n.length; i += 3) {
    const l = Math.hypot(n[i], n[i + 1], n[i + 2]) || 1;
    n[i] /= l;
    n[i + 1] /= l;
    n[i + 2] /= l;
  }
  return n;
}

/** The head as a glTF document (nodes Neck -> Head -> LeftEye/RightEye, one mesh per part, morphs by name). */
export async function headDocument() {
  const head = buildHead(await loadFaceMeshTopology());
  const doc = new Document();
  doc.getRoot().getAsset().generator = 'mouthpiece models/head/buildHead.mjs';
  const buffer = doc.createBuffer();
  const scene = doc.createScene('MouthpieceHead');
  const root = doc.createNode('MouthpieceHead');
  scene.addChild(root);
  const at = (p, parent) => p.map((c, k) => c - parent[k]);
  const neck = doc.createNode('Neck').setTranslation(head.nodes.Neck);
  const headNode = doc.createNode('Head').setTranslation(at(head.nodes.Head, head.nodes.Neck));
  const eyes = {
    LeftEye: doc.createNode('LeftEye').setTranslation(at(head.nodes.LeftEye, head.nodes.Head)),
    RightEye: doc.createNode('RightEye').setTranslation(at(head.nodes.RightEye, head.nodes.Head)),
  };
  root.addChild(neck);
  neck.addChild(headNode);
  headNode.addChild(eyes.LeftEye).addChild(eyes.RightEye);
  const parents = { Root: [root, [0, 0, 0]], Neck: [neck, head.nodes.Neck], Head: [headNode, head.nodes.Head], LeftEye: [eyes.LeftEye, head.nodes.LeftEye], RightEye: [eyes.RightEye, head.nodes.RightEye] };
  const materials = new Map();
  const material = (doubleSided) => {
    if (!materials.has(doubleSided)) {
      materials.set(doubleSided, doc.createMaterial(doubleSided ? 'inside' : 'skin').setBaseColorFactor([1, 1, 1, 1]).setRoughnessFactor(0.7).setMetallicFactor(0).setDoubleSided(doubleSided));
    }
    return materials.get(doubleSided);
  };
  const accessor = (array, type) => doc.createAccessor().setArray(array).setType(type).setBuffer(buffer);
  for (const m of head.meshes) {
    const [node, origin] = parents[m.parent];
    const local = new Float32Array(m.positions.length);
    for (let i = 0; i < local.length; i += 3) for (let k = 0; k < 3; k++) local[i + k] = m.positions[i + k] - origin[k];
    const prim = doc.createPrimitive()
      .setAttribute('POSITION', accessor(local, 'VEC3'))
      .setAttribute('NORMAL', accessor(normals(m.positions, m.indices), 'VEC3'))
      .setAttribute('COLOR_0', accessor(m.colors, 'VEC3'))
      .setIndices(accessor(m.indices, 'SCALAR'))
      .setMaterial(material(!!m.doubleSided));
    if (m.uvs) prim.setAttribute('TEXCOORD_0', accessor(m.uvs, 'VEC2'));
    const names = [...m.morphs.keys()];
    // Sparse where a target moves a small region (most of them); dense where it moves most of the mesh.
    for (const name of names) {
      const d = m.morphs.get(name);
      let moving = 0;
      for (let i = 0; i < d.length; i += 3) if (d[i] !== 0 || d[i + 1] !== 0 || d[i + 2] !== 0) moving++;
      prim.addTarget(doc.createPrimitiveTarget(name).setAttribute('POSITION', accessor(d, 'VEC3').setSparse(moving < d.length / 6)));
    }
    const mesh = doc.createMesh(m.name).addPrimitive(prim);
    if (names.length) mesh.setWeights(names.map(() => 0)).setExtras({ targetNames: names });
    const child = doc.createNode(m.name).setMesh(mesh);
    node.addChild(child);
  }
  return { doc, head };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(here, 'mouthpiece-head.glb') } } });
  const { doc } = await headDocument();
  const bytes = await new NodeIO().writeBinary(doc);
  writeFileSync(values.out, bytes);
  process.stdout.write(`wrote ${values.out}: ${bytes.length} bytes\n`);
  const template = join(here, '..', '..', 'src', 'photo', 'faceTemplateData.ts');
  writeFileSync(template, faceTemplateSource(await loadFaceMeshTopology()));
  process.stdout.write(`wrote ${template}\n`);
}
