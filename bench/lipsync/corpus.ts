/**
 * The lip-sync benchmark corpus (lipsync.md §3.1, §3.4): eSpeak speech with phoneme ground truth, resampled to
 * 24 kHz, packed as session recordings in three conditions:
 *
 *   1 "text"       audio + transcript deltas only (the OpenAI-voice case);
 *   2 "timestamps" + response.audio_timestamp.delta word timings;
 *   3 "visemes"    + response.animation_viseme.delta Azure viseme ids (from the phonemes, mapping in ipa.ts).
 *
 * Audio arrives as ~100 ms deltas faster than real time; transcript deltas arrive a little ahead of the audio
 * they describe. Ground truth follows §3.2: each stop's onset moves back over the closure silence before it.
 * eSpeak is GPL: loaded only here, at bench time, through src/server/tts/espeak.ts (dynamic import).
 */
import { createEspeakSynthesizer, type SpeechSynthesizer } from '../../src/server/tts/espeak.js';
import { resampleBuffer } from '../../src/audio/codecs/resampler.js';
import { encodePcm16 } from '../../src/audio/codecs/pcm16.js';
import { bytesToBase64 } from '../../src/audio/codecs/base64.js';
import type { RecordingLine } from '../../src/protocol/recording.js';
import type { ServerEvent } from '../../src/protocol/events.js';
import { GT_OPENNESS, ipaComponents, ipaToAzure, isStop, type GtClass } from './ipa.js';

export const SAMPLE_RATE = 24000;
export const FRAME_MS = 10;
/** Silence around each utterance, as a TTS service sends it. */
export const LEAD_MS = 200;
export const TAIL_MS = 300;

/** Ten Harvard sentences (IEEE 1969, list 1). */
export const SENTENCES = [
  'The birch canoe slid on the smooth planks.',
  'Glue the sheet to the dark blue background.',
  "It's easy to tell the depth of a well.",
  'These days a chicken leg is a rare dish.',
  'Rice is often served in round bowls.',
  'The juice of lemons makes fine punch.',
  'The box was thrown beside the parked truck.',
  'The hogs were fed chopped corn and garbage.',
  'Four hours of steady work faced us.',
  'A large size in stockings is hard to sell.',
];

/**
 * Held out from tuning: longer, with commas and a question, closer to an assistant's turn. Reported as a sanity
 * row (one utterance was used to diagnose non-silent pauses).
 */
export const HELD_OUT = [
  'Sure, I can help with that. The museum opens at nine, and the east wing closes a little earlier.',
  'Would you like to hear about the paintings, or should I tell you where to find the café?',
  'My favourite piece is a small bronze horse from the second century, found near the river.',
];

export const VOICES = ['en-us', 'en-us+f3', 'en+m3'];
export const RATES = [150, 190];

export type Condition = 'text' | 'timestamps' | 'visemes';
export const CONDITIONS: readonly Condition[] = ['text', 'timestamps', 'visemes'];

export interface GtPhone {
  ipa: string;
  startMs: number;
  endMs: number;
}

export interface Utterance {
  id: string;
  text: string;
  voice: string;
  rate: number;
  /** 24 kHz float samples including the lead and tail silence. */
  samples: Float32Array;
  /** Phonemes on the padded timeline after the stop fix ('' = pause). */
  phones: GtPhone[];
  words: Array<{ text: string; startMs: number; durationMs: number }>;
  /** Ground truth per 10 ms frame. */
  gtClass: GtClass[];
  /** Ground-truth openness, smoothed with a 50 ms triangular kernel. */
  gtOpen: Float64Array;
}

function frameDb(samples: Float32Array, frames: number): Float64Array {
  const hop = (SAMPLE_RATE * FRAME_MS) / 1000;
  const out = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let s = 0;
    for (let i = f * hop; i < (f + 1) * hop && i < samples.length; i++) s += samples[i] * samples[i];
    out[f] = 10 * Math.log10(s / hop + 1e-12);
  }
  return out;
}

/** §3.2: a stop's closure belongs to the stop; eSpeak reports it at the release. */
function fixStops(phones: GtPhone[], db: Float64Array): void {
  for (let i = 1; i < phones.length; i++) {
    const p = phones[i];
    const prev = phones[i - 1];
    if (!isStop(p.ipa) || !prev.ipa) continue;
    const f0 = Math.floor(prev.startMs / FRAME_MS);
    const f1 = Math.floor(p.startMs / FRAME_MS);
    let peak = -200;
    for (let f = f0; f < f1; f++) peak = Math.max(peak, db[f]);
    let f = f1 - 1;
    let moved = 0;
    while (f > f0 && db[f] < peak - 25 && moved < 120) {
      f--;
      moved += FRAME_MS;
    }
    if (moved > 0) {
      const onset = (f + 1) * FRAME_MS;
      prev.endMs = onset;
      p.startMs = onset;
    }
  }
}

