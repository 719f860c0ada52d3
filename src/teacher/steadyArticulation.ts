import { CH, CHANNELS } from './articulation.js';
import { lipSeal } from './articulationToWeights.js';
import { suppressFlicker, type FlickerOrder } from './suppressFlicker.js';

// Who wins where a short opening and a short closing touch: closures (lips,
// lower lip tucked) fill short gaps first; the jaw and the other channels
// drop short excursions first. Either way the mouth stays shut rather than
// blinking open.
const ORDER: Readonly<Record<number, FlickerOrder>> = { [CH.lipClose]: 'pitsFirst', [CH.labiodental]: 'pitsFirst' };

/**
 * Removes flicker from 100 Hz articulatory curves (frames x CHANNELS, in
 * place): afterwards no channel has a peak or pit narrower than `minWidth`
 * frames (half-prominence width, see {@link suppressFlicker}) except where
 * a closure is held (`pinned` frames keep the lips shut).
 *
 * Three passes, each about something the eye reads:
 * 1. every channel on its own;
 * 2. the lip seal (closure or tuck, see {@link lipSeal}): a release into a
 *    tuck (p a v) leaves a short gap even when both channels are steady;
 *    such gaps close up, the lips staying shut a little longer;
 * 3. the jaw as the lips let it show (jaw x (1 - seal)): where that is a
 *    short blip, a vowel squeezed between lip gestures, the jaw opens less.
 *    Short vowels undershoot rather than flash open.
 *
 * @example
 * ```ts
 * steadyArticulation(curves, frames, 7, holdFrames(holds, frames, 100));
 * ```
 */
export function steadyArticulation(curves: Float32Array, frames: number, minWidth: number, pinned: ArrayLike<number>): void {
  const at = (i: number, c: number) => curves[i * CHANNELS + c];
  for (let c = 0; c < CHANNELS; c++) {
    const lips = c === CH.lipClose || c === CH.labiodental;
    const steady = suppressFlicker(
      Float64Array.from({ length: frames }, (_, i) => at(i, c)),
      { minWidth, order: ORDER[c] ?? 'peaksFirst', pinned: lips ? pinned : undefined },
    );
    for (let i = 0; i < frames; i++) curves[i * CHANNELS + c] = steady[i];
  }

  const seal = Float64Array.from({ length: frames }, (_, i) => lipSeal(at(i, CH.lipClose), at(i, CH.labiodental)));
  const steadySeal = suppressFlicker(seal, { minWidth, order: 'pitsFirst', pinned });
  for (let i = 0; i < frames; i++) {
    const k = i * CHANNELS;
    if (steadySeal[i] > seal[i]) {
      curves[k + CH.lipClose] = Math.max(curves[k + CH.lipClose], steadySeal[i]);
    } else if (steadySeal[i] < seal[i]) {
      curves[k + CH.lipClose] = Math.min(curves[k + CH.lipClose], steadySeal[i]);
      curves[k + CH.labiodental] = Math.min(curves[k + CH.labiodental], steadySeal[i] / lipSeal(0, 1));
    }
  }

  const shown = Float64Array.from({ length: frames }, (_, i) => at(i, CH.jaw) * (1 - lipSeal(at(i, CH.lipClose), at(i, CH.labiodental))));
  const steadyShown = suppressFlicker(shown, { minWidth, pinned });
  for (let i = 0; i < frames; i++) {
    if (steadyShown[i] < shown[i]) curves[i * CHANNELS + CH.jaw] *= steadyShown[i] / shown[i];
  }
}
