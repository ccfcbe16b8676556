import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTRIBUTE_SPECS, specForAttribute } from '../../src/config/attributes.js';
import type { AttributeValues } from '../../src/config/attributes.js';
import { buildSession, composeSession, sessionDelta } from '../../src/config/build-session.js';
import { deepMerge, jsonEqual } from '../../src/config/deep-merge.js';
import { resolveVoice, voiceSupportsVisemes } from '../../src/config/voice.js';

function parse(attribute: string, raw: string) {
  const spec = specForAttribute(attribute);
  assert.ok(spec, `no spec for ${attribute}`);
  return spec.parse(raw);
}

function valuesFrom(attrs: Record<string, string>): AttributeValues {
  const v: Record<string, unknown> = {};
  for (const [a, raw] of Object.entries(attrs)) {
    const r = parse(a, raw);
    assert.ok(r.ok, `${a}="${raw}" should be valid`);
    v[specForAttribute(a)!.property] = r.value;
  }
  return v as AttributeValues;
}

test('every session attribute of the contract has a spec', () => {
  const contract = [
    'instructions', 'voice', 'voice-type', 'voice-endpoint-id', 'voice-rate', 'voice-pitch', 'voice-locale', 'modalities',
    'input-audio-format', 'input-sample-rate', 'output-audio-format', 'turn-detection', 'vad-threshold', 'vad-prefix-padding-ms',
    'vad-silence-duration-ms', 'vad-eagerness', 'remove-filler-words', 'end-of-utterance', 'interrupt-response', 'auto-truncate',
    'noise-reduction', 'echo-cancellation', 'transcription-model', 'transcription-language', 'temperature',
    'max-response-output-tokens', 'tool-choice', 'visemes',
  ];
  for (const a of contract) {
    const spec = ATTRIBUTE_SPECS.find((s) => s.attribute === a);
    assert.ok(spec?.session, a);
  }
});

test('invalid values are rejected with the allowed values named', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['turn-detection', 'magic_vad', /server_vad.*none/],
    ['input-sample-rate', '44100', /24000, 16000, 8000/],
    ['output-audio-format', 'mp3', /pcm16_16000hz/],
    ['vad-threshold', '1.5', /from 0 to 1/],
    ['vad-silence-duration-ms', '12.5', /integer/],
    ['temperature', 'hot', /number/],
    ['max-response-output-tokens', '0', /1 to 4096, or inf/],
    ['modalities', 'audio', /text is required/],
    ['noise-reduction', 'loud', /azure_deep_noise_suppression/],
    ['visemes', 'sometimes', /auto, server, client, off/],
    ['framing', 'feet', /head, bust, upper/],
    ['reconnect', '-1', /integer/],
    ['transcription-language', 'english please', /BCP-47/],
    ['interrupt-response', 'maybe', /true, false/],
  ];
  for (const [a, raw, allowed] of cases) {
    const r = parse(a, raw);
    assert.equal(r.ok, false, `${a}="${raw}"`);
    if (!r.ok) assert.match(r.allowed, allowed, a);
  }
});

test('defaults: pcm16 24 kHz both ways, server VAD, text+audio', () => {
  const { session, problems } = buildSession({});
  assert.deepEqual(problems, []);
  assert.deepEqual(session, {
    modalities: ['text', 'audio'],
    input_audio_format: 'pcm16',
    input_audio_sampling_rate: 24000,
    output_audio_format: 'pcm16',
    turn_detection: { type: 'server_vad' },
  });
});

