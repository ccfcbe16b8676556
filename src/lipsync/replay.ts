/**
 * Offline replay of a session recording through the lip-sync engine on a simulated playback clock, mirroring
 * the element's playback worklet:
 *
 *  - events are delivered at their recorded `t`;
 *  - an item starts playing when its first audio delta arrives, or when the previous item has finished playing,
 *    whichever is later; playback advances in real time;
 *  - when the next audio has not arrived yet, playback stalls (underrun: not playing, the mouth closes);
 *  - an item is finished once its audio is done (`response.audio.done` / `response.done`) and fully played;
 *  - a `conversation.item.truncate` client event or an `input_audio_buffer.speech_started` server event flushes
 *    playback like barge-in: what was queued is dropped, later audio of those items is ignored, and the engine is
 *    told to truncate at the heard position.
 *
 * The engine is sampled on every 10 ms boundary of heard item audio (and at every event, so smoothing sees the
 * real time steps). Pure: used by the `voice-live-lipsync` CLI, the benchmark and tests.
 */
import { bytesPerSample, outputStreamFormat, OUTPUT_AUDIO_FORMATS, type OutputAudioFormat, type StreamFormat } from '../audio/codecs/formats.js';
import type { RecordingLine } from '../protocol/recording.js';
import type { ServerEvent } from '../protocol/events.js';
import { LipSyncEngine, type LipSyncEngineOptions } from './engine.js';
import type { HeardPosition, MouthWeights } from './types.js';

export interface ReplayFrame extends MouthWeights {
  itemId: string;
  /** ms of that item's audio heard. */
  t: number;
}

export type PlaybackEvent =
  | { type: 'start'; itemId: string; at: number }
  | { type: 'underrun'; itemId: string; at: number; heardMs: number }
  | { type: 'resume'; itemId: string; at: number; heardMs: number }
  | { type: 'end'; itemId: string; at: number; heardMs: number }
  | { type: 'flush'; itemId: string | null; at: number; heardMs: number };

interface SimItem {
  id: string;
  /** ms of audio received. */
  received: number;
  done: boolean;
  flushed: boolean;
  /** Recording time the first audio arrived. */
  firstAudioAt: number;
}

/** The playback worklet's behaviour, reduced to ms bookkeeping. */
export class PlaybackSimulator {
  private readonly items = new Map<string, SimItem>();
  /** Items with audio, in order of their first delta. */
  private readonly queue: SimItem[] = [];
  private current: SimItem | null = null;
  private heard = 0;
  private stalled = false;
  now = 0;
  readonly log: PlaybackEvent[] = [];

  get position(): HeardPosition {
    if (!this.current) return { itemId: null, ms: 0, playing: false };
    return { itemId: this.current.id, ms: this.heard, playing: !this.stalled };
  }

  get currentItem(): string | null {
    return this.current ? this.current.id : null;
  }

  get heardMs(): number {
    return this.heard;
  }

  /** Nothing playing and nothing queued. */
  get idle(): boolean {
    return !this.current && !this.nextQueued();
  }

  private item(id: string): SimItem {
    let it = this.items.get(id);
    if (!it) {
      it = { id, received: 0, done: false, flushed: false, firstAudioAt: -1 };
      this.items.set(id, it);
    }
    return it;
  }

  audio(id: string, ms: number): void {
    const it = this.item(id);
    if (it.flushed || it.done || !(ms > 0)) return;
    if (it.received === 0 && it.firstAudioAt < 0) {
      it.firstAudioAt = this.now;
      this.queue.push(it);
    }
    it.received += ms;
    if (this.current === it && this.stalled) {
      this.stalled = false;
      this.log.push({ type: 'resume', itemId: it.id, at: this.now, heardMs: this.heard });
    }
    if (!this.current) this.startNext();
  }

  audioDone(id: string): void {
    const it = this.items.get(id);
    if (it) it.done = true;
    if (this.current === it && this.stalled) this.finishCurrent();
  }

