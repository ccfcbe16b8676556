/**
 * The input audio buffer of one session: decodes `input_audio_buffer.append` payloads in the session's input
 * format, keeps the uncommitted audio, and knows the session's audio clock (ms of all audio appended so far,
 * which `audio_start_ms`/`audio_end_ms` are measured in).
 */
import { decodeSamples, encodeSamples, inputStreamFormat, bytesPerSample } from '../../audio/codecs/formats.js';
import type { InputAudioFormat, StreamFormat } from '../../audio/codecs/formats.js';

/** Bound on kept audio: a forgotten open microphone in manual mode must not grow memory without limit. */
const MAX_BUFFER_MS = 5 * 60_000;

export class InputAudioBuffer {
  readonly format: StreamFormat;
  /** Interleaved channels per sample frame (2 = microphone + echo reference). */
  readonly channels: number;
  private carry = new Uint8Array(0);
  private chunks: Float32Array[] = [];
  /** Session clock position of the first kept sample, in samples. */
  private keptStart = 0;
  private keptLen = 0;
  private totalSamples = 0;

  constructor(format: InputAudioFormat, sampleRate: number, channels = 1) {
    this.format = inputStreamFormat(format, sampleRate);
    this.channels = channels;
  }

  /** ms of all audio appended this session. */
  get totalMs(): number {
    return (this.totalSamples / this.format.sampleRate) * 1000;
  }

  /** ms of audio waiting to be committed. */
  get bufferedMs(): number {
    return (this.keptLen / this.format.sampleRate) * 1000;
  }

  get startMs(): number {
    return (this.keptStart / this.format.sampleRate) * 1000;
  }

  /** Decodes and keeps `bytes`; returns the new microphone samples (channel 0). Odd trailing bytes wait for the next call. */
  append(bytes: Uint8Array): Float32Array {
    const frameBytes = bytesPerSample(this.format.codec) * this.channels;
    let data = bytes;
    if (this.carry.length) {
      data = new Uint8Array(this.carry.length + bytes.length);
      data.set(this.carry);
      data.set(bytes, this.carry.length);
    }
    const usable = data.length - (data.length % frameBytes);
    this.carry = data.slice(usable);
    const decoded = decodeSamples(this.format.codec, data.subarray(0, usable));
    let mono = decoded;
    if (this.channels > 1) {
      mono = new Float32Array(decoded.length / this.channels);
      for (let i = 0; i < mono.length; i++) mono[i] = decoded[i * this.channels];
    }
    if (mono.length) {
      this.chunks.push(mono);
      this.keptLen += mono.length;
      this.totalSamples += mono.length;
      const max = (MAX_BUFFER_MS / 1000) * this.format.sampleRate;
      if (this.keptLen > max) this.dropBefore(this.keptStart + this.keptLen - max);
    }
    return mono;
  }

  /** Removes and returns the audio from `startMs` (clamped to what is kept) to `endMs` (session clock). */
  take(startMs: number, endMs: number): Float32Array {
    const rate = this.format.sampleRate;
    const from = Math.max(this.keptStart, Math.round((startMs / 1000) * rate));
    const to = Math.min(this.keptStart + this.keptLen, Math.round((endMs / 1000) * rate));
    const all = this.concat();
    const out = all.slice(Math.max(0, from - this.keptStart), Math.max(0, to - this.keptStart));
    const rest = all.subarray(Math.max(0, to - this.keptStart));
    this.chunks = rest.length ? [rest.slice()] : [];
    this.keptStart = Math.max(to, this.keptStart);
    this.keptLen = rest.length;
    return out;
  }

  /** Drops audio older than `ms` (keeps memory bounded while server VAD waits for speech). */
  trimBefore(ms: number): void {
    this.dropBefore(Math.round((ms / 1000) * this.format.sampleRate));
  }

  clear(): void {
    this.chunks = [];
    this.keptStart += this.keptLen;
    this.keptLen = 0;
    this.carry = new Uint8Array(0);
  }

  /** Encodes samples back into the session's input format (for `conversation.item.retrieve`). */
  encode(samples: Float32Array): Uint8Array {
    return encodeSamples(this.format.codec, samples);
  }

  private dropBefore(sample: number): void {
    const drop = Math.min(this.keptLen, sample - this.keptStart);
    if (drop <= 0) return;
    const all = this.concat();
    this.chunks = [all.slice(drop)];
    this.keptStart += drop;
    this.keptLen -= drop;
  }

  private concat(): Float32Array {
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Float32Array(this.keptLen);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    this.chunks = [out];
    return out;
  }
}
