/**
 * Soak (prints a table; not a test): in one Chromium page against the local simulator,
 *   1. SESSIONS (default 50) conversations started and stopped, with the avatar on screen;
 *   2. one conversation held for SOAK_MINUTES (default 20) of back-to-back spoken replies.
 * Before and after each: AudioContexts open, microphone tracks live, sockets open, live avatars, renderer memory
 * counters, and the JS heap after a forced garbage collection.
 *
 *   npm run build && npm run fixtures && npx tsx bench/soak.ts        (SOAK_MINUTES=2 for a quick run)
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { ROOT, withBenchPage } from './harness.js';

const SESSIONS = Number(process.env.SESSIONS ?? 50);
const MINUTES = Number(process.env.SOAK_MINUTES ?? 20);

interface Counters {
  audioContextsOpen: number;
  tracksLive: number;
  socketsOpen: number;
  liveAvatars: number;
  geometries: number;
  textures: number;
  heapMB: number;
}

async function counters(page: Page): Promise<Counters> {
  const cdp = await page.createCDPSession();
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  const c = await page.evaluate(() => {
    const w = window as unknown as { __soak: { contexts: AudioContext[]; tracks: MediaStreamTrack[]; sockets: WebSocket[] } };
    const els = [...document.querySelectorAll('voice-live-avatar')] as Array<HTMLElement & Record<symbol, { avatar: { currentStage: { memory(): { geometries: number; textures: number } } | null } }>>;
    let geometries = 0;
    let textures = 0;
    let liveAvatars = 0;
    for (const el of els) {
      const stage = el[Symbol.for('voice-live-avatar.internals')]?.avatar?.currentStage;
      if (!stage) continue;
      liveAvatars++;
      const m = stage.memory();
      geometries += m.geometries;
      textures += m.textures;
    }
    return {
      audioContextsOpen: w.__soak.contexts.filter((c) => c.state !== 'closed').length,
      tracksLive: w.__soak.tracks.filter((t) => t.readyState === 'live').length,
      socketsOpen: w.__soak.sockets.filter((s) => s.readyState !== WebSocket.CLOSED).length,
      liveAvatars,
      geometries,
      textures,
    };
  });
  return { ...c, heapMB: heap.usedSize / 1048576 };
}

async function soak(page: Page, origin: string) {
  // Observe (never replace) what the page creates.
  await page.evaluate(() => {
    const soak = { contexts: [] as AudioContext[], tracks: [] as MediaStreamTrack[], sockets: [] as WebSocket[] };
    (window as unknown as { __soak: typeof soak }).__soak = soak;
    const NativeAC = window.AudioContext;
    window.AudioContext = class extends NativeAC {
      constructor(o?: AudioContextOptions) {
        super(o);
        soak.contexts.push(this);
      }
    } as typeof AudioContext;
    const NativeWS = window.WebSocket;
    window.WebSocket = class extends NativeWS {
      constructor(u: string | URL, p?: string | string[]) {
        super(u, p);
        soak.sockets.push(this);
      }
    } as typeof WebSocket;
    const md = navigator.mediaDevices;
    const gum = md.getUserMedia.bind(md);
    md.getUserMedia = async (c) => {
      const s = await gum(c);
      soak.tracks.push(...s.getTracks());
      return s;
    };
  });
  const ws = `${origin.replace(/^http/, 'ws')}/voice-live/realtime`;
  await page.evaluate((ws) => {
    const el = document.createElement('voice-live-avatar');
    el.setAttribute('endpoint', ws);
    el.setAttribute('muted', '');
    el.setAttribute('turn-detection', 'none');
    el.setAttribute('framing', 'head');
    document.body.append(el);
    return new Promise((r) => el.addEventListener('vla-avatar-ready', r, { once: true }));
  }, ws);
  const before = await counters(page);
  const t0 = Date.now();
  await page.evaluate(async (n) => {
    const el = document.querySelector('voice-live-avatar') as HTMLElement & { start(): Promise<void>; stop(): Promise<void> };
    for (let i = 0; i < n; i++) {
      const connected = new Promise((r) => el.addEventListener('vla-connected', r, { once: true }));
      await el.start();
      await connected;
      await el.stop();
    }
  }, SESSIONS);
  const afterSessions = await counters(page);
  const sessionsSeconds = (Date.now() - t0) / 1000;

  // One long conversation: reply after reply for MINUTES.
  await page.evaluate(async () => {
    const el = document.querySelector('voice-live-avatar') as HTMLElement & { start(): Promise<void> };
    const connected = new Promise((r) => el.addEventListener('vla-connected', r, { once: true }));
    await el.start();
    await connected;
  });
  const during = await counters(page);
  const turns = await page.evaluate(async (ms) => {
    const el = document.querySelector('voice-live-avatar') as HTMLElement & { sendText(t: string): void; state: string };
    const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
    const end = performance.now() + ms;
    let n = 0;
    while (performance.now() < end) {
      el.sendText(`Please tell me the story of lighthouse number ${n}, with every wave that reached the shore.`);
      n++;
      while (el.state !== 'speaking' && performance.now() < end) await sleep(50);
      while (el.state !== 'listening' && performance.now() < end) await sleep(50);
    }
    return n;
  }, MINUTES * 60_000);
  const afterConversation = await counters(page);
  await page.evaluate(async () => {
    const el = document.querySelector('voice-live-avatar') as HTMLElement & { stop(): Promise<void> };
    await el.stop();
    el.remove();
    await new Promise((r) => setTimeout(r, 300));
  });
  const afterRemoval = await counters(page);
  return { before, afterSessions, sessionsSeconds, during, afterConversation, turns, afterRemoval };
}

const r = await withBenchPage(soak, { realtimeFactor: 4 });
const keys: Array<[keyof Counters, string]> = [
  ['audioContextsOpen', 'AudioContexts open'],
  ['tracksLive', 'Microphone tracks live'],
  ['socketsOpen', 'Sockets open'],
  ['liveAvatars', 'Live 3D avatars'],
  ['geometries', 'Renderer geometries'],
  ['textures', 'Renderer textures'],
  ['heapMB', 'JS heap after GC (MB)'],
];
const v = (x: number, k: keyof Counters) => (k === 'heapMB' ? x.toFixed(1) : String(x));
const lines = [
  `| Counter | before | after ${SESSIONS} start/stop | during a conversation | after ${MINUTES} min (${r.turns} replies) | after removal |`,
  '|---|---|---|---|---|---|',
  ...keys.map(([k, label]) => `| ${label} | ${v(r.before[k], k)} | ${v(r.afterSessions[k], k)} | ${v(r.during[k], k)} | ${v(r.afterConversation[k], k)} | ${v(r.afterRemoval[k], k)} |`),
];
const table = lines.join('\n');
console.log(table);
console.log(`\n${SESSIONS} sessions took ${r.sessionsSeconds.toFixed(1)} s. Heap growth over the start/stop cycles: ${(r.afterSessions.heapMB - r.before.heapMB).toFixed(2)} MB; over the conversation: ${(r.afterConversation.heapMB - r.during.heapMB).toFixed(2)} MB (target ≤ 5 MB).`);
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench/results/soak.md'), `${table}\n`);
