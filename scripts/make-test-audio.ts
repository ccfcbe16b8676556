/**
 * Generates the fake microphone Chromium plays in browser tests: real synthesized speech (eSpeak NG, a dev
 * dependency) framed by silence. Chromium loops the file, so the mic "speaks" every cycle:
 *   0.8 s silence · ~2.5 s speech · 4.0 s silence
 * Written to test/fixtures/generated/ (git-ignored; regenerated in well under a second).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resampleBuffer } from '../src/audio/codecs/resampler.js';
import { createEspeakSynthesizer } from '../src/server/tts/espeak.js';
import { encodeWav } from './wav.js';

export const FAKE_MIC_TEXT = 'Hello there! Can you tell me about the museum?';
const RATE = 48000;

async function main(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const out = path.join(root, 'test/fixtures/generated');
  mkdirSync(out, { recursive: true });
  const tts = await createEspeakSynthesizer();
  if (!tts) throw new Error('@echogarden/espeak-ng-emscripten is not installed: run npm ci');
  const speech = await tts.synthesize(FAKE_MIC_TEXT, { voice: 'en-us+m3', rate: 165 });
  const floats = new Float32Array(speech.samples.length);
  for (let i = 0; i < floats.length; i++) floats[i] = (speech.samples[i] / 32768) * 0.9;
  const voiced = resampleBuffer(floats, speech.sampleRate, RATE);
  const lead = Math.round(0.8 * RATE);
  const tail = Math.round(4.0 * RATE);
  const all = new Float32Array(lead + voiced.length + tail);
  all.set(voiced, lead);
  writeFileSync(path.join(out, 'fake-mic.wav'), encodeWav(all, RATE));
  writeFileSync(
    path.join(out, 'fake-mic.json'),
    JSON.stringify({ text: FAKE_MIC_TEXT, sampleRate: RATE, speechStartMs: 800, speechMs: Math.round(speech.durationMs), cycleMs: Math.round((all.length / RATE) * 1000) }, null, 2),
  );
  console.log(`fake mic: ${(all.length / RATE).toFixed(2)} s cycle, ${Math.round(speech.durationMs)} ms of speech`);
}

await main();
