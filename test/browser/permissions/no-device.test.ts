// Runs in a Chromium with no capture device at all (group "no-mic" in web-test-runner.config.mjs).
import { expect } from '@esm-bundle/chai';
import '../../../src/define.js';
import { capture, createElement, SIM_ENDPOINT } from '../helpers.js';

describe('no microphone', function () {
  this.timeout(20_000);

  it('raises mic-unavailable with advice', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none' });
    const errors = capture(el, 'vla-error');
    await el.start();
    expect(el.state).to.equal('error');
    expect(errors.events[0]).to.include({ code: 'mic-unavailable', source: 'microphone' });
    expect(errors.events[0].message).to.match(/No microphone was found/);
    el.remove();
  });
});
