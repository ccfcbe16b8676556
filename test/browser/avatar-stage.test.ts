import { expect } from '@esm-bundle/chai';
import { createAvatarStage } from '../../src/avatar/stage.js';
import type { AvatarStage, AvatarStageOptions } from '../../src/avatar/types.js';
import { defaultAvatarUrl } from '../../src/avatar/default-avatar.js';
import type { LipSyncFrame } from '../../src/lipsync/types.js';
import { CLOSED_MOUTH } from '../../src/lipsync/types.js';
import { sleep, waitFor } from './helpers.js';

interface Harness {
  stage: AvatarStage;
  container: HTMLElement;
  mouth: LipSyncFrame;
  ready: string[];
  errors: Array<{ code: string; message: string; recoverable: boolean }>;
}

function makeStage(overrides: Partial<AvatarStageOptions> = {}): Harness {
  const container = document.createElement('div');
  container.style.cssText = 'width:320px;height:320px;position:relative';
  document.body.append(container);
  const h = { container, mouth: { ...CLOSED_MOUTH }, ready: [] as string[], errors: [] as Harness['errors'] } as unknown as Harness;
  h.stage = createAvatarStage({
    container,
    url: defaultAvatarUrl(),
    fallbackUrl: defaultAvatarUrl(),
    framing: 'head',
    reducedMotion: true, // no head sway: frames differ only by what the test changes
    sampleMouth: () => h.mouth,
    isSpeaking: () => false,
    onReady: (url) => h.ready.push(url),
    onError: (code, message, recoverable) => h.errors.push({ code, message, recoverable }),
    ...overrides,
  });
  return h;
}

function pixels(stage: AvatarStage): Uint8ClampedArray {
  const still = stage.snapshot()!;
  return still.getContext('2d')!.getImageData(0, 0, still.width, still.height).data;
}

/** Fraction of pixels whose colour changed noticeably (optionally inside a region, in fractions of the size). */
function changed(a: Uint8ClampedArray, b: Uint8ClampedArray, region = { x0: 0, x1: 1, y0: 0, y1: 1 }): number {
  const size = Math.round(Math.sqrt(a.length / 4)); // square test canvases
  let n = 0;
  let total = 0;
  for (let y = Math.floor(region.y0 * size); y < Math.floor(region.y1 * size); y++) {
    for (let x = Math.floor(region.x0 * size); x < Math.floor(region.x1 * size); x++) {
      const i = (y * size + x) * 4;
      const d = Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) + Math.abs(a[i + 3] - b[i + 3]);
      if (d > 40) n++;
      total++;
    }
  }
  return n / Math.max(1, total);
}

/** The lower middle of the face at `head` framing. */
const MOUTH = { x0: 0.3, x1: 0.7, y0: 0.5, y1: 0.8 };

function opaque(p: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 3; i < p.length; i += 4) if (p[i] > 200) n++;
  return n / (p.length / 4);
}

async function frames(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => requestAnimationFrame(r));
}

