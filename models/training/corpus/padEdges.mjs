// Gives every utterance a stretch of silence before and after the speech.
// espeak-ng starts speaking 11-46 ms into its audio and stops at the last
// sample, so its renders would begin and end with an open mouth and the model
// would never see a face settle into (or start from) rest at an utterance
// edge. Zeros are added to the 16 kHz audio and the phone timeline is shifted
// and extended to match, so targets stay aligned.

/**
 * @param {Float32Array} pcm 16 kHz samples
 * @param {{phone: string, start: number, end: number, stress?: number}[]} phones contiguous from 0
 * @param {number} seconds minimum silence wanted at each edge
 * @param {number} rate sample rate of pcm
 * @returns {{ pcm: Float32Array, phones: typeof phones, padStart: number, padEnd: number }} padStart/padEnd in seconds
 */
export function padEdges(pcm, phones, seconds, rate) {
  const isPause = (p) => p.phone === '_' || p.phone === '';
  const firstSpeech = phones.find((p) => !isPause(p));
  if (!firstSpeech || seconds <= 0) return { pcm, phones, padStart: 0, padEnd: 0 };
  const duration = pcm.length / rate;
  const lastSpeech = [...phones].reverse().find((p) => !isPause(p));
  const padStartSamples = Math.max(0, Math.round((seconds - firstSpeech.start) * rate));
  const padEndSamples = Math.max(0, Math.round((seconds - (duration - lastSpeech.end)) * rate));
  if (padStartSamples === 0 && padEndSamples === 0) return { pcm, phones, padStart: 0, padEnd: 0 };
  const out = new Float32Array(pcm.length + padStartSamples + padEndSamples);
  out.set(pcm, padStartSamples);
  const shift = padStartSamples / rate;
  const newDuration = out.length / rate;
  const moved = phones.map((p) => ({ ...p, start: p.start + shift, end: p.end + shift }));
  // Extend (or add) the edge pauses so the timeline still covers 0..duration.
  if (shift > 0) {
    if (isPause(moved[0])) moved[0].start = 0;
    else moved.unshift({ phone: '_', start: 0, end: shift, stress: 0 });
  }
  const last = moved[moved.length - 1];
  if (newDuration > last.end + 1e-9) {
    if (isPause(last)) last.end = newDuration;
    else moved.push({ phone: '_', start: last.end, end: newDuration, stress: 0 });
  }
  return { pcm: out, phones: moved, padStart: shift, padEnd: padEndSamples / rate };
}
