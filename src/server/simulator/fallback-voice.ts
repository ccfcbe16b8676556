/**
 * The built-in voice: a tiny formant synthesizer (MIT, written for this project) used when the GPL eSpeak
 * package is not installed. It is not meant to be intelligible, only to behave like speech for everything
 * downstream: voiced sound with a glottal pitch, vowel-like formants, noisy fricatives, stop closures and
 * bursts, syllable-rate loudness changes, pauses between words and longer ones at punctuation — with exact word
 * and phoneme timing in the same `Synthesis` shape eSpeak returns.
 *
 * Pipeline: text → words → letters-to-sounds rules (rough English) → timed segments with formant targets →
 * Rosenberg glottal pulses and white noise through three cascaded resonators whose frequencies glide between
 * targets.
 */
import type { SpeechSynthesizer, Synthesis, SynthesisOptions, SynthPhoneme, SynthWord } from '../tts/espeak.js';

const SAMPLE_RATE = 24000;

type Kind = 'vowel' | 'glide' | 'liquid' | 'nasal' | 'fricative' | 'stop' | 'aspirate';

interface Sound {
  ipa: string;
  kind: Kind;
  /** Formant targets at the start and end (diphthongs glide). */
  f: readonly [number, number, number];
  fEnd?: readonly [number, number, number];
  voiced: boolean;
  /** Centre frequency of the noise source (fricatives, bursts). */
  noiseHz?: number;
  noiseGain?: number;
  gain: number;
}

const V = (ipa: string, f1: number, f2: number, f3: number, end?: readonly [number, number, number]): Sound => ({
  ipa, kind: 'vowel', f: [f1, f2, f3], fEnd: end, voiced: true, gain: 1,
});

/** Vowels (formants from classic American English measurements, rounded). */
const VOWELS: Readonly<Record<string, Sound>> = {
  i: V('i', 280, 2250, 2900),
  ɪ: V('ɪ', 400, 1900, 2550),
  ɛ: V('ɛ', 550, 1770, 2490),
  æ: V('æ', 690, 1660, 2490),
  ɑ: V('ɑ', 710, 1100, 2540),
  ɔ: V('ɔ', 590, 880, 2540),
  ʊ: V('ʊ', 450, 1030, 2380),
  u: V('u', 310, 870, 2250),
  ʌ: V('ʌ', 640, 1190, 2390),
  ə: V('ə', 500, 1500, 2500),
  ɝ: V('ɝ', 490, 1350, 1690),
  eɪ: V('eɪ', 480, 1950, 2600, [400, 2100, 2650]),
  aɪ: V('aɪ', 710, 1150, 2500, [400, 1900, 2550]),
  aʊ: V('aʊ', 710, 1150, 2500, [450, 1000, 2380]),
  oʊ: V('oʊ', 500, 950, 2450, [420, 900, 2350]),
  ɔɪ: V('ɔɪ', 590, 880, 2540, [400, 1900, 2550]),
};

const C = (ipa: string, kind: Kind, f: readonly [number, number, number], voiced: boolean, gain: number, noiseHz?: number, noiseGain = 0): Sound => ({
  ipa, kind, f, voiced, gain, noiseHz, noiseGain,
});

const CONSONANTS: Readonly<Record<string, Sound>> = {
  j: C('j', 'glide', [280, 2250, 2900], true, 0.7),
  w: C('w', 'glide', [300, 700, 2200], true, 0.7),
  ɹ: C('ɹ', 'liquid', [420, 1300, 1600], true, 0.7),
  l: C('l', 'liquid', [380, 1000, 2800], true, 0.6),
  m: C('m', 'nasal', [250, 1000, 2200], true, 0.35),
  n: C('n', 'nasal', [250, 1500, 2500], true, 0.35),
  ŋ: C('ŋ', 'nasal', [250, 2000, 2700], true, 0.35),
  s: C('s', 'fricative', [500, 1500, 2500], false, 0, 6000, 0.35),
  z: C('z', 'fricative', [300, 1500, 2500], true, 0.15, 6000, 0.25),
  ʃ: C('ʃ', 'fricative', [500, 1800, 2500], false, 0, 3000, 0.35),
  ʒ: C('ʒ', 'fricative', [300, 1800, 2500], true, 0.15, 3000, 0.25),
  f: C('f', 'fricative', [500, 1200, 2500], false, 0, 5000, 0.12),
  v: C('v', 'fricative', [300, 1200, 2500], true, 0.2, 5000, 0.08),
  θ: C('θ', 'fricative', [500, 1400, 2500], false, 0, 5500, 0.1),
  ð: C('ð', 'fricative', [300, 1400, 2500], true, 0.2, 5500, 0.06),
  h: C('h', 'aspirate', [600, 1500, 2500], false, 0, 1500, 0.15),
  p: C('p', 'stop', [400, 1000, 2200], false, 0, 1200, 0.4),
  b: C('b', 'stop', [300, 1000, 2200], true, 0.05, 1200, 0.3),
  t: C('t', 'stop', [400, 1700, 2600], false, 0, 4500, 0.4),
  d: C('d', 'stop', [300, 1700, 2600], true, 0.05, 4000, 0.3),
  k: C('k', 'stop', [400, 2000, 2600], false, 0, 2200, 0.4),
  g: C('g', 'stop', [300, 2000, 2600], true, 0.05, 2200, 0.3),
  tʃ: C('tʃ', 'stop', [400, 1800, 2500], false, 0, 3000, 0.4),
  dʒ: C('dʒ', 'stop', [300, 1800, 2500], true, 0.05, 3000, 0.3),
};

