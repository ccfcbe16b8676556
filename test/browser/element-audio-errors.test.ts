import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { acquireAudioContext, ensureWorklet, releaseAudioContext } from '../../src/audio/audio-context.js';
import { MicCapture } from '../../src/audio/capture.js';
import { workletUrl } from '../../src/audio/worklet-urls.js';
import { capture, clientEvents, createElement, finish, internals, SIM_ENDPOINT, startAndConnect, startQuiet, waitFor } from './helpers.js';

describe('audio problems', function () {
  this.timeout(30_000);

  it('audio-blocked: a context the autoplay policy keeps suspended is reported, and a click resumes it', async () => {
    // Headless Chromium never applies the autoplay policy to Web Audio, so emulate its effect: the context
    // starts suspended and resume() does nothing until the user clicks.
    const Native = window.AudioContext;
    let allow = false;
    class PolicyAudioContext extends Native {
      constructor(o?: AudioContextOptions) {
        super(o);
        void super.suspend();
      }
      override resume(): Promise<void> {
        return allow ? super.resume() : new Promise(() => undefined);
      }
    }
    window.AudioContext = PolicyAudioContext as typeof AudioContext;
    try {
      const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true });
      const errors = capture(el, 'vla-error');
      await startAndConnect(el);
      await waitFor(() => errors.events.find((e) => e.code === 'audio-blocked'), 5000, 'audio-blocked');
      expect(errors.events.find((e) => e.code === 'audio-blocked')).to.include({ recoverable: true, source: 'audio' });
      await el.updateComplete;
      const button = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.includes('enable sound'))!;
      expect(button).to.not.equal(undefined);
      allow = true;
      button.click();
      await waitFor(() => internals(el).ctx!.state === 'running', 3000, 'running');
      await el.updateComplete;
      expect(el.shadowRoot!.textContent).to.not.contain('blocked audio');
      expect(el.state).to.equal('listening');
      await finish(el);
    } finally {
      window.AudioContext = Native;
    }
  });

  it('mic-silent: a track that delivers only digital zeros is noticed by the capture worklet', async () => {
    const owner = {};
    const ctx = acquireAudioContext(owner);
    await ensureWorklet(ctx, 'capture-processor', workletUrl('capture-processor'));
    const silent = ctx.createConstantSource();
    silent.offset.value = 0;
    const dest = ctx.createMediaStreamDestination();
    silent.connect(dest);
    silent.start();
    let silentMs = 0;
    const cap = new MicCapture(ctx, { targetRate: 24000, codec: 'pcm16', frameMs: 20 }, {
      onFrame: () => undefined,
      onLevel: () => undefined,
      onDigitalSilence: (ms) => (silentMs = ms),
      onSignal: () => undefined,
      onLost: () => undefined,
      onRecovered: () => undefined,
    });
    cap.attach(dest.stream);
    await waitFor(() => silentMs > 0, 4000, 'digital silence');
    expect(silentMs).to.be.at.least(1500);
    cap.dispose();
    silent.stop();
    await releaseAudioContext(owner);
  });

  it('an unplugged microphone is replaced by the default device and audio keeps flowing', async () => {
    const el = await startQuiet({ muted: false });
    const before = internals(el) as unknown as { capture: { track: MediaStreamTrack } };
    const first = (internals(el) as unknown as { capture: { track: MediaStreamTrack } }).capture.track;
    await waitFor(() => clientEvents(el, 'input_audio_buffer.append').length > 5, 5000, 'audio');
    // What the browser does when a USB mic is pulled: the track ends on its own.
    first.stop();
    first.dispatchEvent(new Event('ended'));
    await waitFor(() => before.capture.track && before.capture.track !== first, 5000, 'new track');
    const second = before.capture.track;
    expect(second.readyState).to.equal('live');
    const count = clientEvents(el, 'input_audio_buffer.append').length;
    await waitFor(() => clientEvents(el, 'input_audio_buffer.append').length > count + 10, 5000, 'audio again');
    await finish(el);
    expect(second.readyState).to.equal('ended');
  });
});
