/**
 * The audio-analysis peers, run from their npm packages in plain Node (lipsync.md §3.4), causally, on the same
 * 48 kHz audio, read at every 10 ms boundary:
 *
 *  - HeadAudio 0.1.0: its `Processor` (modules/processor.mjs) with a fake worklet port, fed 128-sample blocks,
 *    its shipped model (dist/model-en-mixed.bin); the node-side easing of `HeadAudio.update(dt)` reproduced,
 *    with viseme 0 treated as valid (i.e. without its issue #2 bug).
 *  - wLipSync 1.3.1: its AudioWorklet processor (dist/audio-processor.js) run against its WASM with fake worklet
 *    globals, blockSize 512; the node side's volume mapping and SmoothDamp reproduced.
 *  - wawa-lipsync 0.0.2: its `Lipsync` class with a fake `window.AudioContext` whose AnalyserNode is emulated
 *    (Blackman window, fft 2048, smoothing 0.8, −100…−30 dB byte scaling) and a virtual `performance.now`;
 *    `processAudio()` at 60 Hz.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { addOculus, FRAME_MS, frameCount, PEER_RATE, zero, type Weights } from './common.js';
import { CALIBRATION, PROFILE_META } from './wlipsync-profile.js';
import { fft as radix2, twiddles } from '../../../src/lipsync/features.js';

const require = createRequire(import.meta.url);
const pkgFile = (spec: string) => require.resolve(spec);

// ---- HeadAudio ----------------------------------------------------------------------------------------------

interface HeadMessage {
  event: string;
  viseme?: number;
}

const HEAD_VISEMES = ['aa', 'E', 'I', 'O', 'U', 'PP', 'SS', 'TH', 'DD', 'FF', 'kk', 'nn', 'RR', 'CH', 'sil'];
const HEAD_MAX = [0.65, 0.65, 0.65, 0.65, 0.65, 0.75, 0.65, 0.65, 0.65, 0.75, 0.65, 0.65, 0.65, 0.65, 0.65];

let headModel: unknown[] | undefined;

export async function headAudio(audio48: Float32Array): Promise<Weights[]> {
  const dir = pkgFile('@met4citizen/headaudio/package.json').replace(/package\.json$/, '');
  const { Processor } = (await import(`${dir}modules/processor.mjs`)) as { Processor: new (o: unknown, w: unknown) => { process(x: Float32Array): void; _onmessage(m: unknown): void } };
  if (!headModel) {
    const { Training } = (await import(`${dir}modules/training.mjs`)) as { Training: new () => { decodeBinaryRecord(r: Float32Array): unknown } };
    const PARAMS = (await import(`${dir}modules/parameters.mjs`)) as { RECORD_OFFSET: number; RECORD_LEN: number };
    const bytes = await readFile(`${dir}dist/model-en-mixed.bin`);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const training = new Training();
    headModel = [];
    for (let pos = 0; pos + PARAMS.RECORD_OFFSET <= buffer.byteLength; pos += PARAMS.RECORD_OFFSET) {
      headModel.push(training.decodeBinaryRecord(new Float32Array(buffer, pos, PARAMS.RECORD_LEN)));
    }
  }
  const messages: HeadMessage[] = [];
  const proc = new Processor({ sampleRate: PEER_RATE, processorOptions: {}, parameterData: {} }, { port: { onmessage: null, postMessage: (m: HeadMessage) => messages.push(m) } });
  proc._onmessage({ data: { event: 'model', model: headModel, reset: true } });
  // Node side (HeadAudio.update): one active viseme; alpha ramps over 100 ms with a sigmoid ease.
  const k = 5;
  const base = (t: number) => 1 / (1 + Math.exp(-k * t)) - 0.5;
  const corr = 0.5 / base(1);
  const ease = (t: number) => corr * base(2 * Math.max(Math.min(t, 1), 0) - 1) + 0.5;
  const alphas = new Array(15).fill(0);
  let active = -1;
  const out: Weights[] = [];
  const frames = frameCount(audio48.length, PEER_RATE);
  let fed = 0;
  for (let f = 0; f < frames; f++) {
    const until = Math.min(audio48.length, Math.round((f * FRAME_MS * PEER_RATE) / 1000));
    while (fed + 128 <= until) {
      proc.process(audio48.subarray(fed, fed + 128));
      fed += 128;
    }
    for (const m of messages) {
      if (m.event === 'viseme' && typeof m.viseme === 'number') active = m.viseme === 14 ? -1 : m.viseme;
      else if (m.event === 'ended') active = -1;
    }
    messages.length = 0;
    const da = FRAME_MS / 100;
    const w = zero();
    for (let i = 0; i < 15; i++) {
      alphas[i] = i === active ? Math.min(1, alphas[i] + da) : Math.max(0, alphas[i] - da);
      if (alphas[i] > 0.99) alphas[i] = 1;
      if (alphas[i] < 0.01) alphas[i] = 0;
      if (alphas[i] > 0) addOculus(w, HEAD_VISEMES[i], HEAD_MAX[i] * ease(alphas[i]));
    }
    out.push(w);
  }
  return out;
}

// ---- wLipSync -----------------------------------------------------------------------------------------------

interface WProcessor {
  process(inputs: Float32Array[][], outputs: unknown[], params: { blockSize: number[] }): boolean;
  port: { postMessage(m: unknown): void };
}

let wProcessorClass: (new (o: unknown) => WProcessor) | undefined;
/** The WASM API (typed here: the Node tsconfig has no DOM/WebAssembly lib). */
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> } }).WebAssembly;
let wModule: unknown;
const wState = { currentTime: 0, sink: (_m: unknown) => {} };

