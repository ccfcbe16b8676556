/**
 * IPA phonemes → Azure viseme ids 0–21 (voice-live-protocol.md §9.2), and the viseme track of one synthesized
 * utterance. Pure.
 *
 * A synthesizer phoneme can hold several sounds (`əl`, `ˈɛɹ`), so each is split into segments: diphthongs and
 * affricates first (they are one mouth shape in Azure's table), then single symbols. Stress, length and
 * combining diacritics carry no mouth shape and are dropped.
 */
import type { SynthPhoneme } from '../tts/espeak.js';

/** Multi-symbol units that Azure treats as one viseme. Longest first. */
const CLUSTERS: ReadonlyArray<readonly [string, number]> = [
  ['aɪ', 11],
  ['aʊ', 9],
  ['ɔɪ', 10],
  ['oɪ', 10],
  ['oʊ', 8],
  ['əʊ', 8],
  ['eɪ', 4],
  ['ɛɪ', 4],
  ['tʃ', 16],
  ['dʒ', 16],
  ['ts', 15],
  ['dz', 15],
  ['ɪə', 6],
  ['eə', 4],
  ['ʊə', 4],
];

const SINGLE: Readonly<Record<string, number>> = {
  // Vowels.
  'æ': 1, 'ə': 1, 'ʌ': 1, 'ɐ': 1, 'ɘ': 1, 'a': 2, 'ɑ': 2, 'ɒ': 3, 'ɔ': 3,
  'ɛ': 4, 'e': 4, 'ʊ': 4, 'œ': 4, 'ɜ': 5, 'ɝ': 5, 'ɚ': 5,
  'i': 6, 'ɪ': 6, 'ɨ': 6, 'ᵻ': 6, 'ɯ': 6, 'j': 6,
  'u': 7, 'w': 7, 'y': 7, 'ʏ': 7, 'ʉ': 7, 'o': 8, 'ø': 8, 'ɵ': 8,
  // Consonants.
  'h': 12, 'ɦ': 12, 'x': 12, 'ç': 12, 'χ': 12,
  'ɹ': 13, 'r': 13, 'ɾ': 19, 'ʁ': 13, 'ʀ': 13, 'ɻ': 13,
  'l': 14, 'ɫ': 14, 'ɬ': 14, 'ʎ': 14,
  's': 15, 'z': 15,
  'ʃ': 16, 'ʒ': 16, 'ɕ': 16, 'ʑ': 16,
  'ð': 17,
  'f': 18, 'v': 18, 'ʋ': 18, 'ɸ': 18,
  'd': 19, 't': 19, 'n': 19, 'θ': 19, 'ʔ': 19, 'ɲ': 19, 'ɳ': 19, 'ɖ': 19, 'ʈ': 19,
  'k': 20, 'g': 20, 'ɡ': 20, 'ŋ': 20, 'q': 20, 'ɣ': 20, 'c': 20, 'ɟ': 20,
  'p': 21, 'b': 21, 'm': 21, 'β': 21, 'ɱ': 18,
};

