import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { builtInModelPath } from '../../src/runtime/builtInModels.js';
import { MotionModel } from '../../src/runtime/MotionModel.js';
import { readOnnxHeader } from '../../src/runtime/readOnnxHeader.js';

// The browser runtime (onnxruntime-web, WASM backend) runs the same file;
// its WASM build also runs under Node, which makes this check cheap here.
// The in-browser end-to-end test belongs to the rig and browser issue.
describe('the shipped models in onnxruntime-web (WASM)', () => {
  for (const name of ['default', 'lowlatency'] as const) {
    it(`${name}: a chunked stream matches onnxruntime-node within 1e-5`, async () => {
      const ort = await import('onnxruntime-web');
      ort.env.wasm.numThreads = 1;
      const path = builtInModelPath(name);
      const bytes = new Uint8Array(readFileSync(path));
      const S = Number(readOnnxHeader(bytes).metadata.state_size);
      const web = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      const node = await MotionModel.load(path);
      const emotion = new Float32Array([0.5, 0, 0, 0]);
      let sw = new Float32Array(S);
      let sn = node.initialState();
      let worst = 0;
      for (const T of [1, 7, 40, 3, 100]) {
        const feats = new Float32Array(T * 64).map((_, i) => Math.sin(i * 0.37 + T) * 3 - 6);
        const a = await web.run({
          features: new ort.Tensor('float32', feats, [1, T, 64]),
          emotion: new ort.Tensor('float32', emotion, [1, 4]),
          state: new ort.Tensor('float32', sw, [1, S]),
        });
        const b = await node.step(feats, T, emotion, sn);
        const am = a.motion.data as Float32Array;
        for (let i = 0; i < am.length; i++) worst = Math.max(worst, Math.abs(am[i] - b.motion[i]));
        sw = a.state_out.data as Float32Array;
        sn = b.state;
      }
      expect(worst).toBeLessThan(1e-5);
      await web.release();
      await node.dispose();
    });
  }
});
