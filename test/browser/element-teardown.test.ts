import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { audioContextUsers, currentAudioContext } from '../../src/audio/audio-context.js';
import { createElement, internals, nextEvent, observeResources, SIM_ENDPOINT, sleep, waitFor, startAndConnect } from './helpers.js';

describe('teardown', function () {
  this.timeout(120_000);

  it('20 start/stop cycles leave no live tracks, open sockets or running audio contexts', async () => {
    const obs = observeResources();
    const contexts = new Set<AudioContext>();
    try {
      const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true });
      for (let i = 0; i < 20; i++) {
        await startAndConnect(el);
        contexts.add(internals(el).ctx!);
        expect(el.state).to.equal('listening');
        await el.stop();
        expect(el.state).to.equal('idle');
      }
      el.remove();
      await sleep(200);
      expect(obs.sockets.length).to.equal(20);
      expect(obs.sockets.every((s) => s.readyState === WebSocket.CLOSED)).to.equal(true);
      expect(obs.tracks.length).to.equal(20);
      expect(obs.tracks.every((t) => t.readyState === 'ended')).to.equal(true);
      expect(audioContextUsers()).to.equal(0);
      expect(currentAudioContext()).to.equal(null);
      expect([...contexts].every((c) => c.state === 'closed')).to.equal(true);
    } finally {
      obs.restore();
    }
  });

  it('removing a connected element releases everything; moving it does not', async () => {
    const obs = observeResources();
    try {
      const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true });
      await startAndConnect(el);
      const ctx = internals(el).ctx!;
      // A move is a disconnect and a connect in the same task: the conversation survives.
      const box = document.createElement('div');
      document.body.append(box);
      box.append(el);
      await sleep(100);
      expect(el.state).to.equal('listening');
      expect(obs.sockets[0].readyState).to.equal(WebSocket.OPEN);
      const disconnected = nextEvent(el, 'vla-disconnected', 5000);
      box.remove();
      expect((await disconnected).code).to.equal(1000);
      await waitFor(() => ctx.state === 'closed', 5000, 'context closed');
      expect(obs.sockets[0].readyState).to.be.oneOf([WebSocket.CLOSING, WebSocket.CLOSED]);
      expect(obs.tracks.every((t) => t.readyState === 'ended')).to.equal(true);
      await waitFor(() => el.state === 'idle', 2000, 'idle');
    } finally {
      obs.restore();
    }
  });

  it('two elements share one AudioContext; it closes with the last', async () => {
    const a = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true });
    const b = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true });
    const connected = Promise.all([nextEvent(a, 'vla-connected', 10_000), nextEvent(b, 'vla-connected', 10_000)]);
    await Promise.all([a.start(), b.start()]);
    await connected;
    expect(internals(a).ctx).to.equal(internals(b).ctx);
    const ctx = internals(a).ctx!;
    expect(audioContextUsers()).to.equal(2);
    await a.stop();
    expect(ctx.state).to.equal('running');
    await b.stop();
    expect(ctx.state).to.equal('closed');
    a.remove();
    b.remove();
  });
});