/** Base durations in ms at 175 words per minute. */
const DURATION: Readonly<Record<Kind, number>> = {
  vowel: 80, glide: 45, liquid: 50, nasal: 55, fricative: 75, stop: 62, aspirate: 45,
};

const VOICED_TH = new Set(['the', 'this', 'that', 'there', 'their', 'then', 'they', 'them', 'those', 'these', 'than', 'though', 'with']);
const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

const isVowelLetter = (ch: string | undefined) => ch !== undefined && 'aeiouy'.includes(ch);

/** Rough English letters-to-sounds: digraphs first, magic "e", soft c/g, double consonants. Good enough to look and sound word-like. */
export function lettersToSounds(word: string): string[] {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  const out: string[] = [];
  const magicE = w.length > 2 && w.endsWith('e') && !isVowelLetter(w[w.length - 2]) && isVowelLetter(w[w.length - 3]);
  const LONG: Record<string, string> = { a: 'eɪ', e: 'i', i: 'aɪ', o: 'oʊ', u: 'u', y: 'aɪ' };
  const SHORT: Record<string, string> = { a: 'æ', e: 'ɛ', i: 'ɪ', o: 'ɑ', u: 'ʌ' };
  const DIGRAPHS: ReadonlyArray<readonly [string, string[]]> = [
    ['tch', ['tʃ']], ['igh', ['aɪ']], ['sh', ['ʃ']], ['ch', ['tʃ']], ['ph', ['f']], ['ng', ['ŋ']], ['ck', ['k']],
    ['qu', ['k', 'w']], ['wh', ['w']], ['gh', []], ['ee', ['i']], ['ea', ['i']], ['oo', ['u']], ['ou', ['aʊ']],
    ['ai', ['eɪ']], ['ay', ['eɪ']], ['oi', ['ɔɪ']], ['oy', ['ɔɪ']], ['au', ['ɔ']], ['aw', ['ɔ']], ['oa', ['oʊ']],
    ['ie', ['i']], ['er', ['ɝ']], ['ir', ['ɝ']], ['ur', ['ɝ']], ['ar', ['ɑ', 'ɹ']], ['or', ['ɔ', 'ɹ']],
  ];
  let i = 0;
  while (i < w.length) {
    if (magicE && i === w.length - 1) break;
    if (w.startsWith('th', i)) {
      out.push(VOICED_TH.has(w) ? 'ð' : 'θ');
      i += 2;
      continue;
    }
    if (w.startsWith('ow', i)) {
      out.push(i + 2 >= w.length ? 'oʊ' : 'aʊ');
      i += 2;
      continue;
    }
    const dg = DIGRAPHS.find(([g]) => w.startsWith(g, i));
    if (dg) {
      out.push(...dg[1]);
      i += dg[0].length;
      continue;
    }
    const ch = w[i];
    const next = w[i + 1];
    if (ch === next && !isVowelLetter(ch)) {
      i++; // double consonant: one sound
      continue;
    }
    if (isVowelLetter(ch)) {
      if (ch === 'y') out.push(i === 0 ? 'j' : i === w.length - 1 ? (w.length <= 3 ? 'aɪ' : 'i') : 'ɪ');
      else if (magicE && i === w.length - 3) out.push(LONG[ch]);
      else if (ch === 'e' && i === w.length - 1 && w.length > 2) {
        // silent final "e"
      } else if (i === w.length - 1 && w.length <= 2) out.push(LONG[ch]);
      else out.push(SHORT[ch] ?? 'ə');
    } else if (ch === 'c') out.push(next === 'e' || next === 'i' || next === 'y' ? 's' : 'k');
    else if (ch === 'g') out.push(next === 'e' || next === 'i' ? 'dʒ' : 'g');
    else if (ch === 'x') out.push('k', 's');
    else if (ch === 'q') out.push('k');
    else if (ch === 'j') out.push('dʒ');
    else if (ch === 'r') out.push('ɹ');
    else if (ch === 's') out.push(i === w.length - 1 && i > 0 && !'ptkf'.includes(w[i - 1]) ? 'z' : 's');
    else out.push(ch);
    i++;
  }
  // Every word needs a nucleus, or it would be silent.
  if (!out.some((s) => s in VOWELS)) out.push('ə');
  return out.filter((s) => s in VOWELS || s in CONSONANTS);
}

