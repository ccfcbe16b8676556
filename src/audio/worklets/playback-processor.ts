/**
 * Assistant playback on the audio thread, and the only place that knows which sample is being rendered.
 *
 * - Starts on the first delta (no pre-roll: deltas arrive faster than real time), keeps a growable queue so
 *   bursts never overflow, and after an underrun waits for a small cushion before resuming (no stutter).
 * - Decodes every output format here (PCM16, µ-law, A-law at 24/16/8 kHz) and resamples each item to the
 *   context rate with the shared windowed-sinc converter. Output frame k of an item plays item sample
 *   k × itemRate / contextRate exactly, which is what makes the playback clock exact.
 * - Reports positions `{itemId, sample, frame, playing}` on every state change and every ~40 ms; the
 *   PlaybackClock on the main thread turns them into "ms of item audio heard now".
 * - A flush fades out within a few ms (no click) and forgets everything queued.
 */
import { StreamResampler } from '../codecs/resampler.js';
import { decodeSamples } from '../codecs/formats.js';
import type { PlaybackCommand, PlaybackReport } from './messages.js';

interface Segment {
  itemId: string;
  data: Float32Array;
  rate: number;
  pos: number;
}

interface CurrentItem {
  itemId: string;
  rate: number;
  resampler: StreamResampler;
  /** Context frames output for this item so far. */
  frames: number;
  /** Source samples handed to the resampler. */
  fed: number;
  tailFlushed: boolean;
  underrun: boolean;
}

const TICK_S = 0.04;
const FEED = 128;

class PlaybackProcessor extends AudioWorkletProcessor {
  private readonly queue: Segment[] = [];
  private readonly ended = new Set<string>();
  private current: CurrentItem | null = null;
  private stage = new Float32Array(1024);
  private stageStart = 0;
  private stageEnd = 0;
  private prebufferS = 0.06;
  private meter = false;
  // Output energy since the last position report (the echo reference of early ducking).
  private levelSum = 0;
  private levelCount = 0;
  private fadeTotal = 0;
  private fadeLeft = 0;
  private lastTickFrame = 0;
  private idle = true;
  private alive = true;

  constructor() {
    super();
    this.port.onmessage = (event) => this.onCommand(event.data as PlaybackCommand | { type: 'dispose' });
  }

  private report(r: PlaybackReport): void {
    this.port.postMessage(r);
  }

  private position(reason: Extract<PlaybackReport, { type: 'position' }>['reason'], frame: number, playing: boolean): void {
    const c = this.current;
    this.report({
      type: 'position',
      reason,
      itemId: c ? c.itemId : null,
      sample: c ? this.itemSample(c) : 0,
      sampleRate: c ? c.rate : sampleRate,
      frame,
      playing,
      level: this.levelCount > 0 ? Math.sqrt(this.levelSum / this.levelCount) : 0,
    });
    this.lastTickFrame = frame;
    this.levelSum = 0;
    this.levelCount = 0;
  }

  private itemSample(c: CurrentItem): number {
    return Math.min(c.fed, (c.frames * c.rate) / sampleRate);
  }

