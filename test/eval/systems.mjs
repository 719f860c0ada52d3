// The systems scored side by side: the motion model(s), an energy-only
// baseline, and the teacher where phone labels exist.
import { BLENDSHAPE_COUNT } from '../../dist/api/blendshapeNames.js';
import { energyBaseline } from '../../dist/eval/index.js';
import { openEngine } from '../../dist/runtime/openEngine.js';
import { arpabetToIpa, teach } from '../../dist/teacher/index.js';

/** Frames as EvalFrames plus the head (T x 6: pitch, yaw, roll, x, y, z). */
export function packFrames(frames, fps) {
  const weights = new Float32Array(frames.length * BLENDSHAPE_COUNT);
  const head = new Float32Array(frames.length * 6);
  frames.forEach((f, i) => {
    weights.set(f.weights, i * BLENDSHAPE_COUNT);
    const r = f.head.rotation;
    const p = f.head.position;
    head.set([r.pitch, r.yaw, r.roll, p.x, p.y, p.z], i * 6);
  });
  return { weights, head, fps };
}

/**
 * A bilabial seal from the command line, 'FROM..TO' or 'FROM..TO@DIP' (e.g. '0.05..0.15' or
 * '0.05..0.15@12', as test/eval/tuneSeal.mjs prints it; DIP is the acoustic check's dipDb);
 * undefined when not given. A model file otherwise gets the engine's cautious default seal.
 */
export function parseSeal(text) {
  if (text === undefined) return undefined;
  const m = /^([\d.]+)\.\.([\d.]+)(?:@([\d.]+))?$/.exec(text);
  if (!m) throw new Error(`--seal expects FROM..TO or FROM..TO@DIP (e.g. 0.05..0.15@12), got ${text}`);
  return { from: Number(m[1]), to: Number(m[2]), ...(m[3] ? { dipDb: Number(m[3]) } : {}) };
}

/** A seal as parseSeal reads it: 'FROM..TO' or 'FROM..TO@DIP'. */
export function formatSeal(seal) {
  return `${seal.from}..${seal.to}${seal.dipDb ? `@${seal.dipDb}` : ''}`;
}

/**
 * Viseme shaping from the command line, 'STRENGTH,SHARPNESS' (e.g. '1,1', as test/eval/tuneShaping.mjs
 * prints it), or 'off'; undefined when not given. A model file otherwise gets none.
 */
export function parseShaping(text) {
  if (text === undefined) return undefined;
  if (text === 'off') return false;
  const m = /^([\d.]+),([\d.]+)$/.exec(text);
  if (!m) throw new Error(`--shaping expects STRENGTH,SHARPNESS (e.g. 1,1) or off, got ${text}`);
  return { strength: Number(m[1]), sharpness: Number(m[2]) };
}

/**
 * Output advance from the command line, whole frames (e.g. '1'); undefined
 * when not given. A model file otherwise gets none, a built-in model its own.
 */
export function parseAdvance(text) {
  if (text === undefined) return undefined;
  const k = Number(text);
  if (!Number.isInteger(k) || k < 0) throw new Error(`--advance expects whole frames (e.g. 1), got ${text}`);
  return k;
}

/**
 * Engine options from the eval scripts' --seal, --shaping and --advance
 * (each as parsed above; undefined = not given, so a built-in model keeps
 * its own and a model file gets none).
 */
export function runTimeOptions({ seal, shaping, advance } = {}) {
  return {
    ...(seal ? { bilabialSeal: seal } : {}),
    ...(shaping !== undefined ? { visemeShaping: shaping } : {}),
    ...(advance !== undefined ? { outputAdvanceFrames: advance } : {}),
  };
}

/** A motion model system: `run(pcm16k, fps)` -> { weights, head, fps }. */
export async function modelSystem(model, label = `model (${model})`, engineOptions = {}) {
  const engine = await openEngine({ model, ...engineOptions });
  await engine.motionModel();
  return {
    name: label,
    lookaheadMs: engine.info().model.lookaheadMs,
    async run(pcm, fps, conditioning = {}) {
      const t = await engine.process(pcm, { sampleRate: 16000, fps, ...conditioning });
      return packFrames(t.frames, fps);
    },
    close: () => engine.dispose(),
  };
}

/** The energy-only baseline (src/eval/energyBaseline.ts): jaw from loudness, nothing else. */
export const energySystem = {
  name: 'energy baseline',
  async run(pcm, fps) {
    const f = energyBaseline(pcm, { fps });
    return { weights: f.weights, head: new Float32Array((f.weights.length / BLENDSHAPE_COUNT) * 6), fps };
  },
  close: async () => {},
};

const ARPABET = /^[A-Z]{1,2}[012]?$/;
/** Phone labels as the teacher reads them (IPA; ARPAbet converted; silences as '_'). */
function teacherSegments(phones) {
  return phones.map((p) => {
    const l = p.label.trim();
    const silent = l === '' || l === 'sil' || l === 'sp' || l === 'spn' || l === '_';
    return { phone: silent ? '_' : ARPABET.test(l) ? arpabetToIpa(l) : l, start: p.start, end: p.end };
  });
}

/**
 * The teacher (text-timed lip sync) on the clip's phone labels, with
 * `options` passed to teach() (e.g. { lipLeadMs: 10 }); needs `clip.phones`.
 */
export function teacherSystemWith(options = {}, name = 'teacher (phone labels)') {
  return {
    name,
    needsPhones: true,
    async run(pcm, fps, _conditioning, clip) {
      const duration = pcm.length / 16000;
      const t = teach(teacherSegments(clip.phones), { ...options, fps, duration, language: clip.language });
      return packFrames(t.frames, fps);
    },
    close: async () => {},
  };
}

/** The teacher as shipped, on the clip's phone labels. */
export const teacherSystem = teacherSystemWith();
