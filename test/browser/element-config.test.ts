import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { capture, clientEvents, createElement, finish, SIM_ENDPOINT, startQuiet, waitFor, startAndConnect } from './helpers.js';

describe('attributes → session', function () {
  this.timeout(30_000);

  it('maps every kind of attribute onto the session the service reports', async () => {
    const el = await startQuiet({
      instructions: 'You are a museum guide.',
      voice: 'en-US-AvaNeural',
      'voice-rate': '1.1',
      'turn-detection': 'azure_semantic_vad',
      'vad-threshold': '0.4',
      'vad-silence-duration-ms': '650',
      'remove-filler-words': 'true',
      'noise-reduction': 'azure_deep_noise_suppression',
      'echo-cancellation': 'server',
      'transcription-model': 'gpt-4o-transcribe',
      'transcription-language': 'en-US',
      temperature: '0.8',
      'max-response-output-tokens': '512',
      'tool-choice': 'auto',
    });
    const s = el.effectiveSession!;
    expect(s.instructions).to.equal('You are a museum guide.');
    expect(s.voice).to.deep.include({ type: 'azure-standard', name: 'en-US-AvaNeural', rate: '1.1' });
    expect(s.turn_detection).to.deep.include({ type: 'azure_semantic_vad', threshold: 0.4, silence_duration_ms: 650, remove_filler_words: true });
    expect(s.input_audio_noise_reduction).to.deep.equal({ type: 'azure_deep_noise_suppression' });
    expect(s.input_audio_echo_cancellation).to.deep.include({ type: 'server_echo_cancellation' });
    expect(s.input_audio_transcription).to.deep.include({ model: 'gpt-4o-transcribe', language: 'en-US' });
    expect(s.temperature).to.equal(0.8);
    expect(s.max_response_output_tokens).to.equal(512);
    expect(s.tool_choice).to.equal('auto');
    // An Azure voice with visemes="auto" asks for visemes and word timestamps.
    expect(s.animation?.outputs).to.deep.equal(['viseme_id']);
    expect(s.output_audio_timestamp_types).to.deep.equal(['word']);
    await finish(el);
  });

  it('a live change sends session.update with just that field', async () => {
    const el = await startQuiet({ voice: 'alloy', 'vad-threshold': '0.5' });
    const updated = capture(el, 'vla-session-updated');
    el.setAttribute('vad-threshold', '0.65');
    await waitFor(() => updated.events.length, 5000, 'session.updated');
    const updates = clientEvents(el, 'session.update');
    expect(Object.keys(updates[updates.length - 1].session as object)).to.deep.equal(['turn_detection']);
    expect(el.effectiveSession?.turn_detection?.threshold).to.equal(0.65);
    el.instructions = 'Answer in one sentence.';
    await waitFor(() => updated.events.length === 2, 5000, 'second session.updated');
    const last = clientEvents(el, 'session.update').pop()!;
    expect(last.session).to.deep.equal({ instructions: 'Answer in one sentence.' });
    await finish(el);
  });

  it('an invalid value raises invalid-config, throws nothing, and keeps the last valid configuration', async () => {
    const el = await startQuiet({ 'turn-detection': 'server_vad', 'vad-silence-duration-ms': '500' });
    const errors = capture(el, 'vla-error');
    const before = clientEvents(el, 'session.update').length;
    expect(() => el.setAttribute('turn-detection', 'telepathy')).to.not.throw();
    el.setAttribute('vad-silence-duration-ms', 'soon');
    el.setAttribute('framing', 'feet');
    await el.updateComplete;
    const codes = errors.events.map((e) => [e.code, e.attribute]);
    expect(codes).to.deep.include(['invalid-config', 'turn-detection']);
    expect(codes).to.deep.include(['invalid-config', 'vad-silence-duration-ms']);
    expect(codes).to.deep.include(['invalid-config', 'framing']);
    const td = errors.events.find((e) => e.attribute === 'turn-detection')!;
    expect(td.allowed).to.contain('server_vad');
    expect(td.recoverable).to.equal(true);
    expect(td.source).to.equal('config');
    expect(clientEvents(el, 'session.update').length).to.equal(before);
    expect(el.effectiveSession?.turn_detection).to.deep.include({ type: 'server_vad', silence_duration_ms: 500 });
    // Still usable.
    const t = capture(el, 'vla-transcript');
    el.sendText('still there?');
    await waitFor(() => t.events.find((e) => e.role === 'assistant' && e.final), 15_000, 'reply');
    await finish(el);
  });

  it('a configuration the service refuses is reported and the conversation goes on with its defaults', async () => {
    // azure-speech transcription is for cascaded models, not gpt-realtime: the service answers with an error.
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true, 'transcription-model': 'azure-speech' });
    const errors = capture(el, 'vla-error');
    await startAndConnect(el);
    const e = errors.events.find((x) => x.code === 'server')!;
    expect(e.serverError?.param).to.equal('session.input_audio_transcription.model');
    expect(el.state).to.equal('listening');
    const t = capture(el, 'vla-transcript');
    el.sendText('hello');
    await waitFor(() => t.events.find((x) => x.role === 'assistant' && x.final), 15_000, 'reply');
    await finish(el);
  });

  it('the session property deep-merges; tools become function definitions', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true, 'vad-threshold': '0.3' });
    el.session = { turn_detection: { prefix_padding_ms: 250 }, metadata: { page: 'test' } };
    el.tools = [{ name: 'noop', description: 'Does nothing', handler: () => 'ok' }];
    await startAndConnect(el);
    const s = el.effectiveSession!;
    expect(s.turn_detection).to.deep.include({ type: 'server_vad', threshold: 0.3, prefix_padding_ms: 250 });
    expect(s.metadata).to.deep.equal({ page: 'test' });
    expect(s.tools).to.deep.equal([{ type: 'function', name: 'noop', description: 'Does nothing', parameters: { type: 'object', properties: {} } }]);
    await finish(el);
  });

  it('vla-before-connect is cancelable and its session editable', async () => {
    const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true });
    const once = (e: Event) => {
      el.removeEventListener('vla-before-connect', once);
      e.preventDefault();
    };
    el.addEventListener('vla-before-connect', once);
    await el.start();
    expect(el.state).to.equal('idle');
    expect(el.sessionId).to.equal(null);
    el.addEventListener('vla-before-connect', (e) => {
      e.detail.session.instructions = 'Edited by the page.';
    });
    await startAndConnect(el);
    expect(el.effectiveSession?.instructions).to.equal('Edited by the page.');
    await finish(el);
  });

  it('push-to-talk sets manual turns and the connection facade speaks the SDK shape', async () => {
    const el = await startQuiet({ 'push-to-talk': true });
    expect(el.effectiveSession?.turn_detection).to.equal(null);
    const c = el.connection;
    for (const fn of [c.session.update, c.response.create, c.response.cancel, c.inputAudioBuffer.append, c.inputAudioBuffer.commit, c.inputAudioBuffer.clear, c.outputAudioBuffer.clear, c.conversation.item.create, c.conversation.item.retrieve, c.conversation.item.truncate, c.conversation.item.delete, c.send]) {
      expect(fn).to.be.a('function');
    }
    const events = capture(el, 'vla-server-event');
    const id = c.conversation.item.create({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] });
    expect(id).to.match(/^evt_/);
    await waitFor(() => events.events.find((e) => e.event.type === 'conversation.item.created'), 5000, 'item created');
    const created = events.events.find((e) => e.event.type === 'conversation.item.created')!.event as { item: { id: string } };
    c.conversation.item.retrieve(created.item.id);
    await waitFor(() => events.events.find((e) => e.event.type === 'conversation.item.retrieved'), 5000, 'retrieved');
    c.conversation.item.delete(created.item.id);
    await waitFor(() => events.events.find((e) => e.event.type === 'conversation.item.deleted'), 5000, 'deleted');
    await finish(el);
  });
});
