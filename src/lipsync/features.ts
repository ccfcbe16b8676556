/**
 * Track A: acoustic features of an item's audio, one frame per 10 ms hop, computed as deltas *arrive* (before
 * they play, so every later stage gets lookahead for free). Pure and DOM-free.
 *
 * Per frame: broadband RMS, five band energies (<300, 300–1000, 1000–2500, 2500–4000, 4000+ Hz, the last empty
 * at 8 kHz), zero-crossing rate and a rough F1/F2 estimate. Frame i covers samples [i·hop, (i+1)·hop); the
 * spectrum uses a 2-hop Hann window centred on the hop, so frame i is ready once half a hop past its end has
 * arrived (or at `finish()`).
 */

/** Upper edges of the analysis bands in Hz; the last band runs to Nyquist. */
export const BAND_EDGES_HZ = [300, 1000, 2500, 4000] as const;
export const BAND_COUNT = BAND_EDGES_HZ.length + 1;
export const FRAME_MS = 10;
/** dB floor: digital silence maps here instead of −Infinity. */
export const DB_FLOOR = -100;

const LPC_ORDER = 10;
/** Formants are searched in the 0–4 kHz part of the spectrum only (selective linear prediction). */
const LPC_MAX_HZ = 4000;
const ENVELOPE_POINTS = 100;

function toDb(power: number): number {
  return power > 1e-10 ? 10 * Math.log10(power) : DB_FLOOR;
}

/** cos/sin of 2πk/n for k < n/2: the twiddle table `fft` reads. */
export function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  return { cos, sin };
}

/** In-place iterative radix-2 FFT; `re`/`im` length is a power of two. Twiddles come from the caller's table. */
export function fft(re: Float64Array, im: Float64Array, cos: Float64Array, sin: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step];
        const wi = -sin[k * step];
        const a = i + k;
        const b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

