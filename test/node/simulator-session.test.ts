/**
 * session.created defaults, session.update merging, and validation errors (voice-live-protocol.md §4.1, §6,
 * §11) against a running simulator.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendAudio, silence } from './helpers/audio.js';
import { startSimulator, textTurn, updateSession } from './helpers/sim-client.js';
import type { TestSimulator } from './helpers/sim-client.js';

let sim: TestSimulator;
before(async () => {
  sim = await startSimulator();
});
after(() => sim.close());

test('session.created carries the full default session', async () => {
  const before = Math.floor(Date.now() / 1000);
  const c = await sim.connect({ model: 'gpt-realtime-mini' });
  const created = c.events[0];
  assert.equal(created.type, 'session.created');
  assert.match(created.event_id as string, /^event_/);
  const s = created.session as Record<string, unknown>;
  assert.match(s.id as string, /^sess_/);
  assert.equal(s.object, 'realtime.session');
  assert.equal(s.model, 'gpt-realtime-mini');
  assert.deepEqual(s.modalities, ['text', 'audio']);
  assert.equal(s.input_audio_format, 'pcm16');
  assert.equal(s.output_audio_format, 'pcm16');
  assert.equal(s.input_audio_sampling_rate, 24000);
  assert.deepEqual(s.turn_detection, {
    type: 'server_vad',
    threshold: 0.5,
    prefix_padding_ms: 400,
    silence_duration_ms: 500,
    speech_duration_ms: 200,
    create_response: true,
    interrupt_response: true,
    auto_truncate: false,
  });
  assert.deepEqual(s.voice, { type: 'openai', name: 'alloy' });
  assert.equal(s.temperature, 0.8);
  assert.equal(s.max_response_output_tokens, 'inf');
  assert.equal(s.input_audio_transcription, null);
  const expires = s.expires_at as number;
  assert.ok(Number.isInteger(expires) && expires >= before + 60 && expires <= before + 3 * 3600, `expires_at ${expires}`);
  await c.close();
});

test('a cascaded model defaults to an Azure voice; agent mode reports session.agent', async () => {
  const c = await sim.connect({ model: 'gpt-4.1' });
  assert.equal((c.events[0].session as { voice: { type: string } }).voice.type, 'azure-standard');
  await c.close();
  const a = await sim.connect({ model: '', 'agent-name': 'museum-guide', 'agent-project-name': 'proj1', 'agent-version': '3' });
  const s = a.events[0].session as { agent: Record<string, unknown> };
  assert.equal(s.agent.type, 'agent');
  assert.equal(s.agent.name, 'museum-guide');
  assert.match(String(s.agent.agent_id), /museum-guide/);
  // Agent mode: instructions come from the agent.
  const err = await a.expectError({ type: 'session.update', event_id: 'agent-instr', session: { instructions: 'Be brief.' } });
  assert.equal(err.param, 'session.instructions');
  await a.close();
});

test('session.update merges partial updates and reports the full effective session', async () => {
  const c = await sim.connect();
  const s1 = await updateSession(c, { instructions: 'Be brief.', turn_detection: { silence_duration_ms: 800 } });
  assert.equal(s1.instructions, 'Be brief.');
  assert.deepEqual(s1.turn_detection, {
    type: 'server_vad', threshold: 0.5, prefix_padding_ms: 400, silence_duration_ms: 800, speech_duration_ms: 200,
    create_response: true, interrupt_response: true, auto_truncate: false,
  });
  // A new turn-detection type starts from that type's defaults.
  const s2 = await updateSession(c, { turn_detection: { type: 'azure_semantic_vad' } });
  const td = s2.turn_detection as Record<string, unknown>;
  assert.equal(td.type, 'azure_semantic_vad');
  assert.equal(td.prefix_padding_ms, 420);
  assert.equal(td.speech_duration_ms, 80);
  assert.equal(td.silence_duration_ms, 500);
  assert.equal(td.remove_filler_words, false);
  // Fields not in the update survive; G.711 implies 8 kHz; null switches features off.
  const s3 = await updateSession(c, { input_audio_format: 'g711_ulaw', output_audio_format: 'g711_alaw', turn_detection: null, voice: { type: 'azure-standard', name: 'en-US-AvaNeural', rate: '+10%' } });
  assert.equal(s3.instructions, 'Be brief.');
  assert.equal(s3.input_audio_sampling_rate, 8000);
  assert.equal(s3.output_audio_format, 'g711_alaw');
  assert.equal(s3.turn_detection, null);
  assert.deepEqual(s3.voice, { type: 'azure-standard', name: 'en-US-AvaNeural', rate: '+10%' });
  assert.equal(s3.id, (c.events[0].session as { id: string }).id);
  // Unknown extension fields are kept.
  const s4 = await updateSession(c, { some_preview_feature: { enabled: true } });
  assert.deepEqual(s4.some_preview_feature, { enabled: true });
  await c.close();
});

const INVALID: Array<{ name: string; session: unknown; param: string; code?: string | RegExp }> = [
  { name: 'session not an object', session: 'x', param: 'session', code: 'invalid_type' },
  { name: 'input format', session: { input_audio_format: 'mp3' }, param: 'session.input_audio_format', code: 'invalid_value' },
  { name: 'output format', session: { output_audio_format: 'pcm16-24000hz' }, param: 'session.output_audio_format' },
  { name: 'pcm16 rate', session: { input_audio_sampling_rate: 44100 }, param: 'session.input_audio_sampling_rate' },
  { name: 'g711 rate', session: { input_audio_format: 'g711_alaw', input_audio_sampling_rate: 16000 }, param: 'session.input_audio_sampling_rate' },
  { name: 'turn detection type', session: { turn_detection: { type: 'push_to_talk' } }, param: 'session.turn_detection.type' },
  { name: 'threshold range', session: { turn_detection: { threshold: 1.5 } }, param: 'session.turn_detection.threshold', code: 'decimal_above_max_value' },
  { name: 'silence negative', session: { turn_detection: { silence_duration_ms: -1 } }, param: 'session.turn_detection.silence_duration_ms', code: 'integer_below_min_value' },
  { name: 'prefix not integer', session: { turn_detection: { prefix_padding_ms: 'long' } }, param: 'session.turn_detection.prefix_padding_ms', code: 'invalid_type' },
  { name: 'auto_truncate without interrupt', session: { turn_detection: { interrupt_response: false, auto_truncate: true } }, param: 'session.turn_detection.auto_truncate' },
  { name: 'text EOU on a realtime model', session: { turn_detection: { type: 'azure_semantic_vad', end_of_utterance_detection: { model: 'semantic_detection_v1' } } }, param: 'session.turn_detection.end_of_utterance_detection' },
  { name: 'OpenAI voice name', session: { voice: 'nova-x' }, param: 'session.voice' },
  { name: 'voice type', session: { voice: { type: 'azure-neural', name: 'x' } }, param: 'session.voice.type' },
  { name: 'azure voice without name', session: { voice: { type: 'azure-standard' } }, param: 'session.voice.name', code: 'missing_required_parameter' },
  { name: 'custom voice without endpoint', session: { voice: { type: 'azure-custom', name: 'MyVoice' } }, param: 'session.voice.endpoint_id' },
  { name: 'voice temperature', session: { voice: { type: 'azure-standard', name: 'en-US-AvaNeural', temperature: 3 } }, param: 'session.voice.temperature' },
  { name: 'realtime-native voice on another model', session: { voice: { type: 'azure-realtime-native', name: 'ava' } }, param: 'session.voice.type' },
  { name: 'temperature', session: { temperature: 2 }, param: 'session.temperature', code: 'decimal_above_max_value' },
  { name: 'max tokens', session: { max_response_output_tokens: 5000 }, param: 'session.max_response_output_tokens', code: 'integer_above_max_value' },
  { name: 'max tokens string', session: { max_response_output_tokens: 'infinite' }, param: 'session.max_response_output_tokens' },
  { name: 'tool without name', session: { tools: [{ type: 'function' }] }, param: 'session.tools[0].name' },
  { name: 'tool name pattern', session: { tools: [{ type: 'function', name: 'get weather' }] }, param: 'session.tools[0].name' },
  { name: 'tool type', session: { tools: [{ type: 'code_interpreter' }] }, param: 'session.tools[0].type' },
  { name: 'tool_choice unknown function', session: { tool_choice: { type: 'function', name: 'nope' } }, param: 'session.tool_choice' },
  { name: 'audio-only modalities', session: { modalities: ['audio'] }, param: 'session.modalities' },
  { name: 'unknown modality', session: { modalities: ['text', 'video'] }, param: 'session.modalities[1]' },
  { name: 'animation outputs', session: { animation: { outputs: ['mouth'] } }, param: 'session.animation.outputs[0]' },
  { name: 'timestamp types', session: { output_audio_timestamp_types: ['phoneme'] }, param: 'session.output_audio_timestamp_types[0]' },
  { name: 'transcription model for a realtime model', session: { input_audio_transcription: { model: 'azure-speech' } }, param: 'session.input_audio_transcription.model' },
  { name: 'noise reduction type', session: { input_audio_noise_reduction: { type: 'strong' } }, param: 'session.input_audio_noise_reduction.type' },
  { name: 'echo channels with server reference', session: { input_audio_echo_cancellation: { type: 'server_echo_cancellation', channels: 2 } }, param: 'session.input_audio_echo_cancellation.channels', code: 'invalid_ec_channels_requires_client' },
  { name: 'echo channels count', session: { input_audio_echo_cancellation: { type: 'server_echo_cancellation', reference_source: 'client', channels: 3 } }, param: 'session.input_audio_echo_cancellation.channels', code: 'invalid_ec_reference_channels' },
  { name: 'model change', session: { model: 'gpt-4o' }, param: 'session.model', code: 'cannot_update_model' },
];

describe('invalid session.update → error with event_id, param and code; the session keeps its config', () => {
  for (const t of INVALID) {
    test(t.name, async () => {
      const c = await sim.connect();
      const err = await c.expectError({ type: 'session.update', event_id: `bad-${t.name}`, session: t.session });
      assert.equal(err.type, 'invalid_request_error');
      assert.equal(err.param, t.param);
      assert.equal(err.event_id, `bad-${t.name}`);
      assert.ok(err.message.length > 10, 'err.message.length > 10');
      if (t.code) assert.equal(err.code, t.code);
      else assert.equal(typeof err.code, 'string');
      // Nothing changed: the next (valid) update reports the defaults.
      const s = await updateSession(c, { instructions: 'x' });
      assert.equal(s.input_audio_format, 'pcm16');
      assert.equal(s.input_audio_sampling_rate, 24000);
      assert.deepEqual(s.voice, { type: 'openai', name: 'alloy' });
      assert.equal((s.turn_detection as { threshold: number }).threshold, 0.5);
      assert.equal(s.temperature, 0.8);
      await c.close();
    });
  }
});

test('the voice is fixed once the assistant has spoken; input format once audio was sent', async () => {
  const c = await sim.connect();
  await updateSession(c, { voice: 'coral' });
  await updateSession(c, { voice: { type: 'openai', name: 'coral' } }); // the same voice, other spelling: fine before and after
  await textTurn(c, 'Hi');
  const err = await c.expectError({ type: 'session.update', event_id: 'voice-late', session: { voice: 'echo' } });
  assert.equal(err.code, 'cannot_update_voice');
  assert.equal(err.param, 'session.voice');
  await updateSession(c, { voice: 'coral' });
  appendAudio(c, silence(200, 24000), 24000);
  const fmt = await c.expectError({ type: 'session.update', event_id: 'format-late', session: { input_audio_sampling_rate: 16000 } });
  assert.equal(fmt.param, 'session.input_audio_sampling_rate');
  await updateSession(c, { input_audio_sampling_rate: 24000 });
  await c.close();
});

test('azure-realtime accepts only azure-realtime-native voices', async () => {
  const c = await sim.connect({ model: 'azure-realtime' });
  assert.deepEqual((c.events[0].session as { voice: unknown }).voice, { type: 'azure-realtime-native', name: 'ava' });
  const err = await c.expectError({ type: 'session.update', event_id: 'rt-voice', session: { voice: { type: 'azure-standard', name: 'en-US-AvaNeural' } } });
  assert.equal(err.param, 'session.voice.type');
  const s = await updateSession(c, { voice: { type: 'azure-realtime-native', name: 'andrew' } });
  assert.deepEqual(s.voice, { type: 'azure-realtime-native', name: 'andrew' });
  await c.close();
});
