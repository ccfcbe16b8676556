/**
 * Everything the engine knows about one assistant item, keyed by ms of that item's audio: acoustic frames (A),
 * transcript words and their alignment (B2), word timestamps (B1), server visemes (C), and the fused per-frame
 * shape/openness track the render loop reads. All building happens when events arrive; `shapeAt`/`levelAt` are
 * cheap lookups. Pure.
 */
import { Aligner, alignWord, emissions, Em, type AlignFrame } from './align.js';
import { visemeSegments, type VisemeCue } from './azure-visemes.js';
import { FeatureTrack, FRAME_MS } from './features.js';
import { blendAt, ShapeFrames, Source, spectralHint, type Blend } from './fusion.js';
import { REST_TARGET, type Phone } from './phones.js';
import { phonesOfText, pushPhoneSegments, spreadWord, TranscriptWords, type Segment } from './text-track.js';
import type { MouthWeights } from './types.js';
import { DEFAULT_TUNING, type Tuning } from './tuning.js';
import { resampleBuffer } from '../audio/codecs/resampler.js';

/**
 * The session's speech level (dB of the 300–2500 Hz band), which all openness and alignment features are
 * relative to: a peak follower over 30 ms averages that jumps up at once and decays by 1 dB/s. Shared by the
 * items of a session because the voice stays the same.
 */
export class SpeechLevel {
  ref = -30;
  private hist0 = -100;
  private hist1 = -100;

  observe(vDb: number): number {
    const avg = (vDb + this.hist0 + this.hist1) / 3;
    this.hist1 = this.hist0;
    this.hist0 = vDb;
    if (avg > this.ref) this.ref = avg;
    else this.ref = Math.max(-55, this.ref - 0.01);
    return this.ref;
  }

  reset(): void {
    this.ref = -30;
    this.hist0 = this.hist1 = -100;
  }
}

/** Below this openness a frame counts as silence for the spectral fallback. */
const VOICED_LEVEL = 0.15;

class Col {
  data = new Float32Array(256);
  put(i: number, v: number): void {
    if (i >= this.data.length) {
      const g = new Float32Array(Math.max(i + 1, this.data.length * 2));
      g.set(this.data);
      this.data = g;
    }
    this.data[i] = v;
  }
}

interface TimedWord {
  startMs: number;
  endMs: number;
  phones: Phone[];
  segs: Segment[];
  aligned: boolean;
}

function dbSum(...db: number[]): number {
  let p = 0;
  for (const d of db) p += Math.pow(10, d / 10);
  return p > 1e-10 ? 10 * Math.log10(p) : -100;
}

export class ItemTrack {
  readonly id: string;
  features: FeatureTrack | null = null;
  /** Energy openness 0..1 per frame, raw and with short dips bridged (what the mouth uses). */
  private readonly rawLevel = new Col();
  private readonly level = new Col();
  private bridged = 0;
  /** Alignment features per frame (relative to the speech level at arrival). */
  private readonly fv = new Col();
  private readonly ft = new Col();
  private readonly fh = new Col();
  private readonly fl = new Col();
  private readonly fz = new Col();
  private featured = 0;

  readonly shape = new ShapeFrames();
  readonly transcript = new TranscriptWords();
  private readonly aligner = new Aligner();
  private wordsFed = 0;
  /** B2 segments: words refined inside their committed intervals, then provisional HMM runs. */
  private readonly alignedSegs: Segment[] = [];
  private refinedCount = 0;
  private refinedUntil = 0;

  /** B1 words: proportional segments until their audio has arrived, then aligned inside the interval. */
  private readonly timedWords: TimedWord[] = [];
  private wordSegs: Segment[] = [];
  private wordsAligned = 0;
  private wordStart = Infinity;
  private wordEnd = -Infinity;

  private readonly cues: VisemeCue[] = [];
  private visemeSegs: Segment[] = [];

  audioDone = false;
  /** Heard position at truncation: nothing at or after it is ever shown. */
  cutMs: number | null = null;
  /** Engine clock (ms) when this item was last sampled while playing. */
  lastHeard = 0;
  /** Engine clock when the item was created. */
  readonly created: number;

