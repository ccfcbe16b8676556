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
