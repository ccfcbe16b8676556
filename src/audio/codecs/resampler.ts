/**
 * Streaming sample-rate converter: a Kaiser-windowed sinc, evaluated from a polyphase table with linear
 * interpolation between phases. Pure; it runs inside both AudioWorklets and in the Node simulator.
 *
 * Timing is exact: output n is the band-limited value of the input at position n * inRate / outRate
 * (tracked as an integer numerator, so nothing drifts over hours). The price is latency of `delayIn`
 * input samples, which `flush()` releases at the end of a stream.
 *
 * The cutoff sits at `rolloff` × the lower Nyquist frequency, so downsampling 48 kHz → 16 kHz removes
 * everything above ~7.4 kHz before decimation (the "proper anti-aliasing filter" capture needs), and
 * upsampling suppresses the images.
 */

export interface ResamplerOptions {
  /** Zero crossings of the sinc on each side; more = steeper transition band. */
  zeroCrossings?: number;
  /** Passband edge as a fraction of the lower Nyquist frequency. */
  rolloff?: number;
  /** Kaiser window β. 8 gives roughly 80 dB stopband attenuation. */
  beta?: number;
  /** Number of table phases between two input samples. */
  phases?: number;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

export class StreamResampler {
  readonly inRate: number;
  readonly outRate: number;
  /** Half the filter length, in input samples: the latency this converter adds. */
  readonly delayIn: number;
  private readonly taps: number;
  private readonly phases: number;
  private readonly table: Float32Array;
  private hist: Float32Array;
  private histLen: number;
  /** Position of the next output, in input samples × outRate, relative to hist[0]. */
  private tNum: number;
  private readonly identity: boolean;

  constructor(inRate: number, outRate: number, options: ResamplerOptions = {}) {
    if (!(inRate > 0 && outRate > 0) || !Number.isInteger(inRate) || !Number.isInteger(outRate)) {
      throw new RangeError(`Invalid sample rates ${inRate} → ${outRate}`);
    }
    this.inRate = inRate;
    this.outRate = outRate;
    this.identity = inRate === outRate;
    const zeroCrossings = options.zeroCrossings ?? 12;
    const rolloff = options.rolloff ?? 0.92;
    const beta = options.beta ?? 8;
    this.phases = options.phases ?? 128;
    // Cutoff in cycles per input sample.
    const fc = 0.5 * Math.min(1, outRate / inRate) * rolloff;
    const half = this.identity ? 0 : Math.ceil(zeroCrossings / (2 * fc));
    this.delayIn = half;
    this.taps = Math.max(1, 2 * half);
    this.table = new Float32Array((this.phases + 1) * this.taps);
    if (!this.identity) {
      const i0b = besselI0(beta);
      for (let p = 0; p <= this.phases; p++) {
        const frac = p / this.phases;
        let sum = 0;
        for (let k = 0; k < this.taps; k++) {
          const d = frac + half - 1 - k; // distance from tap k to the output position
          const x = 2 * fc * d;
          const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
          const r = d / half;
          const w = Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / i0b;
          const v = 2 * fc * sinc * w;
          this.table[p * this.taps + k] = v;
          sum += v;
        }
        // Unity DC gain in every phase: no ripple on constant signals.
        for (let k = 0; k < this.taps; k++) this.table[p * this.taps + k] /= sum;
      }
    }
    this.hist = new Float32Array(this.taps + 4096);
    this.histLen = 0;
    this.tNum = 0;
    this.reset();
  }

  /** Forgets all input; the next output is aligned with the next input sample. */
  reset(): void {
    this.hist.fill(0);
    // Start with `half` zeros so output 0 sits exactly on input sample 0.
    this.histLen = this.delayIn;
    this.tNum = this.delayIn * this.outRate;
  }

  /** Upper bound on the outputs one `process(input)` call of that length can write. */
  maxOutput(inputLength: number): number {
    return Math.ceil(((inputLength + this.taps + 1) * this.outRate) / this.inRate) + 2;
  }

  /** Converts `input`, writing to `output` from index 0; returns how many samples were written. */
  process(input: ArrayLike<number>, output: Float32Array): number {
    if (this.identity) {
      const n = Math.min(input.length, output.length);
      for (let i = 0; i < n; i++) output[i] = input[i];
      return n;
    }
    this.append(input);
    return this.drain(output);
  }

  /** Pads with silence to push out every output that depends on input given so far. */
  flush(output: Float32Array): number {
    if (this.identity) return 0;
    const end = this.histLen; // outputs up to this input position are owed
    const zeros = new Float32Array(this.taps);
    this.append(zeros);
    let n = 0;
    const half = this.delayIn;
    while (n < output.length) {
      const i0 = Math.floor(this.tNum / this.outRate);
      if (i0 >= end || i0 + half >= this.histLen) break;
      output[n++] = this.computeAt(i0);
      this.tNum += this.inRate;
    }
    this.compact();
    this.reset();
    return n;
  }

  private append(input: ArrayLike<number>): void {
    const need = this.histLen + input.length;
    if (need > this.hist.length) {
      const grown = new Float32Array(Math.max(need, this.hist.length * 2));
      grown.set(this.hist.subarray(0, this.histLen));
      this.hist = grown;
    }
    for (let i = 0; i < input.length; i++) this.hist[this.histLen + i] = input[i];
    this.histLen = need;
  }

  private computeAt(i0: number): number {
    const rem = this.tNum - i0 * this.outRate;
    const phase = (rem / this.outRate) * this.phases;
    const p = Math.floor(phase);
    const a = phase - p;
    const taps = this.taps;
    const base = i0 - this.delayIn + 1;
    const t0 = p * taps;
    const t1 = t0 + taps;
    const tab = this.table;
    const h = this.hist;
    let s0 = 0;
    let s1 = 0;
    for (let k = 0; k < taps; k++) {
      const x = h[base + k];
      s0 += x * tab[t0 + k];
      s1 += x * tab[t1 + k];
    }
    return s0 + (s1 - s0) * a;
  }

  private drain(output: Float32Array): number {
    let n = 0;
    const half = this.delayIn;
    while (n < output.length) {
      const i0 = Math.floor(this.tNum / this.outRate);
      if (i0 + half >= this.histLen) break;
      output[n++] = this.computeAt(i0);
      this.tNum += this.inRate;
    }
    this.compact();
    return n;
  }

  /** Drops input no future output needs, keeping hist small and tNum exact. */
  private compact(): void {
    const i0 = Math.floor(this.tNum / this.outRate);
    const keepFrom = Math.max(0, Math.min(this.histLen, i0 - this.delayIn + 1));
    if (keepFrom === 0) return;
    this.hist.copyWithin(0, keepFrom, this.histLen);
    this.histLen -= keepFrom;
    this.tNum -= keepFrom * this.outRate;
  }
}

/** One-shot conversion of a whole buffer (the simulator's synthesized speech, test fixtures). */
export function resampleBuffer(input: Float32Array, inRate: number, outRate: number): Float32Array {
  if (inRate === outRate) return input.slice();
  const r = new StreamResampler(inRate, outRate);
  const expected = Math.round((input.length * outRate) / inRate);
  const out = new Float32Array(r.maxOutput(input.length) + r.maxOutput(0));
  let n = r.process(input, out);
  n += r.flush(out.subarray(n));
  return out.subarray(0, Math.min(n, expected));
}
