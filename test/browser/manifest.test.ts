import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { VoiceLiveAvatar } from '../../src/element/voice-live-avatar.js';
import { styles } from '../../src/element/styles.js';
import { createElement, waitFor } from './helpers.js';

interface Declaration {
  tagName: string;
  attributes: Array<{ name: string; fieldName?: string }>;
  members: Array<{ kind: string; name: string; privacy?: string; static?: boolean }>;
  events: Array<{ name: string }>;
  cssParts: Array<{ name: string }>;
  cssProperties: Array<{ name: string }>;
  slots: Array<{ name: string }>;
}

async function manifest(): Promise<Declaration> {
  const m = await (await fetch('/dist/custom-elements.json')).json();
  return m.modules.flatMap((x: { declarations?: unknown[] }) => x.declarations ?? []).find((d: { kind: string }) => d.kind === 'class');
}

// The public contract (component-api.md), so the manifest can't silently drop anything either.
const CONTRACT_ATTRIBUTES = [
  'endpoint', 'model', 'api-version', 'agent-name', 'agent-project-name', 'agent-version', 'conversation-id', 'api-key',
  'token-url', 'auth-client-id', 'auth-tenant-id', 'auth-redirect-uri', 'token-scope', 'instructions', 'voice', 'voice-type',
  'voice-endpoint-id', 'voice-rate', 'voice-pitch', 'voice-locale', 'modalities', 'input-audio-format', 'input-sample-rate',
  'output-audio-format', 'turn-detection', 'vad-threshold', 'vad-prefix-padding-ms', 'vad-silence-duration-ms', 'vad-eagerness',
  'remove-filler-words', 'end-of-utterance', 'interrupt-response', 'auto-truncate', 'noise-reduction', 'echo-cancellation',
  'transcription-model', 'transcription-language', 'temperature', 'max-response-output-tokens', 'tool-choice', 'visemes',
  'avatar', 'framing', 'lipsync-offset-ms', 'motion', 'alt', 'push-to-talk', 'muted', 'greeting', 'captions', 'controls',
  'reconnect', 'worklet-base-url', 'debug', 'record', 'state',
];
const CONTRACT_EVENTS = [
  'vla-state-change', 'vla-before-connect', 'vla-connected', 'vla-disconnected', 'vla-session-updated', 'vla-speech-start',
  'vla-speech-end', 'vla-transcript', 'vla-word', 'vla-function-call', 'vla-interrupted', 'vla-response-done', 'vla-metrics',
  'vla-mic-level', 'vla-avatar-ready', 'vla-error', 'vla-server-event',
];
const CONTRACT_METHODS = ['start', 'stop', 'sendText', 'interrupt', 'updateSession', 'getRecording'];
const CONTRACT_PROPERTIES = ['state', 'sessionId', 'effectiveSession', 'conversation', 'connection', 'session', 'tools', 'credential'];
const CONTRACT_PARTS = ['avatar', 'controls', 'start-button', 'mic-button', 'captions', 'status', 'text-input'];
const CONTRACT_SLOTS = ['poster', 'start-icon', 'error'];

describe('custom-elements.json', () => {
  it('names the tag and covers the whole contract', async () => {
    const d = await manifest();
    expect(d.tagName).to.equal('voice-live-avatar');
    const attrs = d.attributes.map((a) => a.name);
    for (const a of CONTRACT_ATTRIBUTES) expect(attrs, a).to.include(a);
    expect(d.events.map((e) => e.name).sort()).to.deep.equal([...CONTRACT_EVENTS].sort());
    const names = d.members.map((m) => m.name);
    for (const m of [...CONTRACT_METHODS, ...CONTRACT_PROPERTIES]) expect(names, m).to.include(m);
    const parts = d.cssParts.map((p) => p.name);
    for (const p of CONTRACT_PARTS) expect(parts, p).to.include(p);
    expect(d.slots.map((s) => s.name).sort()).to.deep.equal([...CONTRACT_SLOTS].sort());
  });

  it('agrees with the element: attributes, members, parts, slots and CSS properties', async () => {
    const d = await manifest();
    const observed = (VoiceLiveAvatar as unknown as { observedAttributes: string[] }).observedAttributes;
    // Every observed attribute is documented and every documented one is observed (state is reflected, not observed).
    expect([...observed].sort()).to.deep.equal(d.attributes.map((a) => a.name).filter((a) => a !== 'state').sort());
    // Public methods in the manifest exist; public methods of the class are in the manifest.
    const proto = VoiceLiveAvatar.prototype as unknown as Record<string, unknown>;
    const documented = d.members.filter((m) => m.kind === 'method' && !m.privacy && !m.static).map((m) => m.name);
    for (const m of documented) expect(typeof proto[m], m).to.equal('function');
    const lifecycle = new Set(['constructor', 'connectedCallback', 'disconnectedCallback', 'attributeChangedCallback', 'render', 'willUpdate', 'firstUpdated', 'updated']);
    const own = Object.getOwnPropertyNames(VoiceLiveAvatar.prototype).filter((n) => {
      const desc = Object.getOwnPropertyDescriptor(VoiceLiveAvatar.prototype, n)!;
      return typeof desc.value === 'function' && !lifecycle.has(n) && !/^(on|fire|fail|log|set[A-Z]|apply|compose|send[A-Z]|schedule|teardown|setup|capture|warn|worklet|avatar|reduced|secrets|connect$)/.test(n);
    });
    for (const m of own) expect(documented, `${m} is public but undocumented`).to.include(m);
    // Parts and slots rendered (with push-to-talk and an error on screen) match the manifest.
    const el = createElement({ 'push-to-talk': true, avatar: 'none', framing: 'nope' });
    await el.updateComplete;
    await waitFor(() => el.shadowRoot!.querySelector('[part="error"]'), 2000, 'error part');
    const rendered = [...el.shadowRoot!.querySelectorAll('[part]')].flatMap((n) => n.getAttribute('part')!.split(/\s+/));
    expect([...new Set(rendered)].sort()).to.deep.equal(d.cssParts.map((p) => p.name).sort());
    const slots = [...el.shadowRoot!.querySelectorAll('slot[name]')].map((s) => s.getAttribute('name'));
    expect([...new Set(slots)].sort()).to.deep.equal(d.slots.map((s) => s.name).sort());
    el.remove();
    // Every public --vla-* custom property the styles read is documented, and nothing documented is unused.
    const used = [...new Set(styles.cssText.match(/--vla-[a-z-]+/g) ?? [])].sort();
    expect(used).to.deep.equal(d.cssProperties.map((p) => p.name).sort());
  });
});
