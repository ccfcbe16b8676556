import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { liveAvatarCount, MAX_LIVE_AVATARS } from '../../src/element/stage-budget.js';
import type { VoiceLiveAvatar } from '../../src/element/voice-live-avatar.js';
import { sleep, SIM_ENDPOINT, waitFor } from './helpers.js';

const canvases = (els: VoiceLiveAvatar[]) => els.filter((e) => e.shadowRoot?.querySelector('[part="avatar"] canvas:not(.still)')).length;

describe('many avatars on one page', function () {
  this.timeout(90_000);

  it(`never holds more than ${MAX_LIVE_AVATARS} WebGL contexts; freed slots go to waiting avatars`, async () => {
    const grid = document.createElement('div');
    grid.style.cssText = 'display:flex;flex-wrap:wrap;width:1000px';
    document.body.append(grid);
    const els: VoiceLiveAvatar[] = [];
    const lost: unknown[] = [];
    for (let i = 0; i < MAX_LIVE_AVATARS + 4; i++) {
      const el = document.createElement('voice-live-avatar') as VoiceLiveAvatar;
      el.setAttribute('endpoint', SIM_ENDPOINT());
      el.setAttribute('controls', 'off');
      el.setAttribute('captions', 'off');
      el.style.cssText = 'width:120px;--vla-avatar-height:120px;--vla-max-width:120px';
      el.addEventListener('vla-error', (e) => lost.push(e.detail));
      grid.append(el);
      els.push(el);
    }
    await waitFor(() => liveAvatarCount() === MAX_LIVE_AVATARS, 60_000, 'budget filled');
    await sleep(500);
    expect(liveAvatarCount()).to.equal(MAX_LIVE_AVATARS);
    expect(canvases(els)).to.equal(MAX_LIVE_AVATARS);
    expect(lost).to.deep.equal([]);
    // Remove four with live avatars: the four waiting ones get theirs.
    const withStage = els.filter((e) => e.shadowRoot!.querySelector('[part="avatar"] canvas:not(.still)'));
    for (const e of withStage.slice(0, 4)) e.remove();
    const rest = els.filter((e) => e.isConnected);
    await waitFor(() => canvases(rest) === rest.length, 60_000, 'waiting avatars loaded');
    expect(liveAvatarCount()).to.equal(MAX_LIVE_AVATARS);
    expect(lost).to.deep.equal([]);
    grid.remove();
    await waitFor(() => liveAvatarCount() === 0, 5000, 'all released');
  });
});
