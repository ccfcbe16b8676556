/**
 * Peers that need no package code: ChatVRM's volume mouth (pixiv/ChatVRM features/lipSync, archived; the
 * published formula reimplemented here) and TalkingHead's text path (its npm LipsyncEn rules, scheduled with
 * the envelope its speakAudio documents), from word timestamps or from Azure visemes.
 */
import { addOculus, AZURE_OCULUS, FRAME_MS, frameCount, PEER_RATE, zero, type Weights } from './common.js';

/**
 * ChatVRM: peak |x| over the last 2048 samples, "cooked" as 1/(1+e^(−45v+5)), zero below 0.1, driving `aa`
 * at ×0.5 (the neutral-expression factor).
 */
export function chatVrm(audio48: Float32Array): Weights[] {
  const out: Weights[] = [];
  const n = frameCount(audio48.length, PEER_RATE);
  for (let k = 0; k < n; k++) {
    const end = Math.min(audio48.length, Math.round((k * FRAME_MS * PEER_RATE) / 1000));
    let peak = 0;
    for (let i = Math.max(0, end - 2048); i < end; i++) peak = Math.max(peak, Math.abs(audio48[i]));
    let v = 1 / (1 + Math.exp(-45 * peak + 5));
    if (v < 0.1) v = 0;
    const w = zero();
    w.aa = 0.5 * v;
    out.push(w);
  }
  return out;
}

interface LipsyncEnLike {
  preProcessText(s: string): string;
  wordsToVisemes(w: string): { visemes: string[]; times: number[]; durations: number[] };
}

let lipsyncEn: LipsyncEnLike | undefined;

async function loadLipsyncEn(): Promise<LipsyncEnLike> {
  if (!lipsyncEn) {
    const spec = '@met4citizen/talkinghead/modules/lipsync-en.mjs';
    const mod = (await import(spec)) as { LipsyncEn: new () => LipsyncEnLike };
    lipsyncEn = new mod.LipsyncEn();
  }
  return lipsyncEn;
}

interface Key {
  viseme: string;
  ts: [number, number, number];
  level: number;
}

function renderKeys(keys: readonly Key[], frames: number): Weights[] {
  const out: Weights[] = [];
  for (let k = 0; k < frames; k++) {
    const t = k * FRAME_MS;
    // Per viseme, the strongest active envelope (later animations on the same morph take over in TalkingHead;
    // the maximum is the closest frame-independent reading).
    const value = new Map<string, number>();
    for (const key of keys) {
      const [a, b, c] = key.ts;
      if (t <= a || t >= c) continue;
      const v = t < b ? (key.level * (t - a)) / (b - a) : (key.level * (c - t)) / (c - b);
      value.set(key.viseme, Math.max(value.get(key.viseme) ?? 0, v));
    }
    const w = zero();
    for (const [vis, v] of value) addOculus(w, vis, v);
    out.push(w);
  }
  return out;
}

/** TalkingHead word mode: LipsyncEn visemes of each timed word, with its envelope and level. */
export async function talkingHeadWords(words: ReadonlyArray<{ text: string; startMs: number; durationMs: number }>, frames: number): Promise<Weights[]> {
  const en = await loadLipsyncEn();
  const keys: Key[] = [];
  for (const word of words) {
    const val = en.wordsToVisemes(en.preProcessText(word.text));
    if (!val.visemes.length) continue;
    const n = val.visemes.length;
    const dTotal = val.times[n - 1] + val.durations[n - 1];
    let duration = word.durationMs;
    const overdrive = Math.min(duration, Math.max(0, duration - n * 150));
    const level = 0.6 + (overdrive / duration) * 0.4;
    duration = Math.min(duration, n * 200);
    if (dTotal <= 0) continue;
    for (let j = 0; j < n; j++) {
      const t = word.startMs + (val.times[j] / dTotal) * duration;
      const d = (val.durations[j] / dTotal) * duration;
      const vis = val.visemes[j];
      keys.push({
        viseme: vis,
        ts: [t - Math.min(60, (2 * d) / 3), t + Math.min(25, d / 2), t + d + Math.min(60, d / 2)],
        level: vis === 'PP' || vis === 'FF' ? 0.9 : level,
      });
    }
  }
  return renderKeys(keys, frames);
}

/** TalkingHead viseme mode: Azure ids → Oculus, duration to the next cue (≥ 40 ms), its viseme envelope. */
export function talkingHeadVisemes(cues: ReadonlyArray<{ offset: number; id: number }>, frames: number): Weights[] {
  const keys: Key[] = [];
  for (let i = 0; i < cues.length; i++) {
    const t = cues[i].offset;
    const d = Math.max(40, (i + 1 < cues.length ? cues[i + 1].offset : t + 100) - t);
    const vis = AZURE_OCULUS[cues[i].id] ?? 'sil';
    keys.push({ viseme: vis, ts: [t - (2 * d) / 3, t + d / 2, t + d + d / 2], level: vis === 'PP' || vis === 'FF' ? 0.9 : 0.6 });
  }
  return renderKeys(keys, frames);
}
