/**
 * PCM16 little-endian <-> Float32. Pure; shared by the worklets, the lip-sync engine and the simulator.
 * Reads through a DataView-free path: on little-endian hosts (all browsers we target) an Int16Array view is
 * used directly, with a byte-wise fallback for unaligned or big-endian input.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Decodes `bytes` (PCM16 LE) into `out` (allocated when omitted). Returns the number of samples written. */
export function decodePcm16(bytes: Uint8Array, out?: Float32Array): Float32Array {
  const n = bytes.length >> 1;
  const dst = out && out.length >= n ? out : new Float32Array(n);
  if (LITTLE_ENDIAN && bytes.byteOffset % 2 === 0) {
    const view = new Int16Array(bytes.buffer, bytes.byteOffset, n);
    for (let i = 0; i < n; i++) dst[i] = view[i] / 32768;
  } else {
    for (let i = 0; i < n; i++) {
      const v = bytes[2 * i] | (bytes[2 * i + 1] << 8);
      dst[i] = (v >= 32768 ? v - 65536 : v) / 32768;
    }
  }
  return n === dst.length ? dst : dst.subarray(0, n);
}

/** Float [-1, 1] to Int16 with clipping and rounding. */
export function floatToInt16(x: number): number {
  const s = x < -1 ? -1 : x > 1 ? 1 : x;
  return s < 0 ? Math.round(s * 32768) : Math.round(s * 32767);
}

/** Encodes `samples` into `out` (2 bytes per sample, LE). `out` must hold `samples.length * 2` bytes. */
export function encodePcm16(samples: ArrayLike<number>, out?: Uint8Array): Uint8Array {
  const n = samples.length;
  const dst = out ?? new Uint8Array(n * 2);
  for (let i = 0; i < n; i++) {
    const v = floatToInt16(samples[i]);
    dst[2 * i] = v & 255;
    dst[2 * i + 1] = (v >> 8) & 255;
  }
  return dst;
}

/** Int16 samples (as produced by a synthesizer) to PCM16 LE bytes. */
export function int16ToBytes(samples: Int16Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength));
  const out = new Uint8Array(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    out[2 * i] = samples[i] & 255;
    out[2 * i + 1] = (samples[i] >> 8) & 255;
  }
  return out;
}
