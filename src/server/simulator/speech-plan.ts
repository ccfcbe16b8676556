/**
 * Turns one synthesized utterance into what a response streams: the audio in the session's output format cut
 * into fixed-length chunks, and, attached to the chunk whose audio they fall in, the transcript deltas, word
 * timestamps and viseme cues. Every offset is in ms of this item's audio as it is actually sent (after
 * resampling), so a client that plays the deltas back to back hears each word exactly at its timestamp. Pure.
 */
import { bytesToBase64 } from '../../audio/codecs/base64.js';
import { encodeSamples, outputStreamFormat } from '../../audio/codecs/formats.js';
import type { OutputAudioFormat } from '../../audio/codecs/formats.js';
import { resampleBuffer } from '../../audio/codecs/resampler.js';
import type { Synthesis } from '../tts/espeak.js';
import { visemeCues } from './visemes.js';
import type { VisemeCue } from './visemes.js';

export const CHUNK_MS = 80;

export interface WordStamp {
  text: string;
  audio_offset_ms: number;
  audio_duration_ms: number;
}

/** A word of the transcript with its place in the text (for truncation) and in the audio. */
export interface WordSpan {
  charStart: number;
  charEnd: number;
  startMs: number;
  endMs: number;
}

export interface PlannedChunk {
  /** base64 audio in the output format. */
  audio: string;
  startMs: number;
  endMs: number;
  /** Transcript deltas whose words start in (or before) this chunk. Concatenated over all chunks: the transcript. */
  transcript: string[];
  words: WordStamp[];
  visemes: VisemeCue[];
}

export interface SpeechPlan {
  transcript: string;
  durationMs: number;
  chunks: PlannedChunk[];
  words: WordSpan[];
}

const EDGE_PUNCT = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** Word spans from the synthesizer's words: one per distinct start character, covering the text up to the next. */
export function wordSpans(text: string, synthesis: Pick<Synthesis, 'words'>): Array<WordSpan & { text: string }> {
  const sorted = [...synthesis.words].sort((a, b) => a.charStart - b.charStart || a.startMs - b.startMs);
  const spans: Array<WordSpan & { text: string }> = [];
  for (const w of sorted) {
    const last = spans[spans.length - 1];
    if (last && w.charStart <= last.charStart) {
      // eSpeak can report several words for one written token (numbers): merge them.
      last.endMs = Math.max(last.endMs, w.startMs + w.durationMs);
      continue;
    }
    spans.push({ text: '', charStart: w.charStart, charEnd: w.charStart, startMs: w.startMs, endMs: w.startMs + w.durationMs });
  }
  spans.forEach((s, i) => {
    const next = i + 1 < spans.length ? spans[i + 1].charStart : text.length;
    const raw = text.slice(s.charStart, next);
    s.text = raw.replace(EDGE_PUNCT, '');
    s.charEnd = s.charStart + raw.trimEnd().length;
  });
  return spans.filter((s) => s.text !== '');
}

export function planSpeech(
  text: string,
  synthesis: Synthesis,
  format: OutputAudioFormat,
  chunkMs = CHUNK_MS,
): SpeechPlan {
  const { codec, sampleRate } = outputStreamFormat(format);
  const floats = new Float32Array(synthesis.samples.length);
  for (let i = 0; i < floats.length; i++) floats[i] = synthesis.samples[i] / 32768;
  const out = resampleBuffer(floats, synthesis.sampleRate, sampleRate);
  const durationMs = (out.length / sampleRate) * 1000;
  const bytes = encodeSamples(codec, out);
  const bytesPerSample = codec === 'pcm16' ? 2 : 1;
  const chunkSamples = Math.round((sampleRate * chunkMs) / 1000);

  const spans = wordSpans(text, synthesis);
  // Transcript deltas: text from one word's start to the next's, timed at the word's audio start.
  const deltas: Array<{ text: string; atMs: number }> = [];
  spans.forEach((s, i) => {
    const from = i === 0 ? 0 : s.charStart;
    const to = i + 1 < spans.length ? spans[i + 1].charStart : text.length;
    deltas.push({ text: text.slice(from, to), atMs: s.startMs });
  });
  if (!deltas.length && text) deltas.push({ text, atMs: 0 });
  const stamps: WordStamp[] = spans.map((s) => ({
    text: s.text,
    audio_offset_ms: Math.round(s.startMs),
    audio_duration_ms: Math.max(1, Math.round(s.endMs - s.startMs)),
  }));
  const cues = visemeCues(synthesis.phonemes, durationMs, { samples: floats, sampleRate: synthesis.sampleRate });

  const chunks: PlannedChunk[] = [];
  let d = 0;
  let w = 0;
  let v = 0;
  const total = out.length;
  for (let s = 0; s < total || chunks.length === 0; s += chunkSamples) {
    const e = Math.min(total, s + chunkSamples);
    const startMs = (s / sampleRate) * 1000;
    const last = e >= total;
    const endMs = last ? Infinity : (e / sampleRate) * 1000;
    const chunk: PlannedChunk = {
      audio: bytesToBase64(bytes.subarray(s * bytesPerSample, e * bytesPerSample)),
      startMs,
      endMs: (e / sampleRate) * 1000,
      transcript: [],
      words: [],
      visemes: [],
    };
    while (d < deltas.length && deltas[d].atMs < endMs) chunk.transcript.push(deltas[d++].text);
    while (w < stamps.length && stamps[w].audio_offset_ms < endMs) chunk.words.push(stamps[w++]);
    while (v < cues.length && cues[v].audio_offset_ms < endMs) chunk.visemes.push(cues[v++]);
    chunks.push(chunk);
    if (last) break;
  }
  return {
    transcript: text,
    durationMs,
    chunks,
    words: spans.map(({ charStart, charEnd, startMs, endMs }) => ({ charStart, charEnd, startMs, endMs })),
  };
}

/** The transcript a listener heard when playback stopped at `audioEndMs`: every word that had started. */
export function transcriptUntil(text: string, words: readonly WordSpan[], audioEndMs: number): string {
  let end = 0;
  for (const w of words) if (w.startMs < audioEndMs) end = w.charEnd;
  return text.slice(0, end);
}