function classAt(phones: readonly GtPhone[], t: number): GtClass {
  for (const p of phones) {
    if (t >= p.startMs && t < p.endMs) {
      const comps = ipaComponents(p.ipa);
      const k = Math.min(comps.length - 1, Math.floor(((t - p.startMs) / (p.endMs - p.startMs)) * comps.length));
      return comps[k].cls;
    }
  }
  return 'sil';
}

function smoothOpen(cls: readonly GtClass[]): Float64Array {
  const raw = cls.map((c) => GT_OPENNESS[c]);
  const k = [0.2, 0.6, 1, 0.6, 0.2];
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    let s = 0;
    let w = 0;
    for (let j = -2; j <= 2; j++) {
      const x = raw[i + j];
      if (x === undefined) continue;
      s += k[j + 2] * x;
      w += k[j + 2];
    }
    out[i] = s / w;
  }
  return out;
}

export async function synthesizeCorpus(texts: readonly string[], voices = VOICES, rates = RATES, idPrefix = 'u'): Promise<Utterance[]> {
  const synth: SpeechSynthesizer | null = await createEspeakSynthesizer();
  if (!synth) throw new Error('eSpeak (@echogarden/espeak-ng-emscripten, a dev dependency) is not installed');
  const out: Utterance[] = [];
  let n = 0;
  for (const text of texts) {
    for (const voice of voices) {
      for (const rate of rates) {
        const r = await synth.synthesize(text, { voice, rate });
        const f = new Float32Array(r.samples.length);
        for (let i = 0; i < f.length; i++) f[i] = r.samples[i] / 32768;
        const speech = resampleBuffer(f, r.sampleRate, SAMPLE_RATE);
        const lead = (LEAD_MS * SAMPLE_RATE) / 1000;
        const samples = new Float32Array(lead + speech.length + (TAIL_MS * SAMPLE_RATE) / 1000);
        samples.set(speech, lead);
        const totalMs = (samples.length / SAMPLE_RATE) * 1000;
        const frames = Math.ceil(totalMs / FRAME_MS);
        const phones: GtPhone[] = r.phonemes
          .filter((p) => p.durationMs > 0)
          .map((p) => ({ ipa: p.ipa, startMs: p.startMs + LEAD_MS, endMs: p.startMs + p.durationMs + LEAD_MS }));
        fixStops(phones, frameDb(samples, frames));
        // eSpeak sometimes folds a clitic into the previous word ("on the"); a TTS service times every word, so
        // a token without its own word event joins the previous event's text.
        const tokens = [...text.matchAll(/\S+/g)].map((m) => ({ text: m[0].replace(/[.,!?;:]+$/, ''), at: m.index ?? 0 }));
        const merged = r.words.map((w) => ({ ...w }));
        for (const tok of tokens) {
          if (merged.some((w) => Math.abs(w.charStart - tok.at) <= 1)) continue;
          const prev = [...merged].reverse().find((w) => w.charStart < tok.at);
          if (prev) prev.text = `${prev.text} ${tok.text}`;
        }
        const words = merged.map((w) => {
          // A word starting with a stop starts at its closure, as a TTS's own word boundaries would.
          const start = w.startMs + LEAD_MS;
          const first = phones.find((p) => p.ipa && p.endMs > start);
          const s = first && first.startMs < start && start - first.startMs <= 120 ? first.startMs : start;
          return { text: w.text, startMs: s, durationMs: w.durationMs + (start - s) };
        });
        const gtClass: GtClass[] = [];
        for (let k = 0; k < frames; k++) gtClass.push(classAt(phones, k * FRAME_MS + FRAME_MS / 2));
        out.push({ id: `${idPrefix}${String(++n).padStart(2, '0')}`, text, voice, rate, samples, phones, words, gtClass, gtOpen: smoothOpen(gtClass) });
      }
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------------------------
// Recordings

/** Deterministic jitter so every run builds identical files. */
function jitter(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) % 1000) / 1000;
  };
}

export interface RecordingOptions {
  /** How much faster than real time audio arrives (default 2.5). */
  speed?: number;
  chunkMs?: number;
}

