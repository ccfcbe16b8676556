/**
 * The lip-sync engine the element and the avatar stage drive (lipsync.md §2). Events build per-item tracks when
 * they arrive, before the audio plays; `sample()` reads them at the heard position every render frame:
 *
 *   shape   from server visemes > word timestamps > transcript aligned to the audio > spectral hint,
 *           read `anticipationMs` ahead (lips form the next sound before it is heard);
 *   opening from the played audio's energy at the heard position (multiplied in), so silence is closed;
 *   closure p/b/m forced shut and not smoothed away; barge-in and pauses close fast;
 *   output  winner + ≤ ½ runner-up, per-avatar gain, overall amplitude, asymmetric attack/release smoothing.
 *
 * Pure and DOM-free; `sample()` allocates nothing.
 */
import { base64ToBytes } from '../audio/codecs/base64.js';
import { decodeSamples, outputStreamFormat, OUTPUT_AUDIO_FORMATS, type OutputAudioFormat, type StreamFormat } from '../audio/codecs/formats.js';
import type { ServerEvent } from '../protocol/events.js';
import { ItemTrack, SpeechLevel } from './item-track.js';
import { keepTopTwo, limitPresets, MouthSmoother } from './smoothing.js';
import type { HeardPosition, LipSyncFrame, MouthWeights } from './types.js';
import { DEFAULT_TUNING, type Tuning } from './tuning.js';

export interface LipSyncEngineOptions {
  /** Default 'pcm16' (24 kHz); used by handleServerEvent to decode audio deltas. */
  outputFormat?: OutputAudioFormat;
  /** Shape lookahead in ms (default 30; segment envelopes add their own lead of up to 40 ms). */
  anticipationMs?: number;
  /** Per-avatar cap/gain on open weights (default 0.9). */
  mouthGain?: number;
  /** 0..1 overall scale (reduced motion uses ~0.6); lip-sync never turns off. */
  amplitude?: number;
  /** Internal constants (benchmarks and tests). */
  tuning?: Partial<Tuning>;
}

/** Items kept at most, however recent (memory bound for long sessions). */
const MAX_ITEMS = 12;
/** An item not heard for this long (engine clock) is dropped once it is finished. */
const EVICT_AFTER_MS = 20_000;

