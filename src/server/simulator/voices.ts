/**
 * What a session voice means for the simulator: which synthesizer settings speak it, and whether the service
 * would send visemes and word timestamps for it (Azure TTS voices only, voice-live-protocol.md §9.1). Pure.
 */
import type { SynthesisOptions } from '../tts/espeak.js';

export interface VoiceProfile {
  /** Stable key for caches: two voices with the same key sound the same. */
  key: string;
  synthesis: Required<SynthesisOptions>;
  /** Azure TTS voices can send `response.audio_timestamp.*`. */
  wordTimestamps: boolean;
  /** Azure TTS voices can send `response.animation_viseme.*`; HD (DragonHD) voices reportedly don't. */
  visemes: boolean;
}

/** eSpeak variants that exist in the bundled voice data; a voice name picks one so voices sound different. */
const FEMALE_VARIANTS = ['f1', 'f2', 'f3', 'f4', 'f5'];
const MALE_VARIANTS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];

const OPENAI_VOICES: Readonly<Record<string, { variant: string; pitch: number; rate: number }>> = {
  alloy: { variant: 'f2', pitch: 50, rate: 175 },
  ash: { variant: 'm3', pitch: 40, rate: 170 },
  ballad: { variant: 'm2', pitch: 45, rate: 160 },
  coral: { variant: 'f3', pitch: 58, rate: 180 },
  echo: { variant: 'm1', pitch: 42, rate: 175 },
  sage: { variant: 'f4', pitch: 52, rate: 165 },
  shimmer: { variant: 'f5', pitch: 62, rate: 180 },
  verse: { variant: 'm5', pitch: 48, rate: 170 },
  marin: { variant: 'f1', pitch: 55, rate: 172 },
  cedar: { variant: 'm4', pitch: 38, rate: 168 },
};

/** First names of Azure neural voices, enough to pick a plausible register; others fall back to a hash. */
const FEMALE_NAMES = new Set(
  (
    'ava emma jenny aria sara nancy jane michelle ana amber ashley cora elizabeth monica libby sonia natasha clara ' +
    'katja xiaoxiao denise elsa francisca aarti diya meera ximena seraphina nova'
  ).split(' '),
);
const MALE_NAMES = new Set(
  ('andrew brian guy davis tony jason christopher eric roger steffan ryan thomas william conrad florian yunxi liam').split(' '),
);

/** eSpeak English voices per Azure locale; anything else speaks General American (replies are English). */
const LOCALE_VOICES: Readonly<Record<string, string>> = {
  'en-us': 'en-us',
  'en-gb': 'en-gb-x-rp',
  'en-au': 'en',
  'en-ie': 'en',
  'en-in': 'en',
  'en-ca': 'en-us',
  'en-jm': 'en-029',
};

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function voiceProfile(voice: unknown): VoiceProfile {
  const v = typeof voice === 'string' ? { type: 'openai', name: voice } : ((voice ?? {}) as Record<string, unknown>);
  const type = typeof v.type === 'string' ? v.type : 'openai';
  const name = typeof v.name === 'string' ? v.name : typeof v.model === 'string' ? v.model : '';
  if (type === 'openai') {
    const o = OPENAI_VOICES[name.toLowerCase()] ?? OPENAI_VOICES.alloy;
    const synthesis = { voice: `en-us+${o.variant}`, pitch: o.pitch, rate: o.rate };
    return { key: `openai:${name}`, synthesis, wordTimestamps: false, visemes: false };
  }
  // Azure names look like `en-US-AvaNeural`, `en-US-Ava:DragonHDLatestNeural`, `en-GB-SoniaNeural`.
  const m = /^([a-z]{2,3})-([A-Za-z]{2,4})-([A-Za-z]+)/.exec(name);
  const locale = m ? `${m[1]}-${m[2]}`.toLowerCase() : typeof v.locale === 'string' ? v.locale.toLowerCase() : 'en-us';
  const first = (m ? m[3] : name).replace(/(Multilingual)?Neural$/, '').toLowerCase();
  const h = hash(name || type);
  const female = FEMALE_NAMES.has(first) || (!MALE_NAMES.has(first) && h % 2 === 0);
  const variants = female ? FEMALE_VARIANTS : MALE_VARIANTS;
  const variant = variants[h % variants.length];
  const base = LOCALE_VOICES[locale] ?? 'en-us';
  const rate = Math.round(170 * prosodyRate(v.rate));
  const pitch = clamp(Math.round((female ? 55 : 42) + prosodyPitch(v.pitch)), 0, 99);
  const azureTts = type === 'azure-standard' || type === 'azure-custom';
  return {
    key: `${type}:${name}:${String(v.rate ?? '')}:${String(v.pitch ?? '')}`,
    synthesis: { voice: `${base}+${variant}`, rate: clamp(rate, 80, 450), pitch },
    wordTimestamps: azureTts,
    visemes: azureTts && !/DragonHD/i.test(name),
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

const RATE_WORDS: Readonly<Record<string, number>> = {
  'x-slow': 0.5,
  slow: 0.75,
  medium: 1,
  default: 1,
  fast: 1.35,
  'x-fast': 1.75,
};

/** SSML prosody rate (`"1.2"`, `"+20%"`, `"-10%"`, `"fast"`) → speed multiplier. */
export function prosodyRate(rate: unknown): number {
  if (typeof rate === 'number' && rate > 0) return clamp(rate, 0.5, 2);
  if (typeof rate !== 'string') return 1;
  const r = rate.trim().toLowerCase();
  if (r in RATE_WORDS) return RATE_WORDS[r];
  const pct = /^([+-]?\d+(?:\.\d+)?)%$/.exec(r);
  if (pct) return clamp(1 + Number(pct[1]) / 100, 0.5, 2);
  const n = Number(r);
  return Number.isFinite(n) && n > 0 ? clamp(n, 0.5, 2) : 1;
}

const PITCH_WORDS: Readonly<Record<string, number>> = {
  'x-low': -20,
  low: -10,
  medium: 0,
  default: 0,
  high: 10,
  'x-high': 20,
};

/** SSML prosody pitch (`"+10%"`, `"-2st"`, `"high"`, `"+50Hz"`) → offset on eSpeak's 0–99 pitch scale. */
export function prosodyPitch(pitch: unknown): number {
  if (typeof pitch !== 'string') return 0;
  const p = pitch.trim().toLowerCase();
  if (p in PITCH_WORDS) return PITCH_WORDS[p];
  const m = /^([+-]?\d+(?:\.\d+)?)(%|st|hz)$/.exec(p);
  if (!m) return 0;
  const n = Number(m[1]);
  // Rough: 1 % ≈ 0.5 step, 1 semitone ≈ 3 steps, 1 Hz ≈ 0.25 step of eSpeak's pitch scale.
  const steps = m[2] === '%' ? n * 0.5 : m[2] === 'st' ? n * 3 : n * 0.25;
  return clamp(steps, -40, 40);
}