  /** Barge-in: stop now, drop everything queued. Returns the item and heard ms that were cut. */
  flush(): { itemId: string | null; heardMs: number } {
    const cut = { itemId: this.current ? this.current.id : null, heardMs: this.heard };
    this.log.push({ type: 'flush', itemId: cut.itemId, at: this.now, heardMs: this.heard });
    for (const it of this.items.values()) it.flushed = true;
    this.queue.length = 0;
    this.current = null;
    this.heard = 0;
    this.stalled = false;
    return cut;
  }

  private nextQueued(): SimItem | undefined {
    while (this.queue.length && (this.queue[0].flushed || this.queue[0] === this.current)) this.queue.shift();
    return this.queue[0];
  }

  private startNext(): void {
    const next = this.nextQueued();
    if (!next) return;
    this.queue.shift();
    this.current = next;
    this.heard = 0;
    this.stalled = false;
    this.log.push({ type: 'start', itemId: next.id, at: this.now });
  }

  private finishCurrent(): void {
    const it = this.current as SimItem;
    this.log.push({ type: 'end', itemId: it.id, at: this.now, heardMs: this.heard });
    this.current = null;
    this.heard = 0;
    this.stalled = false;
    this.startNext();
  }

  /** ms until the heard position reaches `boundary` (Infinity if not playing). */
  timeUntilHeard(boundary: number): number {
    if (!this.current || this.stalled) return Infinity;
    const target = Math.min(boundary, this.current.received);
    return Math.max(0, target - this.heard);
  }

  /** Advances the clock to `to`, playing, finishing and stalling as the audio allows. */
  advanceTo(to: number): void {
    while (this.now < to) {
      if (!this.current) {
        this.now = to;
        return;
      }
      const it = this.current;
      if (this.stalled) {
        // Another item's audio while this one waits and never finishes: treat this one as done.
        if (this.queue.some((q) => !q.flushed && q !== it)) {
          this.finishCurrent();
          continue;
        }
        this.now = to;
        return;
      }
      const available = it.received - this.heard;
      const step = Math.min(to - this.now, available);
      this.heard += step;
      this.now += step;
      if (this.heard >= it.received - 1e-9) {
        if (it.done) this.finishCurrent();
        else if (this.now < to || step === 0) {
          this.stalled = true;
          this.log.push({ type: 'underrun', itemId: it.id, at: this.now, heardMs: this.heard });
        } else if (this.now >= to) {
          // Exactly at the end of what has arrived: stall from here on.
          this.stalled = true;
          this.log.push({ type: 'underrun', itemId: it.id, at: this.now, heardMs: this.heard });
        }
      }
    }
  }

  /** Ends playback of items whose audio will never complete (end of the recording). */
  drainStalled(): void {
    if (this.current && this.stalled) this.finishCurrent();
  }
}

export interface ReplayOptions extends LipSyncEngineOptions {
  /** Spacing of output frames in ms of item audio (default 10). */
  frameMs?: number;
  /** Called for each output frame as it is produced. */
  onFrame?: (frame: ReplayFrame) => void;
  /** Use this engine instead of a new one. */
  engine?: LipSyncEngine;
}

export interface ReplayResult {
  frames: ReplayFrame[];
  /** Item ids in the order they started playing. */
  items: string[];
  playback: PlaybackEvent[];
}

/** The replay samples the engine at least this often (ms of clock time), like a render loop. */
const TICK_MS = 10;

function base64Bytes(b64: string): number {
  let pad = 0;
  if (b64.endsWith('==')) pad = 2;
  else if (b64.endsWith('=')) pad = 1;
  return Math.floor((b64.length * 3) / 4) - pad;
}

