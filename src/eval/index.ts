// Evaluation of lip sync against phone timings (internal: compiled to
// dist/eval for the training and report scripts, not a package entry point).
export { apertureCorrelation, type ApertureCorrelationResult } from './apertureCorrelation.js';
export { apertureTrack } from './apertureTrack.js';
export { blockBootstrapCI, type BlockBootstrapOptions, type BootstrapInterval } from './blockBootstrapCI.js';
export { closureRecall, type ClosureRecallResult } from './closureRecall.js';
export { energyBaseline, type EnergyBaselineOptions } from './energyBaseline.js';
export type { EvalFrames } from './EvalFrames.js';
export { frameLevelsDb } from './frameLevelsDb.js';
export { evalPhone, type EvalPhone, type EvalPhoneKind } from './evalPhone.js';
export { falseClosures, type FalseClosuresResult } from './falseClosures.js';
export { HEAD_RANGES } from './headRanges.js';
export { headStats, type HeadStatsOptions, type HeadStatsResult } from './headStats.js';
export { jitter } from './jitter.js';
export { MOUTH_FEATURE_NAMES, mouthFeatures } from './mouthFeatures.js';
export { mulberry32 } from '../util/mulberry32.js';
export { nearestViseme } from './nearestViseme.js';
export { OCULUS_VISEMES, type OculusViseme } from './oculusVisemes.js';
export { pearson } from './pearson.js';
export type { PhoneSegment } from './PhoneSegment.js';
export { phoneTier } from './phoneTier.js';
export { readTextGrid, type TextGrid, type TextGridInterval, type TextGridTier } from './readTextGrid.js';
export { referenceAperture, type ReferenceApertureOptions } from './referenceAperture.js';
export { restInSilence, type RestInSilenceResult } from './restInSilence.js';
export { silenceSpans } from './silenceSpans.js';
export { VISEME_TEMPLATES, type SparseWeights } from './visemeTemplates.js';
export { visemeAccuracy, type VisemeAccuracyResult } from './visemeAccuracy.js';
export { visemeWeights } from './visemeWeights.js';
