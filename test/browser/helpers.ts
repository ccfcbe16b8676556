/** Shared helpers for browser tests (real Chromium, fake mic, real worklets, real simulator sockets). */
import type { VoiceLiveAvatar } from '../../src/element/voice-live-avatar.js';
import type { VlaEventDetails, VlaEventName } from '../../src/conversation/events.js';

export const SIM_ENDPOINT = () => `ws://${location.host}/voice-live/realtime`;
export const AUTH_SIM_ENDPOINT = () => `ws://${location.host}/auth/voice-live/realtime`;
export const SLOW_SIM_ENDPOINT = () => `ws://${location.host}/slow/voice-live/realtime`;

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor<T>(fn: () => T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const start = performance.now();
  for (;;) {
    const v = fn();
    if (v) return v as T;
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export interface Captured<K extends VlaEventName> {
  events: Array<VlaEventDetails[K] & { at: number }>;
  stop(): void;
}

/** Records every `type` event with its arrival time. */
export function capture<K extends VlaEventName>(el: EventTarget, type: K): Captured<K> {
  const events: Array<VlaEventDetails[K] & { at: number }> = [];
  const listener = (e: Event) => events.push({ ...(e as CustomEvent<VlaEventDetails[K]>).detail, at: performance.now() });
  el.addEventListener(type, listener);
  return { events, stop: () => el.removeEventListener(type, listener) };
}

export function nextEvent<K extends VlaEventName>(
  el: EventTarget,
  type: K,
  timeoutMs = 10_000,
  filter: (d: VlaEventDetails[K]) => boolean = () => true,
): Promise<VlaEventDetails[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      el.removeEventListener(type, listener);
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${type}`));
    }, timeoutMs);
    const listener = (e: Event) => {
      const d = (e as CustomEvent<VlaEventDetails[K]>).detail;
      if (!filter(d)) return;
      clearTimeout(timer);
      el.removeEventListener(type, listener);
      resolve(d);
    };
    el.addEventListener(type, listener);
  });
}

export function createElement(attrs: Record<string, string | boolean>): VoiceLiveAvatar {
  const el = document.createElement('voice-live-avatar') as VoiceLiveAvatar;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  document.body.append(el);
  return el;
}

export function pcm16Tone(freq: number, rate: number, seconds: number, amp = 0.5): Uint8Array {
  const n = Math.round(rate * seconds);
  const out = new Uint8Array(n * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) view.setInt16(i * 2, Math.round(Math.sin((2 * Math.PI * freq * i) / rate) * amp * 32767), true);
  return out;
}

/** Dominant frequency by a plain DFT scan (test-sized inputs only). */
export function dominantFrequency(x: Float32Array, rate: number, fromHz = 50, toHz = rate / 2, stepHz = 10): number {
  let best = 0;
  let bestF = 0;
  for (let f = fromHz; f <= toHz; f += stepHz) {
    let re = 0;
    let im = 0;
    const w = (2 * Math.PI * f) / rate;
    for (let i = 0; i < x.length; i++) {
      re += x[i] * Math.cos(w * i);
      im -= x[i] * Math.sin(w * i);
    }
    const p = re * re + im * im;
    if (p > best) {
      best = p;
      bestF = f;
    }
  }
  return bestF;
}

export function rms(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, x.length));
}

import type { RecordingLine } from '../../src/protocol/recording.js';
import { INTERNALS } from '../../src/element/voice-live-avatar.js';

export function recordingOf(el: VoiceLiveAvatar): RecordingLine[] {
  return el
    .getRecording()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RecordingLine);
}

export function clientEvents(el: VoiceLiveAvatar, type?: string): Array<Record<string, unknown>> {
  return recordingOf(el)
    .filter((l) => l.dir === 'client' && (!type || l.event.type === type))
    .map((l) => l.event as unknown as Record<string, unknown>);
}

export function serverEvents(el: VoiceLiveAvatar, type?: string): Array<Record<string, unknown>> {
  return recordingOf(el)
    .filter((l) => l.dir === 'server' && (!type || l.event.type === type))
    .map((l) => l.event as unknown as Record<string, unknown>);
}

export interface Internals {
  ctx: AudioContext | null;
  playback: { node: AudioWorkletNode; gain: GainNode; configure(o: { meter?: boolean }): void } | null;
  clock: { now(t: number): { itemId: string | null; ms: number; playing: boolean } } | null;
  socket: { open: boolean; malformedCount: number } | null;
  lastCaptureToSendMs: number;
  /** performance.now() of the latest early duck (0: none yet). */
  lastDuckAt: number;
}

export function internals(el: VoiceLiveAvatar): Internals {
  return (el as unknown as Record<symbol, Internals>)[INTERNALS];
}

/** A text-only conversation: the fake mic is muted so speech never interrupts. */
export async function startQuiet(attrs: Record<string, string | boolean> = {}): Promise<VoiceLiveAvatar> {
  const el = createElement({ endpoint: SIM_ENDPOINT(), avatar: 'none', muted: true, record: true, ...attrs });
  const connected = nextEvent(el, 'vla-connected', 15_000);
  await el.start();
  await connected;
  return el;
}

export async function finish(el: VoiceLiveAvatar): Promise<void> {
  await el.stop();
  el.remove();
}

export const BEARER_SIM_ENDPOINT = () => `ws://${location.host}/bearer/voice-live/realtime`;
export const TEST_API_KEY = 'test-secret-key-1234';
export const TEST_BEARER_TOKEN = 'fixture-bearer-token-5678';

/** Observes (does not replace) sockets and microphone tracks the page creates. */
export function observeResources(): { sockets: WebSocket[]; tracks: MediaStreamTrack[]; restore(): void } {
  const sockets: WebSocket[] = [];
  const tracks: MediaStreamTrack[] = [];
  const NativeWS = window.WebSocket;
  const md = navigator.mediaDevices;
  const nativeGUM = md.getUserMedia.bind(md);
  class ObservedWebSocket extends NativeWS {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  window.WebSocket = ObservedWebSocket as typeof WebSocket;
  md.getUserMedia = async (c?: MediaStreamConstraints) => {
    const s = await nativeGUM(c);
    tracks.push(...s.getTracks());
    return s;
  };
  return {
    sockets,
    tracks,
    restore() {
      window.WebSocket = NativeWS;
      md.getUserMedia = nativeGUM;
    },
  };
}

/** start() with the connected listener attached first (the event can arrive before start() resolves). */
export async function startAndConnect(el: VoiceLiveAvatar, timeoutMs = 10_000): Promise<VlaEventDetails['vla-connected']> {
  const connected = nextEvent(el, 'vla-connected', timeoutMs);
  await el.start();
  return connected;
}

/** Requests for three.js, three-vrm, the 3D chunk or the default avatar made by this page so far. */
export function threeRequests(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((n) => /\/node_modules\/(three|@pixiv)\/|\/src\/avatar\/stage|default-avatar\.vrm/.test(n));
}

/** Loads a page in an iframe and waits for the element to be defined there; records CSP violations. */
export async function framePage(src: string): Promise<{ win: Window & typeof globalThis; doc: Document; iframe: HTMLIFrameElement; violations: string[] }> {
  const iframe = document.createElement('iframe');
  iframe.style.cssText = 'width:480px;height:640px';
  iframe.src = src;
  const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
  document.body.append(iframe);
  await loaded;
  const win = iframe.contentWindow as Window & typeof globalThis;
  const violations: string[] = [];
  win.document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  await waitFor(() => win.customElements.get('voice-live-avatar'), 15_000, 'element defined in the frame');
  return { win, doc: iframe.contentDocument!, iframe, violations };
}
