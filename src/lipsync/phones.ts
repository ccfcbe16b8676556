/**
 * The engine's phone inventory (ARPAbet-like names) and what each one does to a VRM mouth. Every text source
 * (grapheme→phone rules, word timestamps, alignment) ends here; server visemes map onto the same targets
 * (azure-visemes.ts), so fusion and smoothing see one representation. Pure data, built lazily.
 */
import type { MouthWeights } from './types.js';

export type Phone =
  // Monophthongs.
  | 'AA' | 'AE' | 'AH' | 'AX' | 'AO' | 'EH' | 'ER' | 'IH' | 'IY' | 'UH' | 'UW'
  // Diphthongs: two mouth targets.
  | 'OW' | 'EY' | 'AY' | 'AW' | 'OY'
  // Consonants.
  | 'P' | 'B' | 'M' | 'F' | 'V' | 'TH' | 'DH' | 'S' | 'Z' | 'SH' | 'ZH' | 'CH' | 'JH'
  | 'T' | 'D' | 'N' | 'L' | 'R' | 'K' | 'G' | 'NG' | 'HH' | 'W' | 'Y'
  // Text we cannot read as English (other scripts): a vowel / consonant of unknown quality.
  | 'V?' | 'C?';

/**
 * Broad acoustic classes: what the aligner can tell apart from energy and spectrum alone.
 * `stop` has a closure (near silence) then a release.
 */
export type PhoneClass = 'vowel' | 'glide' | 'liquid' | 'nasal' | 'sibilant' | 'fricative' | 'aspirate' | 'stop';

/** One mouth target. `jaw` scales how far the audio's energy may open the mouth for it. */
export interface MouthTarget extends MouthWeights {
  /** 0..1: multiplies the energy-driven openness (vowels 1, most consonants much less). */
  jaw: number;
  /** Lips pressed together (p b m): forced closed, never smoothed away. */
  closed: boolean;
  /** How strongly this target holds its shape against neighbours in coarticulation (0..1). */
  dominance: number;
}

export interface PhoneInfo {
  cls: PhoneClass;
  voiced: boolean;
  /** Typical duration relative to an average phone (~75 ms at conversational rate). */
  duration: number;
  /** One target, or two for diphthongs (the first holds ~55 % of the duration). */
  targets: readonly MouthTarget[];
}

function t(w: Partial<MouthWeights>, jaw = 1, dominance = 1, closed = false): MouthTarget {
  return { aa: w.aa ?? 0, ih: w.ih ?? 0, ou: w.ou ?? 0, ee: w.ee ?? 0, oh: w.oh ?? 0, jaw, closed, dominance };
}

export const CLOSED_TARGET: Readonly<MouthTarget> = Object.freeze(t({}, 0, 1, true));
/** Silence / pause: mouth at rest. */
export const REST_TARGET: Readonly<MouthTarget> = Object.freeze(t({}, 0, 0.6));

let table: Map<Phone, PhoneInfo> | undefined;

