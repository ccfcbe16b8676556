/**
 * Barge-in, cancellation and truncation (voice-live-protocol.md §5.6, §13.2) and the other item operations.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendAudio, concat, silence, speech } from './helpers/audio.js';
import { startSimulator, textTurn, updateSession } from './helpers/sim-client.js';
import type { AnyEvent, SimClient, TestSimulator } from './helpers/sim-client.js';

let sim: TestSimulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());

const LONG = 'Say "The east wing opened in nineteen oh two, and it houses the collection of maps, clocks, globes and the small steam engine that once pumped water for the whole town."';

/** Starts a long real-time response and waits until `deltas` audio deltas have arrived. */
async function slowResponse(c: SimClient, deltas = 4): Promise<{ since: number; responseId: string; itemId: string }> {
  const since = c.mark();
  c.send({ type: 'response.create', response: { instructions: LONG } });
  const created = await c.waitFor('response.created', { since });
  let n = 0;
  await c.waitFor((e) => e.type === 'response.audio.delta' && ++n >= deltas, { since });
  const added = await c.waitFor('response.output_item.added', { since });
  return { since, responseId: (created.response as { id: string }).id, itemId: (added.item as { id: string }).id };
}

async function userSpeech(): Promise<Float32Array> {
  return concat(silence(200, 24000), await speech('Wait, stop please.', 24000), silence(900, 24000));
}

test('barge-in: speech during a response cancels it with the partial transcript (turn_detected)', async () => {
  const c = await sim.connect({ 'sim-realtime-factor': 1 });
  const voice = await userSpeech();
  const { since, responseId, itemId } = await slowResponse(c);
  const cut = c.mark();
  appendAudio(c, voice, 24000);
  const started = await c.waitFor('input_audio_buffer.speech_started', { since: cut });
  const done = await c.waitFor((e) => e.type === 'response.done' && (e.response as { id: string }).id === responseId, { since });
  const next = await c.waitFor((e) => e.type === 'response.created' && (e.response as { id: string }).id !== responseId, { since: cut, timeoutMs: 10000 });
  const events = c.events.slice(since);
  const old = (e: AnyEvent) => e.response_id === responseId || (e.response as { id?: string } | undefined)?.id === responseId;
  const at = (e: AnyEvent) => events.indexOf(e);
  // After speech_started: no more audio of the old response; the cancellation sequence of §5.6 step 3.
  const afterStart = events.slice(at(started));
  assert.equal(afterStart.filter((e) => e.type === 'response.audio.delta' && old(e)).length, 0, 'no audio after barge-in');
  assert.deepEqual(
    afterStart.filter((e) => old(e) || e.type.startsWith('input_audio_buffer.')).map((e) => e.type),
    [
      'input_audio_buffer.speech_started',
      'response.audio.done',
      'response.audio_transcript.done',
      'response.output_item.done',
      'response.done',
      'input_audio_buffer.speech_stopped',
      'input_audio_buffer.committed',
    ],
  );
  const r = done.response as { status: string; status_details: unknown; output: Array<{ id: string; status: string; content: Array<{ transcript: string }> }> };
  assert.equal(r.status, 'cancelled');
  assert.deepEqual(r.status_details, { type: 'cancelled', reason: 'turn_detected' });
  assert.equal(r.output[0].id, itemId);
  assert.equal(r.output[0].status, 'incomplete');
  // The partial transcript is what was streamed: a strict prefix of the full sentence.
  const full = 'The east wing opened in nineteen oh two, and it houses the collection of maps, clocks, globes and the small steam engine that once pumped water for the whole town.';
  const partial = (events.find((e) => e.type === 'response.audio_transcript.done' && old(e)) as AnyEvent).transcript as string;
  const streamed = events.filter((e) => e.type === 'response.audio_transcript.delta' && old(e)).map((e) => e.delta).join('');
  assert.equal(partial, streamed);
  assert.equal(r.output[0].content[0].transcript, partial);
  assert.ok(partial.length > 0 && partial.length < full.length / 2 && full.startsWith(partial), `partial "${partial}"`);
  // The user's turn continues normally into a new response.
  assert.notEqual((next.response as { id: string }).id, responseId);
  await c.close();
});

