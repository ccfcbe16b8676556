/** Shared by the peer runners: the Oculus-15 → VRM mapping of lipsync.md §1.7 and frame bookkeeping. */
import type { MouthWeights } from '../../../src/lipsync/types.js';

export const PEER_RATE = 48000;
export const FRAME_MS = 10;

export type Weights = MouthWeights;

export const zero = (): Weights => ({ aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 });

/** Oculus viseme name (without the `viseme_` prefix) → VRM weights, as in lipsync.md §1.7. */
export const OCULUS_VRM: Readonly<Record<string, Partial<Weights>>> = {
  sil: {},
  PP: {},
  FF: { ih: 0.2 },
  TH: { ee: 0.25 },
  DD: { ih: 0.25, ee: 0.15 },
  kk: { aa: 0.2, ee: 0.2 },
  CH: { ou: 0.45, ih: 0.15 },
  SS: { ih: 0.35 },
  nn: { aa: 0.25, ih: 0.15 },
  RR: { ou: 0.35 },
  aa: { aa: 1 },
  E: { ee: 1 },
  I: { ih: 1 },
  O: { oh: 1 },
  U: { ou: 1 },
};

/** Adds `value` × the viseme's VRM weights into `w` (clamped to 1 per preset). */
export function addOculus(w: Weights, viseme: string, value: number): void {
  const m = OCULUS_VRM[viseme.replace(/^viseme_/, '')];
  if (!m) return;
  for (const k of ['aa', 'ih', 'ou', 'ee', 'oh'] as const) if (m[k]) w[k] = Math.min(1, w[k] + value * (m[k] as number));
}

/** Azure viseme id → Oculus viseme (the usual mapping, as in TalkingHead's Azure example; written here). */
export const AZURE_OCULUS = ['sil', 'aa', 'aa', 'O', 'E', 'RR', 'I', 'U', 'O', 'O', 'O', 'I', 'kk', 'RR', 'nn', 'SS', 'CH', 'TH', 'FF', 'DD', 'kk', 'PP'];

export function frameCount(samples: number, rate: number): number {
  return Math.ceil(((samples / rate) * 1000) / FRAME_MS);
}
