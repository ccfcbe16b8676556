import { expect } from '@esm-bundle/chai';
import { capture, framePage, nextEvent, waitFor } from '../helpers.js';
import type { VoiceLiveAvatar } from '../../../src/element/voice-live-avatar.js';


describe('strict Content-Security-Policy', function () {
  this.timeout(60_000);

  it('the page really is strict: inline script and innerHTML are refused', async () => {
    const { win, doc, iframe } = await framePage('/test/fixtures/pages/csp.html');
    const res = await fetch('/test/fixtures/pages/csp.html');
    expect(res.headers.get('content-security-policy')).to.contain("require-trusted-types-for 'script'");
    expect(() => {
      doc.body.innerHTML = '<b>x</b>';
    }).to.throw();
    const s = doc.createElement('script');
    expect(() => {
      s.textContent = 'window.inlineRan = true';
    }).to.throw();
    expect((win as unknown as { inlineRan?: boolean }).inlineRan).to.equal(undefined);
    iframe.remove();
  });

  it('holds a conversation with the avatar, same-origin worklets, and no violation', async () => {
    const { doc, iframe, violations } = await framePage('/test/fixtures/pages/csp.html');
    const el = doc.querySelector('voice-live-avatar') as VoiceLiveAvatar;
    const errors = capture(el, 'vla-error');
    await nextEvent(el, 'vla-avatar-ready', 20_000);
    const connected = nextEvent(el, 'vla-connected', 15_000);
    await el.start();
    await connected;
    const t = capture(el, 'vla-transcript');
    el.sendText('<img src=x onerror="parent.__cspPwned=1">');
    await waitFor(() => t.events.find((e) => e.role === 'assistant' && e.final), 20_000, 'reply');
    await waitFor(() => el.state === 'listening', 20_000, 'listening');
    expect(errors.events).to.deep.equal([]);
    expect(violations).to.deep.equal([]);
    const captions = el.shadowRoot!.querySelector('[part="captions"]')!;
    expect(captions.textContent).to.contain('<img src=x');
    expect(captions.querySelector('img')).to.equal(null);
    expect((window as unknown as { __cspPwned?: number }).__cspPwned).to.equal(undefined);
    await el.stop();
    iframe.remove();
  });

  it('worklets from another origin: worklet-blocked says exactly what to allow', async () => {
    const { doc, iframe } = await framePage('/test/fixtures/pages/csp-cross-origin.html');
    const el = doc.querySelector('voice-live-avatar') as VoiceLiveAvatar;
    el.setAttribute('worklet-base-url', `http://127.0.0.1:${location.port}/cdn/worklets/`);
    const errors = capture(el, 'vla-error');
    await el.start();
    expect(el.state).to.equal('error');
    expect(errors.events[0].code).to.equal('worklet-blocked');
    expect(errors.events[0].message).to.contain('script-src');
    expect(errors.events[0].message).to.contain(`http://127.0.0.1:${location.port}`);
    iframe.remove();
  });
});
