/**
 * Energy-based voice activity detection, standing in for the service's `server_vad` (and, lacking a language
 * model, for its semantic variants too). Pure and streaming: feed decoded mono samples in any chunk size.
 *
 * `threshold` (0..1) maps linearly onto frame loudness: threshold t ⇒ speech when a 10 ms frame's RMS level
 * is at least `-60 + 40·t` dBFS (0 → -60 dBFS, 0.5 → -40 dBFS, 1 → -20 dBFS). Normal speech at a sensible
 * microphone gain sits around -30…-15 dBFS; room noise well below -50. Once speech has started, frames down to
 * 6 dB under the threshold still count as speech (hysteresis), so quiet consonants don't end a turn.
 *
 * A turn starts after `speech_duration_ms` of loud frames (gaps up to 100 ms allowed while confirming);
 * `audio_start_ms` is where the loud frames began minus `prefix_padding_ms`. It ends after
 * `silence_duration_ms` of quiet frames; `audio_end_ms` is the end of that silence.
 */
import type { TurnDetection } from '../../protocol/session.js';

export interface VadParams {
  thresholdDb: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
  speechDurationMs: number;
}

export type VadEvent = { type: 'speech_started'; audioStartMs: number } | { type: 'speech_stopped'; audioEndMs: number };

export const FRAME_MS = 10;
const HYSTERESIS_DB = 6;
const MAX_CONFIRM_GAP_MS = 100;
const SEMANTIC_SILENCE_MS: Readonly<Record<string, number>> = { low: 1200, auto: 700, medium: 700, high: 350 };

export function thresholdToDbfs(threshold: number): number {
  return -60 + 40 * threshold;
}

/** The VAD settings a session's `turn_detection` implies (defaults for fields it leaves out). */
export function vadParams(td: TurnDetection): VadParams {
  const semanticOpenAi = td.type === 'semantic_vad';
  const azureSemantic = td.type.startsWith('azure_semantic');
  return {
    thresholdDb: thresholdToDbfs(td.threshold ?? 0.5),
    prefixPaddingMs: td.prefix_padding_ms ?? (azureSemantic ? 420 : semanticOpenAi ? 300 : 400),
    silenceDurationMs: td.silence_duration_ms ?? (semanticOpenAi ? SEMANTIC_SILENCE_MS[td.eagerness ?? 'auto'] : 500),
    speechDurationMs: td.speech_duration_ms ?? (azureSemantic ? 80 : 200),
  };
}

export class EnergyVad {
  private params: VadParams;
  private readonly frameLen: number;
  private readonly sampleRate: number;
  private pending: Float32Array;
  private pendingLen = 0;
  /** ms of audio consumed so far (start of the next frame). */
  private nowMs: number;
  private state: 'idle' | 'confirming' | 'speech' = 'idle';
  private candidateStartMs = 0;
  private voicedMs = 0;
  private gapMs = 0;
  private silenceMs = 0;
  /** audio_start_ms never reaches back before this (the end of the previous committed turn). */
  private floorMs: number;

  constructor(sampleRate: number, params: VadParams, startMs = 0) {
    this.sampleRate = sampleRate;
    this.params = params;
    this.frameLen = Math.round((sampleRate * FRAME_MS) / 1000);
    this.pending = new Float32Array(this.frameLen);
    this.nowMs = startMs;
    this.floorMs = startMs;
  }

  get inSpeech(): boolean {
    return this.state === 'speech';
  }

  setParams(params: VadParams): void {
    this.params = params;
  }

  /** Forgets any turn in progress (buffer cleared or committed by hand). */
  reset(floorMs = this.nowMs + (this.pendingLen / this.sampleRate) * 1000): void {
    this.state = 'idle';
    this.floorMs = floorMs;
  }

  process(samples: Float32Array): VadEvent[] {
    const events: VadEvent[] = [];
    let i = 0;
    while (i < samples.length) {
      const take = Math.min(this.frameLen - this.pendingLen, samples.length - i);
      this.pending.set(samples.subarray(i, i + take), this.pendingLen);
      this.pendingLen += take;
      i += take;
      if (this.pendingLen === this.frameLen) {
        this.frame(this.pending, events);
        this.pendingLen = 0;
      }
    }
    return events;
  }

  private frame(frame: Float32Array, events: VadEvent[]): void {
    let sum = 0;
    for (let k = 0; k < frame.length; k++) sum += frame[k] * frame[k];
    const db = 10 * Math.log10(sum / frame.length + 1e-12);
    const start = this.nowMs;
    this.nowMs += FRAME_MS;
    const { thresholdDb, speechDurationMs, silenceDurationMs, prefixPaddingMs } = this.params;
    if (this.state === 'speech') {
      if (db >= thresholdDb - HYSTERESIS_DB) this.silenceMs = 0;
      else this.silenceMs += FRAME_MS;
      if (this.silenceMs >= silenceDurationMs) {
        this.state = 'idle';
        this.floorMs = this.nowMs;
        events.push({ type: 'speech_stopped', audioEndMs: Math.round(this.nowMs) });
      }
      return;
    }
    const loud = db >= thresholdDb;
    if (this.state === 'idle') {
      if (!loud) return;
      this.state = 'confirming';
      this.candidateStartMs = start;
      this.voicedMs = 0;
      this.gapMs = 0;
    }
    if (loud) {
      this.voicedMs += FRAME_MS;
      this.gapMs = 0;
    } else {
      this.gapMs += FRAME_MS;
      if (this.gapMs > MAX_CONFIRM_GAP_MS) this.state = 'idle';
      return;
    }
    if (this.voicedMs >= Math.max(FRAME_MS, speechDurationMs)) {
      this.state = 'speech';
      this.silenceMs = 0;
      const audioStartMs = Math.max(this.floorMs, this.candidateStartMs - prefixPaddingMs, 0);
      events.push({ type: 'speech_started', audioStartMs: Math.round(audioStartMs) });
    }
  }
}
