import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { capture, createElement, finish, sleep, startAndConnect, SIM_ENDPOINT, threeRequests, waitFor } from './helpers.js';


describe('avatar="none"', function () {
  this.timeout(40_000);

  it('never downloads three.js, three-vrm or the avatar, and still holds a conversation', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true, 'turn-detection': 'none' });
    await startAndConnect(el);
    const t = capture(el, 'vla-transcript');
    el.sendText('hello without a face');
    await waitFor(() => t.events.find((e) => e.role === 'assistant' && e.final), 15_000, 'reply');
    await waitFor(() => el.state === 'listening', 20_000, 'listening');
    expect(el.shadowRoot!.querySelector('canvas')).to.equal(null);
    expect(el.shadowRoot!.querySelector('.orb')).to.not.equal(null);
    expect(threeRequests()).to.deep.equal([]);
    // Turning the avatar on later loads it then, and only then.
    el.removeAttribute('avatar');
    await waitFor(() => el.shadowRoot!.querySelector('canvas'), 20_000, 'canvas');
    await sleep(100);
    expect(threeRequests().length).to.be.greaterThan(0);
    await finish(el);
  });
});
