/**
 * Base64 for audio payloads. Pure and DOM-free: the browser, the worklets' hosts and the Node simulator share it.
 *
 * Audio arrives as base64 inside JSON. A ten-minute answer is about 28 MB of PCM16, so decoding must be
 * linear, allocation-light and never go through an intermediate binary string. Where the engine has the
 * native `Uint8Array.fromBase64` / `toBase64` (Chromium 140+, Node 25+), we use it; otherwise a table decoder.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

let decodeTable: Uint8Array | undefined;
let encodePairs: Uint16Array | undefined;

function getDecodeTable(): Uint8Array {
  if (!decodeTable) {
    decodeTable = new Uint8Array(256).fill(255);
    for (let i = 0; i < ALPHABET.length; i++) decodeTable[ALPHABET.charCodeAt(i)] = i;
    // URL-safe variants decode too; they cost nothing and some relays re-encode.
    decodeTable['-'.charCodeAt(0)] = 62;
    decodeTable['_'.charCodeAt(0)] = 63;
  }
  return decodeTable;
}

/** Two output characters per 12 input bits, as char codes packed in a Uint16 (lookup halves the work). */
function getEncodePairs(): Uint16Array {
  if (!encodePairs) {
    encodePairs = new Uint16Array(4096);
    for (let i = 0; i < 4096; i++) {
      encodePairs[i] = (ALPHABET.charCodeAt(i >> 6) << 8) | ALPHABET.charCodeAt(i & 63);
    }
  }
  return encodePairs;
}

interface NativeBase64 {
  fromBase64?: (s: string) => Uint8Array;
}
interface NativeBase64Instance {
  toBase64?: () => string;
}

/** Throws `TypeError` on characters outside the alphabet (callers treat that as a malformed frame). */
export function base64ToBytes(input: string): Uint8Array {
  const native = (Uint8Array as unknown as NativeBase64).fromBase64;
  if (native) return native.call(Uint8Array, input);
  const table = getDecodeTable();
  let len = input.length;
  while (len > 0 && input.charCodeAt(len - 1) === 61 /* = */) len--;
  if (len % 4 === 1) throw new TypeError('Invalid base64 length');
  const out = new Uint8Array(Math.floor((len * 3) / 4));
  let o = 0;
  let i = 0;
  const whole = len - (len % 4);
  for (; i < whole; i += 4) {
    const c0 = input.charCodeAt(i);
    const c1 = input.charCodeAt(i + 1);
    const c2 = input.charCodeAt(i + 2);
    const c3 = input.charCodeAt(i + 3);
    const a = table[c0 & 255];
    const b = table[c1 & 255];
    const c = table[c2 & 255];
    const d = table[c3 & 255];
    if ((a | b | c | d) === 255 || (c0 | c1 | c2 | c3) > 255) {
      throw new TypeError(`Invalid base64 character near offset ${i}`);
    }
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 255;
    out[o++] = n & 255;
  }
  const rest = len - whole;
  if (rest > 0) {
    const a = table[input.charCodeAt(i) & 255];
    const b = table[input.charCodeAt(i + 1) & 255];
    const c = rest === 3 ? table[input.charCodeAt(i + 2) & 255] : 0;
    const wide = input.charCodeAt(i) > 255 || input.charCodeAt(i + 1) > 255 || (rest === 3 && input.charCodeAt(i + 2) > 255);
    if ((a | b | c) === 255 || wide) throw new TypeError(`Invalid base64 character near offset ${i}`);
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >> 16;
    if (rest === 3) out[o] = (n >> 8) & 255;
  }
  return out;
}

const CHUNK = 3 * 4096; // bytes per String.fromCharCode batch: keeps argument lists small

export function bytesToBase64(bytes: Uint8Array): string {
  const native = (bytes as unknown as NativeBase64Instance).toBase64;
  if (native) return native.call(bytes);
  const pairs = getEncodePairs();
  const parts: string[] = [];
  const codes = new Uint16Array((CHUNK / 3) * 4);
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let c = 0;
    let i = start;
    const whole = end - ((end - start) % 3);
    for (; i < whole; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      const hi = pairs[n >> 12];
      const lo = pairs[n & 4095];
      codes[c++] = hi >> 8;
      codes[c++] = hi & 255;
      codes[c++] = lo >> 8;
      codes[c++] = lo & 255;
    }
    if (i < end) {
      const b0 = bytes[i];
      const b1 = i + 1 < end ? bytes[i + 1] : 0;
      const n = (b0 << 16) | (b1 << 8);
      codes[c++] = ALPHABET.charCodeAt(n >> 18);
      codes[c++] = ALPHABET.charCodeAt((n >> 12) & 63);
      codes[c++] = i + 1 < end ? ALPHABET.charCodeAt((n >> 6) & 63) : 61;
      codes[c++] = 61;
    }
    parts.push(String.fromCharCode.apply(null, codes.subarray(0, c) as unknown as number[]));
  }
  return parts.join('');
}
