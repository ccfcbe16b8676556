import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { capture, clientEvents, createElement, finish, internals, nextEvent, SIM_ENDPOINT, startQuiet, waitFor, startAndConnect } from './helpers.js';

describe('<voice-live-avatar> conversation', function () {
  this.timeout(45_000);

  it('holds a spoken turn end to end with the fake microphone', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', record: true, 'transcription-model': 'whisper-1' });
    const states = capture(el, 'vla-state-change');
    const transcripts = capture(el, 'vla-transcript');
    const words = capture(el, 'vla-word');
    const metrics = capture(el, 'vla-metrics');
    const levels = capture(el, 'vla-mic-level');
    const connected = await startAndConnect(el);
    expect(connected.sessionId).to.match(/^sess_/);
    expect(el.sessionId).to.equal(connected.sessionId);
    const started = await nextEvent(el, 'vla-speech-start', 12_000);
    const stopped = await nextEvent(el, 'vla-speech-end', 8_000);
    expect(stopped.itemId).to.equal(started.itemId);
    expect(stopped.audioMs).to.be.greaterThan(started.audioMs + 1500);
    await waitFor(() => el.state === 'speaking', 10_000, 'speaking');
    el.muted = true; // let the reply finish without a barge-in
    await waitFor(() => el.state === 'listening', 20_000, 'listening again');
    const seq = states.events.map((s) => s.state);
    expect(seq.slice(0, 4)).to.deep.equal(['connecting', 'listening', 'thinking', 'speaking']);
    // Captions and the conversation: the user's turn first, then the reply, fully heard.
    const conv = el.conversation.filter((e) => e.type === 'message');
    expect(conv.map((e) => e.role).slice(0, 2)).to.deep.equal(['user', 'assistant']);
    const reply = conv[1];
    const finalReply = transcripts.events.find((t) => t.role === 'assistant' && t.final)!;
    expect(reply.text).to.equal(finalReply.text);
    expect(transcripts.events.some((t) => t.role === 'user' && t.final)).to.equal(true);
    // Words follow what is heard, in order, one event per word.
    const replyWords = words.events.filter((w) => w.itemId === reply.id);
    expect(replyWords.length).to.equal(finalReply.text.split(/\s+/).filter((w) => /\w/.test(w)).length);
    for (let i = 1; i < replyWords.length; i++) expect(replyWords[i].at).to.be.at.least(replyWords[i - 1].at);
    // Metrics of the turn.
    const m = metrics.events[0];
    expect(m.trigger).to.equal('vad');
    expect(m.speechEndToFirstAudioMs).to.be.greaterThan(0);
    expect(m.firstAudioToAudibleMs).to.be.within(0, 500);
    expect(m.speechEndToAudibleMs).to.be.closeTo(m.speechEndToFirstAudioMs! + m.firstAudioToAudibleMs!, 1);
    // Mic level reported at ~10 Hz, and it rose with the speech.
    expect(levels.events.length).to.be.greaterThan(20);
    expect(Math.max(...levels.events.map((l) => l.level))).to.be.greaterThan(0.3);
    // Audio was streamed in 20 ms PCM16 frames at 24 kHz: 960 bytes = 1280 base64 characters.
    const appends = clientEvents(el, 'input_audio_buffer.append');
    expect(appends.length).to.be.greaterThan(100);
    expect((appends[10].audio as string).length).to.equal(1280);
    await finish(el);
  });

  for (const [label, attrs, inBytes, outRate] of [
    ['16 kHz PCM16 in and out', { 'input-sample-rate': '16000', 'output-audio-format': 'pcm16_16000hz' }, 640, 16000],
    ['8 kHz PCM16 in and out', { 'input-sample-rate': '8000', 'output-audio-format': 'pcm16_8000hz' }, 320, 8000],
    ['G.711 µ-law both ways', { 'input-audio-format': 'g711_ulaw', 'output-audio-format': 'g711_ulaw' }, 160, 8000],
    ['G.711 A-law both ways', { 'input-audio-format': 'g711_alaw', 'output-audio-format': 'g711_alaw' }, 160, 8000],
  ] as const) {
    it(`${label}: the simulator hears the speech and the reply plays`, async () => {
      const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', record: true, ...attrs });
      const positions: Array<{ sampleRate: number; itemId: string | null }> = [];
      await startAndConnect(el);
      internals(el).playback!.node.port.addEventListener('message', (e: MessageEvent) => {
        if (e.data.type === 'position' && e.data.itemId) positions.push(e.data);
      });
      await nextEvent(el, 'vla-speech-end', 16_000);
      await waitFor(() => el.state === 'speaking', 10_000, 'speaking');
      el.muted = true;
      const appends = clientEvents(el, 'input_audio_buffer.append');
      const bytes = atob(appends[5].audio as string).length;
      expect(bytes).to.equal(inBytes);
      expect(el.effectiveSession?.output_audio_format).to.equal(attrs['output-audio-format']);
      expect(positions[0].sampleRate).to.equal(outRate);
      await finish(el);
    });
  }

  it('sendText gets a reply that uses the text, with words and a final transcript', async () => {
    const el = await startQuiet({ 'turn-detection': 'none' });
    const transcripts = capture(el, 'vla-transcript');
    const metrics = capture(el, 'vla-metrics');
    el.sendText('the blue whale');
    await waitFor(() => transcripts.events.find((t) => t.role === 'assistant' && t.final), 15_000, 'final reply');
    const reply = transcripts.events.find((t) => t.role === 'assistant' && t.final)!;
    expect(reply.text.toLowerCase()).to.contain('blue whale');
    await waitFor(() => metrics.events.length, 10_000, 'metrics');
    expect(metrics.events[0].trigger).to.equal('text');
    await waitFor(() => el.state === 'listening', 20_000, 'listening');
    const conv = el.conversation.filter((e) => e.type === 'message');
    expect(conv[0]).to.include({ role: 'user', text: 'the blue whale', final: true });
    await finish(el);
  });

  it('greeting: the assistant speaks first', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true, record: true, greeting: 'Welcome the visitor warmly.' });
    const transcripts = capture(el, 'vla-transcript');
    await el.start();
    await waitFor(() => transcripts.events.find((t) => t.role === 'assistant' && t.final), 15_000, 'greeting');
    const create = clientEvents(el, 'response.create')[0];
    expect(create.additional_instructions).to.equal('Welcome the visitor warmly.');
    expect(el.conversation[0].role).to.equal('assistant');
    await finish(el);
  });

  it('captions render what is heard, as text, in a role="log" live region', async () => {
    const el = await startQuiet({ 'turn-detection': 'none' });
    el.sendText('<img src=x onerror="window.__pwned=1">');
    await waitFor(() => el.state === 'speaking', 15_000, 'speaking');
    const log = el.shadowRoot!.querySelector('[part="captions"]')!;
    expect(log.getAttribute('role')).to.equal('log');
    expect(log.getAttribute('aria-live')).to.equal('polite');
    await waitFor(() => el.state === 'listening', 25_000, 'listening');
    expect(log.querySelector('img')).to.equal(null);
    expect(log.textContent).to.contain('<img src=x');
    expect((window as unknown as { __pwned?: number }).__pwned).to.equal(undefined);
    await finish(el);
  });
});