test('interrupt_response false: speech does not cancel; the reply waits for the current response', async () => {
  const c = await sim.connect({ 'sim-realtime-factor': 8 });
  await updateSession(c, { turn_detection: { type: 'server_vad', interrupt_response: false } });
  const voice = await userSpeech();
  const { since, responseId } = await slowResponse(c, 2);
  appendAudio(c, voice, 24000);
  await c.waitFor('input_audio_buffer.committed', { since });
  const done = await c.waitFor((e) => e.type === 'response.done' && (e.response as { id: string }).id === responseId, { since, timeoutMs: 15000 });
  assert.equal((done.response as { status: string }).status, 'completed');
  const next = await c.waitFor((e) => e.type === 'response.created' && (e.response as { id: string }).id !== responseId, { since, timeoutMs: 15000 });
  assert.ok(c.events.indexOf(next) > c.events.indexOf(done), 'the queued response starts after the first is done');
  c.send({ type: 'response.cancel' });
  await c.close();
});

test('response.cancel → cancelled with client_cancelled; cancelling nothing is an error', async () => {
  const c = await sim.connect({ 'sim-realtime-factor': 1 });
  const { since, responseId } = await slowResponse(c, 2);
  c.send({ type: 'response.cancel', event_id: 'cancel-1' });
  const done = await c.waitFor('response.done', { since });
  assert.equal((done.response as { id: string }).id, responseId);
  assert.deepEqual((done.response as { status_details: unknown }).status_details, { type: 'cancelled', reason: 'client_cancelled' });
  const afterDone = await c.quiet(200);
  assert.equal(afterDone.filter((e) => e.type === 'response.audio.delta').length, 0);
  const err = await c.expectError({ type: 'response.cancel', event_id: 'cancel-2' });
  assert.equal(err.code, 'response_cancel_not_active');
  // Cancelling during the sim-delay-ms wait still closes the lifecycle: created → done(cancelled).
  const d = await sim.connect({ 'sim-delay-ms': 500 });
  const s2 = d.mark();
  d.send({ type: 'response.create' });
  d.send({ type: 'response.cancel' });
  const done2 = await d.waitFor('response.done', { since: s2 });
  assert.deepEqual(d.typesSince(s2), ['response.created', 'rate_limits.updated', 'response.done']);
  assert.equal((done2.response as { status: string }).status, 'cancelled');
  await d.close();
  await c.close();
});

test('conversation.item.truncate cuts the item to the words heard; errors past the audio, on unknown or user items', async () => {
  const c = await sim.connect();
  await updateSession(c, { voice: { type: 'azure-standard', name: 'en-US-AvaNeural' }, output_audio_timestamp_types: ['word'] });
  const { since, done } = await textTurn(c, 'Please tell me about the museum opening hours today');
  const item = (done.response as { output: Array<{ id: string; content: Array<{ transcript: string }> }> }).output[0];
  const audioMs = c.events.slice(since).filter((e) => e.type === 'response.audio.delta').reduce((ms, e) => ms + Buffer.from(e.delta as string, 'base64').length / 48, 0);
  const words = c.events.slice(since).filter((e) => e.type === 'response.audio_timestamp.delta');
  const tooFar = await c.expectError({ type: 'conversation.item.truncate', event_id: 'trunc-far', item_id: item.id, content_index: 0, audio_end_ms: Math.ceil(audioMs) + 500 });
  assert.equal(tooFar.param, 'audio_end_ms');
  assert.equal(tooFar.event_id, 'trunc-far');
  const cutAt = 1000;
  const t = c.mark();
  c.send({ type: 'conversation.item.truncate', event_id: 'trunc', item_id: item.id, content_index: 0, audio_end_ms: cutAt });
  const truncated = await c.waitFor('conversation.item.truncated', { since: t });
  assert.deepEqual({ item_id: truncated.item_id, content_index: truncated.content_index, audio_end_ms: truncated.audio_end_ms }, { item_id: item.id, content_index: 0, audio_end_ms: cutAt });
  c.send({ type: 'conversation.item.retrieve', item_id: item.id });
  const got = await c.waitFor('conversation.item.retrieved', { since: t });
  const heard = (got.item as { content: Array<{ transcript: string }> }).content[0].transcript;
  const expected = words.filter((w) => (w.audio_offset_ms as number) < cutAt).map((w) => w.text as string);
  assert.ok(expected.length >= 2 && expected.length < words.length, `cut keeps ${expected.length} of ${words.length} words`);
  assert.deepEqual(heard.replace(/[.,:!?]/g, '').split(/\s+/), expected);
  assert.ok(item.content[0].transcript.startsWith(heard), 'item.content[0].transcript.startsWith(heard)');
  // The item is now 1000 ms long.
  const again = await c.expectError({ type: 'conversation.item.truncate', event_id: 'trunc-again', item_id: item.id, content_index: 0, audio_end_ms: 1500 });
  assert.equal(again.param, 'audio_end_ms');
  const unknown = await c.expectError({ type: 'conversation.item.truncate', event_id: 'trunc-unknown', item_id: 'item_nope', content_index: 0, audio_end_ms: 10 });
  assert.equal(unknown.code, 'item_not_found');
  const userItemId = (c.events.slice(since).find((e) => e.type === 'conversation.item.created')?.item as { id: string }).id;
  const user = await c.expectError({ type: 'conversation.item.truncate', event_id: 'trunc-user', item_id: userItemId, content_index: 0, audio_end_ms: 10 });
  assert.equal(user.param, 'item_id');
  const missing = await c.expectError({ type: 'conversation.item.truncate', event_id: 'trunc-missing', item_id: item.id, content_index: 0 });
  assert.equal(missing.code, 'missing_required_parameter');
  await c.close();
});

