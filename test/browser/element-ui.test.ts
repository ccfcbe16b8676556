import { expect } from '@esm-bundle/chai';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/define.js';
import type { VoiceLiveAvatar } from '../../src/element/voice-live-avatar.js';
import { capture, clientEvents, createElement, finish, nextEvent, SIM_ENDPOINT, sleep, startQuiet, waitFor } from './helpers.js';

function part(el: VoiceLiveAvatar, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector(`[part~="${name}"]`);
}

function centre(node: Element): [number, number] {
  const r = node.getBoundingClientRect();
  return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];
}

describe('built-in UI', function () {
  this.timeout(60_000);
  afterEach(() => resetMouse());

  it('is keyboard operable: Tab to start, type a message, Enter to send', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true, 'turn-detection': 'none' });
    await el.updateComplete;
    const start = part(el, 'start-button')!;
    expect(start.getAttribute('aria-label')).to.equal('Start conversation');
    start.focus();
    await sendKeys({ press: 'Enter' });
    await nextEvent(el, 'vla-connected', 10_000);
    await el.updateComplete;
    expect(part(el, 'start-button')!.getAttribute('aria-label')).to.equal('End conversation');
    part(el, 'text-input')!.focus();
    const t = capture(el, 'vla-transcript');
    await sendKeys({ type: 'hello from the keyboard' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => t.events.find((e) => e.role === 'assistant' && e.final), 15_000, 'reply');
    expect(el.conversation[0].text).to.equal('hello from the keyboard');
    // The mute toggle is a real toggle button.
    const mic = part(el, 'mic-button')!;
    expect(mic.getAttribute('aria-pressed')).to.equal('true');
    mic.focus();
    await sendKeys({ press: 'Space' });
    await el.updateComplete;
    expect(el.muted).to.equal(false);
    expect(el.hasAttribute('muted')).to.equal(false);
    expect(mic.getAttribute('aria-pressed')).to.equal('false');
    await finish(el);
  });

  it('push-to-talk: holding the button streams audio; releasing commits and asks for a response', async () => {
    const el = await startQuiet({ 'push-to-talk': true, muted: false });
    await el.updateComplete;
    const talk = part(el, 'talk-button')!;
    await sleep(300);
    expect(clientEvents(el, 'input_audio_buffer.append').length).to.equal(0, 'nothing is sent until the button is held');
    await sendMouse({ type: 'move', position: centre(talk) });
    await sendMouse({ type: 'down' });
    await sleep(1200);
    expect(talk.getAttribute('aria-pressed')).to.equal('true');
    await sendMouse({ type: 'up' });
    await waitFor(() => clientEvents(el, 'input_audio_buffer.commit').length, 3000, 'commit');
    const appends = clientEvents(el, 'input_audio_buffer.append').length;
    expect(appends).to.be.within(45, 150); // ~1.2 s of 20 ms frames (more if the machine is slow to release)
    const kinds = clientEvents(el).map((e) => e.type).filter((t) => t !== 'input_audio_buffer.append');
    const i = kinds.indexOf('input_audio_buffer.clear');
    expect(kinds.slice(i)).to.deep.equal(['input_audio_buffer.clear', 'input_audio_buffer.commit', 'response.create']);
    await nextEvent(el, 'vla-response-done', 15_000);
    await finish(el);
  });

  it('push-to-talk with the Space key', async () => {
    const el = await startQuiet({ 'push-to-talk': true, muted: false });
    await el.updateComplete;
    part(el, 'talk-button')!.focus();
    await sendKeys({ down: 'Space' });
    await sleep(600);
    await sendKeys({ up: 'Space' });
    await waitFor(() => clientEvents(el, 'input_audio_buffer.commit').length, 3000, 'commit');
    await finish(el);
  });

  it('muted sends no audio frames, reports level 0 and never mistakes itself for a silent microphone', async () => {
    const el = await startQuiet({ muted: false });
    await waitFor(() => clientEvents(el, 'input_audio_buffer.append').length > 10, 5000, 'audio flowing');
    const errors = capture(el, 'vla-error');
    const levels = capture(el, 'vla-mic-level');
    el.muted = true;
    await el.updateComplete;
    await sleep(100);
    const before = clientEvents(el, 'input_audio_buffer.append').length;
    await sleep(2000); // longer than the 1.5 s digital-silence threshold
    expect(clientEvents(el, 'input_audio_buffer.append').length).to.equal(before);
    expect(errors.events.map((e) => e.code)).to.not.include('mic-silent');
    expect(levels.events[levels.events.length - 1].level).to.equal(0);
    expect(el.getAttribute('muted')).to.equal('');
    await finish(el);
  });

  it('controls="off" and captions="off" hide them; strings are overridable; state is reflected', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', controls: 'off', captions: 'off' });
    await el.updateComplete;
    expect(part(el, 'controls')).to.equal(null);
    expect(part(el, 'captions')).to.equal(null);
    expect(el.getAttribute('state')).to.equal('idle');
    el.setAttribute('controls', 'on');
    el.strings = { start: 'Parler', states: { idle: 'Prêt' } as never };
    await el.updateComplete;
    expect(part(el, 'start-button')!.textContent!.trim()).to.equal('Parler');
    expect(part(el, 'status')!.textContent!.trim()).to.equal('Prêt');
    expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
    el.remove();
  });
});
