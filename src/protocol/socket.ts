/**
 * One Voice Live WebSocket: JSON framing (text or binary frames), event ids, ordered sends, and back-pressure
 * for audio. Pure apart from the WebSocket constructor, which is injected (the browser's, or `ws` in Node).
 *
 * Back-pressure: audio is the only thing we may drop. While the socket's `bufferedAmount` is above the high
 * water mark, outgoing events wait in our own queue (order kept); if the queued audio exceeds `maxQueuedAudioMs`
 * the oldest audio frames are dropped (recent speech matters more than stale speech) and a warning is raised
 * once per episode, instead of memory growing without bound.
 */
import type { ClientEvent, ServerEvent } from './events.js';

export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  binaryType: string;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string; wasClean: boolean }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface SocketHandlers {
  onEvent(event: ServerEvent): void;
  /** A frame that is not a JSON object with a string `type`. Counted, never thrown. */
  onMalformed(reason: string, sample: string): void;
  onClose(code: number, reason: string, wasClean: boolean): void;
  onWarning(code: 'audio-dropped', message: string): void;
  /** Every event actually written to the socket (recording, debug). */
  onSent?(event: ClientEvent): void;
}

export interface SocketOptions {
  highWaterBytes?: number;
  maxQueuedAudioMs?: number;
}

const OPEN = 1;
const CLOSED = 3;

interface Pending {
  event: ClientEvent;
  audioMs: number;
}

let idCounter = 0;

export function newEventId(): string {
  idCounter = (idCounter + 1) % 1e9;
  return `evt_${Date.now().toString(36)}_${idCounter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export class VoiceLiveSocket {
  #ws: WebSocketLike | null = null;
  readonly #handlers: SocketHandlers;
  readonly #highWater: number;
  readonly #maxQueuedAudioMs: number;
  #queue: Pending[] = [];
  #queuedAudioMs = 0;
  #drainTimer: ReturnType<typeof setTimeout> | null = null;
  #dropping = false;
  #closedReported = false;
  malformedCount = 0;
  droppedAudioMs = 0;

  constructor(handlers: SocketHandlers, options: SocketOptions = {}) {
    this.#handlers = handlers;
    this.#highWater = options.highWaterBytes ?? 256 * 1024;
    this.#maxQueuedAudioMs = options.maxQueuedAudioMs ?? 2000;
  }

  get open(): boolean {
    return this.#ws?.readyState === OPEN;
  }

  get bufferedAmount(): number {
    return this.#ws?.bufferedAmount ?? 0;
  }

  /** Resolves when open; rejects (without an onClose) if the handshake fails. */
  connect(url: string, factory: WebSocketFactory): Promise<void> {
    return new Promise((resolve, reject) => {
      let opened = false;
      let ws: WebSocketLike;
      try {
        ws = factory(url);
      } catch (err) {
        reject(err);
        return;
      }
      this.#ws = ws;
      this.#closedReported = false;
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => {
        opened = true;
        resolve();
      };
      ws.onerror = () => {
        // The browser gives no details (a refused handshake looks like a network error); onclose follows.
      };
      ws.onclose = (ev) => {
        this.#stopDrain();
        this.#queue = [];
        this.#queuedAudioMs = 0;
        if (!opened) {
          reject(Object.assign(new Error('WebSocket handshake failed'), { code: ev.code, reason: ev.reason }));
          return;
        }
        if (this.#closedReported) return;
        this.#closedReported = true;
        this.#handlers.onClose(ev.code, ev.reason, ev.wasClean);
      };
      ws.onmessage = (ev) => this.#receive(ev.data);
    });
  }

  #receive(data: unknown): void {
    let text: string;
    if (typeof data === 'string') text = data;
    else if (data instanceof ArrayBuffer) text = new TextDecoder().decode(data);
    else if (ArrayBuffer.isView(data)) text = new TextDecoder().decode(data as Uint8Array);
    else {
      this.malformedCount++;
      this.#handlers.onMalformed('unsupported frame type', '');
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      this.malformedCount++;
      this.#handlers.onMalformed('not JSON', text.slice(0, 120));
      return;
    }
    if (!event || typeof event !== 'object' || Array.isArray(event) || typeof (event as { type?: unknown }).type !== 'string') {
      this.malformedCount++;
      this.#handlers.onMalformed('not an event object with a string type', text.slice(0, 120));
      return;
    }
    this.#handlers.onEvent(event as ServerEvent);
  }

  /** Sends (or queues behind pending audio) and returns the event id. */
  send(event: ClientEvent): string {
    const withId = { ...event, event_id: event.event_id ?? newEventId() } as ClientEvent;
    this.#enqueue({ event: withId, audioMs: 0 });
    return withId.event_id as string;
  }

  /** Audio may be dropped under back-pressure, oldest first. */
  appendAudio(base64: string, ms: number): void {
    this.#enqueue({ event: { type: 'input_audio_buffer.append', audio: base64 }, audioMs: ms });
  }

  #enqueue(p: Pending): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN) return; // a closed socket takes nothing; the controller re-sends state
    if (this.#queue.length === 0 && ws.bufferedAmount < this.#highWater) {
      this.#write(p.event);
      return;
    }
    this.#queue.push(p);
    this.#queuedAudioMs += p.audioMs;
    this.#trim();
    this.#scheduleDrain();
  }

  #trim(): void {
    if (this.#queuedAudioMs <= this.#maxQueuedAudioMs) {
      this.#dropping = false;
      return;
    }
    let dropped = 0;
    for (let i = 0; i < this.#queue.length && this.#queuedAudioMs > this.#maxQueuedAudioMs; ) {
      if (this.#queue[i].audioMs > 0) {
        dropped += this.#queue[i].audioMs;
        this.#queuedAudioMs -= this.#queue[i].audioMs;
        this.#queue.splice(i, 1);
      } else i++;
    }
    this.droppedAudioMs += dropped;
    if (dropped > 0 && !this.#dropping) {
      this.#dropping = true;
      this.#handlers.onWarning(
        'audio-dropped',
        `The connection cannot keep up; dropping the oldest microphone audio (${Math.round(dropped)} ms so far in this episode).`,
      );
    }
  }

  #scheduleDrain(): void {
    if (this.#drainTimer) return;
    this.#drainTimer = setTimeout(() => {
      this.#drainTimer = null;
      this.#drain();
    }, 20);
  }

  #drain(): void {
    const ws = this.#ws;
    if (!ws || ws.readyState !== OPEN) return;
    while (this.#queue.length && ws.bufferedAmount < this.#highWater) {
      const p = this.#queue.shift() as Pending;
      this.#queuedAudioMs -= p.audioMs;
      this.#write(p.event);
    }
    if (this.#queue.length) this.#scheduleDrain();
    else this.#dropping = false;
  }

  #write(event: ClientEvent): void {
    this.#ws?.send(JSON.stringify(event));
    this.#handlers.onSent?.(event);
  }

  #stopDrain(): void {
    if (this.#drainTimer) clearTimeout(this.#drainTimer);
    this.#drainTimer = null;
  }

  /** Closes without reporting the close to the handlers (a deliberate stop). */
  close(code = 1000, reason = 'client closed'): void {
    const ws = this.#ws;
    this.#stopDrain();
    this.#queue = [];
    this.#queuedAudioMs = 0;
    this.#closedReported = true;
    if (ws && ws.readyState !== CLOSED) {
      try {
        ws.close(code, reason);
      } catch {
        ws.close();
      }
    }
    if (ws) {
      ws.onmessage = null;
      ws.onopen = null;
    }
    this.#ws = null;
  }
}
