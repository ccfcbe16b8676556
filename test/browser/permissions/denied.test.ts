// Runs in a Chromium that denies permission prompts (group "mic-denied" in web-test-runner.config.mjs).
import { expect } from '@esm-bundle/chai';
import '../../../src/define.js';
import { audioContextUsers } from '../../../src/audio/audio-context.js';
import { capture, createElement, observeResources, SIM_ENDPOINT } from '../helpers.js';

describe('microphone permission denied', function () {
  this.timeout(20_000);

  it('raises mic-denied with advice, opens no socket, releases the audio context, and can retry', async () => {
    const obs = observeResources();
    try {
      const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none' });
      const errors = capture(el, 'vla-error');
      await el.start();
      expect(el.state).to.equal('error');
      expect(errors.events[0]).to.include({ code: 'mic-denied', source: 'microphone', recoverable: false });
      expect(errors.events[0].message).to.contain('allow="microphone"');
      expect(obs.sockets.length).to.equal(0);
      await new Promise((r) => setTimeout(r, 100));
      expect(audioContextUsers()).to.equal(0);
      // The element stays usable: a new start() tries again (and is refused again here).
      await el.start();
      expect(errors.events.length).to.equal(2);
      el.remove();
    } finally {
      obs.restore();
    }
  });
});
