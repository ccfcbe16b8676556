/**
 * The simulator's pure parts: IPA → viseme ids, the viseme track, energy VAD, session-config merging, the
 * responder's rules, hooks, redaction, voices and the fallback synthesizer.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ipaToVisemeIds, visemeCues } from '../../src/server/simulator/visemes.js';
import { EnergyVad, thresholdToDbfs, vadParams } from '../../src/server/simulator/vad.js';
import { applySessionUpdate, defaultSession } from '../../src/server/simulator/session-config.js';
import { ProtocolError } from '../../src/server/simulator/errors.js';
import { buildArguments, describeToolOutput, matchTool, nameWords, planReply } from '../../src/server/simulator/responder.js';
import type { FunctionTool } from '../../src/server/simulator/responder.js';
import { parseHooks } from '../../src/server/simulator/hooks.js';
import { redactText, redactUrl } from '../../src/server/redact.js';
import { prosodyPitch, prosodyRate, voiceProfile } from '../../src/server/simulator/voices.js';
import { createFallbackSynthesizer, lettersToSounds } from '../../src/server/simulator/fallback-voice.js';
import { transcriptUntil, wordSpans } from '../../src/server/simulator/speech-plan.js';
import { limitToTokens } from '../../src/server/simulator/response.js';
import { createSpeechSource } from '../../src/server/simulator/speech.js';
import { levelSpread, rmsDb, silentFraction, windowDb } from './helpers/audio.js';

describe('IPA → Azure viseme ids', () => {
  const table: Array<[string, number[]]> = [
    ['', [0]],
    ['æ', [1]], ['ə', [1]], ['ʌ', [1]], ['ɑː', [2]], ['ɔː', [3]], ['ɛ', [4]], ['ʊ', [4]], ['eɪ', [4]], ['ɝ', [5]], ['ɚ', [5]],
    ['iː', [6]], ['ɪ', [6]], ['j', [6]], ['w', [7]], ['uː', [7]], ['oʊ', [8]], ['aʊ', [9]], ['ɔɪ', [10]], ['aɪ', [11]],
    ['h', [12]], ['ɹ', [13]], ['l', [14]], ['s', [15]], ['z', [15]], ['ʃ', [16]], ['tʃ', [16]], ['dʒ', [16]], ['ʒ', [16]],
    ['ð', [17]], ['f', [18]], ['v', [18]], ['d', [19]], ['t', [19]], ['n', [19]], ['θ', [19]], ['k', [20]], ['ɡ', [20]],
    ['ŋ', [20]], ['p', [21]], ['b', [21]], ['m', [21]],
    // Stress and length marks carry no shape; multi-sound phonemes split.
    ['ˈaɪ', [11]], ['ˌeɪ', [4]], ['ˈɛɹ', [4, 13]], ['əl', [1, 14]], ['ˈoʊ', [8]], ['n̩', [19]], ['ɾ', [19]],
  ];
  for (const [ipa, ids] of table) {
    test(`${ipa || '(pause)'} → ${ids.join(',')}`, () => assert.deepEqual(ipaToVisemeIds(ipa), ids));
  }
  test('unknown symbols fall back to a neutral open mouth, never silence', () => {
    assert.deepEqual(ipaToVisemeIds('ʕ'), [1]);
  });
});

test('visemeCues: starts silent, one cue per change, closes at the end, stops start at their closure', () => {
  const phonemes = [
    { ipa: '', startMs: 0, durationMs: 50 },
    { ipa: 'h', startMs: 50, durationMs: 50 },
    { ipa: 'ˈɛ', startMs: 100, durationMs: 100 },
    { ipa: 'ɛ', startMs: 200, durationMs: 20 }, // same shape: merged
    { ipa: 'p', startMs: 260, durationMs: 40 }, // reported at the release after a closure
    { ipa: 'i', startMs: 300, durationMs: 100 },
  ];
  const rate = 1000;
  const samples = new Float32Array(450);
  for (let i = 50; i < 230; i++) samples[i] = Math.sin(i);
  for (let i = 262; i < 400; i++) samples[i] = Math.sin(i);
  const cues = visemeCues(phonemes, 450, { samples, sampleRate: rate });
  assert.deepEqual(cues, [
    { viseme_id: 0, audio_offset_ms: 0 },
    { viseme_id: 12, audio_offset_ms: 50 },
    { viseme_id: 4, audio_offset_ms: 100 },
    { viseme_id: 21, audio_offset_ms: 230 },
    { viseme_id: 6, audio_offset_ms: 300 },
    { viseme_id: 0, audio_offset_ms: 400 },
  ]);
  // Without audio, the stop stays where the synthesizer put it.
  assert.equal(visemeCues(phonemes, 450).find((c) => c.viseme_id === 21)?.audio_offset_ms, 260);
});

describe('EnergyVad', () => {
  const rate = 16000;
  const tone = (ms: number, db: number) => {
    const amp = Math.SQRT2 * 10 ** (db / 20);
    return new Float32Array((rate * ms) / 1000).map((_, i) => amp * Math.sin((2 * Math.PI * 200 * i) / rate));
  };
  const zeros = (ms: number) => new Float32Array((rate * ms) / 1000);
  const run = (td: Parameters<typeof vadParams>[0], ...parts: Float32Array[]) => {
    const vad = new EnergyVad(rate, vadParams(td));
    // Odd chunk sizes: frames must be assembled across calls.
    const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    const events = [];
    for (let i = 0; i < all.length; i += 333) events.push(...vad.process(all.subarray(i, i + 333)));
    return events;
  };
  test('threshold mapping', () => {
    assert.equal(thresholdToDbfs(0), -60);
    assert.equal(thresholdToDbfs(0.5), -40);
    assert.equal(thresholdToDbfs(1), -20);
  });
  test('a tone above the threshold is a turn: start minus prefix, end after the silence', () => {
    const td = { type: 'server_vad' as const, threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, speech_duration_ms: 200 };
    assert.deepEqual(run(td, zeros(1000), tone(800, -30), zeros(1000)), [
      { type: 'speech_started', audioStartMs: 700 },
      { type: 'speech_stopped', audioEndMs: 2300 },
    ]);
  });
  test('too quiet, or too short, is not a turn', () => {
    const td = { type: 'server_vad' as const, threshold: 0.5, speech_duration_ms: 200 };
    assert.deepEqual(run(td, zeros(500), tone(800, -45), zeros(1000)), []);
    assert.deepEqual(run(td, zeros(500), tone(150, -20), zeros(1000)), []);
    assert.equal(run({ ...td, threshold: 0.2 }, zeros(500), tone(800, -45), zeros(1000)).length, 2);
  });
  test('short pauses inside a turn do not end it; the prefix never reaches before 0', () => {
    const td = { type: 'server_vad' as const, silence_duration_ms: 500, prefix_padding_ms: 400 };
    const ev = run(td, zeros(100), tone(400, -25), zeros(300), tone(400, -25), zeros(700));
    assert.deepEqual(ev, [
      { type: 'speech_started', audioStartMs: 0 },
      { type: 'speech_stopped', audioEndMs: 1700 },
    ]);
  });
});

describe('session-config', () => {
  const ctx = { model: 'gpt-realtime', agentMode: false, audioAppended: false, assistantAudio: false };
  const base = defaultSession('sess_x', { model: 'gpt-realtime' }, 1_000_000);
  test('defaults', () => {
    assert.equal(base.expires_at, 1000 + 1800);
    assert.equal(base.voice && typeof base.voice === 'object' ? base.voice.type : '', 'openai');
  });
  test('an update never mutates the current session, even when it fails', () => {
    const snapshot = structuredClone(base);
    applySessionUpdate(base, { turn_detection: { threshold: 0.9 }, instructions: 'x' }, ctx);
    assert.throws(() => applySessionUpdate(base, { instructions: 'y', temperature: 9 }, ctx), ProtocolError);
    assert.deepEqual(base, snapshot);
  });
  test('switching input to pcm16 keeps an explicit rate; G.711 forces 8 kHz', () => {
    const g = applySessionUpdate(base, { input_audio_format: 'g711_alaw' }, ctx);
    assert.equal(g.input_audio_sampling_rate, 8000);
    const back = applySessionUpdate(g, { input_audio_format: 'pcm16', input_audio_sampling_rate: 16000 }, ctx);
    assert.equal(back.input_audio_sampling_rate, 16000);
  });
  test('errors name the parameter', () => {
    try {
      applySessionUpdate(base, { turn_detection: { type: 'server_vad', silence_duration_ms: 1.5 } }, ctx);
      assert.fail('no error');
    } catch (err) {
      assert.ok(err instanceof ProtocolError, 'a ProtocolError');
      assert.equal(err.param, 'session.turn_detection.silence_duration_ms');
      assert.equal(err.code, 'invalid_type');
    }
  });
});

describe('responder', () => {
  const tools: FunctionTool[] = [
    { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' }, days: { type: 'integer' } }, required: ['location'] } },
    { type: 'function', name: 'lookUpOrderStatus', parameters: { type: 'object', properties: { order_id: { type: 'string' }, express: { type: 'boolean' } } } },
  ];
  test('tool names split into words; messages match names or meaningful words', () => {
    assert.deepEqual(nameWords('lookUpOrderStatus'), ['look', 'up', 'order', 'status']);
    assert.equal(matchTool('How is the weather in Rome?', tools)?.name, 'get_weather');
    assert.equal(matchTool('what is my order status', tools)?.name, 'lookUpOrderStatus');
    assert.equal(matchTool('call lookuporderstatus now', tools)?.name, 'lookUpOrderStatus');
    assert.equal(matchTool('tell me a story', tools), undefined);
  });
  test('arguments follow the schema', () => {
    assert.deepEqual(JSON.parse(buildArguments(tools[0], 'Weather in New York for 3 days')), { location: 'New York' });
    assert.deepEqual(JSON.parse(buildArguments(tools[1], 'order 42 status')), { order_id: 'order 42 status', express: true });
  });
  test('tool output is read back', () => {
    assert.equal(describeToolOutput('get_weather', '{"temp_c":11,"sky":"rain"}'), 'Here is what the weather tool returned: temp c is 11, and sky is rain.');
    assert.equal(describeToolOutput('get_time', '"noon"'), 'Here is what the time tool returned: noon.');
    assert.equal(describeToolOutput('x_y', 'not json!'), 'Here is what the x y tool returned: not json!');
  });
  test('planReply', () => {
    const user = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }) as never;
    const audio = { type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: null }] } as never;
    assert.deepEqual(planReply({ items: [user('hi')], tools: [], toolChoice: 'auto', turn: 0 }), { kind: 'message', text: 'You said: hi' });
    assert.equal(planReply({ items: [user('weather?')], tools, toolChoice: 'auto', turn: 0 }).kind, 'function_call');
    assert.equal(planReply({ items: [user('weather?')], tools, toolChoice: 'none', turn: 0 }).kind, 'message');
    const a = planReply({ items: [audio], tools, toolChoice: 'auto', turn: 0 });
    const b = planReply({ items: [audio], tools, toolChoice: 'auto', turn: 1 });
    assert.notDeepEqual(a, b);
    assert.match((planReply({ items: [], tools: [], toolChoice: 'auto', additionalInstructions: 'greet', turn: 0 }) as { text: string }).text, /^Hello!/);
    assert.deepEqual(planReply({ items: [user('x')], tools: [], toolChoice: 'auto', responseInstructions: 'Say: Exactly this.', turn: 0 }), { kind: 'message', text: 'Exactly this.' });
    const forced = planReply({ items: [], tools, toolChoice: { type: 'function', name: 'lookUpOrderStatus' }, turn: 0 });
    assert.equal((forced as { name: string }).name, 'lookUpOrderStatus');
  });
});

test('limitToTokens cuts at word boundaries', () => {
  assert.deepEqual(limitToTokens('a b c', 'inf', true), { text: 'a b c', cut: false });
  const r = limitToTokens('one two three four five six seven eight', 20, true);
  assert.ok(r.cut && r.text.length > 0 && 'one two three four five six seven eight'.startsWith(r.text), r.text);
});

test('wordSpans and transcriptUntil', () => {
  const text = 'Hello there, world!';
  const spans = wordSpans(text, { words: [
    { text: 'Hello', charStart: 0, startMs: 10, durationMs: 300 },
    { text: 'there', charStart: 6, startMs: 320, durationMs: 300 },
    { text: 'world', charStart: 13, startMs: 800, durationMs: 400 },
  ] });
  assert.deepEqual(spans.map((s) => s.text), ['Hello', 'there', 'world']);
  assert.equal(transcriptUntil(text, spans, 0), '');
  assert.equal(transcriptUntil(text, spans, 321), 'Hello there,');
  assert.equal(transcriptUntil(text, spans, 5000), 'Hello there, world!');
});

test('parseHooks', () => {
  const { hooks, problems } = parseHooks(new URLSearchParams('sim-drop-after-ms=10&sim-close-code=4000&sim-malformed=1&sim-error=0&sim-realtime-factor=x'));
  assert.equal(hooks.dropAfterMs, 10);
  assert.equal(hooks.closeCode, 4000);
  assert.equal(hooks.malformed, true);
  assert.equal(hooks.error, false);
  assert.equal(hooks.realtimeFactor, undefined);
  assert.equal(problems.length, 1);
  assert.equal(parseHooks(new URLSearchParams('sim-close-code=1015')).problems.length, 1);
  assert.equal(parseHooks(new URLSearchParams('sim-close-code=1006')).hooks.closeCode, 1006);
});

test('redaction', () => {
  assert.equal(redactUrl('/voice-live/realtime?model=m&api-key=SECRET&authorization=Bearer%20TOK&x=1'), '/voice-live/realtime?model=m&api-key=***&authorization=***&x=1');
  assert.equal(redactUrl('/p?Api-Key=S'), '/p?Api-Key=***');
  const t = redactText('failed wss://h/p?api-key=SECRET&m=1 with Authorization: Bearer eyJabc.def');
  assert.ok(!t.includes('SECRET') && !t.includes('eyJabc'), t);
});

test('voices: distinct variants, timings only for Azure TTS voices, prosody parsing', () => {
  const alloy = voiceProfile('alloy');
  const echo = voiceProfile({ type: 'openai', name: 'echo' });
  const ava = voiceProfile({ type: 'azure-standard', name: 'en-US-AvaNeural' });
  const andrew = voiceProfile({ type: 'azure-standard', name: 'en-US-AndrewNeural' });
  const sonia = voiceProfile({ type: 'azure-standard', name: 'en-GB-SoniaNeural' });
  assert.equal(alloy.visemes || alloy.wordTimestamps, false);
  assert.notEqual(alloy.synthesis.voice, echo.synthesis.voice);
  assert.ok(ava.visemes && ava.wordTimestamps, 'Azure voices time words and visemes');
  assert.match(ava.synthesis.voice, /\+f\d$/);
  assert.match(andrew.synthesis.voice, /\+m\d$/);
  assert.match(sonia.synthesis.voice, /^en-gb/);
  assert.equal(voiceProfile({ type: 'azure-standard', name: 'en-US-Ava:DragonHDLatestNeural' }).visemes, false);
  assert.equal(voiceProfile({ type: 'azure-personal', name: 'x', model: 'DragonLatestNeural' }).visemes, false);
  assert.equal(prosodyRate('+20%'), 1.2);
  assert.equal(prosodyRate('fast'), 1.35);
  assert.equal(prosodyRate('0.8'), 0.8);
  assert.equal(prosodyRate('bogus'), 1);
  assert.equal(prosodyPitch('-2st'), -6);
  assert.equal(prosodyPitch('high'), 10);
});

test('fallback voice: speech-like audio with word and phoneme timing', async () => {
  assert.deepEqual(lettersToSounds('make'), ['m', 'eɪ', 'k']);
  assert.deepEqual(lettersToSounds('the'), ['ð', 'ə']);
  assert.deepEqual(lettersToSounds('church'), ['tʃ', 'ɝ', 'tʃ']);
  const synth = createFallbackSynthesizer();
  const text = 'Hello there. This is the built in voice, speaking clearly.';
  const s = await synth.synthesize(text, { voice: 'en-us+f2' });
  const floats = Float32Array.from(s.samples, (x) => x / 32768);
  assert.equal(s.sampleRate, 24000);
  assert.ok(s.durationMs > 2500 && s.durationMs < 6000, `duration ${s.durationMs}`);
  assert.ok(rmsDb(floats) > -30, 'loud enough');
  const silent = silentFraction(floats, s.sampleRate);
  assert.ok(silent > 0.05 && silent < 0.5, `silent fraction ${silent}`);
  assert.ok(levelSpread(floats, s.sampleRate) > 4, 'syllable-rate level changes');
  assert.deepEqual(s.words.map((w) => w.text), ['Hello', 'there', 'This', 'is', 'the', 'built', 'in', 'voice', 'speaking', 'clearly']);
  for (const w of s.words) {
    assert.equal(text.substr(w.charStart, w.text.length), w.text);
    assert.ok(windowDb(floats, s.sampleRate, w.startMs, w.startMs + w.durationMs) > -35, `${w.text} is audible`);
  }
  // A sentence break is a real pause.
  const there = s.words[1];
  assert.ok(windowDb(floats, s.sampleRate, there.startMs + there.durationMs + 40, s.words[2].startMs - 40) < -50, 'pause after "there."');
  assert.ok(s.phonemes.length > 30 && s.phonemes.every((p, i) => i === 0 || p.startMs >= s.phonemes[i - 1].startMs), 'phonemes in order');
  // Voiced: a periodic signal with a pitch in the speaking range (autocorrelation of a vowel).
  const vowel = s.phonemes.find((p) => p.ipa.startsWith('ˈ') && p.durationMs > 80) as { startMs: number; durationMs: number };
  const from = Math.round(((vowel.startMs + 20) / 1000) * s.sampleRate);
  const seg = floats.subarray(from, from + 1200);
  let best = 0;
  let bestLag = 0;
  for (let lag = 60; lag < 300; lag++) {
    let r = 0;
    for (let i = 0; i + lag < seg.length; i++) r += seg[i] * seg[i + lag];
    if (r > best) [best, bestLag] = [r, lag];
  }
  const f0 = s.sampleRate / bestLag;
  assert.ok(f0 > 80 && f0 < 350, `pitch ${f0.toFixed(0)} Hz`);
  // Deterministic: the same text gives the same audio.
  const again = await synth.synthesize(text, { voice: 'en-us+f2' });
  assert.deepEqual(again.samples, s.samples);
});

test("speech source 'auto' picks eSpeak (installed here as a dev dependency) and caches", async () => {
  const src = createSpeechSource('auto');
  assert.equal(src.name, undefined, 'nothing is loaded before speech is needed');
  const options = { voice: 'en-us', rate: 175, pitch: 50 };
  const a = await src.synthesize('Cache me.', options);
  assert.equal(src.name, 'espeak-ng');
  assert.equal(await src.synthesize('Cache me.', options), a);
  assert.notEqual(await src.synthesize('Cache me.', { ...options, voice: 'en-us+m3' }), a);
  const own = createSpeechSource(createFallbackSynthesizer());
  assert.equal(own.name, 'fallback-formant');
});
