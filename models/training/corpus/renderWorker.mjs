// Worker thread of the corpus builder: renders jobs (renderUtterance.mjs)
// sent by RenderPool. Messages in: {init: options} once, then {seq, job};
// out: {ready: backend} | {seq, result} | {seq, error}.

import { parentPort } from 'node:worker_threads';

import { createRenderer } from './renderUtterance.mjs';

let renderer = null;

parentPort.on('message', async (msg) => {
  if (msg.init) {
    try {
      renderer = await createRenderer(msg.init);
      parentPort.postMessage({ ready: renderer.backend });
    } catch (e) {
      parentPort.postMessage({ initError: e instanceof Error ? e.message : String(e) });
    }
    return;
  }
  try {
    const result = await renderer.render(msg.job);
    parentPort.postMessage({ seq: msg.seq, result });
  } catch (e) {
    parentPort.postMessage({ seq: msg.seq, error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
  }
});
