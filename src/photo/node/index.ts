/**
 * `mouthpiece/photo/node`: the photo avatar's Node-only helpers: decode a
 * portrait file (sharp) and find its landmarks (`@vladmandic/human` on the
 * tfjs WASM backend). Everything runs locally.
 *
 * @packageDocumentation
 */
export { loadPortraitImage, type PortraitImage, type LoadPortraitImageOptions } from './loadPortraitImage.js';
export { createNodePortraitDetector, type NodePortraitDetector } from './createNodePortraitDetector.js';
