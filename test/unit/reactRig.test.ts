import { _roots, act, createRoot, type RootState } from '@react-three/fiber';
import { createElement, type ReactElement, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { Bone, BufferGeometry, Float32BufferAttribute, Group, Mesh, Quaternion } from 'three';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, BLENDSHAPE_NAMES, MouthpieceError, type BlendshapeName, type Frame } from '../../src/api/index.js';
import { FrameBuffer, MouthpieceAvatar, MouthpieceFace, useFaceRig, useFrameSource, type FaceRigHandle } from '../../src/react/index.js';

function character() {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(new Float32Array(9), 3));
  geometry.morphAttributes.position = BLENDSHAPE_NAMES.map((n) => Object.assign(new Float32BufferAttribute(new Float32Array(9), 3), { name: n }));
  const face = Object.assign(new Mesh(geometry), { name: 'Face' });
  const head = Object.assign(new Bone(), { name: 'Head' });
  const root = new Group();
  root.add(head, face);
  return { root, face, head };
}

function frame(time: number, set: Partial<Record<BlendshapeName, number>> = {}, yaw = 0): Frame {
  const weights = new Float32Array(BLENDSHAPE_COUNT);
  for (const [k, v] of Object.entries(set)) weights[BLENDSHAPE_INDEX[k as BlendshapeName]] = v as number;
  return { time, weights, head: { rotation: { pitch: 0, yaw, roll: 0 }, position: { x: 0, y: 0, z: 0 } } };
}

const infl = (mesh: Mesh, morph: BlendshapeName) => mesh.morphTargetInfluences![mesh.morphTargetDictionary![morph]];

/**
 * A headless R3F root, the way @react-three/test-renderer builds one. The installed test-renderer (11.0.0) is
 * written for fiber 8: it calls `root.configure(...).render(...)`, but fiber 9's `configure` returns a promise.
 * So: a stub canvas, a stub renderer (nothing is drawn), and the frame subscribers called by hand.
 */
async function mount(element: ReactNode) {
  const canvas = { style: {}, width: 64, height: 64, addEventListener() {}, removeEventListener() {} } as unknown as HTMLCanvasElement;
  const noop = () => {};
  const gl = {
    render: noop, setSize: noop, setPixelRatio: noop, getPixelRatio: () => 1, dispose: noop, forceContextLoss: noop,
    xr: { addEventListener: noop, removeEventListener: noop, setAnimationLoop: noop, enabled: false },
    shadowMap: {}, domElement: canvas, info: {}, renderLists: { dispose: noop },
  };
  const root = createRoot(canvas);
  await root.configure({ frameloop: 'never', gl: gl as never, events: undefined, size: { width: 64, height: 64, top: 0, left: 0 } });
  await act(async () => {
    root.render(element);
  });
  const store = _roots.get(canvas)!.store;
  return {
    store,
    async advanceFrames(n: number, delta: number) {
      await act(async () => {
        const state: RootState = store.getState();
        for (let i = 0; i < n; i++) for (const s of state.internal.subscribers) s.ref.current(state, delta, undefined);
      });
    },
    async unmount() {
      await act(async () => {
        root.unmount();
      });
    },
  };
}

describe('FrameBuffer', () => {
  it('returns the frame at or before a time, null before, in gaps and after the hold', () => {
    const b = new FrameBuffer({ hold: 0.05 });
    expect(b.at(0)).toBeNull();
    const f = [frame(0), frame(0.02), frame(0.04)];
    b.push(f);
    b.push([frame(0.2), frame(0.22)]);
    expect(b.length).toBe(5);
    expect(b.at(-0.01)).toBeNull();
    expect(b.at(0)).toBe(f[0]);
    expect(b.at(0.019)).toBe(f[0]);
    expect(b.at(0.02)).toBe(f[1]);
    expect(b.at(0.05)).toBe(f[2]);
    expect(b.at(0.12)).toBeNull(); // gap longer than hold
    expect(b.at(0.21)!.time).toBe(0.2);
    expect(b.at(0.25)!.time).toBe(0.22);
    expect(b.at(0.3)).toBeNull(); // after the end
    expect(b.at(Number.NaN)).toBeNull();
    b.clear();
    expect(b.at(0.02)).toBeNull();
  });

  it('rejects out-of-order frames and bad options, drops the oldest beyond capacity', () => {
    const b = new FrameBuffer({ capacity: 2 });
    b.push([frame(1)]);
    expect(() => b.push([frame(0.5)])).toThrow(MouthpieceError);
    expect(() => b.push([frame(2), frame(1.5)])).toThrow(/time order/);
    expect(b.length).toBe(1); // nothing of a rejected push was kept
    b.push([frame(2), frame(3)]);
    expect(b.length).toBe(2);
    expect(b.at(1.05)).toBeNull();
    expect(() => new FrameBuffer({ hold: -1 })).toThrow(MouthpieceError);
    expect(() => new FrameBuffer({ capacity: 1.5 })).toThrow(MouthpieceError);
  });
});

