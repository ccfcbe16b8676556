/**
 * The one playback clock (architecture.md): "how many ms of which assistant item is being heard now".
 *
 * The playback worklet reports `{itemId, sample, frame, playing}` in its *rendering* timeline. What reaches the
 * ears lags that by the output latency, so the clock asks the context which frame is audible now
 * (`getOutputTimestamp()`, which already includes output latency; `currentTime − outputLatency − baseLatency`
 * where that is missing), subtracts `lipsync-offset-ms` (latency the browser does not know about, e.g.
 * Bluetooth), and looks the frame up in the recent reports. Mouth, captions/`vla-word` and barge-in truncation
 * all read this and nothing else.
 *
 * Pure: the audible-frame source is injected, so Node tests drive it with a fake timeline.
 */
import type { HeardPosition } from '../lipsync/types.js';
import type { PlaybackPosition } from './worklets/messages.js';

export interface AudibleFrameSource {
  /** Context frame being heard at `perfNow` (ms, performance.now() timebase). */
  audibleFrame(perfNow: number): number;
  readonly sampleRate: number;
}

const KEEP_S = 3;

export class PlaybackClock {
  readonly #source: AudibleFrameSource;
  #reports: PlaybackPosition[] = [];
  offsetMs: number;

  constructor(source: AudibleFrameSource, offsetMs = 0) {
    this.#source = source;
    this.offsetMs = offsetMs;
  }

  /** Feed every position report of the playback worklet, in order. */
  report(position: PlaybackPosition): void {
    const last = this.#reports[this.#reports.length - 1];
    if (last && position.frame < last.frame) {
      // Reports are in rendering order; an older frame means a new worklet: start over.
      this.#reports = [];
    }
    this.#reports.push(position);
    const horizon = position.frame - KEEP_S * this.#source.sampleRate;
    let drop = 0;
    while (drop < this.#reports.length - 1 && this.#reports[drop + 1].frame <= horizon) drop++;
    if (drop) this.#reports.splice(0, drop);
  }

  /** Forget all reports (stop, reconnect, a new playback node). */
  reset(): void {
    this.#reports = [];
  }

  /** The context frame heard at `perfNow`, with the user's offset applied. */
  heardFrame(perfNow: number): number {
    return this.#source.audibleFrame(perfNow) - (this.offsetMs / 1000) * this.#source.sampleRate;
  }

  now(perfNow: number): HeardPosition {
    return this.positionAtFrame(this.heardFrame(perfNow));
  }

  positionAtFrame(frame: number): HeardPosition {
    const reports = this.#reports;
    let i = reports.length - 1;
    while (i >= 0 && reports[i].frame > frame) i--;
    if (i < 0) return { itemId: null, ms: 0, playing: false };
    const r = reports[i];
    if (!r.itemId) return { itemId: null, ms: 0, playing: false };
    let sample = r.sample;
    if (r.playing) sample += ((frame - r.frame) * r.sampleRate) / this.#source.sampleRate;
    return { itemId: r.itemId, ms: (sample / r.sampleRate) * 1000, playing: r.playing };
  }

  /**
   * The frame at which the rendering timeline says playback went idle for good (the last report, if it is a
   * non-playing one), so callers can tell when the tail has actually been heard.
   */
  lastReport(): PlaybackPosition | undefined {
    return this.#reports[this.#reports.length - 1];
  }
}