test('auto_truncate: the server truncates to real-time playback since the first delta', async () => {
  const c = await sim.connect({ 'sim-realtime-factor': 4 });
  await updateSession(c, { turn_detection: { type: 'server_vad', auto_truncate: true } });
  // Synthesize first: eSpeak runs on this process's event loop, which the in-process simulator shares.
  const voice = await userSpeech();
  const { since, itemId } = await slowResponse(c, 2);
  const firstDeltaAt = c.t0 + c.times[c.events.findIndex((e, i) => i >= since && e.type === 'response.audio.delta')];
  await new Promise((r) => setTimeout(r, 700));
  const cut = c.mark();
  const sentAt = Date.now();
  appendAudio(c, voice, 24000);
  const started = await c.waitFor('input_audio_buffer.speech_started', { since: cut });
  const truncated = await c.waitFor('conversation.item.truncated', { since: cut });
  await c.waitFor('input_audio_buffer.speech_stopped', { since: cut });
  // The server saw the speech after we sent it and before we received speech_started (both clocks are ours).
  const earliest = sentAt - firstDeltaAt;
  const latest = c.t0 + c.times[c.events.indexOf(started)] - firstDeltaAt;
  assert.equal(truncated.item_id, itemId);
  const ms = truncated.audio_end_ms as number;
  assert.ok(ms >= earliest - 50 && ms <= latest + 30, `truncated at ${ms} ms; speech reached the server ${earliest}–${latest} ms after the first delta`);
  // Order: speech_started, the cancellation, then truncated, then the rest of the turn.
  const types = c.typesSince(cut, (t) => !t.endsWith('.delta'));
  const order = ['input_audio_buffer.speech_started', 'response.done', 'conversation.item.truncated', 'input_audio_buffer.speech_stopped'];
  assert.deepEqual(types.filter((t) => order.includes(t)).slice(0, 4), order);
  await c.close();
});

test('retrieve / delete items, with errors for unknown ids; output_audio_buffer.clear → cleared', async () => {
  const c = await sim.connect();
  const since = c.mark();
  c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'keep me' }] } });
  const created = await c.waitFor('conversation.item.created', { since });
  const id = (created.item as { id: string }).id;
  c.send({ type: 'conversation.item.retrieve', item_id: id });
  const got = await c.waitFor('conversation.item.retrieved', { since });
  assert.deepEqual((got.item as { content: unknown }).content, [{ type: 'input_text', text: 'keep me' }]);
  c.send({ type: 'conversation.item.delete', item_id: id });
  const deleted = await c.waitFor('conversation.item.deleted', { since });
  assert.equal(deleted.item_id, id);
  const e1 = await c.expectError({ type: 'conversation.item.retrieve', event_id: 'r-gone', item_id: id });
  assert.equal(e1.code, 'item_not_found');
  const e2 = await c.expectError({ type: 'conversation.item.delete', event_id: 'd-gone', item_id: id });
  assert.equal(e2.code, 'item_not_found');
  assert.equal(e2.param, 'item_id');
  const cl = c.mark();
  c.send({ type: 'output_audio_buffer.clear' });
  await c.waitFor('output_audio_buffer.cleared', { since: cl });
  await c.close();
});