describe('avatar stage', function () {
  this.timeout(30_000);

  it('loads the default VRM 1.0 avatar and reports ready after its first frame is on screen', async () => {
    const h = makeStage();
    await waitFor(() => h.ready.length, 15_000, 'ready');
    expect(h.ready[0]).to.contain('default-avatar.vrm');
    expect(h.errors).to.deep.equal([]);
    const canvas = h.container.querySelector('canvas')!;
    expect(canvas.getAttribute('aria-hidden')).to.equal('true');
    // The head framing fills much of the view with the (opaque) avatar; the background stays transparent.
    const p = pixels(h.stage);
    expect(opaque(p)).to.be.within(0.25, 0.95);
    h.stage.dispose();
    h.container.remove();
  });

  it('loads a VRM 0.x avatar, turned to face the camera, with its a/i/u/e/o presets driving the mouth', async () => {
    const h = makeStage({ url: new URL('/test/fixtures/avatars/default-avatar-vrm0.vrm', location.href).href });
    await waitFor(() => h.ready.length, 15_000, 'ready');
    expect(h.ready[0]).to.contain('default-avatar-vrm0.vrm');
    expect(h.errors).to.deep.equal([]);
    await frames(3);
    const closed = pixels(h.stage);
    // Facing the camera: it looks like the same avatar in VRM 1.0 (the back of the head would not).
    const ref = makeStage();
    await waitFor(() => ref.ready.length, 15_000, 'reference ready');
    await frames(3);
    expect(changed(closed, pixels(ref.stage))).to.be.lessThan(0.1);
    ref.stage.dispose();
    ref.container.remove();
    h.mouth = { ...CLOSED_MOUTH, aa: 1, level: 1 };
    await frames(3);
    expect(changed(closed, pixels(h.stage), MOUTH)).to.be.greaterThan(0.03);
    h.stage.dispose();
    h.container.remove();
  });

  it('mouth presets move the mesh: open and closed mouths differ in pixels, and so do ou and ee', async () => {
    const h = makeStage();
    await waitFor(() => h.ready.length, 15_000, 'ready');
    await frames(3);
    const closed = pixels(h.stage);
    h.mouth = { ...CLOSED_MOUTH, aa: 1, level: 1 };
    await frames(3);
    const open = pixels(h.stage);
    h.mouth = { ...CLOSED_MOUTH, ou: 1, level: 0.5 };
    await frames(3);
    const ou = pixels(h.stage);
    h.mouth = { ...CLOSED_MOUTH, ee: 1, level: 0.5 };
    await frames(3);
    const ee = pixels(h.stage);
    h.mouth = { ...CLOSED_MOUTH };
    await frames(3);
    const closedAgain = pixels(h.stage);
    const openVsClosed = changed(closed, open, MOUTH);
    expect(openVsClosed).to.be.greaterThan(0.03);
    expect(changed(ou, ee, MOUTH)).to.be.greaterThan(0.02);
    // The same mouth gives the same mouth region (breathing moves the body a little, not the lips' shape).
    expect(changed(closed, closedAgain, MOUTH)).to.be.lessThan(openVsClosed / 3);
    h.stage.dispose();
    h.container.remove();
  });

  it('framing: head shows the face larger than bust and upper', async () => {
    const h = makeStage();
    await waitFor(() => h.ready.length, 15_000, 'ready');
    const fills: number[] = [];
    for (const f of ['head', 'bust', 'upper'] as const) {
      h.stage.setFraming(f);
      await frames(3);
      fills.push(opaque(pixels(h.stage)));
    }
    expect(fills[0]).to.be.greaterThan(fills[2]);
    const a = pixels(h.stage);
    h.stage.setFraming('head');
    await frames(3);
    expect(changed(a, pixels(h.stage))).to.be.greaterThan(0.2);
    h.stage.dispose();
    h.container.remove();
  });

  it('survives WebGL context loss and restore; the conversation side never sees an exception', async () => {
    const h = makeStage();
    await waitFor(() => h.ready.length, 15_000, 'ready');
    const gl = (h.container.querySelector('canvas') as HTMLCanvasElement).getContext('webgl2')!;
    const ext = gl.getExtension('WEBGL_lose_context')!;
    ext.loseContext();
    await waitFor(() => h.errors.find((e) => e.code === 'webgl-lost'), 3000, 'webgl-lost');
    expect(h.errors[0].recoverable).to.equal(true);
    expect(h.stage.snapshot()).to.equal(null);
    await sleep(0); // restoring in the same task as the loss is ignored by browsers
    ext.restoreContext();
    await waitFor(() => h.stage.snapshot() !== null, 3000, 'rendering again');
    await frames(3);
    expect(opaque(pixels(h.stage))).to.be.greaterThan(0.25);
    h.stage.dispose();
    h.container.remove();
  });

  it('dispose returns the renderer memory counters to zero and removes the canvas', async () => {
    const h = makeStage();
    await waitFor(() => h.ready.length, 15_000, 'ready');
    const before = h.stage.memory();
    expect(before.geometries).to.be.greaterThan(0);
    expect(before.programs).to.be.greaterThan(0);
    h.stage.dispose();
    const after = h.stage.memory();
    expect(after.geometries).to.equal(0);
    expect(after.textures).to.equal(0);
    expect(h.container.querySelector('canvas')).to.equal(null);
    h.container.remove();
  });

  it('a bad file raises avatar-load and falls back to the default avatar', async () => {
    const h = makeStage({ url: new URL('/package.json', location.href).href });
    await waitFor(() => h.ready.length, 15_000, 'fallback ready');
    expect(h.errors[0].code).to.equal('avatar-load');
    expect(h.errors[0].message).to.contain('default avatar');
    expect(h.ready[0]).to.contain('default-avatar.vrm');
    h.stage.dispose();
    h.container.remove();
  });

  it('a file over the size limit is refused before it is parsed', async () => {
    const h = makeStage({ maxBytes: 100_000, fallbackUrl: defaultAvatarUrl() });
    await waitFor(() => h.errors.length, 15_000, 'error');
    expect(h.errors[0].code).to.equal('avatar-load');
    expect(h.errors[0].message).to.contain('larger than');
    h.stage.dispose();
    h.container.remove();
  });
});