test('voices: OpenAI names, Azure names (standard, multilingual, HD), forced types', () => {
  assert.deepEqual(resolveVoice({ voice: 'marin' }), { ok: true, voice: { type: 'openai', name: 'marin' } });
  assert.deepEqual(resolveVoice({ voice: 'en-US-AvaNeural', voiceRate: '1.1', voicePitch: '+5%', voiceLocale: 'en-US' }), {
    ok: true,
    voice: { type: 'azure-standard', name: 'en-US-AvaNeural', rate: '1.1', pitch: '+5%', locale: 'en-US' },
  });
  for (const name of ['en-US-AvaMultilingualNeural', 'en-US-Ava:DragonHDLatestNeural', 'zh-CN-XiaoxiaoNeural', 'sr-Latn-RS-NicholasNeural']) {
    const r = resolveVoice({ voice: name });
    assert.ok(r.ok && r.voice && r.voice.type === 'azure-standard', name);
  }
  const custom = resolveVoice({ voice: 'MyBrandVoice', voiceType: 'azure-custom', voiceEndpointId: 'abc-123' });
  assert.deepEqual(custom, { ok: true, voice: { type: 'azure-custom', name: 'MyBrandVoice', endpoint_id: 'abc-123' } });
  assert.equal(resolveVoice({ voice: 'MyBrandVoice', voiceType: 'azure-custom' }).ok, false);
  assert.deepEqual(resolveVoice({ voice: 'ava', model: 'azure-realtime' }), { ok: true, voice: { type: 'azure-realtime-native', name: 'ava' } });
  const bad = resolveVoice({ voice: 'Not A Voice!' });
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.match(bad.allowed, /alloy.*en-US-AvaNeural/);
  assert.equal(resolveVoice({ voice: 'x', voiceType: 'robot' }).ok, false);
});

test('visemes=auto asks for visemes and word timestamps only with Azure voices', () => {
  const azure = buildSession(valuesFrom({ voice: 'en-US-AvaNeural' })).session;
  assert.deepEqual(azure.animation, { outputs: ['viseme_id'] });
  assert.deepEqual(azure.output_audio_timestamp_types, ['word']);
  const openai = buildSession(valuesFrom({ voice: 'alloy' })).session;
  assert.equal(openai.animation, undefined);
  assert.equal(openai.output_audio_timestamp_types, undefined);
  assert.deepEqual(buildSession(valuesFrom({ voice: 'alloy', visemes: 'server' })).session.animation, { outputs: ['viseme_id'] });
  assert.equal(buildSession(valuesFrom({ voice: 'en-US-AvaNeural', visemes: 'client' })).session.animation, undefined);
  assert.ok(voiceSupportsVisemes({ type: 'azure-custom', name: 'x' }));
  assert.ok(!voiceSupportsVisemes({ type: 'azure-realtime-native', name: 'ava' }));
});

test('every turn-detection kind maps with its parameters', () => {
  const s = buildSession(
    valuesFrom({
      'turn-detection': 'azure_semantic_vad_multilingual',
      'vad-threshold': '0.3',
      'vad-prefix-padding-ms': '300',
      'vad-silence-duration-ms': '700',
      'remove-filler-words': '',
      'end-of-utterance': 'semantic_detection_v1_multilingual',
      'interrupt-response': 'false',
      'auto-truncate': 'true',
    }),
  ).session;
  assert.deepEqual(s.turn_detection, {
    type: 'azure_semantic_vad_multilingual',
    threshold: 0.3,
    prefix_padding_ms: 300,
    silence_duration_ms: 700,
    remove_filler_words: true,
    end_of_utterance_detection: { model: 'semantic_detection_v1_multilingual' },
    interrupt_response: false,
    auto_truncate: true,
  });
  const sem = buildSession(valuesFrom({ 'turn-detection': 'semantic_vad', 'vad-eagerness': 'high' })).session;
  assert.deepEqual(sem.turn_detection, { type: 'semantic_vad', eagerness: 'high' });
  assert.equal(buildSession(valuesFrom({ 'turn-detection': 'none' })).session.turn_detection, null);
  assert.equal(buildSession({ pushToTalk: true, turnDetection: 'server_vad' }).session.turn_detection, null);
  const wrong = buildSession(valuesFrom({ 'turn-detection': 'server_vad', 'vad-eagerness': 'low', 'remove-filler-words': '' }));
  assert.deepEqual(wrong.problems.map((p) => p.attribute).sort(), ['remove-filler-words', 'vad-eagerness']);
});

