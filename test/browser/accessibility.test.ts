import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { VoiceLiveAvatar } from '../../src/element/voice-live-avatar.js';
import { createElement, finish, nextEvent, SIM_ENDPOINT, startAndConnect, waitFor } from './helpers.js';

interface AxeResult {
  violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown; failureSummary: string }> }>;
}
declare global {
  interface Window {
    axe?: { run(context: Element, options?: object): Promise<AxeResult> };
  }
}

async function loadAxe(): Promise<void> {
  if (window.axe) return;
  await new Promise<void>((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/node_modules/axe-core/axe.min.js';
    s.onload = () => resolve();
    s.onerror = reject;
    document.head.append(s);
  });
}

async function audit(el: VoiceLiveAvatar, label: string): Promise<void> {
  await el.updateComplete;
  const result = await window.axe!.run(el, { resultTypes: ['violations'] });
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  expect(summary, `${label}: ${summary.join('\n')}`).to.deep.equal([]);
}

describe('accessibility (axe-core, every state)', function () {
  this.timeout(60_000);
  before(loadAxe);

  it('idle, connecting, listening, thinking, speaking: 0 violations', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), muted: true, 'turn-detection': 'none', alt: 'A friendly guide' });
    await nextEvent(el, 'vla-avatar-ready', 20_000);
    await audit(el, 'idle');
    const connecting = el.start();
    await waitFor(() => el.state === 'connecting', 2000, 'connecting');
    await audit(el, 'connecting');
    await connecting;
    await waitFor(() => el.state === 'listening', 10_000, 'listening');
    await audit(el, 'listening');
    el.sendText('tell me something long enough to audit');
    await waitFor(() => el.state === 'thinking', 5000, 'thinking');
    await audit(el, 'thinking');
    await waitFor(() => el.state === 'speaking', 15_000, 'speaking');
    await audit(el, 'speaking (with captions)');
    await finish(el);
  });

  it('error, push-to-talk and controls="off": 0 violations', async () => {
    const err = createElement({ endpoint: 'ws://127.0.0.1:9/voice-live/realtime', avatar: 'none' });
    await err.start();
    await waitFor(() => err.state === 'error', 10_000, 'error');
    await audit(err, 'error');
    err.remove();
    const ptt = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', 'push-to-talk': true, muted: true });
    await startAndConnect(ptt);
    await audit(ptt, 'push-to-talk');
    await finish(ptt);
    const bare = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', controls: 'off' });
    await audit(bare, 'controls off');
    bare.remove();
  });

  it('state changes are announced and every control is reachable and named', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true });
    await el.updateComplete;
    const status = el.shadowRoot!.querySelector('[part="status"]')!;
    expect(status.getAttribute('role')).to.equal('status');
    expect(status.getAttribute('aria-live')).to.equal('polite');
    await startAndConnect(el);
    await el.updateComplete;
    expect(status.textContent!.trim()).to.equal('Listening');
    // Tab order from the start button: mute, message box, send.
    (el.shadowRoot!.querySelector('[part="start-button"]') as HTMLElement).focus();
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      await sendKeys({ press: 'Tab' });
      const active = el.shadowRoot!.activeElement as HTMLElement;
      order.push(active.getAttribute('part') ?? active.getAttribute('type') ?? active.tagName);
    }
    expect(order).to.deep.equal(['mic-button', 'text-input', 'submit']);
    await finish(el);
  });
});
