import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToBase64 } from '../../src/audio/codecs/base64.js';
import { ConversationController } from '../../src/conversation/controller.js';
import type { VlaEventDetails, VlaEventName } from '../../src/conversation/events.js';
import type { ToolSpec } from '../../src/conversation/tool-calls.js';
import { TranscriptStore } from '../../src/conversation/transcript-store.js';
import { WordTimeline, syllables } from '../../src/conversation/word-timeline.js';
import type { HeardPosition } from '../../src/lipsync/types.js';
import type { ClientEvent, ServerEvent } from '../../src/protocol/events.js';

test('syllable estimates', () => {
  assert.equal(syllables('museum'), 3);
  assert.equal(syllables('make'), 1);
  assert.equal(syllables('conversation'), 4);
  assert.equal(syllables('video'), 3);
  assert.equal(syllables('special'), 2);
  assert.equal(syllables('...'), 0);
});

test('word timeline: server timestamps are used and matched to the transcript', () => {
  const t = new WordTimeline();
  t.setText('Hello, world! It is 1902.');
  t.addServerWord('Hello', 50, 300);
  t.addServerWord('world', 420, 350);
  t.addServerWord('It', 900, 100);
  const w = t.words();
  assert.equal(w.length, 3);
  assert.equal(w[1].startMs, 420);
  assert.equal(w[1].estimated, false);
  assert.equal(t.heardText(430), 'Hello, world');
  assert.equal(t.heardText(10), '');
  assert.equal(t.heardText(5000), 'Hello, world! It');
});

test('word timeline: estimates follow syllables and pauses, then rescale to the real duration', () => {
  const t = new WordTimeline();
  t.setText('The east wing opened in nineteen oh two, and it houses paintings.');
  const early = t.words();
  assert.equal(early.length, 12);
  assert.ok(early.every((w) => w.estimated));
  for (let i = 1; i < early.length; i++) assert.ok(early[i].startMs > early[i - 1].startMs);
  // The comma adds a pause.
  const gapComma = early[8].startMs - (early[7].startMs + early[7].durationMs);
  const gapPlain = early[2].startMs - (early[1].startMs + early[1].durationMs);
  assert.ok(gapComma > gapPlain * 2);
  t.setAudio(6000, true);
  const late = t.words();
  assert.ok(late[11].startMs + late[11].durationMs <= 6000);
  assert.ok(late[11].startMs > 4500, `last word at ${late[11].startMs}`);
  assert.equal(t.heardText(late[3].startMs + 1), 'The east wing opened');
});

test('transcripts stay in service order even when text arrives late', () => {
  const s = new TranscriptStore();
  s.upsert({ id: 'u1', type: 'message', role: 'user', text: '', final: false });
  s.upsert({ id: 'a1', type: 'message', role: 'assistant', text: 'Hi!', final: true }, 'u1');
  s.upsert({ id: 'u1', type: 'message', role: 'user', text: 'Hello', final: true });
  assert.deepEqual(s.list().map((e) => `${e.id}:${e.text}`), ['u1:Hello', 'a1:Hi!']);
  // An item created before another is placed by previous_item_id.
  s.upsert({ id: 'x', type: 'message', role: 'system', text: 's', final: true }, null);
  assert.equal(s.list()[0].id, 'x');
  s.upsert({ id: 'a0', type: 'message', role: 'assistant', text: '', final: false }, 'x');
  assert.deepEqual(s.list().map((e) => e.id), ['x', 'a0', 'u1', 'a1']);
});

// ---- the controller, driven by scripted server events ------------------------------------------------

interface Harness {
  c: ConversationController;
  sent: ClientEvent[];
  events: Array<{ type: VlaEventName; detail: unknown }>;
  phases: string[];
  pushes: Array<{ itemId: string; bytes: number }>;
  flushes: number;
  heard: HeardPosition;
  now: number;
  timers: Array<{ fn: () => void; at: number }>;
  run(ms: number): void;
  of<K extends VlaEventName>(type: K): Array<VlaEventDetails[K]>;
  server(e: Record<string, unknown>): void;
}

