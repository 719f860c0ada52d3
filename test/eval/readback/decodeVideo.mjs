// Video and audio decoding for the read-back harness, through the system
// ffmpeg/ffprobe binaries (Debian: `apt-get install ffmpeg`).
//
// No console output here: this is a library module.

import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

/**
 * @typedef {object} DecodedVideo
 * @property {number} width   frame width in pixels
 * @property {number} height  frame height in pixels
 * @property {number} fps     frames per second of `frames`
 * @property {Uint8Array[]} frames  RGBA, row-major, top row first, width*height*4 bytes each
 */

/**
 * Runs a binary and collects its stdout as one Buffer.
 *
 * @param {string} bin
 * @param {string[]} args
 * @param {string} what  human description of the input, for error messages
 * @returns {Promise<Buffer>}
 */
function runCollect(bin, args, what) {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      reject(toolError(bin, err));
      return;
    }
    /** @type {Buffer[]} */
    const out = [];
    /** @type {Buffer[]} */
    const errChunks = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => errChunks.push(c));
    child.on('error', (err) => reject(toolError(bin, err)));
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(Buffer.concat(out));
        return;
      }
      const stderr = Buffer.concat(errChunks).toString('utf8').trim().split('\n').slice(-6).join('\n');
      reject(
        new Error(
          `${bin} failed on ${what} (${signal ? `signal ${signal}` : `exit code ${code}`})` +
            (stderr ? `:\n${stderr}` : ''),
        ),
      );
    });
  });
}

/**
 * @param {string} bin
 * @param {any} err
 */
function toolError(bin, err) {
  if (err && err.code === 'ENOENT') {
    return new Error(
      `${bin} was not found on PATH. Install it with: apt-get install ffmpeg (the Debian package provides ffmpeg and ffprobe).`,
    );
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** @param {string} path */
function checkInput(path) {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('a media file path is required');
  if (!existsSync(path)) throw new Error(`media file not found: ${path}`);
  const st = statSync(path);
  if (!st.isFile()) throw new Error(`not a regular file: ${path}`);
  if (st.size === 0) throw new Error(`media file is empty: ${path}`);
}

/** @param {string | undefined} rate e.g. "25/1" or "30000/1001" */
function parseRate(rate) {
  if (!rate) return NaN;
  const [a, b] = rate.split('/').map(Number);
  if (b === undefined) return a;
  return b ? a / b : NaN;
}

/**
 * Describes the first video stream of a file with ffprobe.
 *
 * @param {string} path
 * @returns {Promise<{ width: number, height: number, fps: number, sar: number, duration: number }>}
 */
export async function probeVideo(path) {
  checkInput(path);
  const json = await runCollect(
    'ffprobe',
    [
      '-v', 'error',
      '-select_streams', 'v:0',
      '-show_entries', 'stream=width,height,r_frame_rate,avg_frame_rate,sample_aspect_ratio,duration',
      '-of', 'json',
      path,
    ],
    path,
  );
  /** @type {any} */
  let info;
  try {
    info = JSON.parse(json.toString('utf8'));
  } catch {
    throw new Error(`ffprobe printed something that is not JSON for ${path}`);
  }
  const s = info?.streams?.[0];
  if (!s || !(s.width > 0) || !(s.height > 0)) throw new Error(`no video stream found in ${path}`);
  let fps = parseRate(s.avg_frame_rate);
  if (!(fps > 0)) fps = parseRate(s.r_frame_rate);
  let sar = 1;
  if (typeof s.sample_aspect_ratio === 'string' && /^\d+:\d+$/.test(s.sample_aspect_ratio)) {
    const [n, d] = s.sample_aspect_ratio.split(':').map(Number);
    if (n > 0 && d > 0) sar = n / d;
  }
  return { width: s.width, height: s.height, fps, sar, duration: Number(s.duration) || NaN };
}

/** @param {number} x */
const even = (x) => Math.max(2, 2 * Math.round(x / 2));

/**
 * Decodes the video stream of a file into RGBA frames.
 *
 * Pixels are made square first (a non-1:1 sample aspect ratio would stretch
 * the face for the landmarker). With only `width` or only `height`, the other
 * follows the aspect ratio (rounded to even). With `fps`, frames are resampled
 * by ffmpeg's `fps` filter; otherwise the source rate is kept.
 *
 * @param {string} path
 * @param {{ width?: number, height?: number, fps?: number }} [opts]
 * @returns {Promise<DecodedVideo>}
 */
export async function decodeVideoFrames(path, opts = {}) {
  const info = await probeVideo(path);
  const srcW = Math.round(info.width * info.sar);
  const srcH = info.height;
  let width = opts.width;
  let height = opts.height;
  for (const [k, v] of /** @type {[string, number | undefined][]} */ ([['width', width], ['height', height], ['fps', opts.fps]])) {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new RangeError(`${k} must be a positive number, got ${v}`);
  }
  if (width === undefined && height === undefined) {
    width = srcW;
    height = srcH;
  } else if (width === undefined) {
    width = even(/** @type {number} */ (height) * (srcW / srcH));
  } else if (height === undefined) {
    height = even(width * (srcH / srcW));
  }
  width = Math.round(/** @type {number} */ (width));
  height = Math.round(/** @type {number} */ (height));
  const fps = opts.fps ?? info.fps;
  if (!(fps > 0)) throw new Error(`could not tell the frame rate of ${path}; pass { fps }`);

  const filters = [];
  if (opts.fps !== undefined) filters.push(`fps=${opts.fps}`);
  filters.push(`scale=${width}:${height}:flags=bicubic`, 'setsar=1');
  const raw = await runCollect(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-i', path, '-map', '0:v:0', '-vf', filters.join(','), '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'],
    path,
  );
  const frameBytes = width * height * 4;
  if (raw.length === 0) throw new Error(`ffmpeg decoded no video frames from ${path}`);
  if (raw.length % frameBytes !== 0) {
    throw new Error(`ffmpeg returned ${raw.length} bytes for ${path}, not a multiple of one ${width}x${height} RGBA frame`);
  }
  const n = raw.length / frameBytes;
  /** @type {Uint8Array[]} */
  const frames = new Array(n);
  for (let i = 0; i < n; i++) frames[i] = new Uint8Array(raw.buffer, raw.byteOffset + i * frameBytes, frameBytes);
  return { width, height, fps, frames };
}

/**
 * Decodes the audio of a media file to mono 16 kHz float PCM
 * (`ffmpeg -f f32le -ac 1 -ar 16000`).
 *
 * @param {string} path
 * @returns {Promise<Float32Array>}
 */
export async function decodeAudio16k(path) {
  checkInput(path);
  const raw = await runCollect(
    'ffmpeg',
    ['-v', 'error', '-nostdin', '-i', path, '-map', '0:a:0', '-f', 'f32le', '-ac', '1', '-ar', '16000', '-'],
    path,
  );
  if (raw.length === 0) throw new Error(`ffmpeg decoded no audio from ${path}`);
  const out = new Float32Array(Math.floor(raw.length / 4));
  // Copy (the Buffer's byteOffset need not be 4-aligned); f32le is native on x86/ARM.
  new Uint8Array(out.buffer).set(raw.subarray(0, out.length * 4));
  return out;
}
