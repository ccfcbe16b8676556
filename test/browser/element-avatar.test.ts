import { expect } from '@esm-bundle/chai';
import { emulateMedia } from '@web/test-runner-commands';
import '../../src/define.js';
import type { VoiceLiveAvatar } from '../../src/element/voice-live-avatar.js';
import type { AvatarStage } from '../../src/avatar/types.js';
import type { LipSyncFrame } from '../../src/lipsync/types.js';
import { capture, createElement, finish, internals, nextEvent, sleep, SLOW_SIM_ENDPOINT, startAndConnect, SIM_ENDPOINT, waitFor } from './helpers.js';

interface AvatarInternals {
  lastMouth: LipSyncFrame;
  currentStage: AvatarStage | null;
}
const avatarOf = (el: VoiceLiveAvatar) => (internals(el) as unknown as { avatar: AvatarInternals }).avatar;

describe('<voice-live-avatar> with its avatar', function () {
  this.timeout(60_000);

  it('shows the default avatar when visible, with vla-avatar-ready after the first frame', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT() });
    const busy: string[] = [];
    await el.updateComplete;
    const watch = new MutationObserver(() => busy.push(el.shadowRoot!.querySelector('[part="avatar"]')!.getAttribute('aria-busy')!));
    watch.observe(el.shadowRoot!, { attributes: true, subtree: true, attributeFilter: ['aria-busy'] });
    const ready = await nextEvent(el, 'vla-avatar-ready', 20_000);
    await el.updateComplete;
    watch.disconnect();
    expect(ready.url).to.match(/default-avatar\.vrm$/);
    // Busy (with a progress bar) while the avatar downloads, not once it is on screen.
    expect(busy).to.include('true');
    expect(busy[busy.length - 1]).to.equal('false');
    const part = el.shadowRoot!.querySelector('[part="avatar"]')!;
    expect(part.querySelector('.progress')).to.equal(null);
    expect(part.querySelector('canvas')).to.not.equal(null);
    expect(part.getAttribute('role')).to.equal('img');
    expect(part.classList.contains('has-stage')).to.equal(true);
    el.remove();
  });

  it('the mouth opens while the assistant is heard, closes in its silences and within 80 ms of a barge-in', async () => {
    const el = createElement({ endpoint: SLOW_SIM_ENDPOINT(), muted: true, 'turn-detection': 'none', framing: 'head' });
    await nextEvent(el, 'vla-avatar-ready', 20_000);
    await startAndConnect(el);
    el.sendText('the lighthouse keeper counted every wave that reached the shore, and then he rested for a while before counting again');
    await waitFor(() => el.state === 'speaking', 15_000, 'speaking');
    const samples: Array<{ t: number; level: number; playing: boolean }> = [];
    const clock = internals(el).clock!;
    const until = performance.now() + 2500;
    while (performance.now() < until) {
      await new Promise((r) => requestAnimationFrame(r));
      samples.push({ t: performance.now(), level: avatarOf(el).lastMouth.level, playing: clock.now(performance.now()).playing });
    }
    const levels = samples.map((s) => s.level);
    expect(Math.max(...levels)).to.be.greaterThan(0.3);
    // Speech has pauses between syllables and words: the mouth closes (almost) shut in some frames.
    expect(levels.filter((l) => l < 0.05).length).to.be.greaterThan(3);
    // Barge-in: the mouth closes (within 80 ms of engine time, proven in test/node/lipsync-engine.test.ts;
    // here, with real frames on a loaded machine, within a few frames) and stays closed.
    el.interrupt();
    await waitFor(() => Math.max(...Object.values(avatarOf(el).lastMouth)) < 0.02, 1000, 'closed');
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      expect(avatarOf(el).lastMouth.level).to.be.lessThan(0.02);
    }
    await finish(el);
  });

  it('stop() releases the renderer and GPU memory and keeps a still as poster; start() brings it back', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), muted: true });
    await nextEvent(el, 'vla-avatar-ready', 20_000);
    await startAndConnect(el);
    const stage = avatarOf(el).currentStage!;
    expect(stage.memory().geometries).to.be.greaterThan(0);
    await el.stop();
    expect(avatarOf(el).currentStage).to.equal(null);
    expect(stage.memory()).to.include({ geometries: 0, textures: 0 });
    await el.updateComplete;
    const part = el.shadowRoot!.querySelector('[part="avatar"]')!;
    const still = part.querySelector('canvas.still') as HTMLCanvasElement;
    expect(still).to.not.equal(null);
    expect(still.getContext('webgl2')).to.equal(null); // a plain 2D still, no GL context kept
    const again = nextEvent(el, 'vla-avatar-ready', 20_000);
    await startAndConnect(el);
    await again;
    expect(avatarOf(el).currentStage).to.not.equal(null);
    await finish(el);
  });

  it('a broken avatar URL is avatar-load, with the default avatar shown instead', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: '/does-not-exist.vrm' });
    const errors = capture(el, 'vla-error');
    const ready = await nextEvent(el, 'vla-avatar-ready', 20_000);
    expect(ready.url).to.match(/default-avatar\.vrm$/);
    expect(errors.events[0]).to.include({ code: 'avatar-load', source: 'avatar', recoverable: true });
    expect(errors.events[0].message).to.contain('404');
    el.remove();
  });

  it('context loss: the conversation goes on, the avatar comes back on restore', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), muted: true, 'turn-detection': 'none' });
    await nextEvent(el, 'vla-avatar-ready', 20_000);
    await startAndConnect(el);
    const errors = capture(el, 'vla-error');
    const canvas = el.shadowRoot!.querySelector('[part="avatar"] canvas') as HTMLCanvasElement;
    const ext = canvas.getContext('webgl2')!.getExtension('WEBGL_lose_context')!;
    ext.loseContext();
    await waitFor(() => errors.events.find((e) => e.code === 'webgl-lost'), 3000, 'webgl-lost');
    const t = capture(el, 'vla-transcript');
    el.sendText('are you still there');
    await waitFor(() => t.events.find((e) => e.role === 'assistant' && e.final), 15_000, 'reply while the avatar is gone');
    await sleep(0);
    ext.restoreContext();
    await waitFor(() => avatarOf(el).currentStage!.snapshot() !== null, 3000, 'rendering again');
    await finish(el);
  });

  it('follows prefers-reduced-motion (motion="auto") unless motion says otherwise', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT() });
    await nextEvent(el, 'vla-avatar-ready', 20_000);
    const stage = () => avatarOf(el).currentStage!;
    expect(stage().reducedMotion).to.equal(false);
    await emulateMedia({ reducedMotion: 'reduce' });
    await waitFor(() => stage().reducedMotion, 2000, 'reduced');
    el.setAttribute('motion', 'full');
    await el.updateComplete;
    expect(stage().reducedMotion).to.equal(false);
    el.setAttribute('motion', 'auto');
    await el.updateComplete;
    expect(stage().reducedMotion).to.equal(true);
    await emulateMedia({ reducedMotion: 'no-preference' });
    await waitFor(() => !stage().reducedMotion, 2000, 'full again');
    el.remove();
  });
});