interface Segment {
  sound: Sound | null; // null = pause
  startMs: number;
  durationMs: number;
  stressed: boolean;
  question: boolean;
}

interface Token {
  text: string;
  charStart: number;
  /** Pause after the word, ms at base rate. */
  pauseMs: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /[A-Za-z0-9']+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const end = m.index + m[0].length;
    const rest = text.slice(end);
    const nextAt = rest.search(/[A-Za-z0-9]/);
    const after = nextAt < 0 ? rest : rest.slice(0, nextAt);
    const pauseMs = /[.!?]/.test(after) ? 320 : /[,;:—–-]/.test(after) ? 170 : 30;
    tokens.push({ text: m[0], charStart: m.index, pauseMs });
  }
  return tokens;
}

function soundsOf(word: string): string[] {
  if (/^\d+$/.test(word)) return [...word].flatMap((d) => lettersToSounds(DIGITS[Number(d)]));
  return lettersToSounds(word);
}

/** The timed plan of an utterance (exported for tests). */
export function planUtterance(text: string, rate = 175): { segments: Segment[]; words: SynthWord[]; durationMs: number } {
  const scale = 175 / Math.max(80, Math.min(450, rate));
  const segments: Segment[] = [];
  const words: SynthWord[] = [];
  let t = 40;
  segments.push({ sound: null, startMs: 0, durationMs: t, stressed: false, question: false });
  const tokens = tokenize(text);
  const question = /\?\s*$/.test(text.trim());
  tokens.forEach((tok, wi) => {
    const start = t;
    let firstVowel = true;
    for (const ipa of soundsOf(tok.text)) {
      const sound = VOWELS[ipa] ?? CONSONANTS[ipa];
      const stressed = sound.kind === 'vowel' && firstVowel;
      if (sound.kind === 'vowel') firstVowel = false;
      let d = DURATION[sound.kind] * scale;
      if (sound.fEnd) d *= 1.4;
      if (stressed) d *= 1.3;
      segments.push({ sound, startMs: t, durationMs: d, stressed, question: question && wi === tokens.length - 1 });
      t += d;
    }
    words.push({ text: tok.text, charStart: tok.charStart, startMs: start, durationMs: t - start });
    const pause = tok.pauseMs * scale;
    segments.push({ sound: null, startMs: t, durationMs: pause, stressed: false, question: false });
    t += pause;
  });
  return { segments, words, durationMs: t };
}

/** Two-pole resonator (Klatt-style), coefficients set per sample so frequencies can glide. */
class Resonator {
  private y1 = 0;
  private y2 = 0;
  step(x: number, freq: number, bw: number, rate: number): number {
    const c = -Math.exp((-2 * Math.PI * bw) / rate);
    const b = 2 * Math.exp((-Math.PI * bw) / rate) * Math.cos((2 * Math.PI * freq) / rate);
    const a = 1 - b - c;
    const y = a * x + b * this.y1 + c * this.y2;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/** A small deterministic noise source, so the same text always gives the same audio. */
function noiseSource(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 4294967296) * 2 - 1;
  };
}

