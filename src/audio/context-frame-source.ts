/**
 * The audible-frame source of a real AudioContext, for the PlaybackClock: `getOutputTimestamp()` tells which
 * context time is at the speaker now (output latency included); `currentTime − outputLatency − baseLatency`
 * stands in where it is missing.
 */
import type { AudibleFrameSource } from './playback-clock.js';

export function contextFrameSource(ctx: AudioContext): AudibleFrameSource {
  return {
    sampleRate: ctx.sampleRate,
    audibleFrame(perfNow: number): number {
      const ts = typeof ctx.getOutputTimestamp === 'function' ? ctx.getOutputTimestamp() : undefined;
      if (ts && ts.contextTime !== undefined && ts.performanceTime !== undefined && ts.performanceTime > 0) {
        const t = ts.contextTime + (perfNow - ts.performanceTime) / 1000;
        return t * ctx.sampleRate;
      }
      const latency = (ctx.outputLatency || 0) + (ctx.baseLatency || 0);
      return (ctx.currentTime - latency) * ctx.sampleRate;
    },
  };
}