type AnyEvent = { type?: unknown; [k: string]: unknown };

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export class LipSyncEngine {
  private format: StreamFormat;
  private anticipationMs: number;
  private readonly mouthGain: number;
  private amplitude: number;
  private readonly items = new Map<string, ItemTrack>();
  private readonly speech = new SpeechLevel();
  private readonly smoother: MouthSmoother;
  private readonly tuning: Tuning;
  /** Engine clock: the sum of sample() dt (ms). */
  private clock = 0;
  /** Fast closing until this engine time (barge-in). */
  private closeUntil = -1;
  private readonly target: MouthWeights = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 };
  private readonly out: LipSyncFrame = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0, level: 0 };
  private lastSampled: ItemTrack | null = null;

  constructor(options: LipSyncEngineOptions = {}) {
    this.format = outputStreamFormat(options.outputFormat ?? 'pcm16');
    this.anticipationMs = clamp(options.anticipationMs ?? 30, 0, 200);
    this.mouthGain = clamp(options.mouthGain ?? 0.9, 0, 1);
    this.amplitude = clamp(options.amplitude ?? 1, 0, 1);
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
    this.smoother = new MouthSmoother({ attackMs: this.tuning.attackMs, releaseMs: this.tuning.releaseMs, closeMs: this.tuning.closeMs });
  }

  setOutputFormat(format: OutputAudioFormat): void {
    if (OUTPUT_AUDIO_FORMATS.includes(format)) this.format = outputStreamFormat(format);
  }

  setAmplitude(a: number): void {
    if (Number.isFinite(a)) this.amplitude = clamp(a, 0, 1);
  }

  /** Items currently held (tests check that finished items are evicted). */
  get itemCount(): number {
    return this.items.size;
  }

  /** Feed every server event, in order. Never throws. */
  handleServerEvent(event: ServerEvent): void {
    try {
      this.handle(event as unknown as AnyEvent);
    } catch {
      // A malformed event must never break the conversation; it simply contributes nothing.
    }
  }

  private handle(e: AnyEvent): void {
    if (!e || typeof e !== 'object') return;
    switch (e.type) {
      case 'session.created':
      case 'session.updated': {
        const fmt = (e.session as { output_audio_format?: unknown } | undefined)?.output_audio_format;
        if (typeof fmt === 'string') this.setOutputFormat(fmt as OutputAudioFormat);
        return;
      }
      case 'response.output_item.added': {
        const item = e.item as { id?: unknown; type?: unknown } | undefined;
        const id = str(item?.id);
        if (id && (item?.type === undefined || item.type === 'message')) this.track(id);
        return;
      }
      case 'response.audio.delta': {
        const id = str(e.item_id);
        const delta = str(e.delta);
        if (!id || !delta) return;
        const samples = decodeSamples(this.format.codec, base64ToBytes(delta));
        this.pushAudio(id, samples, this.format.sampleRate);
        return;
      }
      case 'response.audio_transcript.delta': {
        const id = str(e.item_id);
        if (id && typeof e.delta === 'string') this.track(id)?.addTranscript(e.delta);
        return;
      }
      case 'response.audio_transcript.done': {
        const id = str(e.item_id);
        if (id) this.track(id)?.finishTranscript(typeof e.transcript === 'string' ? e.transcript : undefined);
        return;
      }
      case 'response.audio_timestamp.delta': {
        const id = str(e.item_id);
        const off = num(e.audio_offset_ms);
        const dur = num(e.audio_duration_ms);
        if (id && off !== null && dur !== null && typeof e.text === 'string') {
          if (e.timestamp_type === undefined || e.timestamp_type === 'word') this.track(id)?.addWordTiming(e.text, off, dur);
        }
        return;
      }
      case 'response.animation_viseme.delta': {
        const id = str(e.item_id);
        const off = num(e.audio_offset_ms);
        const vid = num(e.viseme_id);
        if (id && off !== null && vid !== null) this.track(id)?.addViseme(off, vid);
        return;
      }
      case 'response.audio.done': {
        const id = str(e.item_id);
        if (id) this.items.get(id)?.finishAudio(this.speech);
        return;
      }
      case 'response.done': {
        // Whatever the response produced is complete (also on cancel).
        const output = (e.response as { output?: unknown } | undefined)?.output;
        if (Array.isArray(output)) {
          for (const it of output) {
            const id = str((it as { id?: unknown } | null)?.id);
            const track = id ? this.items.get(id) : undefined;
            if (track) {
              track.finishAudio(this.speech);
              track.finishTranscript();
            }
          }
        }
        return;
      }
      case 'conversation.item.truncated': {
        const id = str(e.item_id);
        const ms = num(e.audio_end_ms);
        if (id && ms !== null) this.truncate(id, ms);
        return;
      }
      default:
        return;
    }
  }

  /** Audio the caller already decoded; appended to the item's audio. */
  pushAudio(itemId: string, samples: Float32Array, sampleRate: number): void {
    if (typeof itemId !== 'string' || !itemId || !(samples instanceof Float32Array)) return;
    this.track(itemId)?.pushAudio(samples, sampleRate, this.speech);
  }

  /** Barge-in: cut the item's tracks at heardMs; the mouth closes within 80 ms. */
  truncate(itemId: string, heardMs: number): void {
    const track = this.items.get(itemId);
    if (track) track.cut(heardMs);
    else if (typeof itemId === 'string' && itemId) {
      // Remember the cut even for an item we never saw, so late events for it stay ignored.
      const t = this.track(itemId);
      t?.cut(heardMs);
    }
    this.closeUntil = this.clock + 200;
  }

  /** Forget everything (stop / reconnect). */
  reset(): void {
    this.items.clear();
    this.speech.reset();
    this.smoother.reset();
    this.lastSampled = null;
    this.closeUntil = -1;
    this.out.aa = this.out.ih = this.out.ou = this.out.ee = this.out.oh = this.out.level = 0;
  }

  /**
   * Smoothed mouth weights for the heard position; call every render frame with the real dt (ms). The returned
   * object is reused by the next call.
   */
  sample(position: HeardPosition, dtMs: number): LipSyncFrame {
    const dt = Number.isFinite(dtMs) ? clamp(dtMs, 0, 250) : 16;
    this.clock += dt;
    const tg = this.target;
    tg.aa = tg.ih = tg.ou = tg.ee = tg.oh = 0;
    let fast = this.clock < this.closeUntil;
    const id = position && typeof position.itemId === 'string' ? position.itemId : null;
    let track = id !== null ? (this.lastSampled && this.lastSampled.id === id ? this.lastSampled : this.items.get(id)) : undefined;
    const ms = position && Number.isFinite(position.ms) ? position.ms : 0;
    if (track && track.cutMs !== null) {
      fast = true;
      track = undefined;
    }
    if (track && position.playing) {
      this.lastSampled = track;
      track.lastHeard = this.clock;
      const tu = this.tuning;
      const level = track.levelAt(ms + tu.levelLeadMs);
      // Shut from just before the closure until its end at the heard position.
      if (track.closedAt(ms) || track.closedAt(ms + tu.closeLeadMs)) {
        fast = true;
      } else if (level > 0) {
        const jaw = track.shapeAt(ms + this.anticipationMs, tg);
        const energy = tu.levelGamma === 1 ? level : Math.pow(level, tu.levelGamma);
        const gate = level >= tu.gateLevel ? 1 : level / tu.gateLevel;
        const open = (tu.energyShare * energy + (1 - tu.energyShare) * gate) * Math.min(1, tu.jawFloor + (1 - tu.jawFloor) * jaw);
        tg.aa *= open;
        tg.ih *= open;
        tg.ou *= open;
        tg.ee *= open;
        tg.oh *= open;
        limitPresets(tg);
        const g = this.mouthGain * this.amplitude;
        tg.aa *= g;
        tg.ih *= g;
        tg.ou *= g;
        tg.ee *= g;
        tg.oh *= g;
      } else {
        fast = true;
      }
    } else {
      // Between items, underrun, flushed or unknown item: close promptly.
      fast = true;
    }
    this.smoother.step(tg, dt, fast);
    const v = this.smoother.value;
    keepTopTwo(v);
    // Cross-fades may briefly sum above 1; the avatar never gets more than one full mouth.
    const sum = v.aa + v.ih + v.ou + v.ee + v.oh;
    const k = sum > 1 ? 1 / sum : 1;
    const o = this.out;
    o.aa = v.aa * k;
    o.ih = v.ih * k;
    o.ou = v.ou * k;
    o.ee = v.ee * k;
    o.oh = v.oh * k;
    o.level = Math.min(1, v.aa + 0.75 * v.oh + 0.55 * v.ee + 0.4 * (v.ih + v.ou));
    this.evict();
    return o;
  }

  private track(id: string): ItemTrack | undefined {
    let t = this.items.get(id);
    if (!t) {
      t = new ItemTrack(id, this.clock, this.tuning);
      this.items.set(id, t);
      this.evict(true);
    }
    return t;
  }

  /** Drops items finished long ago, and the oldest beyond MAX_ITEMS. */
  private evict(force = false): void {
    if (!force && (this.items.size <= 2 || (this.clock | 0) % 500 > 20)) return;
    for (const [id, t] of this.items) {
      if (this.items.size <= 1) break;
      const finished = t.audioDone || t.cutMs !== null;
      if (finished && t !== this.lastSampled && this.clock - t.lastHeard > EVICT_AFTER_MS) this.items.delete(id);
    }
    while (this.items.size > MAX_ITEMS) {
      const oldest = this.items.keys().next().value as string;
      if (this.items.get(oldest) === this.lastSampled) this.lastSampled = null;
      this.items.delete(oldest);
    }
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
