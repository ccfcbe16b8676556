/**
 * Microphone capture on the audio thread: device rate → session rate through a windowed-sinc resampler
 * (a real anti-aliasing filter, not decimation), encoded to PCM16 or G.711 and posted as 20–40 ms frames
 * with their buffers transferred. Nothing is allocated per sample; one ArrayBuffer per frame is the unit of
 * transfer. Also measures level and notices a track that delivers only digital zeros.
 */
import { StreamResampler } from '../codecs/resampler.js';
import { bytesPerSample, encodeSamples } from '../codecs/formats.js';
import type { SampleCodec } from '../codecs/formats.js';
import type { CaptureCommand, CaptureOptions, CaptureReport } from './messages.js';

const LEVEL_INTERVAL_S = 0.1;
const DIGITAL_SILENCE_S = 1.5;

class CaptureProcessor extends AudioWorkletProcessor {
  private resampler!: StreamResampler;
  private scratch!: Float32Array;
  private frame!: Float32Array;
  private fill = 0;
  private codec: SampleCodec = 'pcm16';
  private muted = false;
  private seq = 0;
  private levelSum = 0;
  private levelPeak = 0;
  private levelCount = 0;
  private zeroRun = 0;
  private silentReported = false;
  private alive = true;

  constructor(options?: { processorOptions?: unknown }) {
    super();
    this.configure((options?.processorOptions as CaptureOptions) ?? { targetRate: 24000, codec: 'pcm16', frameMs: 20 });
    this.port.onmessage = (event) => this.onCommand(event.data as CaptureCommand | { type: 'dispose' });
  }

  private configure(o: CaptureOptions): void {
    this.codec = o.codec;
    this.resampler = new StreamResampler(sampleRate, o.targetRate);
    this.scratch = new Float32Array(this.resampler.maxOutput(128));
    const frameMs = Math.min(40, Math.max(20, o.frameMs || 20));
    this.frame = new Float32Array(Math.round((o.targetRate * frameMs) / 1000));
    this.fill = 0;
  }

  private onCommand(cmd: CaptureCommand | { type: 'dispose' }): void {
    if (cmd.type === 'configure') this.configure(cmd);
    else if (cmd.type === 'mute') {
      this.muted = cmd.muted;
      this.fill = 0;
      // The level drops to nothing while muted (a meter on the page should not freeze on the last value).
      if (cmd.muted) this.port.postMessage({ type: 'level', rms: 0, peak: 0, time: currentTime } satisfies CaptureReport);
    } else if (cmd.type === 'flush') {
      if (this.fill > 0 && !this.muted) this.postFrame(this.fill);
    } else if (cmd.type === 'dispose') {
      this.alive = false;
      this.port.onmessage = null;
    }
  }

  private postFrame(samples: number): void {
    const bytes = new Uint8Array(samples * bytesPerSample(this.codec));
    encodeSamples(this.codec, this.frame.subarray(0, samples), bytes);
    let energy = 0;
    for (let i = 0; i < samples; i++) energy += this.frame[i] * this.frame[i];
    const report: CaptureReport = {
      type: 'frame',
      data: bytes.buffer,
      samples,
      endTime: currentTime,
      seq: this.seq++,
      rms: samples > 0 ? Math.sqrt(energy / samples) : 0,
    };
    this.port.postMessage(report, [bytes.buffer]);
    this.fill = 0;
  }

  process(inputs: Float32Array[][]): boolean {
    if (!this.alive) return false;
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true; // no track connected right now (device change)
    const first = channels[0];
    const n = first.length;
    // Muted: the track is disabled and delivers zeros on purpose. Nothing to measure, nothing to send.
    if (this.muted) {
      this.zeroRun = 0;
      return true;
    }
    // Mono is the usual case; several channels are averaged into a reused buffer.
    const input = channels.length > 1 ? this.mixScratch(channels, n) : first;
    for (let i = 0; i < n; i++) {
      const x = input[i];
      const a = x < 0 ? -x : x;
      this.levelSum += x * x;
      if (a > this.levelPeak) this.levelPeak = a;
      if (x === 0) this.zeroRun++;
      else {
        if (this.silentReported) this.port.postMessage({ type: 'signal' } satisfies CaptureReport);
        this.zeroRun = 0;
        this.silentReported = false;
      }
    }
    this.levelCount += n;
    if (this.levelCount >= LEVEL_INTERVAL_S * sampleRate) {
      const report: CaptureReport = {
        type: 'level',
        rms: Math.sqrt(this.levelSum / this.levelCount),
        peak: this.levelPeak,
        time: currentTime,
      };
      this.port.postMessage(report);
      this.levelSum = 0;
      this.levelPeak = 0;
      this.levelCount = 0;
    }
    if (!this.silentReported && this.zeroRun >= DIGITAL_SILENCE_S * sampleRate) {
      this.silentReported = true;
      this.port.postMessage({ type: 'digital-silence', ms: (this.zeroRun / sampleRate) * 1000 } satisfies CaptureReport);
    }
    const produced = this.resampler.process(input, this.scratch);
    for (let i = 0; i < produced; i++) {
      this.frame[this.fill++] = this.scratch[i];
      if (this.fill === this.frame.length) this.postFrame(this.fill);
    }
    return true;
  }

  private mixBuffer: Float32Array | null = null;

  private mixScratch(channels: Float32Array[], n: number): Float32Array {
    if (!this.mixBuffer || this.mixBuffer.length < n) this.mixBuffer = new Float32Array(n);
    const out = this.mixBuffer;
    const k = channels.length;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < k; c++) s += channels[c][i];
      out[i] = s / k;
    }
    return out;
  }
}

registerProcessor('vla-capture', CaptureProcessor);
