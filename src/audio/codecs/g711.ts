/**
 * G.711 µ-law and A-law (ITU-T G.711), written from the standard's segment definitions.
 * Decoding is a 256-entry table built on first use; encoding is branch-light bit arithmetic.
 */

let ulawTable: Float32Array | undefined;
let alawTable: Float32Array | undefined;

function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}

function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  const sign = a & 0x80;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  magnitude = magnitude | 0;
  return sign ? magnitude : -magnitude;
}

function getUlawTable(): Float32Array {
  if (!ulawTable) {
    ulawTable = new Float32Array(256);
    for (let i = 0; i < 256; i++) ulawTable[i] = ulawToLinear(i) / 32768;
  }
  return ulawTable;
}

function getAlawTable(): Float32Array {
  if (!alawTable) {
    alawTable = new Float32Array(256);
    for (let i = 0; i < 256; i++) alawTable[i] = alawToLinear(i) / 32768;
  }
  return alawTable;
}

function decodeWith(table: Float32Array, bytes: Uint8Array, out?: Float32Array): Float32Array {
  const dst = out && out.length >= bytes.length ? out.subarray(0, bytes.length) : new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) dst[i] = table[bytes[i]];
  return dst;
}

export function decodeUlaw(bytes: Uint8Array, out?: Float32Array): Float32Array {
  return decodeWith(getUlawTable(), bytes, out);
}

export function decodeAlaw(bytes: Uint8Array, out?: Float32Array): Float32Array {
  return decodeWith(getAlawTable(), bytes, out);
}

const ULAW_BIAS = 0x84;
const ULAW_CLIP = 32635;

/** Encodes one 16-bit linear sample to µ-law. */
export function linearToUlaw(sample: number): number {
  let s = sample | 0;
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > ULAW_CLIP) s = ULAW_CLIP;
  s += ULAW_BIAS;
  // Exponent = position of the highest set bit above bit 7 (segments 0..7).
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Encodes one 16-bit linear sample to A-law. */
export function linearToAlaw(sample: number): number {
  let s = sample | 0;
  let sign = 0x80;
  if (s < 0) {
    sign = 0;
    s = -s - 1;
  }
  if (s > 32767) s = 32767;
  let code: number;
  if (s < 256) {
    code = s >> 4;
  } else {
    let exponent = 7;
    for (let mask = 0x4000; (s & mask) === 0 && exponent > 1; mask >>= 1) exponent--;
    code = (exponent << 4) | ((s >> (exponent + 3)) & 0x0f);
  }
  return (code | sign) ^ 0x55;
}

function encodeWith(fn: (v: number) => number, samples: ArrayLike<number>, out?: Uint8Array): Uint8Array {
  const dst = out ?? new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    const c = x < -1 ? -1 : x > 1 ? 1 : x;
    dst[i] = fn(Math.round(c * 32767));
  }
  return dst;
}

export function encodeUlaw(samples: ArrayLike<number>, out?: Uint8Array): Uint8Array {
  return encodeWith(linearToUlaw, samples, out);
}

export function encodeAlaw(samples: ArrayLike<number>, out?: Uint8Array): Uint8Array {
  return encodeWith(linearToAlaw, samples, out);
}
