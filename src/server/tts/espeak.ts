/**
 * Speech synthesis with timing, through eSpeak NG compiled to JavaScript (`@echogarden/espeak-ng-emscripten`).
 *
 * Licensing: that package is GPL-3.0. It is a *dev* dependency of this project and is only ever loaded with a
 * dynamic `import()` at run time, from the simulator, tests and benchmarks. Nothing in `dist/` or `cdn/` bundles
 * it; when it is not installed `createEspeakSynthesizer()` resolves to `null` and callers fall back.
 */

export interface SynthWord {
  /** The word as written in the input text. */
  text: string;
  /** Character offset of the word in the input text (0-based). */
  charStart: number;
  startMs: number;
  /** Until the end of the word's last phoneme (pauses excluded). */
  durationMs: number;
}

export interface SynthPhoneme {
  /** IPA as eSpeak reports it, stress marks included (`ˈaɪ`); empty for pauses. */
  ipa: string;
  startMs: number;
  durationMs: number;
}

export interface Synthesis {
  samples: Int16Array;
  sampleRate: number;
  durationMs: number;
  words: SynthWord[];
  phonemes: SynthPhoneme[];
}

export interface SynthesisOptions {
  /** eSpeak voice, e.g. `en-us`, `en-us+f3`, `en+m3`. */
  voice?: string;
  /** Words per minute (eSpeak default 175). */
  rate?: number;
  /** 0–99 (eSpeak default 50). */
  pitch?: number;
}

export interface SpeechSynthesizer {
  readonly name: string;
  synthesize(text: string, options?: SynthesisOptions): Promise<Synthesis>;
}

interface EspeakEvent {
  type: string;
  text_position: number;
  word_length: number;
  audio_position: number;
  id?: string | number;
}

interface EspeakWorker {
  set_voice(name: string): unknown;
  set_rate(wpm: number): unknown;
  set_pitch(pitch: number): unknown;
  get_samplerate(): number;
  synthesize(text: string, cb: (pcm: Int16Array, events: EspeakEvent[]) => number | boolean): unknown;
}

interface EspeakModule {
  eSpeakNGWorker: new () => EspeakWorker;
}

const PACKAGE = '@echogarden/espeak-ng-emscripten';

/**
 * Loads eSpeak NG. Resolves to `null` when the package is not installed (for example when this library is
 * installed from npm without dev dependencies): the caller then uses a non-GPL fallback voice.
 */
export async function createEspeakSynthesizer(): Promise<SpeechSynthesizer | null> {
  let factory: () => Promise<EspeakModule>;
  try {
    // A variable specifier keeps bundlers from following it into dist/ or cdn/.
    const specifier = PACKAGE;
    factory = ((await import(/* @vite-ignore */ specifier)) as { default: () => Promise<EspeakModule> }).default;
  } catch {
    return null;
  }
  const module = await factory();
  const worker = new module.eSpeakNGWorker();
  const sampleRate = worker.get_samplerate();
  // eSpeak keeps voice/rate as global state; serialize calls so concurrent sessions don't mix settings.
  let queue: Promise<unknown> = Promise.resolve();

  const run = (text: string, options: SynthesisOptions): Synthesis => {
    worker.set_voice(options.voice ?? 'en-us');
    worker.set_rate(options.rate ?? 175);
    worker.set_pitch(options.pitch ?? 50);
    const chunks: Int16Array[] = [];
    const events: EspeakEvent[] = [];
    let total = 0;
    worker.synthesize(text, (pcm, evs) => {
      if (pcm && pcm.length) {
        chunks.push(pcm.slice());
        total += pcm.length;
      }
      for (const e of evs) events.push(e);
      return 0;
    });
    const samples = new Int16Array(total);
    let o = 0;
    for (const c of chunks) {
      samples.set(c, o);
      o += c.length;
    }
    const durationMs = (total / sampleRate) * 1000;
    return { samples, sampleRate, durationMs, ...timingFromEvents(text, events, durationMs) };
  };

  return {
    name: 'espeak-ng',
    synthesize(text, options = {}) {
      const result = queue.then(() => run(text, options));
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

/** Turns eSpeak's word and phoneme events into intervals (exported for tests). */
export function timingFromEvents(
  text: string,
  events: readonly EspeakEvent[],
  durationMs: number,
): { words: SynthWord[]; phonemes: SynthPhoneme[] } {
  const phonemeStarts: Array<{ ipa: string; startMs: number }> = [];
  const wordStarts: Array<{ text: string; charStart: number; startMs: number }> = [];
  for (const e of events) {
    if (e.type === 'phoneme') {
      phonemeStarts.push({ ipa: typeof e.id === 'string' ? e.id : '', startMs: e.audio_position });
    } else if (e.type === 'word') {
      const charStart = Math.max(0, e.text_position - 1);
      wordStarts.push({ text: text.substr(charStart, e.word_length), charStart, startMs: e.audio_position });
    }
  }
  const phonemes: SynthPhoneme[] = [];
  for (let i = 0; i < phonemeStarts.length; i++) {
    const end = i + 1 < phonemeStarts.length ? phonemeStarts[i + 1].startMs : durationMs;
    const p = phonemeStarts[i];
    if (end <= p.startMs && p.ipa === '') continue;
    phonemes.push({ ipa: p.ipa, startMs: p.startMs, durationMs: Math.max(0, end - p.startMs) });
  }
  const words: SynthWord[] = [];
  for (let i = 0; i < wordStarts.length; i++) {
    const w = wordStarts[i];
    const nextStart = i + 1 < wordStarts.length ? wordStarts[i + 1].startMs : durationMs;
    // The word's first phoneme can come a little after the word event; its end is its last voiced phoneme.
    const own = phonemes.filter((p) => p.startMs >= w.startMs && p.startMs < nextStart && p.ipa !== '');
    const start = own.length ? own[0].startMs : w.startMs;
    const last = own[own.length - 1];
    const end = last ? last.startMs + last.durationMs : nextStart;
    words.push({ text: w.text, charStart: w.charStart, startMs: start, durationMs: Math.max(0, end - start) });
  }
  return { words, phonemes };
}