function harness(tools: ToolSpec[] = [], greeting: string | null = null): Harness {
  const h = {
    sent: [] as ClientEvent[],
    events: [] as Array<{ type: VlaEventName; detail: unknown }>,
    phases: [] as string[],
    pushes: [] as Array<{ itemId: string; bytes: number }>,
    flushes: 0,
    heard: { itemId: null, ms: 0, playing: false } as HeardPosition,
    now: 1000,
    timers: [] as Array<{ fn: () => void; at: number }>,
  } as Harness;
  h.c = new ConversationController(
    {
      send: (e) => {
        h.sent.push(e);
        return `evt_${h.sent.length}`;
      },
      emit: (type, detail) => h.events.push({ type, detail }),
      onPhase: (p) => h.phases.push(p),
      onSessionReady: () => undefined,
      now: () => h.now,
      setTimer: (fn, ms) => {
        const t = { fn, at: h.now + ms };
        h.timers.push(t);
        return t;
      },
      clearTimer: (t) => {
        const i = h.timers.indexOf(t as (typeof h.timers)[number]);
        if (i >= 0) h.timers.splice(i, 1);
      },
    },
    { tools: () => tools, greeting: () => greeting },
  );
  h.c.playback = {
    push: (itemId, bytes) => h.pushes.push({ itemId, bytes: bytes.length }),
    end: () => undefined,
    flush: () => void h.flushes++,
  };
  h.c.clock = { now: () => h.heard };
  h.run = (ms: number) => {
    const end = h.now + ms;
    for (;;) {
      h.timers.sort((a, b) => a.at - b.at);
      const t = h.timers[0];
      if (!t || t.at > end) break;
      h.timers.shift();
      h.now = Math.max(h.now, t.at);
      t.fn();
    }
    h.now = end;
  };
  h.of = <K extends VlaEventName>(type: K) => h.events.filter((e) => e.type === type).map((e) => e.detail as VlaEventDetails[K]);
  h.server = (e) => h.c.handle({ event_id: `s${Math.random()}`, ...e } as ServerEvent);
  return h;
}

const audio = (ms: number) => bytesToBase64(new Uint8Array(Math.round(ms * 48)));

function assistantTurn(h: Harness, opts: { resp: string; item: string; prev?: string; text: string; audioMs: number; done?: boolean }) {
  h.server({ type: 'response.created', response: { id: opts.resp, status: 'in_progress', output: [] } });
  h.server({ type: 'response.output_item.added', response_id: opts.resp, output_index: 0, item: { id: opts.item, type: 'message', role: 'assistant', content: [] } });
  h.server({ type: 'conversation.item.created', previous_item_id: opts.prev ?? null, item: { id: opts.item, type: 'message', role: 'assistant', content: [] } });
  const ids = { response_id: opts.resp, item_id: opts.item, output_index: 0, content_index: 0 };
  h.server({ type: 'response.audio_transcript.delta', ...ids, delta: opts.text });
  for (let t = 0; t < opts.audioMs; t += 100) h.server({ type: 'response.audio.delta', ...ids, delta: audio(Math.min(100, opts.audioMs - t)) });
  if (opts.done !== false) {
    h.server({ type: 'response.audio.done', ...ids });
    h.server({ type: 'response.audio_transcript.done', ...ids, transcript: opts.text });
    h.server({ type: 'response.done', response: { id: opts.resp, status: 'completed', output: [{ id: opts.item }], usage: { total_tokens: 10, input_tokens: 4, output_tokens: 6 } } });
  }
}

test('a VAD turn: phases, ordered transcripts, words as heard, metrics', () => {
  const h = harness();
  h.server({ type: 'input_audio_buffer.speech_started', audio_start_ms: 1000, item_id: 'u1' });
  h.server({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: 2500, item_id: 'u1' });
  h.server({ type: 'input_audio_buffer.committed', previous_item_id: null, item_id: 'u1' });
  h.server({ type: 'conversation.item.created', previous_item_id: null, item: { id: 'u1', type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: null }] } });
  assert.equal(h.c.currentPhase, 'thinking');
  h.now += 300;
  assistantTurn(h, { resp: 'r1', item: 'a1', prev: 'u1', text: 'Welcome to the museum of lights.', audioMs: 2000 });
  assert.equal(h.pushes.length, 20);
  // The user's transcript arrives after the reply: it still reads first.
  h.server({ type: 'conversation.item.input_audio_transcription.completed', item_id: 'u1', content_index: 0, transcript: 'Hi there' });
  assert.deepEqual(h.c.transcripts.list().map((e) => e.role), ['user', 'assistant']);
  // Nothing heard yet: the assistant's caption is empty.
  assert.equal(h.c.transcripts.get('a1')?.text, '');
  h.c.onPlaybackReport('start');
  // First seen audible 40 ms after the first delta, with 12 ms of the item already heard: it became
  // audible 28 ms after the delta arrived.
  h.now += 40;
  h.heard = { itemId: 'a1', ms: 12, playing: true };
  h.run(1);
  assert.equal(h.c.currentPhase, 'speaking');
  h.now += 588;
  h.heard = { itemId: 'a1', ms: 600, playing: true };
  h.run(31);
  const words = h.of('vla-word');
  assert.ok(words.length >= 1 && words.length < 6, `${words.length} words by 600 ms`);
  assert.equal(words[0].text, 'Welcome');
  assert.ok(h.c.transcripts.get('a1')!.text.startsWith('Welcome'));
  const metrics = h.of('vla-metrics');
  assert.equal(metrics.length, 1);
  assert.equal(metrics[0].trigger, 'vad');
  assert.equal(metrics[0].speechEndToFirstAudioMs, 300);
  assert.equal(metrics[0].firstAudioToAudibleMs, 28);
  assert.equal(metrics[0].speechEndToAudibleMs, 328);
  // Playback drains: all words emitted, caption complete, back to listening.
  h.c.markPlaybackDrained();
  h.heard = { itemId: null, ms: 0, playing: false };
  h.run(100);
  assert.equal(h.of('vla-word').length, 6);
  assert.equal(h.c.transcripts.get('a1')!.text, 'Welcome to the museum of lights.');
  assert.equal(h.c.currentPhase, 'listening');
  const finals = h.of('vla-transcript').filter((t) => t.final);
  assert.deepEqual(finals.map((t) => t.role).sort(), ['assistant', 'user']);
  assert.equal(h.of('vla-response-done')[0].usage?.total_tokens, 10);
  assert.equal(h.of('vla-server-event').length > 10, true);
});

