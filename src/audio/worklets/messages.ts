/**
 * Messages between the main thread and the two AudioWorklet processors. Types only (erased at build),
 * so the worklet bundles and the element agree without sharing runtime code.
 */
import type { SampleCodec } from '../codecs/formats.js';

// ---- capture ------------------------------------------------------------------------------------------

export interface CaptureOptions {
  /** Session input rate: 24000, 16000 or 8000. */
  targetRate: number;
  codec: SampleCodec;
  /** Frame length posted to the main thread (20–40 ms). */
  frameMs: number;
}

export type CaptureCommand =
  | ({ type: 'configure' } & CaptureOptions)
  | { type: 'mute'; muted: boolean }
  /** Push-to-talk release: post the partial frame now so the commit carries every sample. */
  | { type: 'flush' };

export type CaptureReport =
  | {
      type: 'frame';
      /** Encoded bytes in `codec` at `targetRate` (transferred, never copied). */
      data: ArrayBuffer;
      samples: number;
      /** Context time (s) at which the last sample of this frame was captured. */
      endTime: number;
      seq: number;
      /** Level of this frame (what early ducking for barge-in reads). */
      rms: number;
    }
  | { type: 'level'; rms: number; peak: number; time: number }
  /** The track delivers exact zeros: a muted device, a mic held by another app, a broken driver. */
  | { type: 'digital-silence'; ms: number }
  | { type: 'signal' };

// ---- playback -----------------------------------------------------------------------------------------

export type PlaybackCommand =
  | {
      type: 'push';
      itemId: string;
      /** Encoded audio as received (transferred). Decoded on the audio thread. */
      bytes: ArrayBuffer;
      codec: SampleCodec;
      sampleRate: number;
    }
  /** No more audio will come for this item (response.audio.done): its tail may drain. */
  | { type: 'end'; itemId: string }
  /** Barge-in: drop everything queued, fade out over `fadeMs`. */
  | { type: 'flush'; fadeMs: number }
  | { type: 'configure'; prebufferMs?: number; meter?: boolean };

export interface PlaybackPosition {
  itemId: string | null;
  /** Item samples (at the item's own rate) output up to `frame`. */
  sample: number;
  sampleRate: number;
  /** Context frame the report refers to (start of the block being rendered). */
  frame: number;
  playing: boolean;
}

export type PlaybackReport =
  | ({
      type: 'position';
      reason: 'start' | 'tick' | 'underrun' | 'resume' | 'end' | 'flush' | 'idle';
      /** RMS of the output rendered since the previous report (the echo reference of early ducking). */
      level: number;
    } & PlaybackPosition)
  /** Peak of each rendered block while `meter` is on (benchmarks, tests). */
  | { type: 'meter'; frame: number; peak: number };