describe('MouthpieceFace and useFaceRig', () => {
  // Tells React that act() is in use, as the test renderer would.
  beforeAll(() => {
    vi.stubGlobal('IS_REACT_ACT_ENVIRONMENT', true);
  });
  afterAll(() => {
    vi.unstubAllGlobals();
  });

  it('plays the buffer frame on the morphs and head bone (layers off), relaxes in gaps', async () => {
    const { root, face, head } = character();
    const buffer = new FrameBuffer({ hold: 0.1 });
    buffer.push([frame(0, { jawOpen: 0.7 }, 0.3)]);
    let now = 0.05;
    const renderer = await mount(
      createElement(MouthpieceFace, { object: root, buffer, clock: () => now, layers: false }),
    );
    const rest = head.quaternion.clone();
    await renderer.advanceFrames(3, 1 / 60);
    expect(infl(face, 'jawOpen')).toBeCloseTo(0.7, 6);
    expect(head.quaternion.angleTo(rest)).toBeCloseTo(0.3, 4);
    expect(renderer.store.getState().scene.children).toContain(root);

    now = 1; // past the hold: no frame, the face eases to rest
    await renderer.advanceFrames(60, 1 / 60);
    expect(infl(face, 'jawOpen')).toBeLessThan(0.01);
    await renderer.unmount();
  });

  it('adds a blink within a few seconds with layers on, and never mutates the buffer frame', async () => {
    const { root, face } = character();
    const buffer = new FrameBuffer({ hold: 100 });
    const f = frame(0, { jawOpen: 0.2 });
    buffer.push([f]);
    const renderer = await mount(
      createElement(MouthpieceFace, { object: root, buffer, clock: () => 1, layers: { seed: 3 } }),
    );
    let maxBlink = 0;
    for (let i = 0; i < 6 * 60; i++) {
      await renderer.advanceFrames(1, 1 / 60);
      maxBlink = Math.max(maxBlink, infl(face, 'eyeBlinkLeft'));
    }
    expect(maxBlink).toBeGreaterThan(0.5);
    expect(f.weights[BLENDSHAPE_INDEX.eyeBlinkLeft]).toBe(0);
    expect(f.gaze).toBeUndefined();
    expect(f.head.rotation.yaw).toBe(0);
    await renderer.unmount();
  });

  it('useFaceRig: push API, and unmount disposes the rig (rest pose restored)', async () => {
    const { root, face, head } = character();
    const rest = new Quaternion().copy(head.quaternion);
    let handle: FaceRigHandle | null = null;
    function Probe(): ReactElement | null {
      handle = useFaceRig(root, { layers: false });
      return null;
    }
    const renderer = await mount(createElement(Probe));
    expect(handle!.rig).not.toBeNull();
    handle!.setFrame(frame(0, { jawOpen: 0.4 }, -0.2));
    await renderer.advanceFrames(2, 1 / 60);
    expect(infl(face, 'jawOpen')).toBeCloseTo(0.4, 6);
    expect(head.quaternion.angleTo(rest)).toBeGreaterThan(0.1);
    const rig = handle!.rig!;
    expect(rig.describe()).toBeTruthy();
    await renderer.unmount();
    expect(infl(face, 'jawOpen')).toBe(0);
    expect(head.quaternion.angleTo(rest)).toBeLessThan(1e-6);
    expect(() => rig.update(0)).toThrow(/disposed/);
  });

  it('the hooks throw a MouthpieceError naming them outside a <Canvas>', () => {
    const { root } = character();
    function A(): null {
      useFaceRig(root);
      return null;
    }
    function B(): null {
      useFrameSource(new FrameBuffer());
      return null;
    }
    for (const [C, name] of [[A, 'useFaceRig'], [B, 'useFrameSource']] as const) {
      let error: unknown;
      try {
        renderToString(createElement(C));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(MouthpieceError);
      expect((error as MouthpieceError).code).toBe('STATE');
      expect((error as Error).message).toContain(`${name} must be used inside a <Canvas>`);
    }
  });

  it('<MouthpieceAvatar> needs exactly one of url and object, and fails by name outside a <Canvas>', () => {
    const { root } = character();
    const render = (props: Record<string, unknown>) => {
      try {
        renderToString(createElement(MouthpieceAvatar, props as never));
      } catch (e) {
        return e as MouthpieceError;
      }
      return null;
    };
    expect(render({})).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/exactly one of url and object/) });
    expect(render({ url: '/a.glb', object: root })).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(render({ object: root })).toMatchObject({ code: 'STATE', message: expect.stringMatching(/inside a <Canvas>/) });
  });
});