  private onCommand(cmd: PlaybackCommand | { type: 'dispose' }): void {
    switch (cmd.type) {
      case 'push': {
        const data = decodeSamples(cmd.codec, new Uint8Array(cmd.bytes));
        if (data.length) this.queue.push({ itemId: cmd.itemId, data, rate: cmd.sampleRate, pos: 0 });
        break;
      }
      case 'end':
        this.ended.add(cmd.itemId);
        break;
      case 'flush':
        if (this.current || this.queue.length) {
          this.fadeTotal = Math.max(1, Math.round((Math.max(0, cmd.fadeMs) / 1000) * sampleRate));
          this.fadeLeft = this.fadeTotal;
          // Only the current item may still sound, for the length of the fade.
          const keep = this.current?.itemId;
          for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i].itemId !== keep) this.queue.splice(i, 1);
        }
        break;
      case 'configure':
        if (cmd.prebufferMs !== undefined) this.prebufferS = Math.max(0, cmd.prebufferMs) / 1000;
        if (cmd.meter !== undefined) this.meter = cmd.meter;
        break;
      case 'dispose':
        this.alive = false;
        this.queue.length = 0;
        this.current = null;
        this.port.onmessage = null;
        break;
    }
  }

  /** Seconds of source audio queued for `itemId`. */
  private bufferedFor(itemId: string): number {
    let s = 0;
    for (const seg of this.queue) if (seg.itemId === itemId) s += (seg.data.length - seg.pos) / seg.rate;
    return s;
  }

  /** Moves up to FEED source samples of the current item through the resampler into the stage. */
  private refill(c: CurrentItem): boolean {
    const head = this.queue[0];
    if (head && head.itemId === c.itemId) {
      const n = Math.min(FEED, head.data.length - head.pos);
      const src = head.data.subarray(head.pos, head.pos + n);
      head.pos += n;
      c.fed += n;
      if (head.pos >= head.data.length) this.queue.shift();
      this.ensureStage(c.resampler.maxOutput(n));
      this.stageStart = 0;
      this.stageEnd = c.resampler.process(src, this.stage);
      return true;
    }
    const finished = this.ended.has(c.itemId) || (head !== undefined && head.itemId !== c.itemId);
    if (finished && !c.tailFlushed) {
      c.tailFlushed = true;
      this.ensureStage(c.resampler.maxOutput(0) * 2);
      this.stageStart = 0;
      this.stageEnd = c.resampler.flush(this.stage);
      return true;
    }
    return false;
  }

  private ensureStage(n: number): void {
    if (this.stage.length < n) this.stage = new Float32Array(n * 2);
  }

  private startNext(frame: number): boolean {
    const head = this.queue[0];
    if (!head) return false;
    this.current = {
      itemId: head.itemId,
      rate: head.rate,
      resampler: new StreamResampler(head.rate, sampleRate),
      frames: 0,
      fed: 0,
      tailFlushed: false,
      underrun: false,
    };
    this.stageStart = this.stageEnd = 0;
    this.idle = false;
    this.position('start', frame, true);
    return true;
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    if (!this.alive) return false;
    const channels = outputs[0];
    const out = channels[0];
    const n = out.length;
    let filled = 0;
    const blockFrame = currentFrame;

    while (filled < n) {
      let c = this.current;
      if (!c) {
        if (!this.startNext(blockFrame + filled)) break;
        c = this.current as CurrentItem | null;
        if (!c) break;
      }
      if (c.underrun) {
        const ready = this.ended.has(c.itemId) || this.bufferedFor(c.itemId) >= this.prebufferS ||
          (this.queue.length > 0 && this.queue[0].itemId !== c.itemId);
        if (!ready) break;
        c.underrun = false;
        this.position('resume', blockFrame + filled, true);
      }
      if (this.stageStart >= this.stageEnd && !this.refill(c)) {
        if (c.tailFlushed) {
          // Item fully rendered.
          this.position('end', blockFrame + filled, false);
          this.ended.delete(c.itemId);
          this.current = null;
          continue;
        }
        c.underrun = true;
        this.position('underrun', blockFrame + filled, false);
        break;
      }
      const take = Math.min(n - filled, this.stageEnd - this.stageStart);
      out.set(this.stage.subarray(this.stageStart, this.stageStart + take), filled);
      this.stageStart += take;
      filled += take;
      c.frames += take;
    }
    if (filled < n) out.fill(0, filled);

    if (this.fadeLeft > 0) this.applyFade(out);
    for (let i = 0; i < filled; i++) this.levelSum += out[i] * out[i];
    this.levelCount += n;

    if (!this.current && this.queue.length === 0 && !this.idle) {
      this.idle = true;
      this.position('idle', blockFrame + filled, false);
    } else if (this.current && !this.current.underrun && blockFrame - this.lastTickFrame >= TICK_S * sampleRate) {
      // The item's frame count already includes this block: the report refers to the block's end.
      this.position('tick', blockFrame + n, true);
    }

    for (let ch = 1; ch < channels.length; ch++) channels[ch].set(out);
    if (this.meter) {
      let peak = 0;
      for (let i = 0; i < n; i++) {
        const a = out[i] < 0 ? -out[i] : out[i];
        if (a > peak) peak = a;
      }
      this.report({ type: 'meter', frame: blockFrame, peak });
    }
    return true;
  }

  private applyFade(out: Float32Array): void {
    const n = out.length;
    for (let i = 0; i < n; i++) {
      if (this.fadeLeft <= 0) {
        out[i] = 0;
        continue;
      }
      out[i] *= this.fadeLeft / this.fadeTotal;
      this.fadeLeft--;
    }
    if (this.fadeLeft <= 0) {
      this.position('flush', currentFrame + n, false);
      this.queue.length = 0;
      this.ended.clear();
      this.current = null;
      this.stageStart = this.stageEnd = 0;
      this.idle = true;
    }
  }
}

registerProcessor('vla-playback', PlaybackProcessor);
