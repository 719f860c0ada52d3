import { BLENDSHAPE_COUNT } from '../api/blendshapeNames.js';
import type { ExpressionProjection, ExpressionTarget } from './ExpressionTarget.js';
import type { MorphBindingPlan } from './findMorphTargets.js';
import { MorphExpressionTarget } from './MorphExpressionTarget.js';
import type { MorphMesh } from './MorphMesh.js';

/**
 * Writes ARKit weights into bound morph targets and retargeted expression
 * channels, blending each by `params[0]` from its current value.
 *
 * Layout: one Float64Array `values` holds the 52 ARKit weights (the rig
 * smooths straight into {@link weights}) followed by each projection's
 * channels (projections write into views of it). Every morph that is
 * driven, ARKit or retargeted, is one row of flat typed arrays (mesh,
 * morph index, value index), so a frame allocates nothing and makes no
 * call that carries a fractional number. Targets passed in by the user
 * (a VRM adapter) go through the `ExpressionTarget` interface.
 *
 * Blending: the base of the lerp is the morph's current value when a mixer
 * or the user changed it since the last frame, otherwise the base used last
 * frame (so weight 0.5 stays halfway on a morph nobody else animates,
 * instead of creeping to the target). Internal to the rig.
 *
 * @example
 * ```ts
 * const params = new Float64Array([1]); // params[0] = weight
 * const d = new MorphDriver(findMorphTargets(root), [], () => true, params);
 * d.weights.set(frame.weights); d.apply(); // once per frame
 * d.restore();
 * ```
 */
export class MorphDriver {
  /** The 52 ARKit weights to apply (a view of `values`). */
  readonly weights: Float64Array;
  private readonly values: Float64Array;
  private readonly projections: ExpressionProjection[] = [];
  private readonly projected: Float64Array[] = [];

  private readonly meshes: MorphMesh[] = [];
  private readonly meshOf: Uint32Array;
  private readonly morph: Uint32Array;
  private readonly source: Uint32Array;
  private readonly rest: Float64Array;
  private readonly written: Float64Array;
  private readonly base: Float64Array;

  private readonly extra: readonly ExpressionTarget[];
  private readonly extraOffset: Uint32Array;
  private readonly extraFrom: Uint32Array;
  private readonly extraRest: Float64Array;
  private readonly extraWritten: Float64Array;
  private readonly extraBase: Float64Array;

  /**
   * @param plan From `findMorphTargets`.
   * @param extraTargets More expression targets (e.g. a VRM adapter).
   * @param include Which ARKit indices to write (the rig leaves the
   *   eyeLook* morphs alone when eye bones turn the eyes).
   * @param params `params[0]` is the blend weight 0..1, read each frame.
   */
  constructor(
    plan: MorphBindingPlan,
    extraTargets: readonly ExpressionTarget[],
    include: (arkitIndex: number) => boolean,
    private readonly params: Float64Array,
  ) {
    this.extra = extraTargets;
    const targets = [...plan.expressions, ...extraTargets];
    const valueOffset = new Map<ExpressionProjection, number>();
    let n = BLENDSHAPE_COUNT;
    for (const t of targets) {
      if (valueOffset.has(t.projection)) continue;
      valueOffset.set(t.projection, n);
      this.projections.push(t.projection);
      n += t.projection.channelNames.length;
    }
    this.values = new Float64Array(n);
    this.weights = this.values.subarray(0, BLENDSHAPE_COUNT);
    for (const p of this.projections) {
      const o = valueOffset.get(p)!;
      this.projected.push(this.values.subarray(o, o + p.channelNames.length));
    }

    const rows: [MorphMesh, number, number][] = [];
    plan.targets.forEach((bindings, i) => {
      if (include(i)) for (const b of bindings) rows.push([b.mesh, b.morphIndex, i]);
    });
    for (const t of plan.expressions) {
      if (!(t instanceof MorphExpressionTarget)) continue;
      t.morphIndices.forEach((m, c) => {
        if (m >= 0) rows.push([t.mesh, m, valueOffset.get(t.projection)! + c]);
      });
    }
    this.meshOf = Uint32Array.from(rows, ([mesh]) => {
      const k = this.meshes.indexOf(mesh);
      return k >= 0 ? k : this.meshes.push(mesh) - 1;
    });
    this.morph = Uint32Array.from(rows, (r) => r[1]);
    this.source = Uint32Array.from(rows, (r) => r[2]);
    this.rest = Float64Array.from(rows, ([mesh, m]) => mesh.morphTargetInfluences[m] ?? 0);
    this.written = new Float64Array(rows.length).fill(NaN);
    this.base = new Float64Array(rows.length);

    this.extraOffset = new Uint32Array(extraTargets.length + 1);
    extraTargets.forEach((t, k) => (this.extraOffset[k + 1] = this.extraOffset[k] + t.projection.channelNames.length));
    const channels = this.extraOffset[extraTargets.length];
    this.extraRest = new Float64Array(channels);
    this.extraWritten = new Float64Array(channels).fill(NaN);
    this.extraBase = new Float64Array(channels);
    extraTargets.forEach((t, k) => {
      for (let c = 0; c < t.projection.channelNames.length; c++) this.extraRest[this.extraOffset[k] + c] = t.getValue(c);
    });
    this.extraFrom = Uint32Array.from(extraTargets, (t) => valueOffset.get(t.projection)!);
  }

  /** Projects {@link weights} and writes every driven morph and channel. No allocation. */
  apply(): void {
    const weight = this.params[0];
    for (let p = 0; p < this.projections.length; p++) this.projections[p].project(this.weights, this.projected[p]);
    const values = this.values;
    const written = this.written;
    const base = this.base;
    for (let r = 0; r < this.morph.length; r++) {
      const influences = this.meshes[this.meshOf[r]].morphTargetInfluences;
      const m = this.morph[r];
      if (influences[m] !== written[r]) base[r] = influences[m];
      influences[m] = base[r] + (values[this.source[r]] - base[r]) * weight;
      written[r] = influences[m];
    }
    for (let k = 0; k < this.extra.length; k++) {
      const t = this.extra[k];
      const from = this.extraFrom[k];
      const o = this.extraOffset[k];
      for (let c = 0; c < t.projection.channelNames.length; c++) {
        const current = t.getValue(c);
        if (current !== this.extraWritten[o + c]) this.extraBase[o + c] = current;
        t.setValue(c, this.extraBase[o + c] + (values[from + c] - this.extraBase[o + c]) * weight);
        // Read back: a target may store the value rounded or clamped.
        this.extraWritten[o + c] = t.getValue(c);
      }
    }
  }

  /** Puts back the influences and channel values found at construction. */
  restore(): void {
    for (let r = 0; r < this.morph.length; r++) this.meshes[this.meshOf[r]].morphTargetInfluences[this.morph[r]] = this.rest[r];
    this.written.fill(NaN);
    this.extra.forEach((t, k) => {
      for (let c = 0; c < t.projection.channelNames.length; c++) t.setValue(c, this.extraRest[this.extraOffset[k] + c]);
    });
    this.extraWritten.fill(NaN);
  }
}