function render(segments: Segment[], durationMs: number, pitch: number, rate: number): Int16Array {
  const n = Math.ceil((durationMs / 1000) * rate);
  const out = new Float32Array(n);
  const f1 = new Resonator();
  const f2 = new Resonator();
  const f3 = new Resonator();
  const fricative = new Resonator();
  const noise = noiseSource(n * 2654435761);
  const baseF0 = 85 + pitch * 1.8;
  let phase = 0;
  let prevFlow = 0;
  let formants: [number, number, number] = [500, 1500, 2500];
  let amp = 0;
  let noiseAmp = 0;
  for (const seg of segments) {
    const s0 = Math.floor((seg.startMs / 1000) * rate);
    const s1 = Math.min(n, Math.floor(((seg.startMs + seg.durationMs) / 1000) * rate));
    const len = Math.max(1, s1 - s0);
    const snd = seg.sound;
    for (let i = s0; i < s1; i++) {
      const u = (i - s0) / len;
      // Targets for this sample.
      let target: readonly [number, number, number] = formants;
      let voiceTarget = 0;
      let noiseTarget = 0;
      let noiseHz = 3000;
      if (snd) {
        target = snd.fEnd ? ([0, 1, 2].map((k) => snd.f[k] + (snd.fEnd![k] - snd.f[k]) * u) as unknown as [number, number, number]) : snd.f;
        voiceTarget = snd.gain;
        noiseHz = snd.noiseHz ?? 3000;
        noiseTarget = snd.noiseGain ?? 0;
        if (snd.kind === 'stop') {
          // Closure (silent or a faint voice bar), then a short burst and aspiration.
          const burst = u > 0.7;
          voiceTarget = burst ? 0.15 : snd.gain;
          noiseTarget = burst ? (snd.noiseGain ?? 0.3) : 0;
        }
        if (seg.stressed) voiceTarget *= 1.15;
      }
      // Glide formants (~15 ms) and loudness (~8 ms) towards the targets: smooth transitions, no clicks.
      const fg = 1 - Math.exp(-1 / (0.015 * rate));
      const ag = 1 - Math.exp(-1 / (0.008 * rate));
      formants = [0, 1, 2].map((k) => formants[k] + (target[k] - formants[k]) * fg) as [number, number, number];
      amp += (voiceTarget - amp) * ag;
      noiseAmp += (noiseTarget - noiseAmp) * ag;
      // Pitch: falling declination over the utterance, a lift on stressed vowels, a rise at a question's end, slight vibrato.
      const tSec = i / rate;
      const decl = 1 - 0.18 * (i / n);
      const lift = seg.stressed ? 1 + 0.12 * Math.sin(Math.PI * u) : 1;
      const rise = seg.question ? 1 + 0.3 * u : 1;
      const f0 = baseF0 * decl * lift * rise * (1 + 0.01 * Math.sin(2 * Math.PI * 5.5 * tSec));
      phase += f0 / rate;
      if (phase >= 1) phase -= 1;
      // Rosenberg glottal flow; its derivative excites the vocal tract.
      const flow = phase < 0.4 ? 0.5 * (1 - Math.cos((Math.PI * phase) / 0.4)) : phase < 0.56 ? Math.cos((Math.PI * (phase - 0.4)) / 0.32) : 0;
      const source = (flow - prevFlow) * 12;
      prevFlow = flow;
      const aspiration = snd && snd.kind === 'aspirate' ? noise() * noiseAmp * 4 : 0;
      let y = f3.step(f2.step(f1.step(source * amp + aspiration, formants[0], 60, rate), formants[1], 90, rate), formants[2], 150, rate);
      if (noiseAmp > 1e-4 && !(snd && snd.kind === 'aspirate')) y += fricative.step(noise(), noiseHz, 1500, rate) * noiseAmp * 3;
      out[i] = y;
    }
  }
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(out[i]));
  const gain = peak > 0 ? 0.7 / peak : 0;
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = Math.round(Math.max(-1, Math.min(1, out[i] * gain)) * 32767);
  return pcm;
}

/** Variant names (`en-us+f3`, `+m2`) shift the pitch so fallback voices differ like eSpeak's do. */
function variantPitchOffset(voice: string | undefined): number {
  const m = /\+([fm])(\d)/.exec(voice ?? '');
  if (!m) return 0;
  return m[1] === 'f' ? 12 + Number(m[2]) * 3 : -12 - Number(m[2]) * 2;
}

export function createFallbackSynthesizer(): SpeechSynthesizer {
  return {
    name: 'fallback-formant',
    async synthesize(text: string, options: SynthesisOptions = {}): Promise<Synthesis> {
      const rate = options.rate ?? 175;
      const pitch = Math.max(0, Math.min(99, (options.pitch ?? 50) + variantPitchOffset(options.voice)));
      const { segments, words, durationMs } = planUtterance(text, rate);
      const samples = render(segments, durationMs, pitch, SAMPLE_RATE);
      const phonemes: SynthPhoneme[] = segments.map((s) => ({
        ipa: s.sound ? (s.stressed ? `ˈ${s.sound.ipa}` : s.sound.ipa) : '',
        startMs: s.startMs,
        durationMs: s.durationMs,
      }));
      return { samples, sampleRate: SAMPLE_RATE, durationMs: (samples.length / SAMPLE_RATE) * 1000, words, phonemes };
    },
  };
}
