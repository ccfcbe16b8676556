/**
 * The main-thread side of the playback worklet: pushes encoded deltas (buffers transferred, decoded on the
 * audio thread), ends and flushes items, and forwards position reports to the PlaybackClock.
 */
import type { StreamFormat } from './codecs/formats.js';
import type { PlaybackCommand, PlaybackReport } from './worklets/messages.js';

export interface PlaybackHandlers {
  onReport(report: PlaybackReport): void;
}

export class Playback {
  readonly node: AudioWorkletNode;
  readonly gain: GainNode;
  #disposed = false;

  constructor(ctx: AudioContext, handlers: PlaybackHandlers) {
    this.node = new AudioWorkletNode(ctx, 'vla-playback', {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
    });
    this.gain = ctx.createGain();
    this.node.connect(this.gain).connect(ctx.destination);
    this.node.port.onmessage = (e: MessageEvent<PlaybackReport>) => {
      if (!this.#disposed) handlers.onReport(e.data);
    };
  }

  #post(cmd: PlaybackCommand, transfer?: Transferable[]): void {
    if (this.#disposed) return;
    this.node.port.postMessage(cmd, transfer ?? []);
  }

  /** `bytes` is transferred: the caller must not use it afterwards. */
  push(itemId: string, bytes: Uint8Array, format: StreamFormat): void {
    const buffer =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer);
    this.#post({ type: 'push', itemId, bytes: buffer, codec: format.codec, sampleRate: format.sampleRate }, [buffer]);
  }

  end(itemId: string): void {
    this.#post({ type: 'end', itemId });
  }

  flush(fadeMs = 4): void {
    this.#post({ type: 'flush', fadeMs });
  }

  configure(options: { prebufferMs?: number; meter?: boolean }): void {
    this.#post({ type: 'configure', ...options });
  }

  /** Ramp the output gain to `gain` (0..1) with time constant `tauMs`: clicks are avoided, latency is not added. */
  rampGain(gain: number, tauMs: number): void {
    if (this.#disposed) return;
    const param = this.gain.gain;
    const now = this.gain.context.currentTime;
    param.cancelScheduledValues(now);
    param.setTargetAtTime(Math.max(0, Math.min(1, gain)), now, tauMs / 1000);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.node.port.postMessage({ type: 'dispose' });
    this.#disposed = true;
    this.node.port.onmessage = null;
    this.node.port.close();
    this.node.disconnect();
    this.gain.disconnect();
  }
}
