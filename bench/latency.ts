/**
 * Latency in Chromium against the local simulator on loopback (prints figures; not a test):
 *   1. microphone frame captured (audio thread) → sent on the socket
 *   2. first audio delta received → its first sample audible (jitter buffer + output latency)
 *   3. barge-in handled (speech_started from the fake microphone, and interrupt()) → playback output silent
 *   4. heard audio vs mouth: the lag that best aligns the avatar's mouth openness with the audible envelope
 *
 *   npm run build && npm run fixtures && npx tsx bench/latency.ts
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { fmt, ROOT, stats, withBenchPage } from './harness.js';

const TURNS = Number(process.env.TURNS ?? 6);
const LONG = 'once upon a time there was a lighthouse keeper who counted every wave that reached the shore, and wrote each number in a small blue book';

interface PageResults {
  captureToSend: number[];
  firstAudioToAudible: number[];
  speechEndToFirstAudio: number[];
  bargeInSpeech: number[];
  onsetToDuck: number[];
  onsetToSpeechStarted: number[];
  bargeInInterrupt: number[];
  mouthLagMs: number;
  mouthCorrelation: number;
}

async function run(page: Page, origin: string): Promise<PageResults> {
  return page.evaluate(
    async ({ origin, turns, long }) => {
      const INTERNALS = Symbol.for('voice-live-avatar.internals');
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const waitFor = async (fn: () => unknown, ms = 20000) => {
        const t0 = performance.now();
        while (!fn()) {
          if (performance.now() - t0 > ms) throw new Error('timeout');
          await sleep(10);
        }
      };
      type El = HTMLElement & {
        start(): Promise<void>; stop(): Promise<void>; sendText(t: string): void; interrupt(): void;
        state: string; muted: boolean;
        [k: symbol]: Record<string, unknown>;
      };
      const make = (endpoint: string, attrs: Record<string, string> = {}) => {
        const el = document.createElement('voice-live-avatar') as El;
        el.setAttribute('endpoint', endpoint);
        el.setAttribute('turn-detection', 'none');
        el.setAttribute('muted', '');
        el.setAttribute('framing', 'head');
        for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
        document.body.append(el);
        return el;
      };
      const connect = async (el: El) => {
        const connected = new Promise((r) => el.addEventListener('vla-connected', r, { once: true }));
        await el.start();
        await connected;
      };
      const results = {
        captureToSend: [] as number[],
        firstAudioToAudible: [] as number[],
        speechEndToFirstAudio: [] as number[],
        bargeInSpeech: [] as number[],
        onsetToDuck: [] as number[],
        onsetToSpeechStarted: [] as number[],
        bargeInInterrupt: [] as number[],
        mouthLagMs: NaN,
        mouthCorrelation: NaN,
      };
      const ws = `${origin.replace(/^http/, 'ws')}/voice-live/realtime`;

      // ---- 1 + 2 + 4: typed turns with the avatar on screen -----------------------------------------
      const el = make(ws);
      await new Promise((r) => el.addEventListener('vla-avatar-ready', r, { once: true }));
      await connect(el);
      el.addEventListener('vla-metrics', (e) => {
        const d = (e as CustomEvent).detail;
        results.firstAudioToAudible.push(d.firstAudioToAudibleMs);
        results.speechEndToFirstAudio.push(d.speechEndToFirstAudioMs);
      });
      const internals = () => el[INTERNALS] as {
        ctx: AudioContext;
        clock: { heardFrame(t: number): number };
        playback: { node: AudioWorkletNode; configure(o: object): void };
        avatar: { lastMouth: { level: number } };
        lastCaptureToSendMs: number;
      };
      // Capture → send while the microphone streams (manual turns: nothing is answered).
      el.muted = false;
      for (let i = 0; i < 150; i++) {
        await sleep(20);
        results.captureToSend.push(internals().lastCaptureToSendMs);
      }
      el.muted = true;
      // Meter of the audio actually rendered, mapped to the time it is heard.
      const { ctx, playback, clock } = internals();
      playback.configure({ meter: true });
      const audible: Array<{ t: number; peak: number }> = [];
      playback.node.port.addEventListener('message', (e: MessageEvent) => {
        if (e.data.type !== 'meter') return;
        const now = performance.now();
        const t = now + ((e.data.frame - clock.heardFrame(now)) / ctx.sampleRate) * 1000;
        audible.push({ t, peak: e.data.peak });
      });
      // A mouth drawn in this frame is on screen about one frame later (the next vsync).
      const mouth: Array<{ t: number; level: number }> = [];
      let sampling = true;
      let lastFrame = performance.now();
      const sampleMouth = (now: number) => {
        if (!sampling) return;
        const frame = Math.min(34, now - lastFrame);
        lastFrame = now;
        mouth.push({ t: now + frame, level: internals().avatar.lastMouth.level });
        requestAnimationFrame(sampleMouth);
      };
      requestAnimationFrame(sampleMouth);
      for (let i = 0; i < turns; i++) {
        el.sendText(`${long} number ${i + 1}`);
        await waitFor(() => el.state === 'speaking');
        await waitFor(() => el.state === 'listening', 60000);
      }
      sampling = false;
      // Cross-correlate 10 ms bins of the audible envelope and the mouth openness over ±200 ms.
      const t0 = Math.max(audible[0].t, mouth[0].t);
      const t1 = Math.min(audible[audible.length - 1].t, mouth[mouth.length - 1].t);
      const bins = Math.floor((t1 - t0) / 10);
      const env = new Float64Array(bins);
      const mo = new Float64Array(bins);
      for (const a of audible) {
        const b = Math.floor((a.t - t0) / 10);
        if (b >= 0 && b < bins) env[b] = Math.max(env[b], a.peak);
      }
      let j = 0;
      for (let b = 0; b < bins; b++) {
        const t = t0 + b * 10;
        while (j + 1 < mouth.length && mouth[j + 1].t <= t) j++;
        mo[b] = mouth[j].level;
      }
      // A 50 ms triangular smoothing of the envelope (speech energy, not individual cycles).
      const sm = new Float64Array(bins);
      for (let b = 0; b < bins; b++) sm[b] = 0.25 * (env[b - 1] ?? env[b]) + 0.5 * env[b] + 0.25 * (env[b + 1] ?? env[b]);
      const corr = (lag: number) => {
        let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, n = 0;
        for (let b = 20; b < bins - 20; b++) {
          const x = sm[b];
          const y = mo[b + lag];
          if (y === undefined) continue;
          sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; n++;
        }
        return (n * sxy - sx * sy) / Math.sqrt((n * sxx - sx * sx) * (n * syy - sy * sy));
      };
      let best = -Infinity;
      for (let lag = -20; lag <= 20; lag++) {
        const r = corr(lag);
        if (r > best) {
          best = r;
          results.mouthLagMs = lag * 10;
        }
      }
      results.mouthCorrelation = best;
      await el.stop();
      el.remove();

      // ---- 3: barge-in on a reply still streaming (real time) -------------------------------------------
      const measureSilence = async (el: El, trigger: 'speech' | 'interrupt') => {
        const { ctx, playback } = el[INTERNALS] as { ctx: AudioContext; playback: { node: AudioWorkletNode; configure(o: object): void } };
        playback.configure({ meter: true });
        const peaks: Array<{ frame: number; peak: number }> = [];
        playback.node.port.addEventListener('message', (e: MessageEvent) => e.data.type === 'meter' && peaks.push(e.data));
        el.sendText(long);
        await waitFor(() => el.state === 'speaking');
        await sleep(400);
        let handledFrame = 0;
        if (trigger === 'interrupt') {
          handledFrame = ctx.currentTime * ctx.sampleRate;
          el.interrupt();
        } else {
          // The user's voice onset, as the main thread gets it: the first loud microphone frame after 300 ms of
          // quiet (unmuting may land in the middle of the fake microphone's sentence; that is no onset).
          const capture = el[INTERNALS].capture as { node: AudioWorkletNode };
          let onsetAt = 0;
          let handledAt = 0;
          let quietMs = 0;
          const onFrame = (e: MessageEvent) => {
            if (onsetAt || e.data.type !== 'frame') return;
            if (e.data.rms < 0.005) quietMs += 20; // loud: the ducker's own minRms (0.012)
            else if (e.data.rms >= 0.012) {
              if (quietMs >= 300) onsetAt = performance.now();
              quietMs = 0;
            }
          };
          capture.node.port.addEventListener('message', onFrame);
          const onEvent = (e: Event) => {
            if ((e as CustomEvent).detail.event.type === 'input_audio_buffer.speech_started' && !handledFrame) {
              handledFrame = ctx.currentTime * ctx.sampleRate;
              handledAt = performance.now();
            }
          };
          el.addEventListener('vla-server-event', onEvent);
          el.muted = false;
          await new Promise((r) => el.addEventListener('vla-interrupted', r, { once: true }));
          el.removeEventListener('vla-server-event', onEvent);
          capture.node.port.removeEventListener('message', onFrame);
          el.muted = true;
          const duckAt = el[INTERNALS].lastDuckAt as number;
          if (onsetAt && handledAt >= onsetAt) {
            results.onsetToSpeechStarted.push(handledAt - onsetAt);
            if (duckAt >= onsetAt && duckAt <= handledAt) results.onsetToDuck.push(duckAt - onsetAt);
          }
        }
        await sleep(250);
        const loud = peaks.filter((p) => p.peak > 0.003 && p.frame < handledFrame + ctx.sampleRate);
        const last = loud[loud.length - 1];
        await waitFor(() => el.state === 'listening', 30000);
        return ((last.frame + 128 - handledFrame) / ctx.sampleRate) * 1000;
      };
      const slow = make(`${ws}?sim-realtime-factor=1`, { avatar: 'none', 'turn-detection': 'server_vad' });
      await connect(slow);
      for (let i = 0; i < 4; i++) results.bargeInSpeech.push(await measureSilence(slow, 'speech'));
      await slow.stop();
      slow.remove();
      const slow2 = make(`${ws}?sim-realtime-factor=1`, { avatar: 'none' });
      await connect(slow2);
      for (let i = 0; i < turns; i++) results.bargeInInterrupt.push(await measureSilence(slow2, 'interrupt'));
      await slow2.stop();
      slow2.remove();
      return results;
    },
    { origin, turns: TURNS, long: LONG },
  );
}

const r = await withBenchPage(run, { realtimeFactor: 4 });
const rows: Array<[string, number[] | null, string]> = [
  ['Mic frame captured → sent (ms)', r.captureToSend, 'audio thread → socket, per 20 ms frame'],
  ['First audio delta → first sample audible (ms)', r.firstAudioToAudible, 'jitter buffer + output latency'],
  ['speech_started handled → output silent (ms)', r.bargeInSpeech, 'fake microphone speaking over the reply'],
  ['User voice onset → reply ducked (ms)', r.onsetToDuck, 'early ducking on the client, before the server decides'],
  ['User voice onset → speech_started handled (ms)', r.onsetToSpeechStarted, 'the simulator\'s VAD (server time, for comparison)'],
  ['interrupt() → output silent (ms)', r.bargeInInterrupt, 'programmatic barge-in'],
  ['Turn end → first audio delta (ms)', r.speechEndToFirstAudio, 'the simulator synthesizing (not the client)'],
];
const lines = ['| Measure | n | median | p95 | max | note |', '|---|---|---|---|---|---|'];
for (const [label, values, note] of rows) {
  const s = stats(values ?? []);
  lines.push(`| ${label} | ${s.n} | ${fmt(s.median)} | ${fmt(s.p95)} | ${fmt(s.max)} | ${note} |`);
}
lines.push(`| Heard audio vs mouth on screen: best lag (ms) | – | ${fmt(r.mouthLagMs, 0)} | – | – | r = ${fmt(r.mouthCorrelation, 2)} between the audible envelope and the mouth openness on screen; positive = mouth later |`);
const table = lines.join('\n');
console.log(table);
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench/results/latency.md'), `${table}\n`);
