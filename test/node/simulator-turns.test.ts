/**
 * Text turns, function calls, text-only responses and response.create options against a running simulator
 * (voice-live-protocol.md §5.4, §5.5, §7, §13.3).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendAudio, concat, silence, speech } from './helpers/audio.js';
import { AUDIO_RESPONSE_ORDER, startSimulator, textTurn, updateSession } from './helpers/sim-client.js';
import type { AnyEvent, SimClient, TestSimulator } from './helpers/sim-client.js';

let sim: TestSimulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());

const notDelta = (t: string) => !t.endsWith('.delta');

function transcriptOf(done: AnyEvent): string {
  const out = (done.response as { output: Array<{ content: Array<{ transcript?: string; text?: string }> }> }).output;
  return out[0].content[0].transcript ?? out[0].content[0].text ?? '';
}

test('text turn (§5.4): item created, then a spoken reply that uses the text, with consistent ids', async () => {
  const c = await sim.connect();
  const { since, done } = await textTurn(c, 'What time does the museum open?');
  assert.deepEqual(c.typesSince(since, notDelta), ['conversation.item.created', ...AUDIO_RESPONSE_ORDER]);
  const events = c.events.slice(since);
  const user = (events[0].item as { id: string; role: string; content: unknown[] });
  assert.equal(user.role, 'user');
  assert.deepEqual(user.content, [{ type: 'input_text', text: 'What time does the museum open?' }]);
  const response = done.response as { id: string; status: string; status_details: unknown; usage: Record<string, number>; output: Array<{ id: string; status: string; role: string }> };
  assert.equal(response.status, 'completed');
  assert.equal(response.status_details, null);
  assert.match(response.id, /^resp_/);
  assert.equal(transcriptOf(done), 'You said: What time does the museum open?');
  // Every response event names the same response and item.
  const itemId = response.output[0].id;
  for (const e of events.filter((x) => x.type.startsWith('response.') && x.type !== 'response.created' && x.type !== 'response.done')) {
    assert.equal(e.response_id, response.id, e.type);
    if ('item_id' in e) assert.equal(e.item_id, itemId, e.type);
  }
  const created = events.filter((e) => e.type === 'conversation.item.created')[1];
  assert.equal(created.previous_item_id, user.id);
  assert.equal(response.output[0].status, 'completed');
  // Transcript deltas add up to the transcript; usage is plausible.
  const deltas = events.filter((e) => e.type === 'response.audio_transcript.delta').map((e) => e.delta).join('');
  assert.equal(deltas, transcriptOf(done));
  assert.ok(response.usage.output_tokens > 10 && response.usage.input_tokens > 0, 'response.usage.output_tokens > 10 && response.usage.input_tokens > 0');
  assert.equal(response.usage.total_tokens, response.usage.input_tokens + response.usage.output_tokens);
  await c.close();
});

const WEATHER_TOOL = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { location: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } }, required: ['location', 'unit'] },
};

async function functionCallRoundTrip(c: SimClient, message: string): Promise<{ call: AnyEvent; reply: AnyEvent }> {
  const { since, done } = await textTurn(c, message);
  assert.deepEqual(c.typesSince(since, notDelta), [
    'conversation.item.created',
    'response.created',
    'rate_limits.updated',
    'response.output_item.added',
    'conversation.item.created',
    'response.function_call_arguments.done',
    'response.output_item.done',
    'response.done',
  ]);
  const events = c.events.slice(since);
  const added = events.find((e) => e.type === 'response.output_item.added') as AnyEvent;
  const item = added.item as { id: string; type: string; name: string; call_id: string; arguments: string; status: string };
  assert.equal(item.type, 'function_call');
  assert.equal(item.arguments, '');
  assert.equal(item.status, 'in_progress');
  assert.match(item.call_id, /^call_/);
  const argDeltas = events.filter((e) => e.type === 'response.function_call_arguments.delta');
  assert.ok(argDeltas.length >= 1, 'argDeltas.length >= 1');
  const call = events.find((e) => e.type === 'response.function_call_arguments.done') as AnyEvent;
  assert.equal(call.call_id, item.call_id);
  assert.equal(call.item_id, item.id);
  assert.equal(argDeltas.map((e) => e.delta).join(''), call.arguments);
  const finalItem = (events.find((e) => e.type === 'response.output_item.done') as AnyEvent).item as { status: string; arguments: string };
  assert.equal(finalItem.status, 'completed');
  assert.equal(finalItem.arguments, call.arguments);
  assert.equal((done.response as { status: string }).status, 'completed');
  // The simulator now waits for the tool output; nothing else happens meanwhile.
  assert.equal((await c.sync()).length, 0);
  const out = c.mark();
  c.send({ type: 'conversation.item.create', event_id: 'out1', item: { type: 'function_call_output', call_id: item.call_id, output: JSON.stringify({ temp_c: 11, sky: 'rain' }) } });
  const created = await c.waitFor('conversation.item.created', { since: out });
  assert.equal(created.previous_item_id, item.id);
  c.send({ type: 'response.create' });
  const reply = await c.waitFor('response.done', { since: out, timeoutMs: 15000 });
  return { call, reply };
}

test('function call round trip (§5.5): a message naming a tool → call → output → spoken answer using it', async () => {
  const c = await sim.connect();
  await updateSession(c, { tools: [WEATHER_TOOL, { type: 'function', name: 'get_time', parameters: { type: 'object', properties: {} } }] });
  const { call, reply } = await functionCallRoundTrip(c, "What's the weather like in Paris, in celsius?");
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.arguments as string), { location: 'Paris', unit: 'celsius' });
  const text = transcriptOf(reply);
  assert.match(text, /weather/);
  assert.match(text, /temp c is 11/);
  assert.match(text, /sky is rain/);
  // Matching by the exact tool name works too, and unrelated text gets an ordinary reply.
  const second = await functionCallRoundTrip(c, 'please call get_time');
  assert.equal(second.call.name, 'get_time');
  assert.equal(second.call.arguments, '{}');
  const plain = await textTurn(c, 'Tell me a joke');
  assert.equal(transcriptOf(plain.done), 'You said: Tell me a joke');
  await c.close();
});

test('tool_choice none never calls; tool_choice required calls even for speech', async () => {
  const c = await sim.connect();
  await updateSession(c, { tools: [WEATHER_TOOL], tool_choice: 'none' });
  const { done } = await textTurn(c, 'weather in Oslo?');
  assert.equal((done.response as { output: Array<{ type: string }> }).output[0].type, 'message');
  await updateSession(c, { tool_choice: 'required' });
  const forced = await textTurn(c, 'anything at all');
  assert.equal((forced.done.response as { output: Array<{ type: string; name: string }> }).output[0].name, 'get_weather');
  await c.close();
});

test('modalities ["text"]: text deltas, no audio', async () => {
  const c = await sim.connect();
  await updateSession(c, { modalities: ['text'] });
  const { since, done } = await textTurn(c, 'Only text please');
  assert.deepEqual(c.typesSince(since, notDelta), [
    'conversation.item.created',
    'response.created',
    'rate_limits.updated',
    'response.output_item.added',
    'conversation.item.created',
    'response.content_part.added',
    'response.text.done',
    'response.content_part.done',
    'response.output_item.done',
    'response.done',
  ]);
  const events = c.events.slice(since);
  assert.equal(events.filter((e) => e.type === 'response.audio.delta').length, 0);
  const deltas = events.filter((e) => e.type === 'response.text.delta');
  assert.ok(deltas.length >= 3, 'deltas.length >= 3');
  assert.equal(deltas.map((e) => e.delta).join(''), 'You said: Only text please');
  assert.deepEqual((done.response as { output: Array<{ content: unknown[] }> }).output[0].content, [{ type: 'text', text: 'You said: Only text please' }]);
  // Per-response modalities override the session's.
  const audio = await textTurn(c, 'Now speak', { modalities: ['audio', 'text'] });
  assert.ok(c.events.slice(audio.since).some((e) => e.type === 'response.audio.delta'), 'c.events.slice(audio.since).some((e) => e.type === \'response.audio.delta\')');
  await c.close();
});

test('response.create while a response is active → conversation_already_has_active_response', async () => {
  const c = await sim.connect({ 'sim-realtime-factor': 2 });
  const since = c.mark();
  c.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Say something long' }] } });
  c.send({ type: 'response.create', event_id: 'first' });
  await c.waitFor('response.created', { since });
  const err = await c.expectError({ type: 'response.create', event_id: 'second' });
  assert.equal(err.code, 'conversation_already_has_active_response');
  assert.equal(err.event_id, 'second');
  c.send({ type: 'response.cancel' });
  await c.waitFor('response.done', { since });
  // Once done, a new response is fine.
  const next = c.mark();
  c.send({ type: 'response.create', event_id: 'third' });
  await c.waitFor('response.created', { since: next });
  await c.close();
});

test('greeting via additional_instructions; response.instructions and pre-generated text are spoken verbatim', async () => {
  const c = await sim.connect();
  let since = c.mark();
  c.send({ type: 'response.create', additional_instructions: 'Greet the visitor warmly.' });
  let done = await c.waitFor('response.done', { since });
  assert.match(transcriptOf(done), /^Hello! I'm the Voice Live simulator/);
  since = c.mark();
  c.send({ type: 'response.create', response: { instructions: 'Say "Welcome to the east wing."' } });
  done = await c.waitFor('response.done', { since });
  assert.equal(transcriptOf(done), 'Welcome to the east wing.');
  since = c.mark();
  c.send({ type: 'response.create', response: { pre_generated_assistant_message: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Exactly these words.' }] } } });
  done = await c.waitFor('response.done', { since });
  assert.equal(transcriptOf(done), 'Exactly these words.');
  const bad = await c.expectError({ type: 'response.create', event_id: 'bad-pre', response: { pre_generated_assistant_message: { type: 'message', role: 'assistant', content: [] } } });
  assert.equal(bad.param, 'response.pre_generated_assistant_message.content');
  const badOpt = await c.expectError({ type: 'response.create', event_id: 'bad-fmt', response: { output_audio_format: 'mp3' } });
  assert.equal(badOpt.param, 'response.output_audio_format');
  await c.close();
});

test('spoken turns get rotating lines of about 4–7 s that say what the simulator is', async () => {
  const c = await sim.connect();
  const voice = concat(silence(300, 24000), await speech('Hello there, how are you?', 24000), silence(900, 24000));
  const lines: string[] = [];
  for (let i = 0; i < 2; i++) {
    const since = c.mark();
    appendAudio(c, voice, 24000);
    const done = await c.waitFor('response.done', { since, timeoutMs: 15000 });
    lines.push(transcriptOf(done));
    const audioMs = c.events
      .slice(since)
      .filter((e) => e.type === 'response.audio.delta')
      .reduce((ms, e) => ms + (Buffer.from(e.delta as string, 'base64').length / 48), 0);
    assert.ok(audioMs >= 3500 && audioMs <= 7500, `line ${i} lasts ${audioMs} ms`);
  }
  assert.notEqual(lines[0], lines[1]);
  assert.ok(lines.every((l) => /simulator|Voice Live/i.test(l)), 'lines.every((l) => /simulator|Voice Live/i.test(l))');
  await c.close();
});

test('max_response_output_tokens cuts the reply: status incomplete, reason max_output_tokens', async () => {
  const c = await sim.connect();
  const { done } = await textTurn(c, 'one two three four five six seven eight nine ten eleven twelve', { max_response_output_tokens: 30 });
  const r = done.response as { status: string; status_details: { type: string; reason: string }; output: Array<{ status: string }> };
  assert.equal(r.status, 'incomplete');
  assert.deepEqual(r.status_details, { type: 'incomplete', reason: 'max_output_tokens' });
  assert.equal(r.output[0].status, 'incomplete');
  assert.ok(transcriptOf(done).length < 'You said: one two three four five six seven eight nine ten eleven twelve'.length, 'transcriptOf(done).length < \'You said: one two three four five six seven eight nine ten el');
  await c.close();
});

test('conversation "none": an out-of-band response adds nothing to the conversation', async () => {
  const c = await sim.connect();
  const since = c.mark();
  c.send({ type: 'response.create', response: { conversation: 'none', instructions: 'Say "Out of band."', metadata: { topic: 'test' } } });
  const done = await c.waitFor('response.done', { since });
  assert.equal(c.typesSince(since).filter((t) => t === 'conversation.item.created').length, 0);
  assert.deepEqual((done.response as { metadata: unknown }).metadata, { topic: 'test' });
  const itemId = (done.response as { output: Array<{ id: string }> }).output[0].id;
  const err = await c.expectError({ type: 'conversation.item.retrieve', event_id: 'oob', item_id: itemId });
  assert.equal(err.code, 'item_not_found');
  await c.close();
});

test('conversation.item.create validates items and honours previous_item_id', async () => {
  const c = await sim.connect();
  const since = c.mark();
  c.send({ type: 'conversation.item.create', item: { id: 'item_first', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a' }] } });
  c.send({ type: 'conversation.item.create', previous_item_id: 'root', item: { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'rules' }] } });
  const second = await c.waitFor((e) => e.type === 'conversation.item.created' && (e.item as { role: string }).role === 'system', { since });
  assert.equal(second.previous_item_id, null);
  const first = await c.waitFor('conversation.item.created', { since });
  assert.equal((first.item as { id: string }).id, 'item_first');
  const cases: Array<[string, unknown, string]> = [
    ['no-item', undefined, 'item'],
    ['assistant-audio', { type: 'message', role: 'assistant', content: [{ type: 'audio', audio: 'AAAA' }] }, 'item.content[0].type'],
    ['bad-role', { type: 'message', role: 'robot', content: [] }, 'item.role'],
    ['no-call-id', { type: 'function_call_output', output: 'x' }, 'item.call_id'],
    ['dup-id', { id: 'item_first', type: 'message', role: 'user', content: [] }, 'item.id'],
  ];
  for (const [id, item, param] of cases) {
    const err = await c.expectError({ type: 'conversation.item.create', event_id: id, ...(item ? { item } : {}) });
    assert.equal(err.param, param, id);
  }
  const prevErr = await c.expectError({ type: 'conversation.item.create', event_id: 'prev', previous_item_id: 'item_nope', item: { type: 'message', role: 'user', content: [] } });
  assert.equal(prevErr.param, 'previous_item_id');
  await c.close();
});