/** A growable Float32Array column. */
class Column {
  data = new Float32Array(256);
  push(index: number, value: number): void {
    if (index >= this.data.length) {
      const grown = new Float32Array(Math.max(index + 1, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[index] = value;
  }
}

/**
 * Streaming feature extractor for one item. `push()` samples as they arrive; `frameCount` grows as frames become
 * computable. All values are plain numbers in typed arrays so readers never allocate.
 */
export class FeatureTrack {
  readonly sampleRate: number;
  readonly hop: number;
  private readonly win: number;
  private readonly nfft: number;
  private readonly window: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly bandBin: Int32Array;
  private readonly lpcBins: number;
  private readonly envCos: Float64Array;
  private readonly envSin: Float64Array;
  private readonly lpcCos: Float64Array;
  /** Pre-emphasis |1 − 0.94 e^{−jω}|² per bin: flattens the glottal tilt so F1 and F2 show as separate peaks. */
  private readonly preEmph: Float64Array;
  private readonly env = new Float64Array(ENVELOPE_POINTS);
  private readonly r = new Float64Array(LPC_ORDER + 1);
  private readonly a = new Float64Array(LPC_ORDER + 1);
  private readonly tmp = new Float64Array(LPC_ORDER + 1);

  /** Samples not yet fully consumed; `bufStart` is the item sample index of buf[0]. */
  private buf = new Float32Array(4096);
  private bufLen = 0;
  private bufStart = 0;
  private totalSamples = 0;
  private finished = false;

  /** Broadband RMS over the hop, dB re full scale. */
  readonly rmsDb = new Column();
  /** Band energies of the windowed spectrum, dB. `bands[b]` for b < BAND_COUNT. */
  readonly bands: Column[] = [];
  readonly zcr = new Column();
  /** Formant estimates in Hz (0 when none found). */
  readonly f1 = new Column();
  readonly f2 = new Column();
  frameCount = 0;

  constructor(sampleRate: number) {
    this.sampleRate = sampleRate;
    this.hop = Math.max(1, Math.round((sampleRate * FRAME_MS) / 1000));
    this.win = this.hop * 2;
    let n = 1;
    while (n < this.win) n <<= 1;
    this.nfft = n;
    this.window = new Float64Array(this.win);
    for (let i = 0; i < this.win; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / this.win);
    ({ cos: this.cos, sin: this.sin } = twiddles(n));
    this.re = new Float64Array(n);
    this.im = new Float64Array(n);
    const binHz = sampleRate / n;
    this.bandBin = new Int32Array(BAND_EDGES_HZ.length);
    for (let b = 0; b < BAND_EDGES_HZ.length; b++) {
      this.bandBin[b] = Math.min(n / 2 + 1, Math.round(BAND_EDGES_HZ[b] / binHz));
    }
    for (let b = 0; b < BAND_COUNT; b++) this.bands.push(new Column());
    // Autocorrelation of the 0–4 kHz part of the power spectrum, as if that part were sampled at 8 kHz.
    const maxHz = Math.min(LPC_MAX_HZ, sampleRate / 2);
    this.lpcBins = Math.max(2, Math.floor(maxHz / binHz));
    this.preEmph = new Float64Array(this.lpcBins + 1);
    for (let k = 0; k <= this.lpcBins; k++) {
      const w = (2 * Math.PI * k) / n;
      this.preEmph[k] = 1 - 2 * 0.94 * Math.cos(w) + 0.94 * 0.94;
    }
    this.lpcCos = new Float64Array((LPC_ORDER + 1) * (this.lpcBins + 1));
    for (let m = 0; m <= LPC_ORDER; m++) {
      for (let k = 0; k <= this.lpcBins; k++) {
        this.lpcCos[m * (this.lpcBins + 1) + k] = Math.cos((Math.PI * m * k) / this.lpcBins);
      }
    }
    this.envCos = new Float64Array(ENVELOPE_POINTS * (LPC_ORDER + 1));
    this.envSin = new Float64Array(ENVELOPE_POINTS * (LPC_ORDER + 1));
    for (let p = 0; p < ENVELOPE_POINTS; p++) {
      const w = (Math.PI * (p + 0.5)) / ENVELOPE_POINTS;
      for (let m = 0; m <= LPC_ORDER; m++) {
        this.envCos[p * (LPC_ORDER + 1) + m] = Math.cos(w * m);
        this.envSin[p * (LPC_ORDER + 1) + m] = Math.sin(w * m);
      }
    }
    this.lpcMaxHz = maxHz;
  }

  private readonly lpcMaxHz: number;

  /** Item audio received so far, in ms. */
  get durationMs(): number {
    return (this.totalSamples / this.sampleRate) * 1000;
  }

  get sampleCount(): number {
    return this.totalSamples;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  push(samples: ArrayLike<number>): void {
    if (this.finished || samples.length === 0) return;
    const need = this.bufLen + samples.length;
    if (need > this.buf.length) {
      const grown = new Float32Array(Math.max(need, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.bufLen));
      this.buf = grown;
    }
    for (let i = 0; i < samples.length; i++) this.buf[this.bufLen + i] = samples[i];
    this.bufLen = need;
    this.totalSamples += samples.length;
    this.drain(false);
  }

  /** No more audio: compute the remaining frames with zero padding. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.drain(true);
  }

  /** Frames whose analysis window is complete. */
  private drain(final: boolean): void {
    const hop = this.hop;
    const lastFrame = final ? Math.ceil(this.totalSamples / hop) : Math.floor((this.totalSamples - hop / 2) / hop);
    while (this.frameCount < lastFrame) {
      this.computeFrame(this.frameCount);
      this.frameCount++;
    }
    // Keep from half a hop before the next frame's start (its window's left edge).
    const keepFrom = Math.max(0, this.frameCount * hop - (this.win - hop) / 2);
    const drop = Math.floor(keepFrom - this.bufStart);
    if (drop > 0 && drop <= this.bufLen) {
      this.buf.copyWithin(0, drop, this.bufLen);
      this.bufLen -= drop;
      this.bufStart += drop;
    }
  }

  private sampleAt(index: number): number {
    const i = index - this.bufStart;
    return i >= 0 && i < this.bufLen ? this.buf[i] : 0;
  }

  private computeFrame(f: number): void {
    const hop = this.hop;
    const start = f * hop;
    // Time domain: RMS and zero crossings over the hop itself.
    let sum = 0;
    let crossings = 0;
    let prev = this.sampleAt(start - 1);
    for (let i = 0; i < hop; i++) {
      const x = this.sampleAt(start + i);
      sum += x * x;
      if ((x >= 0) !== (prev >= 0)) crossings++;
      prev = x;
    }
    this.rmsDb.push(f, toDb(sum / hop));
    this.zcr.push(f, crossings / hop);

    // Spectrum over a 2-hop Hann window centred on the hop.
    const re = this.re;
    const im = this.im;
    re.fill(0);
    im.fill(0);
    const w0 = start - (this.win - hop) / 2;
    for (let i = 0; i < this.win; i++) re[i] = this.sampleAt(Math.floor(w0) + i) * this.window[i];
    fft(re, im, this.cos, this.sin);
    const half = this.nfft / 2;
    // Power normalised so a full-scale sine lands near 0 dB, comparable with rmsDb.
    const norm = 4 / (this.win * this.win);
    let b = 0;
    let acc = 0;
    for (let k = 0; k <= half; k++) {
      while (b < BAND_EDGES_HZ.length && k >= this.bandBin[b]) {
        this.bands[b].push(f, toDb(acc * norm));
        acc = 0;
        b++;
      }
      re[k] = re[k] * re[k] + im[k] * im[k];
      acc += re[k];
    }
    while (b < BAND_COUNT) {
      this.bands[b].push(f, toDb(acc * norm));
      acc = 0;
      b++;
    }
    this.formants(f);
  }

  /** Rough F1/F2 from an order-10 LPC envelope of the 0–4 kHz power spectrum (now in re[0..half]). */
  private formants(f: number): void {
    const P = this.re;
    const K = this.lpcBins;
    const r = this.r;
    for (let m = 0; m <= LPC_ORDER; m++) {
      let s = 0;
      const row = m * (K + 1);
      // Symmetric spectrum: bins 1..K-1 count twice.
      const pe = this.preEmph;
      s += P[0] * pe[0] * this.lpcCos[row];
      for (let k = 1; k < K; k++) s += 2 * P[k] * pe[k] * this.lpcCos[row + k];
      s += P[K] * pe[K] * this.lpcCos[row + K];
      r[m] = s;
    }
    let F1 = 0;
    let F2 = 0;
    if (r[0] > 1e-9) {
      r[0] *= 1.0001; // a little white-noise correction keeps Levinson stable
      if (this.levinson()) {
        const a = this.a;
        const env = this.env;
        for (let p = 0; p < ENVELOPE_POINTS; p++) {
          let cr = 0;
          let ci = 0;
          const row = p * (LPC_ORDER + 1);
          for (let m = 0; m <= LPC_ORDER; m++) {
            cr += a[m] * this.envCos[row + m];
            ci -= a[m] * this.envSin[row + m];
          }
          env[p] = -Math.log(cr * cr + ci * ci + 1e-12);
        }
        const hzPer = this.lpcMaxHz / ENVELOPE_POINTS;
        for (let p = 1; p < ENVELOPE_POINTS - 1; p++) {
          if (env[p] > env[p - 1] && env[p] >= env[p + 1]) {
            const hz = (p + 0.5) * hzPer;
            if (!F1) {
              if (hz >= 200 && hz <= 1100) F1 = hz;
            } else if (hz >= F1 + 200 && hz <= 3000) {
              F2 = hz;
              break;
            }
          }
        }
      }
    }
    this.f1.push(f, F1);
    this.f2.push(f, F2);
  }

  /** Levinson–Durbin on this.r into this.a (a[0] = 1). False when the recursion is unstable. */
  private levinson(): boolean {
    const r = this.r;
    const a = this.a;
    const tmp = this.tmp;
    a.fill(0);
    a[0] = 1;
    let err = r[0];
    for (let i = 1; i <= LPC_ORDER; i++) {
      let acc = r[i];
      for (let j = 1; j < i; j++) acc += a[j] * r[i - j];
      const k = -acc / err;
      if (!(Math.abs(k) < 1)) return false;
      tmp.set(a);
      for (let j = 1; j < i; j++) a[j] = tmp[j] + k * tmp[i - j];
      a[i] = k;
      err *= 1 - k * k;
      if (err <= 0) return false;
    }
    return true;
  }
}