/** Packs one utterance as a session recording with the real event shapes. */
export function toRecording(u: Utterance, condition: Condition, opts: RecordingOptions = {}): RecordingLine[] {
  const speed = opts.speed ?? 2.5;
  const chunkMs = opts.chunkMs ?? 100;
  const rnd = jitter(u.id.split('').reduce((a, c) => a * 31 + c.charCodeAt(0), 7));
  const lines: RecordingLine[] = [];
  const responseId = `resp_${u.id}`;
  const itemId = `item_${u.id}`;
  const ids = { response_id: responseId, item_id: itemId, output_index: 0, content_index: 0 };
  let ev = 0;
  const push = (t: number, event: Record<string, unknown>) => {
    lines.push({ t: Math.round(t * 10) / 10, dir: 'server', event: { event_id: `event_${++ev}`, ...event } as unknown as ServerEvent });
  };
  push(0, { type: 'session.updated', session: { id: 'sess_bench', object: 'realtime.session', output_audio_format: 'pcm16', modalities: ['text', 'audio'] } });
  push(40, { type: 'response.created', response: { id: responseId, object: 'realtime.response', status: 'in_progress', output: [] } });
  const item = { id: itemId, object: 'realtime.item', type: 'message', role: 'assistant', status: 'in_progress', content: [] };
  push(45, { type: 'response.output_item.added', response_id: responseId, output_index: 0, item });
  push(46, { type: 'conversation.item.created', previous_item_id: null, item });
  push(47, { type: 'response.content_part.added', ...ids, part: { type: 'audio', transcript: '' } });

  const chunkSamples = (chunkMs * SAMPLE_RATE) / 1000;
  const chunks = Math.ceil(u.samples.length / chunkSamples);
  // Transcript deltas: a few words at a time, sent just before the audio chunk holding their first word.
  const words = u.words;
  let wordIdx = 0;
  // Split the text at the words' own character positions so punctuation travels with them.
  const textWords = u.text.split(/(?<=\s)/);
  let tw = 0;
  let t = 280 + rnd() * 60;
  let phoneIdx = 0;
  const cues: Array<{ offset: number; id: number }> = [];
  if (condition === 'visemes') {
    let lastId = -1;
    cues.push({ offset: 0, id: 0 });
    lastId = 0;
    for (const p of u.phones) {
      const idsOf = ipaToAzure(p.ipa);
      const d = (p.endMs - p.startMs) / idsOf.length;
      idsOf.forEach((id, k) => {
        if (id === lastId && id === 0) return;
        cues.push({ offset: Math.round(p.startMs + k * d), id });
        lastId = id;
      });
    }
    cues.push({ offset: Math.round(u.phones[u.phones.length - 1]?.endMs ?? 0), id: 0 });
  }
  for (let c = 0; c < chunks; c++) {
    const startMs = c * chunkMs;
    const endMs = startMs + chunkMs;
    // Transcript ahead of this chunk's audio.
    let delta = '';
    while (wordIdx < words.length && words[wordIdx].startMs < endMs + 150) {
      if (tw < textWords.length) delta += textWords[tw++];
      wordIdx++;
    }
    if (wordIdx >= words.length) while (tw < textWords.length) delta += textWords[tw++];
    if (delta) {
      push(t - 8, { type: 'response.audio_transcript.delta', ...ids, delta });
    }
    const slice = u.samples.subarray(c * chunkSamples, Math.min(u.samples.length, (c + 1) * chunkSamples));
    push(t, { type: 'response.audio.delta', ...ids, delta: bytesToBase64(encodePcm16(slice)) });
    if (condition !== 'text') {
      for (const w of words) {
        if (w.startMs >= startMs && w.startMs < endMs) {
          push(t + 1, {
            type: 'response.audio_timestamp.delta',
            ...ids,
            audio_offset_ms: Math.round(w.startMs),
            audio_duration_ms: Math.round(w.durationMs),
            text: w.text,
            timestamp_type: 'word',
          });
        }
      }
    }
    if (condition === 'visemes') {
      while (phoneIdx < cues.length && cues[phoneIdx].offset < endMs) {
        push(t + 2, { type: 'response.animation_viseme.delta', ...ids, audio_offset_ms: cues[phoneIdx].offset, viseme_id: cues[phoneIdx].id });
        phoneIdx++;
      }
    }
    t += chunkMs / speed + (rnd() - 0.5) * 16;
  }
  const transcript = u.text;
  push(t, { type: 'response.audio.done', ...ids });
  push(t + 1, { type: 'response.audio_transcript.done', ...ids, transcript });
  if (condition !== 'text') push(t + 2, { type: 'response.audio_timestamp.done', ...ids });
  if (condition === 'visemes') push(t + 3, { type: 'response.animation_viseme.done', ...ids });
  const part = { type: 'audio', transcript };
  push(t + 4, { type: 'response.content_part.done', ...ids, part });
  const doneItem = { ...item, status: 'completed', content: [part] };
  push(t + 5, { type: 'response.output_item.done', response_id: responseId, output_index: 0, item: doneItem });
  push(t + 6, { type: 'response.done', response: { id: responseId, object: 'realtime.response', status: 'completed', output: [doneItem] } });
  return lines;
}