function r3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Replays one recording's events on a fresh simulated clock. */
export function replayRecording(lines: readonly RecordingLine[], options: ReplayOptions = {}): ReplayResult {
  const frameMs = options.frameMs ?? 10;
  const engine = options.engine ?? new LipSyncEngine(options);
  const sim = new PlaybackSimulator();
  const frames: ReplayFrame[] = [];
  const started: string[] = [];
  let format: StreamFormat = outputStreamFormat(options.outputFormat ?? 'pcm16');
  let nextBoundary = 0;
  let lastCurrent: string | null = null;
  let lastSampleAt = 0;

  const emit = (pos: HeardPosition) => {
    const w = engine.sample(pos, sim.now - lastSampleAt);
    lastSampleAt = sim.now;
    return w;
  };

  const sampleAndMaybeEmit = () => {
    const pos = sim.position;
    const w = emit(pos);
    if (pos.itemId && pos.playing && Math.abs(pos.ms - nextBoundary) < 1e-6) {
      const f: ReplayFrame = { itemId: pos.itemId, t: r3(nextBoundary), aa: r3(w.aa), ih: r3(w.ih), ou: r3(w.ou), ee: r3(w.ee), oh: r3(w.oh) };
      frames.push(f);
      options.onFrame?.(f);
      nextBoundary += frameMs;
    }
  };

  const syncCurrent = () => {
    const cur = sim.currentItem;
    if (cur !== lastCurrent) {
      lastCurrent = cur;
      nextBoundary = 0;
      if (cur) started.push(cur);
    }
  };

  /**
   * Plays until `to`, like a render loop: the engine is sampled at least every TICK_MS of clock time (so it sees
   * underruns and gaps) and exactly on every 10 ms boundary of heard audio, which is when frames are emitted.
   * A boundary exactly at `to` is sampled after the events at `to` (a flush at that instant was never heard).
   */
  const playUntil = (to: number) => {
    for (let guard = 0; guard < 1e7; guard++) {
      syncCurrent();
      const toBoundary = sim.timeUntilHeard(nextBoundary);
      const dt = Math.min(toBoundary, TICK_MS);
      if (sim.now + dt >= to) {
        sim.advanceTo(to);
        syncCurrent();
        return;
      }
      sim.advanceTo(sim.now + dt);
      syncCurrent();
      sampleAndMaybeEmit();
    }
  };

  for (const line of lines) {
    playUntil(line.t);
    const ev = line.event as { type?: string; [k: string]: unknown };
    if (line.dir === 'client') {
      if (ev.type === 'conversation.item.truncate') {
        const cut = sim.flush();
        if (cut.itemId) engine.truncate(cut.itemId, cut.heardMs);
        syncCurrent();
      }
      continue;
    }
    if (ev.type === 'input_audio_buffer.speech_started') {
      const cut = sim.flush();
      if (cut.itemId) engine.truncate(cut.itemId, cut.heardMs);
      syncCurrent();
    }
    if ((ev.type === 'session.created' || ev.type === 'session.updated') && ev.session && typeof ev.session === 'object') {
      const fmt = (ev.session as { output_audio_format?: unknown }).output_audio_format;
      if (typeof fmt === 'string' && (OUTPUT_AUDIO_FORMATS as readonly string[]).includes(fmt)) format = outputStreamFormat(fmt as OutputAudioFormat);
    }
    engine.handleServerEvent(ev as ServerEvent);
    if (ev.type === 'response.audio.delta' && typeof ev.item_id === 'string' && typeof ev.delta === 'string') {
      const samples = base64Bytes(ev.delta) / bytesPerSample(format.codec);
      sim.audio(ev.item_id, (samples / format.sampleRate) * 1000);
    } else if (ev.type === 'response.audio.done' && typeof ev.item_id === 'string') {
      sim.audioDone(ev.item_id);
    } else if (ev.type === 'response.done') {
      const output = (ev.response as { output?: unknown } | undefined)?.output;
      if (Array.isArray(output)) for (const it of output) if (it && typeof it.id === 'string') sim.audioDone(it.id);
    }
    syncCurrent();
    // Sample at the event too, so the smoother sees real time steps and a just-started item's frame 0 is emitted.
    sampleAndMaybeEmit();
  }
  // Play out everything that arrived.
  for (let guard = 0; guard < 100000 && !sim.idle; guard++) {
    playUntil(sim.now + 1000);
    sampleAndMaybeEmit();
    if (sim.position.itemId && !sim.position.playing) {
      sim.drainStalled();
      syncCurrent();
      sampleAndMaybeEmit();
    }
  }
  return { frames, items: started, playback: sim.log };
}
