// Scores systems on clips: the lip-sync metrics of src/eval, pooled over clips.
import { lipClosure } from '../../dist/api/lipClosure.js';
import {
  apertureCorrelation, apertureTrack, closureRecall, evalPhone, falseClosures, frameLevelsDb, headStats, jitter, referenceAperture,
  restInSilence, visemeAccuracy,
} from '../../dist/eval/index.js';

const FPS = 100;

/** TTS labels the scorer's phone table spells differently (espeak-ng and festival conventions). */
const RESPELL = { ts: 's', dz: 'z', 'r̝': 'r', 'r̝̊': 'r', ᵻ: 'ɪ' };

const ARPABET_STRESSED = /^[A-Z]{2}[012]$/;

/**
 * 95 % Wilson score interval of a proportion of k in n: closure recall on
 * the real clips counts a few dozen events, and a difference of one or two
 * of them is not evidence (22 of 26: 0.66-0.94).
 */
export function wilsonInterval(k, n, z = 1.96) {
  if (!(n > 0)) return [NaN, NaN];
  const p = k / n, d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}

/**
 * A label as the scorer reads it: ARPAbet vowels with their stress digit as
 * they are; otherwise stress, tone and length marks dropped
 * ('_' is silence); known respellings; otherwise the longest leading part the
 * scorer knows (a diphthong or r-coloured vowel scores as its first element).
 * Null when nothing is known (the utterance is then skipped).
 */
export function normaliseLabel(label) {
  // ARPAbet keeps its stress digit: AH0 is schwa and AH1 is ʌ (the CMUdict
  // convention evalPhone follows); stripping it would score every unstressed
  // 'a' as an open vowel.
  if (ARPABET_STRESSED.test(label.trim())) return label.trim();
  let l = label.replace(/[ˈˌ˥˦˧˨˩0-9:ː-]/g, '').trim();
  if (l === '_' || l === '') return '';
  l = RESPELL[l] ?? l;
  const chars = [...l];
  for (let n = chars.length; n > 0; n--) {
    const head = chars.slice(0, n).join('');
    try {
      evalPhone(head);
      return head;
    } catch {
      // try a shorter head
    }
  }
  return null;
}

/** The clip's phones with labels the scorer understands, or null when one is unknown (the clip is skipped). */
export function scorablePhones(phones) {
  const out = [];
  for (const p of phones) {
    const label = normaliseLabel(p.label);
    if (label === null) return null;
    out.push({ ...p, label });
  }
  return out;
}

/** Frame loudness in dB (25 ms windows centred on each frame; src/eval/frameLevelsDb), `frames` long, for head statistics. */
export function loudnessDb(pcm, fps, frames) {
  const db = frameLevelsDb(pcm, fps);
  const out = new Float32Array(frames);
  for (let k = 0; k < frames; k++) out[k] = db[Math.min(k, db.length - 1)];
  return out;
}

/**
 * Lip-sync metrics of one system over labelled clips, pooled: closure recall
 * over all p/b/m events, false closures over all judged frames, viseme
 * accuracy over all segments, aperture correlation and sync offset over the
 * clips' curves joined end to end, rest share over all judged pause frames,
 * jitter as the RMS over all frames.
 */
