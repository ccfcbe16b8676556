/**
 * Benchmark-side phonetics: eSpeak IPA phoneme names → the §3.3 vowel classes, ground-truth openness, closure
 * and stop flags, and → Azure viseme ids (for the "server visemes" condition). Bench code only: the engine never
 * sees IPA.
 */
import type { MouthKey } from '../../src/lipsync/types.js';

export type GtClass = MouthKey | 'PP' | 'cons' | 'sil';

/** Per-class openness of §3.3 (aa 1, oh .75, ee .55, ih/ou .35, consonant .25, PP/sil 0). */
export const GT_OPENNESS: Readonly<Record<GtClass, number>> = {
  aa: 1, oh: 0.75, ee: 0.55, ih: 0.35, ou: 0.35, cons: 0.25, PP: 0, sil: 0,
};

/** Method openness from its five weights, same per-class factors. */
export function weightsOpenness(w: { aa: number; ih: number; ou: number; ee: number; oh: number }): number {
  return w.aa * 1 + w.oh * 0.75 + w.ee * 0.55 + w.ih * 0.35 + w.ou * 0.35;
}

const VOWEL_CLASS: Readonly<Record<string, MouthKey>> = {
  'æ': 'aa', 'ʌ': 'aa', 'ɐ': 'aa', 'ɑ': 'aa', 'a': 'aa',
  'ɛ': 'ee', 'e': 'ee', 'ə': 'ee', 'ɚ': 'ee', 'ɜ': 'ee', 'ɝ': 'ee',
  'i': 'ih', 'ɪ': 'ih', 'ᵻ': 'ih', 'ɨ': 'ih',
  'ɔ': 'oh', 'ɒ': 'oh', 'o': 'oh',
  'u': 'ou', 'ʊ': 'ou',
};

const PP = new Set(['p', 'b', 'm']);
const STOPS = new Set(['p', 'b', 't', 'd', 'k', 'ɡ', 'g', 'tʃ', 'dʒ', 'ʔ']);
const AFFRICATES = ['tʃ', 'dʒ'];

export interface IpaComponent {
  sym: string;
  cls: GtClass;
}

/** Splits one eSpeak phoneme name (e.g. "ˈaɪɚ", "ɑːɹ", "tʃ", "") into symbols with their class. */
export function ipaComponents(ipa: string): IpaComponent[] {
  const s = ipa.normalize('NFD').replace(/[ˈˌːˑ]|[\u0300-\u036f]/gu, '');
  if (!s) return [{ sym: '', cls: 'sil' }];
  const out: IpaComponent[] = [];
  let i = 0;
  while (i < s.length) {
    const aff = AFFRICATES.find((a) => s.startsWith(a, i));
    if (aff) {
      out.push({ sym: aff, cls: 'cons' });
      i += aff.length;
      continue;
    }
    const ch = s[i];
    const v = VOWEL_CLASS[ch];
    if (v) out.push({ sym: ch, cls: v });
    else out.push({ sym: ch, cls: PP.has(ch) ? 'PP' : 'cons' });
    i++;
  }
  return out;
}

export function isStop(ipa: string): boolean {
  const c = ipaComponents(ipa);
  return c.length > 0 && STOPS.has(c[0].sym);
}

// ---- Azure viseme ids (voice-live-protocol.md §9.2) from IPA, written for the benchmark ---------------------

const AZURE_DIPHTHONG: ReadonlyArray<[string, number]> = [
  ['aʊ', 9], ['ɔɪ', 10], ['aɪ', 11], ['eɪ', 4], ['oʊ', 8], ['əʊ', 8], ['tʃ', 16], ['dʒ', 16],
];
const AZURE_SINGLE: Readonly<Record<string, number>> = {
  'æ': 1, 'ə': 1, 'ʌ': 1, 'ɐ': 1, 'ɑ': 2, 'a': 2, 'ɔ': 3, 'ɒ': 3, 'ɛ': 4, 'e': 4, 'ʊ': 4, 'ɜ': 5, 'ɝ': 5, 'ɚ': 5,
  'j': 6, 'i': 6, 'ɪ': 6, 'ᵻ': 6, 'w': 7, 'u': 7, 'o': 8, 'h': 12, 'ɹ': 13, 'r': 13, 'l': 14, 's': 15, 'z': 15,
  'ʃ': 16, 'ʒ': 16, 'ð': 17, 'θ': 19, 'f': 18, 'v': 18, 'd': 19, 't': 19, 'n': 19, 'ɾ': 19, 'ʔ': 19, 'k': 20,
  'g': 20, 'ɡ': 20, 'ŋ': 20, 'p': 21, 'b': 21, 'm': 21, 'x': 12,
};

/** Azure viseme ids of one phoneme, in order (a pause is [0]). */
export function ipaToAzure(ipa: string): number[] {
  const s = ipa.normalize('NFD').replace(/[ˈˌːˑ]|[\u0300-\u036f]/gu, '');
  if (!s) return [0];
  const out: number[] = [];
  let i = 0;
  while (i < s.length) {
    const d = AZURE_DIPHTHONG.find(([seq]) => s.startsWith(seq, i));
    if (d) {
      out.push(d[1]);
      i += d[0].length;
      continue;
    }
    out.push(AZURE_SINGLE[s[i]] ?? 1);
    i++;
  }
  return out;
}
