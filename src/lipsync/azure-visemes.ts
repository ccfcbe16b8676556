/**
 * Track C: Azure viseme ids (0–21, voice-live-protocol.md §9.2) → mouth targets, and the segments of an item's
 * `response.animation_viseme.delta` stream. Offsets are ms of item audio; each viseme lasts until the next one
 * (at least 40 ms); diphthongs 9/10/11 split into two targets. Pure.
 */
import { phoneInfo, CLOSED_TARGET, REST_TARGET, type MouthTarget, type Phone } from './phones.js';
import type { Segment } from './text-track.js';

export const MIN_VISEME_MS = 40;
/** How long the last viseme of a still-open stream is assumed to last. */
export const LAST_VISEME_MS = 120;

/**
 * Each id borrows the targets of a representative phone, so text and server visemes look alike on the avatar.
 * Id 1 (æ ə ʌ) is ambiguous between an open /æ ʌ/ and a mid schwa; it gets its own blend.
 */
const ID_PHONE: ReadonlyArray<Phone | null> = [
  null, // 0 silence
  null, // 1 æ ə ʌ (own target below)
  'AA', // 2 ɑ
  'AO', // 3 ɔ
  'EH', // 4 ɛ ʊ eɪ
  'ER', // 5 ɝ
  'IY', // 6 j i ɪ
  'UW', // 7 w u
  'OW', // 8 o (first target only: /o/)
  'AW', // 9 aʊ (two targets)
  'OY', // 10 ɔɪ
  'AY', // 11 aɪ
  'HH', // 12 h
  'R', // 13 ɹ
  'L', // 14 l
  'S', // 15 s z
  'SH', // 16 ʃ tʃ dʒ ʒ
  'DH', // 17 ð
  'F', // 18 f v
  'T', // 19 d t n θ
  'K', // 20 k g ŋ
  'P', // 21 p b m
];

let id1: MouthTarget | undefined;

/** The mouth targets of one viseme id (two for diphthongs); unknown ids are treated as a neutral vowel. */
export function visemeTargets(id: number): readonly MouthTarget[] {
  if (id === 0) return [REST_TARGET];
  if (id === 21) return [CLOSED_TARGET];
  if (id === 1 || !Number.isInteger(id) || id < 0 || id > 21) {
    id1 ??= Object.freeze({ aa: 0.7, ih: 0, ou: 0, ee: 0.55, oh: 0, jaw: 0.9, closed: false, dominance: 1 });
    return [id1];
  }
  const info = phoneInfo(ID_PHONE[id] as Phone);
  // Id 8 is /o/ alone (Azure's "ow" shape); keep its first, rounder-open target only.
  if (id === 8) return [info.targets[0]];
  return info.targets;
}

export interface VisemeCue {
  offsetMs: number;
  id: number;
}

/**
 * Segments of a viseme stream (cues sorted by offset). `endMs` closes the last cue: the item's audio end when
 * known, else the last offset + LAST_VISEME_MS.
 */
export function visemeSegments(cues: readonly VisemeCue[], endMs?: number): Segment[] {
  const out: Segment[] = [];
  for (let i = 0; i < cues.length; i++) {
    const c = cues[i];
    const nextStart = i + 1 < cues.length ? cues[i + 1].offsetMs : (endMs ?? c.offsetMs + LAST_VISEME_MS);
    const end = Math.max(c.offsetMs + MIN_VISEME_MS, nextStart);
    const targets = visemeTargets(c.id);
    if (targets.length === 2) {
      const mid = c.offsetMs + (end - c.offsetMs) * 0.55;
      out.push({ startMs: c.offsetMs, endMs: mid, target: targets[0], label: `v${c.id}` });
      out.push({ startMs: mid, endMs: end, target: targets[1], label: `v${c.id}` });
    } else {
      out.push({ startMs: c.offsetMs, endMs: end, target: targets[0], label: `v${c.id}` });
    }
  }
  return out;
}