export async function scoreLabelled(system, clips) {
  const acc = { events: 0, closed: 0, vFrames: 0, vClosed: 0, segments: 0, correct: 0, restFrames: 0, restHits: 0, jSq: 0, jN: 0 };
  const aps = [];
  const refs = [];
  let skipped = 0;
  for (const clip of clips) {
    const phones = scorablePhones(clip.phones);
    if (!phones) {
      skipped++;
      continue;
    }
    const out = await system.run(clip.pcm, FPS, {}, clip);
    const frames = { weights: out.weights, fps: FPS };
    const cr = closureRecall(frames, phones);
    acc.events += cr.events;
    acc.closed += cr.closed;
    const fc = falseClosures(frames, phones);
    acc.vFrames += fc.frames;
    acc.vClosed += fc.closed;
    const va = visemeAccuracy(frames, phones);
    acc.segments += va.segments;
    acc.correct += va.correct;
    const rs = restInSilence(frames, phones);
    acc.restFrames += rs.frames;
    if (rs.frames > 0) acc.restHits += rs.restShare * rs.frames;
    const ap = apertureTrack(frames);
    const ref = referenceAperture(phones, { fps: FPS, duration: clip.pcm.length / 16000 });
    const n = Math.min(ap.length, ref.length);
    aps.push(ap.subarray(0, n));
    refs.push(ref.subarray(0, n));
    const j = jitter(ap, FPS);
    if (Number.isFinite(j)) {
      acc.jSq += j * j * (ap.length - 2);
      acc.jN += ap.length - 2;
    }
  }
  const join = (xs) => {
    const out = new Float32Array(xs.reduce((s, x) => s + x.length, 0));
    let o = 0;
    for (const x of xs) {
      out.set(x, o);
      o += x.length;
    }
    return out;
  };
  const corr = apertureCorrelation(join(aps), join(refs), FPS, { maxLagMs: 200 });
  return {
    system: system.name,
    clips: clips.length - skipped,
    skipped,
    closureEvents: acc.events,
    closureRecall: acc.closed / acc.events,
    closureRecallInterval: wilsonInterval(acc.closed, acc.events),
    closuresClosed: acc.closed,
    falseClosures: acc.vClosed / acc.vFrames,
    falseClosureFrames: acc.vFrames,
    falseClosureClosed: acc.vClosed,
    visemeSegments: acc.segments,
    visemeAccuracy: acc.correct / acc.segments,
    apertureR: corr.r,
    offsetMs: corr.bestLagMs,
    rAtBestLag: corr.rAtBestLag,
    restShare: acc.restHits / acc.restFrames,
    jitter: Math.sqrt(acc.jSq / acc.jN),
  };
}

/** Head motion statistics of one system over clips (no labels needed), pooled by joining the clips. */
export async function scoreHead(system, clips) {
  const heads = [];
  const louds = [];
  let jSq = 0;
  let jN = 0;
  for (const clip of clips) {
    const out = await system.run(clip.pcm, FPS, {}, clip);
    const T = out.head.length / 6;
    heads.push(out.head);
    louds.push(loudnessDb(clip.pcm, FPS, T));
    const ap = apertureTrack({ weights: out.weights, fps: FPS });
    const j = jitter(ap, FPS);
    if (Number.isFinite(j)) {
      jSq += j * j * (ap.length - 2);
      jN += ap.length - 2;
    }
  }
  const cat = (xs) => {
    const o = new Float32Array(xs.reduce((s, x) => s + x.length, 0));
    let at = 0;
    for (const x of xs) {
      o.set(x, at);
      at += x.length;
    }
    return o;
  };
  const hs = headStats(cat(heads), cat(louds), FPS);
  return { system: system.name, clips: clips.length, head: hs, jitter: Math.sqrt(jSq / jN) };
}

/**
 * Closed lips on real voiced sound without labels: over frames within
 * `withinDb` of each clip's loudest (frameLevelsDb), the share with
 * lipClosure >= 0.5 (the false-closure metric's definition of closed).
 * For clips with no p/b/m, such as filled pauses, every such frame is a
 * false closure.
 */
export async function scoreClosedWhileVoiced(system, clips, withinDb = 15) {
  let frames = 0;
  let closed = 0;
  const perClip = [];
  for (const clip of clips) {
    const out = await system.run(clip.pcm, FPS, {}, clip);
    const db = frameLevelsDb(clip.pcm, FPS);
    const T = Math.min(out.weights.length / 52, db.length);
    let peak = -Infinity;
    for (let t = 0; t < T; t++) peak = Math.max(peak, db[t]);
    let n = 0;
    let c = 0;
    for (let t = 0; t < T; t++) {
      if (!(db[t] > peak - withinDb)) continue;
      n++;
      if (lipClosure(out.weights.subarray(t * 52, t * 52 + 52)) >= 0.5) c++;
    }
    frames += n;
    closed += c;
    perClip.push({ clip: clip.name, frames: n, closed: c });
  }
  return { system: system.name, frames, closed, closedShare: closed / frames, perClip };
}