async function loadWLipSync(): Promise<void> {
  if (wProcessorClass) return;
  // The package's exports hide package.json; its main entry sits in dist/.
  const dir = pkgFile('wlipsync').replace(/[^/]+$/, '');
  wModule = await wasm.compile(await readFile(`${dir}wlipsync.wasm`));
  const g = globalThis as Record<string, unknown>;
  // The worklet scope the processor expects.
  g.AudioWorkletProcessor = class {
    port = { postMessage: (m: unknown) => wState.sink(m) };
  };
  g.registerProcessor = (_name: string, cls: new (o: unknown) => WProcessor) => {
    wProcessorClass = cls;
  };
  g.sampleRate = PEER_RATE;
  Object.defineProperty(g, 'currentTime', { get: () => wState.currentTime, configurable: true });
  await import(`${dir}audio-processor.js`);
}

function wProfile() {
  const mfccs = Object.entries(CALIBRATION).map(([name, frames]) => {
    const sum = new Array(12).fill(0);
    let n = 0;
    for (const [count, v] of frames) {
      for (let i = 0; i < 12; i++) sum[i] += count * v[i];
      n += count;
    }
    return { name, values: sum.map((s) => s / n) };
  });
  const all = Object.values(CALIBRATION).flatMap((frames) => frames.flatMap(([count, v]) => Array(count).fill(v) as number[][]));
  const means = new Array(12).fill(0).map((_, i) => all.reduce((a, v) => a + v[i], 0) / all.length);
  const stdDevs = means.map((m, i) => Math.sqrt(all.reduce((a, v) => a + (v[i] - m) ** 2, 0) / all.length));
  return { ...PROFILE_META, mfccNum: 12, mfccDataCount: 1, mfccs, means, stdDevs };
}

/** SmoothDamp as in Unity (and wLipSync's node). */
function smoothDamp(cur: number, target: number, vel: number, smooth: number, dt: number): [number, number] {
  const omega = 2 / smooth;
  const x = omega * dt;
  const exp = 1 / (1 + x + 0.48 * x * x + 0.235 * x * x * x);
  const change = cur - target;
  const temp = (vel + omega * change) * dt;
  return [target + (change + temp) * exp, (vel - omega * temp) * exp];
}

const W_VRM: Readonly<Record<string, keyof Weights>> = { A: 'aa', I: 'ih', U: 'ou', E: 'ee', O: 'oh', S: 'ih' };