/** Stress and length marks, tie bars and syllable dots; combining diacritics (\p{M}) are removed separately. */
const IGNORED = /[ˈˌːˑ.‿'",%=_|]/g;

/** The viseme ids of one phoneme string, in order. An empty string (a pause) is `[0]`. */
export function ipaToVisemeIds(ipa: string): number[] {
  const s = ipa.replace(/\p{M}/gu, '').replace(IGNORED, '').replace(/\s+/g, '');
  if (!s) return [0];
  const out: number[] = [];
  let i = 0;
  while (i < s.length) {
    const cluster = CLUSTERS.find(([seq]) => s.startsWith(seq, i));
    if (cluster) {
      out.push(cluster[1]);
      i += cluster[0].length;
      continue;
    }
    // Iterate by code point so astral symbols don't split.
    const ch = String.fromCodePoint(s.codePointAt(i) as number);
    const id = SINGLE[ch];
    // An unknown symbol is most likely a vowel variant: a neutral open mouth beats closing it mid-word.
    out.push(id ?? 1);
    i += ch.length;
  }
  return out;
}

export interface VisemeCue {
  viseme_id: number;
  audio_offset_ms: number;
}

const STOPS = new Set([19, 20, 21]);
const STOP_SYMBOLS = /^[ˈˌ]*[pbtdkgɡ]/;

/**
 * Builds the cue list of an utterance: one cue per change of mouth shape, starting with silence (0) at 0 ms.
 *
 * eSpeak reports a stop consonant at its release, but the lips close (p/b) or the tongue seals (t/d/k/g) at
 * the start of the silent closure before it. When the audio is given, each stop's cue is moved back over that
 * closure (frames well below the utterance's peak level), so the mouth shape lines up with what is heard.
 */
export function visemeCues(
  phonemes: readonly SynthPhoneme[],
  durationMs: number,
  audio?: { samples: ArrayLike<number>; sampleRate: number },
): VisemeCue[] {
  const segments: Array<{ id: number; start: number }> = [];
  const quiet = audio ? quietFrames(audio.samples, audio.sampleRate) : undefined;
  for (const p of phonemes) {
    const ids = ipaToVisemeIds(p.ipa);
    const step = p.durationMs / ids.length;
    let start = p.startMs;
    if (quiet && STOP_SYMBOLS.test(p.ipa) && STOPS.has(ids[0])) {
      const prev = segments[segments.length - 1];
      const floor = prev ? prev.start + 20 : 0;
      let t = p.startMs;
      while (t - FRAME_MS >= floor && t - p.startMs > -120 && quiet(t - FRAME_MS)) t -= FRAME_MS;
      start = t;
    }
    ids.forEach((id, k) => segments.push({ id, start: k === 0 ? start : p.startMs + k * step }));
  }
  const cues: VisemeCue[] = [{ viseme_id: 0, audio_offset_ms: 0 }];
  for (const seg of segments) {
    const at = Math.max(0, Math.min(Math.round(seg.start), Math.floor(durationMs)));
    const last = cues[cues.length - 1];
    if (at <= last.audio_offset_ms) {
      // Same instant: the later shape wins (the earlier one would never be visible).
      last.viseme_id = seg.id;
      if (cues.length > 1 && cues[cues.length - 2].viseme_id === seg.id) cues.pop();
      continue;
    }
    if (seg.id !== last.viseme_id) cues.push({ viseme_id: seg.id, audio_offset_ms: at });
  }
  // The mouth closes when the audio ends, even if the synthesizer reported no trailing pause.
  const lastPhoneme = phonemes[phonemes.length - 1];
  const speechEnd = lastPhoneme ? lastPhoneme.startMs + lastPhoneme.durationMs : 0;
  const endAt = Math.min(Math.round(speechEnd), Math.floor(durationMs));
  if (cues[cues.length - 1].viseme_id !== 0 && endAt > cues[cues.length - 1].audio_offset_ms) {
    cues.push({ viseme_id: 0, audio_offset_ms: endAt });
  }
  return cues;
}

const FRAME_MS = 5;

/** A predicate "is the 5 ms frame starting at t ms quiet?" (35 dB below the utterance's loudest frame). */
function quietFrames(samples: ArrayLike<number>, sampleRate: number): (tMs: number) => boolean {
  const frame = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
  const n = Math.ceil(samples.length / frame);
  const energy = new Float64Array(n);
  let peak = 0;
  for (let f = 0; f < n; f++) {
    let sum = 0;
    const end = Math.min(samples.length, (f + 1) * frame);
    for (let i = f * frame; i < end; i++) sum += samples[i] * samples[i];
    energy[f] = sum / Math.max(1, end - f * frame);
    if (energy[f] > peak) peak = energy[f];
  }
  const limit = peak * 10 ** (-35 / 10);
  return (tMs) => {
    const f = Math.floor(tMs / FRAME_MS);
    return f >= 0 && f < n && energy[f] <= limit;
  };
}
