/**
 * One AudioContext per page, shared by every active element and closed when the last one lets go
 * (browsers cap the number of contexts, and every extra one costs a real-time audio thread).
 *
 * `acquireAudioContext()` must run synchronously inside the user's gesture: it creates or resumes the
 * context there, which is what unlocks audio on Safari and Chrome's autoplay policy.
 */
import type { WorkletName } from './worklet-urls.js';

interface Shared {
  ctx: AudioContext;
  users: Set<object>;
  modules: Map<string, Promise<void>>;
}

let shared: Shared | null = null;

export function acquireAudioContext(owner: object): AudioContext {
  if (!shared || shared.ctx.state === 'closed') {
    shared = { ctx: new AudioContext({ latencyHint: 'interactive' }), users: new Set(), modules: new Map() };
  }
  shared.users.add(owner);
  if (shared.ctx.state === 'suspended') void shared.ctx.resume().catch(() => undefined);
  return shared.ctx;
}

/** Returns true when this release closed the context. */
export async function releaseAudioContext(owner: object): Promise<boolean> {
  const s = shared;
  if (!s || !s.users.delete(owner)) return false;
  if (s.users.size > 0) return false;
  shared = null;
  if (s.ctx.state !== 'closed') await s.ctx.close().catch(() => undefined);
  return true;
}

/** How many elements currently hold the page's context (tests and diagnostics). */
export function audioContextUsers(): number {
  return shared ? shared.users.size : 0;
}

export function currentAudioContext(): AudioContext | null {
  return shared?.ctx ?? null;
}

export class WorkletBlockedError extends Error {
  readonly url: string;
  constructor(url: string, cause: unknown) {
    let origin = url;
    try {
      origin = new URL(url).origin;
    } catch {
      // keep the URL as given
    }
    super(
      `The audio worklet module ${url} could not be loaded (${describe(cause)}). ` +
        `Audio worklets are scripts: a Content-Security-Policy must allow ${origin} in script-src ` +
        `(blob: and data: are never needed). Or serve the files of dist/worklets/ from your own origin and set ` +
        `worklet-base-url to that folder.`,
    );
    this.name = 'WorkletBlockedError';
    this.url = url;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}${cause.message ? `: ${cause.message}` : ''}`;
  return String(cause);
}

/** Adds a worklet module once per context. A CSP block shows up as a bare AbortError: we name the fix. */
export function ensureWorklet(ctx: AudioContext, name: WorkletName, url: string): Promise<void> {
  const s = shared && shared.ctx === ctx ? shared : null;
  const key = `${name}|${url}`;
  const cached = s?.modules.get(key);
  if (cached) return cached;
  const loading = ctx.audioWorklet.addModule(url).catch((err: unknown) => {
    s?.modules.delete(key);
    throw new WorkletBlockedError(url, err);
  });
  s?.modules.set(key, loading);
  return loading;
}

/**
 * Waits briefly for a resume to take effect. A context still suspended afterwards was started outside a
 * gesture (autoplay policy): the caller reports `audio-blocked` and offers a click to resume.
 */
export async function waitUntilRunning(ctx: AudioContext, timeoutMs = 800): Promise<boolean> {
  if (ctx.state === 'running') return true;
  await Promise.race([ctx.resume().catch(() => undefined), new Promise((r) => setTimeout(r, timeoutMs))]);
  return (ctx.state as AudioContextState) === 'running';
}
