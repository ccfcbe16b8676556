/**
 * When each word of an assistant item is heard, for `vla-word` and for captions cut at the heard word.
 *
 * With an Azure voice the service sends word timestamps (`response.audio_timestamp.delta`) and we use them.
 * Otherwise (OpenAI voices send none) the words are estimated from the transcript: each word gets a weight
 * from its syllables (plus pauses for punctuation), and the weights are spread over the item's audio at a
 * typical speaking rate while the audio is still arriving, rescaled to the real duration once it is complete.
 */

export interface TimedWord {
  text: string;
  startMs: number;
  durationMs: number;
  /** Offset just past this word in the item's transcript (for cutting captions). */
  charEnd: number;
  estimated: boolean;
}

interface Token {
  text: string;
  charStart: number;
  charEnd: number;
  weight: number;
  pauseAfter: number;
}

const MS_PER_UNIT = 190; // ≈ 5.3 syllables per second: conversational TTS pace
const LEAD_MS = 60;

/** A rough syllable count: vowel groups, minus a silent final e; digits count per digit. */
export function syllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z0-9à-öø-ÿ]/g, '');
  if (!w) return 0;
  if (/^\d+$/.test(w)) return Math.max(1, w.length * 1.5);
  const groups = w.match(/[aeiouyà-öø-ÿ]+/g)?.length ?? 0;
  const silentE = w.length > 3 && w.endsWith('e') && !/[aeiouy]e$/.test(w) && groups > 1 ? 1 : 0;
  // Vowel pairs that are two syllables (vi-de-o, pi-a-no, mu-se-um), except the -tion/-cial kind.
  const hiatus = w.match(/(?<![tcsgx])(?:ia|io|eo|ua|uo|iu)|eum/g)?.length ?? 0;
  return Math.max(1, groups - silentE + hiatus);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const raw = m[0];
    const core = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!core) {
      // Punctuation on its own only lengthens the previous pause.
      if (tokens.length) tokens[tokens.length - 1].pauseAfter += /[.!?;:]/.test(raw) ? 2 : 1;
      continue;
    }
    const lead = raw.indexOf(core);
    const trailing = raw.slice(lead + core.length);
    tokens.push({
      text: core,
      charStart: m.index + lead,
      charEnd: m.index + lead + core.length,
      weight: Math.max(1, syllables(core)) + (/[^\p{L}\p{N}\s'’-]/u.test(core) ? 0.5 : 0),
      pauseAfter: /[.!?]/.test(trailing) ? 2.2 : /[,;:—–-]/.test(trailing) ? 1.2 : 0.25,
    });
  }
  return tokens;
}

export class WordTimeline {
  #text = '';
  #serverWords: TimedWord[] = [];
  #audioMs = 0;
  #audioDone = false;
  #cache: TimedWord[] | null = null;

  /** The transcript so far (accumulated deltas or the done event's full text). */
  setText(text: string): void {
    if (text !== this.#text) {
      this.#text = text;
      this.#cache = null;
    }
  }

  get transcript(): string {
    return this.#text;
  }

  setAudio(ms: number, done: boolean): void {
    if (ms !== this.#audioMs || done !== this.#audioDone) {
      this.#audioMs = ms;
      this.#audioDone = done;
      this.#cache = null;
    }
  }

  get hasServerTiming(): boolean {
    return this.#serverWords.length > 0;
  }

  /** A `response.audio_timestamp.delta`. Matched to the transcript in order to find where the word ends. */
  addServerWord(text: string, startMs: number, durationMs: number): void {
    this.#serverWords.push({ text, startMs, durationMs, charEnd: -1, estimated: false });
    this.#cache = null;
  }

  words(): readonly TimedWord[] {
    if (!this.#cache) this.#cache = this.#serverWords.length ? this.#alignServerWords() : this.#estimate();
    return this.#cache;
  }

  #alignServerWords(): TimedWord[] {
    let cursor = 0;
    const lower = this.#text.toLowerCase();
    return this.#serverWords.map((w) => {
      const needle = w.text.trim().toLowerCase();
      const at = needle ? lower.indexOf(needle, cursor) : -1;
      let charEnd: number;
      if (at >= 0 && at - cursor < 40) {
        charEnd = at + needle.length;
        cursor = charEnd;
      } else {
        // Text normalisation differs (numbers, symbols): advance by the word's length as a best guess.
        charEnd = Math.min(this.#text.length, cursor + needle.length + 1);
        cursor = charEnd;
      }
      return { ...w, charEnd };
    });
  }

  #estimate(): TimedWord[] {
    const tokens = tokenize(this.#text);
    if (!tokens.length) return [];
    let totalUnits = 0;
    for (let i = 0; i < tokens.length; i++) totalUnits += tokens[i].weight + (i < tokens.length - 1 ? tokens[i].pauseAfter : 0);
    let msPerUnit = MS_PER_UNIT;
    if (this.#audioDone && this.#audioMs > 0) {
      // Rescale onto the real duration, leaving a little lead-in and tail silence.
      msPerUnit = Math.max(40, (this.#audioMs - LEAD_MS - 120) / totalUnits);
    } else if (this.#audioMs > 0) {
      // Audio still arriving: never place words beyond what could fit.
      msPerUnit = Math.min(MS_PER_UNIT, Math.max(60, this.#audioMs / Math.max(1, totalUnits)));
      if (this.#audioMs < totalUnits * 60) msPerUnit = MS_PER_UNIT;
    }
    const out: TimedWord[] = [];
    let t = LEAD_MS;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      const d = tok.weight * msPerUnit;
      out.push({ text: tok.text, startMs: Math.round(t), durationMs: Math.round(d), charEnd: tok.charEnd, estimated: true });
      t += d + (i < tokens.length - 1 ? tok.pauseAfter * msPerUnit : 0);
    }
    return out;
  }

  /** Index of the last word that has started by `ms` (−1 before the first). */
  indexAt(ms: number): number {
    const words = this.words();
    let lo = 0;
    let hi = words.length - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (words[mid].startMs <= ms) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /** The transcript as heard up to `ms`: through the last word that has started. */
  heardText(ms: number): string {
    const i = this.indexAt(ms);
    if (i < 0) return '';
    const end = this.words()[i].charEnd;
    return this.#text.slice(0, end).trimEnd();
  }
}