test('barge-in: flush, drop late deltas, truncate at the heard ms, cut the caption', () => {
  const h = harness();
  assistantTurn(h, { resp: 'r1', item: 'a1', text: 'The east wing opened in nineteen oh two and it houses', audioMs: 1500, done: false });
  h.c.onPlaybackReport('start');
  h.heard = { itemId: 'a1', ms: 1234.4, playing: true };
  h.run(40);
  const pushed = h.pushes.length;
  h.server({ type: 'input_audio_buffer.speech_started', audio_start_ms: 9000, item_id: 'u2' });
  assert.equal(h.flushes, 1);
  const truncate = h.sent.find((e) => e.type === 'conversation.item.truncate') as { item_id: string; audio_end_ms: number } | undefined;
  assert.deepEqual(truncate && { id: truncate.item_id, ms: truncate.audio_end_ms }, { id: 'a1', ms: 1234 });
  assert.deepEqual(h.of('vla-interrupted'), [{ itemId: 'a1', playedMs: 1234 }]);
  assert.equal(h.c.currentPhase, 'listening');
  // Late deltas of the cancelled response are dropped.
  h.server({ type: 'response.audio.delta', response_id: 'r1', item_id: 'a1', output_index: 0, content_index: 0, delta: audio(100) });
  assert.equal(h.pushes.length, pushed);
  const cut = h.c.transcripts.get('a1')!;
  assert.ok(cut.text.length > 0 && cut.text.length < 'The east wing opened in nineteen oh two and it houses'.length, cut.text);
  assert.equal(cut.truncatedAtMs, 1234);
  const finals = h.of('vla-transcript').filter((t) => t.role === 'assistant' && t.final);
  assert.equal(finals.length, 1);
  assert.equal(finals[0].text, cut.text);
  // The service's own done events for the cancelled response do not fire a second final.
  h.server({ type: 'response.audio_transcript.done', response_id: 'r1', item_id: 'a1', output_index: 0, content_index: 0, transcript: 'The east wing opened in' });
  h.server({ type: 'response.done', response: { id: 'r1', status: 'cancelled', status_details: { type: 'cancelled', reason: 'turn_detected' }, output: [] } });
  assert.equal(h.of('vla-transcript').filter((t) => t.role === 'assistant' && t.final).length, 1);
  assert.equal(h.of('vla-response-done')[0].status, 'cancelled');
});

test('interrupt() also cancels the in-flight response', () => {
  const h = harness();
  assistantTurn(h, { resp: 'r9', item: 'a9', text: 'A long answer', audioMs: 800, done: false });
  h.c.interrupt();
  assert.ok(h.sent.some((e) => e.type === 'response.cancel' && (e as { response_id?: string }).response_id === 'r9'));
  assert.ok(h.sent.some((e) => e.type === 'conversation.item.truncate'));
});

