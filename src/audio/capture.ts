/**
 * Microphone capture: getUserMedia (echo cancellation, noise suppression and auto gain on), the capture
 * worklet, and recovery when the device goes away (unplugged mic, Bluetooth switch).
 */
import type { CaptureOptions, CaptureReport } from './worklets/messages.js';

export type MicErrorCode = 'mic-denied' | 'mic-unavailable';

export class MicError extends Error {
  readonly code: MicErrorCode;
  constructor(code: MicErrorCode, message: string) {
    super(message);
    this.name = 'MicError';
    this.code = code;
  }
}

export interface CaptureHandlers {
  onFrame(bytes: Uint8Array, report: Extract<CaptureReport, { type: 'frame' }>): void;
  onLevel(rms: number, peak: number): void;
  onDigitalSilence(ms: number): void;
  onSignal(): void;
  /** The track ended and could not be replaced (yet). */
  onLost(error: MicError): void;
  /** A new track replaced a lost one. */
  onRecovered(): void;
}

/** Maps getUserMedia failures to our codes with advice a page can show. */
export function micErrorFrom(err: unknown): MicError {
  const name = err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return new MicError(
      'mic-denied',
      'Microphone access was denied. Allow the microphone for this site in the browser (and, inside an iframe, ' +
        'add allow="microphone" to the iframe), then start again.',
    );
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return new MicError('mic-unavailable', 'No microphone was found. Connect one and start again.');
  }
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') {
    return new MicError(
      'mic-unavailable',
      'The microphone could not be opened; another application may be using it. Close it and start again.',
    );
  }
  return new MicError('mic-unavailable', `The microphone could not be opened (${name || String(err)}).`);
}

export function micConstraints(deviceId?: string): MediaStreamConstraints {
  return {
    audio: {
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
      channelCount: 1,
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    },
  };
}

export async function openMicrophone(deviceId?: string): Promise<MediaStream> {
  const md = globalThis.navigator?.mediaDevices;
  if (!md?.getUserMedia) {
    throw new MicError(
      'mic-unavailable',
      globalThis.isSecureContext === false
        ? 'The microphone needs a secure page: serve it over https (or from localhost).'
        : 'This browser cannot capture audio (navigator.mediaDevices.getUserMedia is missing).',
    );
  }
  try {
    return await md.getUserMedia(micConstraints(deviceId));
  } catch (err) {
    throw micErrorFrom(err);
  }
}

export class MicCapture {
  readonly node: AudioWorkletNode;
  readonly #ctx: AudioContext;
  readonly #sink: GainNode;
  readonly #handlers: CaptureHandlers;
  #stream: MediaStream | null = null;
  #source: MediaStreamAudioSourceNode | null = null;
  #disposed = false;
  #recovering = false;
  readonly #onDeviceChange = () => void this.#checkDevice();

  constructor(ctx: AudioContext, options: CaptureOptions, handlers: CaptureHandlers) {
    this.#ctx = ctx;
    this.#handlers = handlers;
    this.node = new AudioWorkletNode(ctx, 'vla-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      channelCount: 1,
      channelCountMode: 'explicit',
      processorOptions: options,
    });
    // A silent path to the destination keeps the node pulled in every browser.
    this.#sink = ctx.createGain();
    this.#sink.gain.value = 0;
    this.node.connect(this.#sink).connect(ctx.destination);
    this.node.port.onmessage = (e: MessageEvent<CaptureReport>) => this.#onReport(e.data);
  }

  #onReport(r: CaptureReport): void {
    if (this.#disposed) return;
    if (r.type === 'frame') this.#handlers.onFrame(new Uint8Array(r.data), r);
    else if (r.type === 'level') this.#handlers.onLevel(r.rms, r.peak);
    else if (r.type === 'digital-silence') this.#handlers.onDigitalSilence(r.ms);
    else if (r.type === 'signal') this.#handlers.onSignal();
  }

  /** Connects a microphone stream (the caller opened it, so the permission prompt stays in the gesture). */
  attach(stream: MediaStream): void {
    this.#detachStream();
    this.#stream = stream;
    this.#source = this.#ctx.createMediaStreamSource(stream);
    this.#source.connect(this.node);
    for (const track of stream.getAudioTracks()) track.addEventListener('ended', this.#onTrackEnded);
    globalThis.navigator?.mediaDevices?.addEventListener?.('devicechange', this.#onDeviceChange);
  }

  get track(): MediaStreamTrack | undefined {
    return this.#stream?.getAudioTracks()[0];
  }

  configure(options: CaptureOptions): void {
    this.node.port.postMessage({ type: 'configure', ...options });
  }

  setMuted(muted: boolean): void {
    this.node.port.postMessage({ type: 'mute', muted });
    for (const track of this.#stream?.getAudioTracks() ?? []) track.enabled = !muted;
  }

  flush(): void {
    this.node.port.postMessage({ type: 'flush' });
  }

  readonly #onTrackEnded = () => void this.#recover();

  async #checkDevice(): Promise<void> {
    const track = this.track;
    if (!track || track.readyState === 'ended') await this.#recover();
  }

  /** The mic went away: fall back to the default device, or report it and keep the session alive. */
  async #recover(): Promise<void> {
    if (this.#disposed || this.#recovering) return;
    this.#recovering = true;
    try {
      const stream = await openMicrophone();
      if (this.#disposed) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      this.attach(stream);
      this.#handlers.onRecovered();
    } catch (err) {
      this.#detachStream();
      this.#handlers.onLost(err instanceof MicError ? err : micErrorFrom(err));
    } finally {
      this.#recovering = false;
    }
  }

  #detachStream(): void {
    if (this.#stream) {
      for (const track of this.#stream.getTracks()) {
        track.removeEventListener('ended', this.#onTrackEnded);
        track.stop();
      }
    }
    this.#source?.disconnect();
    this.#source = null;
    this.#stream = null;
    globalThis.navigator?.mediaDevices?.removeEventListener?.('devicechange', this.#onDeviceChange);
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.node.port.postMessage({ type: 'dispose' });
    this.node.port.onmessage = null;
    this.node.port.close();
    this.#detachStream();
    this.node.disconnect();
    this.#sink.disconnect();
  }
}