  private dirtyFrom = Infinity;
  private dirtyTo = -1;
  private readonly blend: Blend = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0, jaw: 0, closed: false, weight: 0 };
  private readonly hint: MouthWeights = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0 };
  private readonly frame: AlignFrame = { v: 0, t: 0, h: 0, l: 0, zcr: 0 };
  private readonly emScratch = new Float32Array(Em.Count);
  private emFrame = -1;

  private readonly tuning: Tuning;

  constructor(id: string, now: number, tuning: Tuning = DEFAULT_TUNING) {
    this.id = id;
    this.tuning = tuning;
    this.created = now;
    this.lastHeard = now;
  }

  /** Item audio received, ms. */
  get durationMs(): number {
    return this.features ? this.features.durationMs : 0;
  }

  // ---- A: audio --------------------------------------------------------------------------------------------

  pushAudio(samples: Float32Array, sampleRate: number, speech: SpeechLevel): void {
    if (this.cutMs !== null || this.audioDone || !samples.length || !(sampleRate > 0)) return;
    if (!this.features) this.features = new FeatureTrack(sampleRate);
    const ft = this.features;
    const input = sampleRate === ft.sampleRate ? samples : resampleBuffer(samples, sampleRate, ft.sampleRate);
    ft.push(input);
    this.afterFeatures(speech);
  }

  finishAudio(speech: SpeechLevel): void {
    if (this.audioDone) return;
    this.audioDone = true;
    if (this.features) {
      this.features.finish();
      this.afterFeatures(speech);
    }
    this.realign();
    this.visemesChanged();
    this.render();
  }

  private afterFeatures(speech: SpeechLevel): void {
    const ft = this.features as FeatureTrack;
    const from = this.featured;
    for (let f = from; f < ft.frameCount; f++) {
      const b = ft.bands;
      const v = dbSum(b[1].data[f], b[2].data[f]);
      const total = dbSum(b[0].data[f], b[1].data[f], b[2].data[f], b[3].data[f], b[4].data[f]);
      const high = dbSum(b[3].data[f], b[4].data[f]);
      const ref = speech.observe(v);
      this.fv.put(f, v - ref);
      this.ft.put(f, total - ref);
      this.fh.put(f, high - total);
      this.fl.put(f, b[0].data[f] - v);
      this.fz.put(f, ft.zcr.data[f]);
      const range = this.tuning.levelRangeDb;
      const lv = (v - ref + range) / range;
      this.rawLevel.put(f, lv <= 0 ? 0 : lv >= 1 ? 1 : lv);
    }
    this.featured = ft.frameCount;
    this.bridge(ft.isFinished);
    if (ft.frameCount > from) {
      this.markDirty(from, ft.frameCount);
      if (this.alignTimedWords()) this.rebuildWordSegs();
      this.realign();
      if (this.cues.length) this.visemesChanged();
      this.render();
    }
  }

  /**
   * A stop closure inside speech (k, t, tʃ) is silent, but the jaw does not shut for it: dips shorter than about
   * two bridge spans get a share of the level around them. Needs `bridgeMs` of lookahead, which arrived audio
   * provides; until then a frame keeps its raw level.
   */
  private bridge(final: boolean): void {
    const span = Math.max(1, Math.round(this.tuning.bridgeMs / FRAME_MS));
    const share = this.tuning.bridgeShare;
    const raw = this.rawLevel.data;
    const n = this.featured;
    const upTo = final ? n : n - span;
    // Frames not yet bridged show their raw level.
    for (let f = this.bridged; f < n; f++) this.level.put(f, raw[f]);
    for (let f = Math.max(0, this.bridged); f < upTo; f++) {
      let before = 0;
      for (let k = Math.max(0, f - span); k < f; k++) if (raw[k] > before) before = raw[k];
      let after = 0;
      for (let k = f + 1; k <= f + span && k < n; k++) if (raw[k] > after) after = raw[k];
      const fill = share * Math.min(before, after);
      this.level.put(f, Math.max(raw[f], fill));
    }
    if (upTo > this.bridged) this.bridged = upTo;
  }

  private emission = (f: number, cls: Em): number => {
    if (f !== this.emFrame) {
      const fr = this.frame;
      fr.v = this.fv.data[f];
      fr.t = this.ft.data[f];
      fr.h = this.fh.data[f];
      fr.l = this.fl.data[f];
      fr.zcr = this.fz.data[f];
      emissions(fr, this.emScratch);
      this.emFrame = f;
    }
    return this.emScratch[cls];
  };

  // ---- B2: transcript and alignment ------------------------------------------------------------------------

  addTranscript(delta: string): void {
    if (this.cutMs !== null) return;
    this.transcript.append(delta);
    this.feedWords();
  }

  finishTranscript(text?: string): void {
    if (this.cutMs !== null || this.transcript.done) return;
    this.transcript.finish(text);
    this.feedWords();
    this.aligner.finishText();
    this.realign();
    this.render();
  }

  private feedWords(): void {
    const words = this.transcript.words;
    if (words.length > this.wordsFed) {
      this.aligner.addWords(words.slice(this.wordsFed));
      this.wordsFed = words.length;
      this.realign();
      this.render();
    }
  }

  private realign(): void {
    if (!this.features || this.wordsFed === 0 || this.featured === 0) return;
    const frames = this.cutMs !== null ? Math.min(this.featured, Math.ceil(this.cutMs / FRAME_MS)) : this.featured;
    const from = this.aligner.update(this.emission, frames, this.audioDone);
    this.rebuildRuns(from, this.aligner.labelledFrames);
  }

  /**
   * Re-derives B2 segments. Words whose frames are all committed are re-aligned segmentally inside the interval
   * the HMM gave them (once, appended to the refined prefix); everything after is provisional HMM runs.
   */
  private rebuildRuns(from: number, to: number): void {
    const labels = this.aligner.frameLabels;
    const phones = this.aligner.phones;
    const committed = this.aligner.committedFrames;
    const segs = this.alignedSegs;
    segs.length = this.refinedCount;
    let f = this.refinedUntil;
    while (f < committed) {
      const label = labels[f];
      let g = f + 1;
      if (label < 0) {
        while (g < committed && labels[g] === label) g++;
        if (g === committed && !this.audioDone) break;
        if (label === -1) segs.push({ startMs: f * FRAME_MS, endMs: g * FRAME_MS, target: REST_TARGET, label: 'sil' });
        f = g;
        continue;
      }
      const word = phones[label].word;
      while (g < committed && labels[g] >= 0 && phones[labels[g]].word === word) g++;
      // The word may go on past the committed frames.
      if (g === committed && !(this.audioDone && this.transcript.done)) break;
      const spans = alignWord(this.aligner.wordPhones(word), f, g, this.emission);
      if (spans) for (const sp of spans) pushPhoneSegments(segs, sp.phone, sp.f0 * FRAME_MS, sp.f1 * FRAME_MS);
      else {
        for (let h = f; h < g; ) {
          let k = h + 1;
          while (k < g && labels[k] === labels[h]) k++;
          pushPhoneSegments(segs, phones[labels[h]].phone, h * FRAME_MS, k * FRAME_MS);
          h = k;
        }
      }
      f = g;
    }
    if (f > this.refinedUntil) this.markDirty(this.refinedUntil - 8, f + 8);
    this.refinedUntil = f;
    this.refinedCount = segs.length;
    // Provisional: HMM runs from the refined boundary on.
    for (let h = f; h < to; ) {
      const label = labels[h];
      let k = h + 1;
      while (k < to && labels[k] === label) k++;
      if (label >= 0) pushPhoneSegments(segs, phones[label].phone, h * FRAME_MS, k * FRAME_MS);
      else if (label === -1) segs.push({ startMs: h * FRAME_MS, endMs: k * FRAME_MS, target: REST_TARGET, label: 'sil' });
      h = k;
    }
    this.markDirty(Math.min(from, f) - 8, to + 8);
  }

  // ---- B1: word timestamps ---------------------------------------------------------------------------------

  addWordTiming(text: string, offsetMs: number, durationMs: number): void {
    if (this.cutMs !== null || !Number.isFinite(offsetMs) || !Number.isFinite(durationMs) || durationMs <= 0) return;
    const phones = phonesOfText(text);
    if (!phones.length) return;
    const segs: Segment[] = [];
    spreadWord(segs, phones, offsetMs, durationMs);
    const word: TimedWord = { startMs: offsetMs, endMs: offsetMs + durationMs, phones, segs, aligned: false };
    const words = this.timedWords;
    if (!words.length || words[words.length - 1].startMs <= offsetMs) words.push(word);
    else {
      words.push(word);
      words.sort((a, b) => a.startMs - b.startMs);
      this.wordsAligned = 0;
    }
    this.wordStart = Math.min(this.wordStart, offsetMs);
    this.wordEnd = Math.max(this.wordEnd, offsetMs + durationMs);
    this.alignTimedWords();
    this.rebuildWordSegs();
    this.markDirty(Math.floor(offsetMs / FRAME_MS) - 12, Math.ceil((offsetMs + durationMs) / FRAME_MS) + 12);
    this.render();
  }

  /** Aligns each timed word whose audio has fully arrived (in order; a word is aligned once). */
  private alignTimedWords(): boolean {
    let changed = false;
    const words = this.timedWords;
    for (let i = this.wordsAligned; i < words.length; i++) {
      const w = words[i];
      const f0 = Math.max(0, Math.round(w.startMs / FRAME_MS));
      const f1 = Math.round(w.endMs / FRAME_MS);
      if (f1 > this.featured) break;
      this.wordsAligned = i + 1;
      if (w.aligned || !this.tuning.alignWords) continue;
      w.aligned = true;
      const spans = alignWord(w.phones, f0, f1, this.emission);
      if (!spans) continue;
      w.segs = [];
      for (const sp of spans) pushPhoneSegments(w.segs, sp.phone, sp.f0 * FRAME_MS, sp.f1 * FRAME_MS);
      this.markDirty(f0 - 8, f1 + 8);
      changed = true;
    }
    return changed;
  }

  private rebuildWordSegs(): void {
    const segs: Segment[] = [];
    for (const w of this.timedWords) for (const s of w.segs) segs.push(s);
    this.wordSegs = segs;
  }

  // ---- C: server visemes -----------------------------------------------------------------------------------

  addViseme(offsetMs: number, id: number): void {
    if (this.cutMs !== null || !Number.isFinite(offsetMs) || offsetMs < 0) return;
    const cue = { offsetMs, id: Math.round(id) };
    const cues = this.cues;
    cues.push(cue);
    if (cues.length > 1 && cues[cues.length - 2].offsetMs > offsetMs) cues.sort((x, y) => x.offsetMs - y.offsetMs);
    // The cue before this one now ends here: re-render from its start.
    const k = cues.indexOf(cue);
    this.visemesChanged(k > 0 ? cues[k - 1].offsetMs : offsetMs);
    this.render();
  }

  private visemesChanged(fromMs = 0): void {
    if (!this.cues.length) return;
    this.visemeSegs = visemeSegments(this.cues, this.audioDone ? Math.max(this.durationMs, this.cues[this.cues.length - 1].offsetMs + 40) : undefined);
    // The previous cue's end moved too.
    this.markDirty(Math.floor(fromMs / FRAME_MS) - 30, Math.ceil(this.visemeEndMs() / FRAME_MS) + 12);
  }

  private visemeEndMs(): number {
    const last = this.visemeSegs[this.visemeSegs.length - 1];
    return last ? last.endMs : 0;
  }

  // ---- truncation ------------------------------------------------------------------------------------------

  cut(heardMs: number): void {
    const ms = Math.max(0, Number.isFinite(heardMs) ? heardMs : 0);
    this.cutMs = this.cutMs === null ? ms : Math.min(this.cutMs, ms);
    this.aligner.cut(Math.ceil(this.cutMs / FRAME_MS));
  }

  // ---- rendering -------------------------------------------------------------------------------------------

  private markDirty(from: number, to: number): void {
    if (from < this.dirtyFrom) this.dirtyFrom = Math.max(0, from);
    if (to > this.dirtyTo) this.dirtyTo = to;
  }

  /** Frames the shape track should cover: the audio, or the text sources' extent before audio arrives. */
  private extentFrames(): number {
    let ms = this.durationMs;
    if (this.wordSegs.length) ms = Math.max(ms, this.wordEnd + 100);
    if (this.visemeSegs.length) ms = Math.max(ms, this.visemeEndMs() + 60);
    return Math.ceil(ms / FRAME_MS);
  }

  private render(): void {
    if (this.dirtyTo < this.dirtyFrom) return;
    const n = this.extentFrames();
    const to = Math.min(this.dirtyTo, n);
    this.shape.ensure(n);
    for (let f = this.dirtyFrom; f < to; f++) this.renderFrame(f);
    this.dirtyFrom = Infinity;
    this.dirtyTo = -1;
  }

  private renderFrame(f: number): void {
    const t = f * FRAME_MS + FRAME_MS / 2;
    const b = this.blend;
    const voiced = f < this.featured && this.rawLevel.data[f] >= VOICED_LEVEL;
    // C > B1 > B2 > spectral hint, each where it covers this frame.
    if (this.visemeSegs.length && t >= this.visemeSegs[0].startMs - 60 && t < this.visemeEndMs() + 60) {
      blendAt(this.visemeSegs, t, b, this.tuning);
      if (b.weight > 0.05 || !voiced) return this.shape.set(f, b, b.jaw, b.closed, Source.Viseme);
    }
    if (this.wordSegs.length && t >= this.wordStart - 80 && t < this.wordEnd + 80) {
      blendAt(this.wordSegs, t, b, this.tuning);
      if (b.weight > 0.05 || !voiced) return this.shape.set(f, b, b.jaw, b.closed, Source.WordTimed);
    }
    if (f < this.aligner.labelledFrames && this.aligner.frameLabels[f] >= -1) {
      blendAt(this.alignedSegs, t, b, this.tuning);
      if (b.weight > 0.05 || !voiced) return this.shape.set(f, b, b.jaw, b.closed, Source.Aligned);
    }
    if (voiced && this.features) {
      spectralHint(this.features.f1.data[f], this.features.f2.data[f], this.hint);
      return this.shape.set(f, this.hint, 1, false, Source.Spectral);
    }
    this.shape.set(f, REST_TARGET, 0, false, Source.None);
  }

  // ---- lookups for the render loop (no allocation) ---------------------------------------------------------

  /** Energy openness at `ms` (linear between frame centres); 0 where no audio has arrived. */
  levelAt(ms: number): number {
    const x = ms / FRAME_MS - 0.5;
    const n = this.featured;
    if (x < 0) return n > 0 ? this.level.data[0] * Math.max(0, 1 + x) : 0;
    const i = Math.floor(x);
    if (i >= n) return 0;
    const a = this.level.data[i];
    const bb = i + 1 < n ? this.level.data[i + 1] : a;
    return a + (bb - a) * (x - i);
  }

  /** Shape weights and jaw at `ms` (linear between frame centres) into `out`; returns jaw. */
  shapeAt(ms: number, out: MouthWeights): number {
    const s = this.shape;
    const n = s.length;
    let x = ms / FRAME_MS - 0.5;
    if (n === 0) {
      out.aa = out.ih = out.ou = out.ee = out.oh = 0;
      return 0;
    }
    if (x < 0) x = 0;
    let i = Math.floor(x);
    let a = x - i;
    if (i >= n - 1) {
      i = n - 1;
      a = 0;
    }
    const j = Math.min(n - 1, i + 1);
    out.aa = s.aa[i] + (s.aa[j] - s.aa[i]) * a;
    out.ih = s.ih[i] + (s.ih[j] - s.ih[i]) * a;
    out.ou = s.ou[i] + (s.ou[j] - s.ou[i]) * a;
    out.ee = s.ee[i] + (s.ee[j] - s.ee[i]) * a;
    out.oh = s.oh[i] + (s.oh[j] - s.oh[i]) * a;
    return s.jaw[i] + (s.jaw[j] - s.jaw[i]) * a;
  }

  closedAt(ms: number): boolean {
    const f = Math.floor(ms / FRAME_MS);
    return f >= 0 && f < this.shape.length && this.shape.closed[f] === 1;
  }

  sourceAt(ms: number): Source {
    const f = Math.floor(ms / FRAME_MS);
    return f >= 0 && f < this.shape.length ? (this.shape.source[f] as Source) : Source.None;
  }
}