test('tools: handler output is sent, then exactly one follow-up response after response.done', async () => {
  const calls: unknown[] = [];
  const h = harness([
    { name: 'get_time', handler: (args) => (calls.push(args), { now: '12:00' }) },
    { name: 'explode', handler: () => Promise.reject(new Error('boom')) },
  ]);
  h.server({ type: 'response.created', response: { id: 'r1', status: 'in_progress', output: [] } });
  h.server({ type: 'response.output_item.added', response_id: 'r1', output_index: 0, item: { id: 'f1', type: 'function_call', name: 'get_time', call_id: 'c1', arguments: '' } });
  h.server({ type: 'response.function_call_arguments.done', response_id: 'r1', item_id: 'f1', output_index: 0, call_id: 'c1', name: 'get_time', arguments: '{"tz":"UTC"}' });
  h.server({ type: 'response.function_call_arguments.done', response_id: 'r1', item_id: 'f2', output_index: 1, call_id: 'c2', name: 'explode', arguments: '{}' });
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(calls, [{ tz: 'UTC' }]);
  const outputs = h.sent.filter((e) => e.type === 'conversation.item.create') as Array<{ item: { call_id: string; output: string } }>;
  assert.deepEqual(outputs.map((o) => [o.item.call_id, o.item.output]), [
    ['c1', '{"now":"12:00"}'],
    ['c2', '{"error":"boom"}'],
  ]);
  assert.equal(h.of('vla-error')[0].code, 'tool');
  assert.equal(h.sent.filter((e) => e.type === 'response.create').length, 0, 'no follow-up before response.done');
  h.server({ type: 'response.done', response: { id: 'r1', status: 'completed', output: [] } });
  assert.equal(h.sent.filter((e) => e.type === 'response.create').length, 1);
});

test('tools without a handler go to the page through vla-function-call', () => {
  const h = harness([{ name: 'lookup' }]);
  h.server({ type: 'response.created', response: { id: 'r1', status: 'in_progress', output: [] } });
  h.server({ type: 'response.function_call_arguments.done', response_id: 'r1', item_id: 'f1', output_index: 0, call_id: 'c1', name: 'lookup', arguments: 'not json' });
  h.server({ type: 'response.done', response: { id: 'r1', status: 'completed', output: [] } });
  const call = h.of('vla-function-call')[0];
  assert.deepEqual(call.arguments, {});
  assert.equal(call.rawArguments, 'not json');
  assert.equal(h.c.currentPhase, 'thinking');
  call.respond('plain text');
  call.respond('second answer is ignored');
  const outs = h.sent.filter((e) => e.type === 'conversation.item.create');
  assert.equal(outs.length, 1);
  assert.equal(h.sent.filter((e) => e.type === 'response.create').length, 1);
});

test('only one response in flight: sendText during a response waits for response.done', () => {
  const h = harness();
  h.server({ type: 'response.created', response: { id: 'r1', status: 'in_progress', output: [] } });
  h.c.sendText('Hello');
  // The in-flight response is cancelled (the user spoke over it) and the new one waits.
  assert.ok(h.sent.some((e) => e.type === 'response.cancel'));
  assert.equal(h.sent.filter((e) => e.type === 'response.create').length, 0);
  h.server({ type: 'response.done', response: { id: 'r1', status: 'cancelled', output: [] } });
  assert.equal(h.sent.filter((e) => e.type === 'response.create').length, 1);
});

test('greeting asks for the first response with additional instructions, once', () => {
  const h = harness([], 'Greet the visitor.');
  h.c.greetIfConfigured();
  h.c.greetIfConfigured();
  const creates = h.sent.filter((e) => e.type === 'response.create') as Array<{ additional_instructions?: string }>;
  assert.equal(creates.length, 1);
  assert.equal(creates[0].additional_instructions, 'Greet the visitor.');
});

test('reconnect replay: user and heard assistant text, and tool calls with outputs', () => {
  const h = harness();
  h.server({ type: 'conversation.item.created', previous_item_id: null, item: { id: 'u1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What time is it?' }] } });
  assistantTurn(h, { resp: 'r1', item: 'a1', prev: 'u1', text: 'It is noon.', audioMs: 0 });
  h.server({ type: 'conversation.item.created', previous_item_id: 'a1', item: { id: 'f1', type: 'function_call', name: 'get_time', call_id: 'c1', arguments: '{}' } });
  h.server({ type: 'conversation.item.created', previous_item_id: 'f1', item: { id: 'o1', type: 'function_call_output', call_id: 'c1', output: '"noon"' } });
  const replay = h.c.replayEvents() as Array<{ item: Record<string, unknown> }>;
  assert.deepEqual(
    replay.map((e) => e.item.type + ':' + (e.item.role ?? e.item.call_id)),
    ['message:user', 'message:assistant', 'function_call:c1', 'function_call_output:c1'],
  );
  assert.deepEqual((replay[1].item.content as unknown[])[0], { type: 'text', text: 'It is noon.' });
});

test('malformed events with a known type never throw', () => {
  const h = harness();
  h.server({ type: 'response.audio.delta', response_id: 'r', item_id: 'x', delta: '!!!not base64!!!' });
  h.server({ type: 'response.done' });
  h.server({ type: 'conversation.item.created' });
  h.server({ type: 'error' });
  h.server({ type: 'input_audio_buffer.speech_started' });
  assert.equal(h.c.malformedAudio, 1);
  assert.equal(h.of('vla-error')[0].code, 'server');
});