test('formats, noise, echo, transcription, temperature, tokens, tool choice', () => {
  const s = buildSession(
    valuesFrom({
      'input-audio-format': 'g711_ulaw',
      'output-audio-format': 'g711_alaw',
      'noise-reduction': 'azure_deep_noise_suppression',
      'echo-cancellation': 'server',
      'transcription-model': 'azure-speech',
      'transcription-language': 'en-US',
      temperature: '0.7',
      'max-response-output-tokens': 'inf',
      'tool-choice': 'get_time',
    }),
  ).session;
  assert.equal(s.input_audio_format, 'g711_ulaw');
  assert.equal(s.input_audio_sampling_rate, 8000);
  assert.equal(s.output_audio_format, 'g711_alaw');
  assert.deepEqual(s.input_audio_noise_reduction, { type: 'azure_deep_noise_suppression' });
  assert.deepEqual(s.input_audio_echo_cancellation, { type: 'server_echo_cancellation' });
  assert.deepEqual(s.input_audio_transcription, { model: 'azure-speech', language: 'en-US' });
  assert.equal(s.temperature, 0.7);
  assert.equal(s.max_response_output_tokens, 'inf');
  assert.deepEqual(s.tool_choice, { type: 'function', name: 'get_time' });
  assert.equal(buildSession(valuesFrom({ 'noise-reduction': 'none' })).session.input_audio_noise_reduction, null);
  const g711 = buildSession(valuesFrom({ 'input-audio-format': 'g711_alaw', 'input-sample-rate': '16000' }));
  assert.equal(g711.session.input_audio_sampling_rate, 8000);
  assert.equal(g711.problems[0].attribute, 'input-sample-rate');
  assert.equal(buildSession(valuesFrom({ 'input-sample-rate': '8000' })).session.input_audio_sampling_rate, 8000);
});

test('a live change sends only the changed session field; the vad-* family sends the whole turn_detection', () => {
  const before = buildSession(valuesFrom({ voice: 'alloy', 'vad-threshold': '0.5' })).session;
  const after1 = buildSession(valuesFrom({ voice: 'alloy', 'vad-threshold': '0.7' })).session;
  assert.deepEqual(sessionDelta(before, after1), { turn_detection: { type: 'server_vad', threshold: 0.7 } });
  const after2 = buildSession(valuesFrom({ voice: 'alloy', 'vad-threshold': '0.5', instructions: 'Be brief.' })).session;
  assert.deepEqual(sessionDelta(before, after2), { instructions: 'Be brief.' });
  assert.deepEqual(sessionDelta(after2, before), { instructions: '' });
  // Switching to an Azure voice turns on visemes (auto): voice, animation and timestamps change together.
  const azure = buildSession(valuesFrom({ voice: 'en-US-AvaNeural', 'vad-threshold': '0.5' })).session;
  assert.deepEqual(Object.keys(sessionDelta(before, azure)).sort(), ['animation', 'output_audio_timestamp_types', 'voice']);
  assert.deepEqual(sessionDelta(before, before), {});
});

test('the session property deep-merges over the attributes', () => {
  const base = buildSession(valuesFrom({ 'vad-threshold': '0.4' })).session;
  const merged = composeSession(base, { turn_detection: { silence_duration_ms: 900 }, tools: [{ type: 'mcp', server_label: 'x' }] });
  assert.deepEqual(merged.turn_detection, { type: 'server_vad', threshold: 0.4, silence_duration_ms: 900 });
  assert.deepEqual(merged.tools, [{ type: 'mcp', server_label: 'x' }]);
  assert.equal(base.tools, undefined, 'the base is not mutated');
  const polluted = deepMerge({}, JSON.parse('{"__proto__": {"polluted": true}}'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((polluted as Record<string, unknown>).polluted, undefined);
  assert.ok(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
  assert.ok(!jsonEqual({ a: [1] }, { a: [1, 2] }));
});