function build(): Map<Phone, PhoneInfo> {
  const m = new Map<Phone, PhoneInfo>();
  const vowel = (p: Phone, d: number, ...targets: MouthTarget[]) =>
    m.set(p, { cls: 'vowel', voiced: true, duration: d, targets });
  const cons = (p: Phone, cls: PhoneClass, voiced: boolean, d: number, target: MouthTarget) =>
    m.set(p, { cls, voiced, duration: d, targets: [target] });

  // Vowel shapes follow the VRM presets' meaning: aa open, ee spread-mid, ih spread-close, oh round-mid,
  // ou round-close. Schwa and r-coloured vowels are relaxed, mid.
  vowel('AA', 1.5, t({ aa: 1 }));
  vowel('AE', 1.5, t({ aa: 0.85, ee: 0.35 }));
  vowel('AH', 1.2, t({ aa: 0.8, oh: 0.25 }));
  vowel('AX', 0.8, t({ ee: 0.6, aa: 0.3 }, 0.8));
  vowel('AO', 1.5, t({ oh: 1 }));
  vowel('EH', 1.3, t({ ee: 1 }));
  vowel('ER', 1.3, t({ ee: 0.6, ou: 0.35 }, 0.85));
  vowel('IH', 1.1, t({ ih: 1 }));
  vowel('IY', 1.4, t({ ih: 1 }));
  vowel('UH', 1.1, t({ ou: 1 }));
  vowel('UW', 1.4, t({ ou: 1 }));
  vowel('OW', 1.6, t({ oh: 1 }), t({ ou: 0.9 }));
  vowel('EY', 1.6, t({ ee: 1 }), t({ ih: 0.9 }));
  vowel('AY', 1.8, t({ aa: 1 }), t({ ih: 0.85 }));
  vowel('AW', 1.8, t({ aa: 1 }), t({ ou: 0.9 }));
  vowel('OY', 1.8, t({ oh: 1 }), t({ ih: 0.85 }));
  vowel('V?', 1.3, t({ aa: 0.6, ee: 0.3 }));

  const closed = t({}, 0, 1, true);
  cons('P', 'stop', false, 1.1, closed);
  cons('B', 'stop', true, 0.9, closed);
  cons('M', 'nasal', true, 1.0, closed);
  cons('F', 'fricative', false, 1.1, t({ ih: 0.3 }, 0.25, 0.5));
  cons('V', 'fricative', true, 0.8, t({ ih: 0.3 }, 0.25, 0.5));
  cons('TH', 'fricative', false, 1.1, t({ ee: 0.4 }, 0.35, 0.3));
  cons('DH', 'fricative', true, 0.6, t({ ee: 0.4 }, 0.35, 0.3));
  cons('S', 'sibilant', false, 1.3, t({ ih: 0.6 }, 0.3, 0.35));
  cons('Z', 'sibilant', true, 1.0, t({ ih: 0.6 }, 0.3, 0.35));
  cons('SH', 'sibilant', false, 1.3, t({ ou: 0.6, ih: 0.2 }, 0.4, 0.6));
  cons('ZH', 'sibilant', true, 1.0, t({ ou: 0.6, ih: 0.2 }, 0.4, 0.6));
  cons('CH', 'stop', false, 1.3, t({ ou: 0.6, ih: 0.2 }, 0.4, 0.6));
  cons('JH', 'stop', true, 1.1, t({ ou: 0.6, ih: 0.2 }, 0.4, 0.6));
  cons('T', 'stop', false, 1.0, t({ ih: 0.4, ee: 0.2 }, 0.35, 0.2));
  cons('D', 'stop', true, 0.8, t({ ih: 0.4, ee: 0.2 }, 0.35, 0.2));
  cons('N', 'nasal', true, 0.9, t({ ih: 0.4, ee: 0.2 }, 0.35, 0.2));
  cons('L', 'liquid', true, 0.9, t({ aa: 0.4, ih: 0.2 }, 0.45, 0.25));
  cons('R', 'liquid', true, 0.9, t({ ou: 0.5 }, 0.4, 0.5));
  cons('K', 'stop', false, 1.1, t({ aa: 0.3, ee: 0.3 }, 0.35, 0.15));
  cons('G', 'stop', true, 0.9, t({ aa: 0.3, ee: 0.3 }, 0.35, 0.15));
  cons('NG', 'nasal', true, 1.0, t({ aa: 0.3, ee: 0.3 }, 0.35, 0.15));
  cons('HH', 'aspirate', false, 0.8, t({ aa: 0.4 }, 0.4, 0.05));
  cons('W', 'glide', true, 0.8, t({ ou: 1 }, 0.35, 0.8));
  cons('Y', 'glide', true, 0.7, t({ ih: 1 }, 0.4, 0.5));
  cons('C?', 'stop', false, 0.9, t({ ih: 0.3, ee: 0.2 }, 0.35, 0.2));
  return m;
}

export function phoneInfo(p: Phone): PhoneInfo {
  table ??= build();
  return table.get(p) as PhoneInfo;
}

export function isPhone(s: string): s is Phone {
  table ??= build();
  return table.has(s as Phone);
}

export function isVowel(p: Phone): boolean {
  return phoneInfo(p).cls === 'vowel';
}
