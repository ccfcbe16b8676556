/**
 * Track B: text → timed mouth segments. Two entry points:
 *
 *  - `TranscriptWords` turns streamed transcript deltas into words with phones as soon as each word is complete
 *    (the aligner consumes them: B2, no timestamps);
 *  - `spreadWord` places one word's phones over a known interval (B1, `response.audio_timestamp.delta`).
 *
 * Pure.
 */
import { normalizeWords, wordToPhones } from './g2p-en.js';
import { phoneInfo, type MouthTarget, type Phone } from './phones.js';

/** A timed mouth target on an item's timeline (ms of item audio). */
export interface Segment {
  startMs: number;
  endMs: number;
  target: MouthTarget;
  /** The phone (or viseme) it came from, for debugging and tests. */
  label: string;
}

export interface TextWord {
  text: string;
  phones: Phone[];
  /** Strength of the pause the punctuation after this word suggests: 0 none, 1 comma-like, 2 sentence end. */
  pauseAfter: 0 | 1 | 2;
}

/** Share of a diphthong's duration held by its first target. */
const DIPHTHONG_SPLIT = 0.55;

/** Accumulates transcript deltas and releases complete words (a word is complete once something follows it). */
export class TranscriptWords {
  private text = '';
  /** Characters of `text` already turned into words. */
  private consumed = 0;
  readonly words: TextWord[] = [];
  done = false;

  get transcript(): string {
    return this.text;
  }

  /** Appends a delta; returns how many new words became complete. */
  append(delta: string): number {
    this.text += delta;
    return this.scan(false);
  }

  /** The final transcript (response.audio_transcript.done). If it disagrees with the deltas, it wins for the rest. */
  finish(transcript?: string): number {
    if (typeof transcript === 'string' && transcript.length >= this.text.length && transcript.startsWith(this.text.slice(0, this.consumed))) {
      this.text = transcript;
    }
    this.done = true;
    return this.scan(true);
  }

  private scan(final: boolean): number {
    const before = this.words.length;
    const rest = this.text.slice(this.consumed);
    // A word is complete when followed by whitespace or punctuation; the tail waits unless final.
    const re = /([^\s]+?)([\s.,;:!?…—–"“”()[\]]+|$)/gu;
    let m: RegExpExecArray | null;
    let used = 0;
    while ((m = re.exec(rest)) && m[0].length > 0) {
      if (!m[2] && !final) break;
      const pause = /[.!?…]/.test(m[2]) ? 2 : /[,;:—–()]/.test(m[2]) ? 1 : 0;
      const parts = normalizeWords(m[1]);
      for (let k = 0; k < parts.length; k++) {
        const phones = wordToPhones(parts[k]);
        if (!phones.length) continue;
        this.words.push({ text: parts[k], phones, pauseAfter: k === parts.length - 1 ? pause : 0 });
      }
      // Punctuation alone (no word) still marks a pause on the previous word.
      if (!parts.length && pause && this.words.length) {
        const last = this.words[this.words.length - 1];
        last.pauseAfter = Math.max(last.pauseAfter, pause) as 0 | 1 | 2;
      }
      used = m.index + m[0].length;
      if (!m[2]) break;
    }
    this.consumed += used;
    return this.words.length - before;
  }
}

/** The phones of a word's text (a timestamp event's `text`), numbers spelled out. */
export function phonesOfText(text: string): Phone[] {
  const out: Phone[] = [];
  for (const w of normalizeWords(text)) out.push(...wordToPhones(w));
  return out;
}

/** Appends the segments of one phone over [startMs, endMs) (diphthongs as two targets). */
export function pushPhoneSegments(out: Segment[], phone: Phone, startMs: number, endMs: number): void {
  const info = phoneInfo(phone);
  if (info.targets.length === 2) {
    const mid = startMs + (endMs - startMs) * DIPHTHONG_SPLIT;
    out.push({ startMs, endMs: mid, target: info.targets[0], label: phone });
    out.push({ startMs: mid, endMs, target: info.targets[1], label: phone });
  } else {
    out.push({ startMs, endMs, target: info.targets[0], label: phone });
  }
}

/** Spreads a word's phones over [startMs, startMs + durationMs) in proportion to their typical durations. */
export function spreadWord(out: Segment[], phones: readonly Phone[], startMs: number, durationMs: number): void {
  if (!phones.length || !(durationMs > 0)) return;
  let total = 0;
  for (const p of phones) total += phoneInfo(p).duration;
  let t = startMs;
  for (const p of phones) {
    const d = (phoneInfo(p).duration / total) * durationMs;
    pushPhoneSegments(out, p, t, t + d);
    t += d;
  }
}
