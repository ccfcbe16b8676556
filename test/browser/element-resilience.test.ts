import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import {
  AUTH_SIM_ENDPOINT,
  BEARER_SIM_ENDPOINT,
  capture,
  clientEvents,
  createElement,
  finish,
  internals,
  nextEvent,
  serverEvents,
  SIM_ENDPOINT,
  startQuiet,
  TEST_API_KEY,
  TEST_BEARER_TOKEN,
  waitFor,
  startAndConnect,
} from './helpers.js';

describe('resilience', function () {
  this.timeout(60_000);

  it('reconnects after a drop with a fresh token, re-sends the session and replays the conversation', async () => {
    let tokens = 0;
    const el = createElement({ endpoint: `${SIM_ENDPOINT()}?sim-drop-after-ms=5000`, avatar: 'none', muted: true, record: true, 'turn-detection': 'none', instructions: 'Be kind.' });
    el.credential = { getToken: async () => ({ token: `token-${++tokens}`, expiresOnTimestamp: Date.now() + 3600_000 }) };
    const states = capture(el, 'vla-state-change');
    const disconnected = capture(el, 'vla-disconnected');
    const t = capture(el, 'vla-transcript');
    await startAndConnect(el);
    el.sendText('Remember the word banana');
    await waitFor(() => t.events.find((e) => e.role === 'assistant' && e.final), 15_000, 'reply');
    const reply = t.events.find((e) => e.role === 'assistant' && e.final)!.text;
    await waitFor(() => disconnected.events.length, 10_000, 'drop');
    expect(disconnected.events[0]).to.include({ code: 1006, willReconnect: true });
    const second = await nextEvent(el, 'vla-connected', 15_000);
    expect(states.events.map((s) => s.state)).to.include('reconnecting');
    expect(tokens).to.equal(2);
    expect(second.sessionId).to.not.equal('');
    // The session was sent again, and the conversation replayed as items the service acknowledged.
    const updates = clientEvents(el, 'session.update');
    expect(updates.length).to.equal(2);
    expect((updates[1].session as { instructions: string }).instructions).to.equal('Be kind.');
    const creates = clientEvents(el, 'conversation.item.create').slice(1);
    const replayed = creates.map((c) => c.item as { role: string; content: Array<{ text: string }> });
    expect(replayed.map((i) => [i.role, i.content[0].text])).to.deep.equal([
      ['user', 'Remember the word banana'],
      ['assistant', reply],
    ]);
    const acks = serverEvents(el, 'conversation.item.created').slice(-2);
    expect(acks.length).to.equal(2);
    await finish(el);
  });

  it('reconnect="0": a drop ends in the error state with a connection error; start() works again', async () => {
    const el = createElement({ endpoint: `${SIM_ENDPOINT()}?sim-drop-after-ms=1500`, avatar: 'none', muted: true, reconnect: '0' });
    const errors = capture(el, 'vla-error');
    await el.start();
    await nextEvent(el, 'vla-disconnected', 10_000);
    await waitFor(() => el.state === 'error', 5000, 'error state');
    const e = errors.events.find((x) => x.code === 'connection')!;
    expect(e.recoverable).to.equal(false);
    expect(e.message).to.contain('reconnect="0"');
    el.endpoint = SIM_ENDPOINT();
    await startAndConnect(el);
    expect(el.state).to.equal('listening');
    await finish(el);
  });

  it('gives up after the configured attempts', async () => {
    const el = createElement({ endpoint: `${SIM_ENDPOINT()}?sim-close-after-ms=0&sim-close-code=1011`, avatar: 'none', muted: true, reconnect: '2' });
    const disconnected = capture(el, 'vla-disconnected');
    await el.start();
    await waitFor(() => el.state === 'error', 20_000, 'error state');
    expect(disconnected.events.map((d) => d.willReconnect)).to.deep.equal([true, true, false]);
    await finish(el);
  });

  it('malformed frames are counted and ignored; unknown events and server errors surface', async () => {
    const el = await startQuiet({ endpoint: `${SIM_ENDPOINT()}?sim-malformed=1&sim-unknown-event=1&sim-error=1` });
    const seen = capture(el, 'vla-server-event');
    await waitFor(() => internals(el).socket!.malformedCount >= 2, 5000, 'malformed frames');
    expect(serverEvents(el).some((e) => e.type === 'simulator.custom_event')).to.equal(true);
    const err = serverEvents(el, 'error').find((e) => (e.error as { code?: string }).code === 'simulated_error');
    expect(err).to.not.equal(undefined);
    expect(el.state).to.equal('listening');
    const t = capture(el, 'vla-transcript');
    el.sendText('still fine?');
    await waitFor(() => t.events.find((e) => e.role === 'assistant' && e.final), 15_000, 'reply');
    expect(seen.events.length).to.be.greaterThan(5);
    await finish(el);
  });

  it('an unreachable endpoint is a connection error with advice; the element stays usable', async () => {
    const el = createElement({ endpoint: 'ws://127.0.0.1:9/voice-live/realtime', avatar: 'none', muted: true });
    const errors = capture(el, 'vla-error');
    await el.start();
    await waitFor(() => el.state === 'error', 10_000, 'error');
    expect(errors.events[0]).to.include({ code: 'connection', recoverable: false, source: 'connection' });
    expect(errors.events[0].message).to.contain('Could not reach 127.0.0.1:9');
    el.endpoint = SIM_ENDPOINT();
    await startAndConnect(el);
    await finish(el);
  });

  it('a refused handshake is an auth error with advice, and never shows the key', async () => {
    const el = createElement({ endpoint: AUTH_SIM_ENDPOINT(), avatar: 'none', muted: true, 'api-key': 'wrong-key-000111' });
    const errors = capture(el, 'vla-error');
    await el.start();
    await waitFor(() => el.state === 'error', 10_000, 'error');
    expect(errors.events[0]).to.include({ code: 'auth', source: 'auth', recoverable: false });
    expect(errors.events[0].message).to.match(/credential/);
    expect(JSON.stringify(errors.events)).to.not.contain('wrong-key-000111');
    await finish(el);
  });

  for (const [label, attrs, secret] of [
    ['an api-key', { endpoint: AUTH_SIM_ENDPOINT(), 'api-key': TEST_API_KEY }, TEST_API_KEY],
    ['a token-url token', { endpoint: BEARER_SIM_ENDPOINT(), 'token-url': '/test/fixtures/token.json' }, TEST_BEARER_TOKEN],
  ] as const) {
    it(`${label} never appears in events, the console, the DOM or the recording`, async () => {
      const logged: string[] = [];
      /* eslint-disable no-console -- the test wraps every console method to prove nothing leaks */
      const orig = { log: console.log, warn: console.warn, error: console.error, debug: console.debug, info: console.info };
      for (const k of Object.keys(orig) as Array<keyof typeof orig>) {
        console[k] = (...args: unknown[]) => {
          logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
          orig[k](...args);
        };
      }
      /* eslint-enable no-console */
      const seen: string[] = [];
      const names = ['vla-state-change', 'vla-before-connect', 'vla-connected', 'vla-session-updated', 'vla-server-event', 'vla-error', 'vla-transcript', 'vla-disconnected'] as const;
      const el = createElement({ avatar: 'none', muted: true, record: true, debug: true, 'turn-detection': 'none', ...attrs });
      for (const n of names) el.addEventListener(n, (e) => seen.push(JSON.stringify((e as CustomEvent).detail)));
      try {
        await startAndConnect(el);
        el.sendText('hello');
        await waitFor(() => el.conversation.some((c) => c.role === 'assistant' && c.final), 15_000, 'reply');
        expect(el.hasAttribute('api-key')).to.equal(false);
        expect(el.outerHTML).to.not.contain(secret);
        expect(el.shadowRoot!.innerHTML).to.not.contain(secret);
        expect(seen.join('\n')).to.not.contain(secret);
        expect(el.getRecording()).to.not.contain(secret);
        expect(logged.length).to.be.greaterThan(10); // debug logging was on
        expect(logged.join('\n')).to.not.contain(secret);
        await el.stop();
        expect(seen.join('\n')).to.not.contain(secret);
      } finally {
        Object.assign(console, orig);
        el.remove();
      }
    });
  }

  it('a worklet that cannot load is worklet-blocked with the fix, and releases everything', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', 'worklet-base-url': '/nowhere/worklets/' });
    const errors = capture(el, 'vla-error');
    await el.start();
    expect(el.state).to.equal('error');
    expect(errors.events[0]).to.include({ code: 'worklet-blocked', source: 'audio' });
    expect(errors.events[0].message).to.contain('worklet-base-url');
    el.removeAttribute('worklet-base-url');
    await startAndConnect(el);
    await finish(el);
  });
});