export async function wLipSync(audio48: Float32Array): Promise<Weights[]> {
  await loadWLipSync();
  const messages: Array<{ timestamp: number; name: string; volume: number }> = [];
  wState.sink = (m) => messages.push(m as (typeof messages)[number]);
  const proc = new (wProcessorClass as new (o: unknown) => WProcessor)({ processorOptions: { wasmModule: wModule, profile: wProfile() } });
  // The processor instantiates its WASM asynchronously.
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
  const names = Object.keys(CALIBRATION);
  const weights: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  const vels: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  let volume = 0;
  let volVel = 0;
  let last = 0;
  const out: Weights[] = [];
  const frames = frameCount(audio48.length, PEER_RATE);
  let fed = 0;
  for (let f = 0; f < frames; f++) {
    const until = Math.min(audio48.length, Math.round((f * FRAME_MS * PEER_RATE) / 1000));
    while (fed + 128 <= until) {
      wState.currentTime = (fed + 128) / PEER_RATE;
      proc.process([[audio48.subarray(fed, fed + 128)]], [], { blockSize: [512] });
      fed += 128;
    }
    for (const m of messages) {
      const dt = m.timestamp - last;
      last = m.timestamp;
      let v = Number.isNaN(m.volume) ? 0 : Math.log10(m.volume);
      v = Math.max(0, Math.min(1, (v + 2.5) / 1));
      [volume, volVel] = smoothDamp(volume, v, volVel, 0.05, dt);
      for (const n of names) [weights[n], vels[n]] = smoothDamp(weights[n], n === m.name ? 1 : 0, vels[n], 0.05, dt);
    }
    messages.length = 0;
    const w = zero();
    for (const n of names) w[W_VRM[n]] = Math.min(1, w[W_VRM[n]] + Math.max(0, weights[n]) * volume * (n === 'S' ? 0.35 : 1));
    out.push(w);
  }
  return out;
}

// ---- wawa-lipsync -------------------------------------------------------------------------------------------

interface WawaLipsync {
  processAudio(): void;
  viseme: string;
}

export async function wawa(audio48: Float32Array): Promise<Weights[]> {
  const fft = 2048;
  const bins = fft / 2;
  const smoothed = new Float64Array(bins);
  const win = new Float64Array(fft);
  for (let i = 0; i < fft; i++) win[i] = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / fft) + 0.08 * Math.cos((4 * Math.PI * i) / fft);
  const tw = twiddles(fft);
  let position = 0;
  let clock = 0;
  // AnalyserNode emulation over the audio played so far.
  const analyser = {
    fftSize: fft,
    frequencyBinCount: bins,
    connect() {},
    getByteFrequencyData(arr: Uint8Array) {
      const re = new Float64Array(fft);
      const im = new Float64Array(fft);
      for (let i = 0; i < fft; i++) {
        const j = position - fft + i;
        re[i] = j >= 0 ? audio48[j] * win[i] : 0;
      }
      radix2(re, im, tw.cos, tw.sin);
      for (let k = 0; k < bins; k++) {
        const mag = Math.hypot(re[k], im[k]) / fft;
        smoothed[k] = 0.8 * smoothed[k] + 0.2 * mag;
        const db = 20 * Math.log10(smoothed[k] + 1e-20);
        arr[k] = Math.max(0, Math.min(255, Math.round((255 / 70) * (db + 100))));
      }
    },
  };
  const g = globalThis as Record<string, unknown>;
  g.window = { AudioContext: class { sampleRate = PEER_RATE; createAnalyser() { return analyser; } resume() {} } };
  const perf = Object.getOwnPropertyDescriptor(globalThis, 'performance');
  Object.defineProperty(globalThis, 'performance', { value: { now: () => clock }, configurable: true, writable: true });
  try {
    const spec = 'wawa-lipsync';
    const { Lipsync } = (await import(spec)) as { Lipsync: new () => WawaLipsync };
    const lip = new Lipsync();
    const out: Weights[] = [];
    const frames = frameCount(audio48.length, PEER_RATE);
    let nextTick = 0;
    for (let f = 0; f < frames; f++) {
      const t = f * FRAME_MS;
      while (nextTick <= t) {
        clock = nextTick;
        position = Math.min(audio48.length, Math.round((nextTick * PEER_RATE) / 1000));
        lip.processAudio();
        nextTick += 1000 / 60;
      }
      const w = zero();
      addOculus(w, lip.viseme, 1);
      out.push(w);
    }
    return out;
  } finally {
    if (perf) Object.defineProperty(globalThis, 'performance', perf);
    delete g.window;
  }
}
