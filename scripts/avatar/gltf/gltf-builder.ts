// Accumulates binary data for glTF accessors and packs a GLB. Written by hand
// (rather than via three's GLTFExporter) so morph targets can be stored as
// sparse accessors, which keeps the file small, and so the output is
// byte-for-byte deterministic. Data is pooled into one bufferView per kind
// (vertex, index, sparse, other) to keep the JSON short.

const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;
export const FLOAT = 5126;
export const UNSIGNED_BYTE = 5121;
export const UNSIGNED_SHORT = 5123;
export const UNSIGNED_INT = 5125;

export type Json = Record<string, unknown>;

type PoolName = 'vertex' | 'index' | 'sparse' | 'other';
const POOL_TARGET: Record<PoolName, number | undefined> = { vertex: ARRAY_BUFFER, index: ELEMENT_ARRAY_BUFFER, sparse: undefined, other: undefined };

/** A place in a pool, resolved to (bufferView, byteOffset) when the GLB is packed. */
interface Slot {
  pool: PoolName;
  offset: number;
  /** The JSON object that receives `bufferView` / `byteOffset`. */
  into: Json;
}

const align4 = (n: number): number => (n + 3) & ~3;

/**
 * The shortest decimal that reads back as the same float32. glTF stores
 * accessor bounds as float32 values; this keeps them exact but short.
 */
export function float32Json(x: number): number {
  for (let p = 1; p < 10; p++) {
    const v = Number(x.toPrecision(p));
    if (Math.fround(v) === x) return v;
  }
  return x;
}

export class GltfBuilder {
  readonly accessors: Json[] = [];
  private readonly pools: Record<PoolName, Uint8Array[]> = { vertex: [], index: [], sparse: [], other: [] };
  private readonly poolLength: Record<PoolName, number> = { vertex: 0, index: 0, sparse: 0, other: 0 };
  private readonly slots: Slot[] = [];

  private put(pool: PoolName, bytes: Uint8Array, into: Json): void {
    this.slots.push({ pool, offset: this.poolLength[pool], into });
    this.pools[pool].push(bytes);
    const padded = align4(bytes.byteLength);
    if (padded > bytes.byteLength) this.pools[pool].push(new Uint8Array(padded - bytes.byteLength));
    this.poolLength[pool] += padded;
  }

  private addAccessor(def: Json): number {
    this.accessors.push(def);
    return this.accessors.length - 1;
  }

  /** Float VEC3 vertex attribute; `withBounds` adds the min/max POSITION needs. */
  addFloatAttribute(data: Float32Array, withBounds: boolean): number {
    const def: Json = { componentType: FLOAT, count: data.length / 3, type: 'VEC3' };
    if (withBounds) Object.assign(def, bounds(data, 3));
    this.put('vertex', bytesOf(data), def);
    return this.addAccessor(def);
  }

  /** Unsigned-byte VEC4 attribute: JOINTS_0, or WEIGHTS_0 when `normalized`. */
  addByteAttribute(data: Uint8Array, normalized: boolean): number {
    const def: Json = { componentType: UNSIGNED_BYTE, count: data.length / 4, type: 'VEC4' };
    if (normalized) def.normalized = true;
    this.put('vertex', data, def);
    return this.addAccessor(def);
  }

  addIndices(indices: readonly number[], vertexCount: number): number {
    const wide = vertexCount > 65535;
    const data = wide ? Uint32Array.from(indices) : Uint16Array.from(indices);
    const def: Json = { componentType: wide ? UNSIGNED_INT : UNSIGNED_SHORT, count: indices.length, type: 'SCALAR' };
    this.put('index', bytesOf(data), def);
    return this.addAccessor(def);
  }

  /**
   * A morph-target VEC3 stored sparsely: only vertices that actually move are
   * written. A target that moves nothing becomes an accessor without data,
   * which glTF defines as all zeros.
   */
  addSparseVec3(deltas: Float32Array): number {
    const count = deltas.length / 3;
    const moved: number[] = [];
    for (let i = 0; i < count; i++) {
      if (deltas[i * 3] !== 0 || deltas[i * 3 + 1] !== 0 || deltas[i * 3 + 2] !== 0) moved.push(i);
    }
    const def: Json = { componentType: FLOAT, count, type: 'VEC3', ...bounds(deltas, 3) };
    if (moved.length > 0) {
      const wide = count > 65535;
      const values = new Float32Array(moved.length * 3);
      moved.forEach((v, k) => values.set(deltas.subarray(v * 3, v * 3 + 3), k * 3));
      const indices: Json = { componentType: wide ? UNSIGNED_INT : UNSIGNED_SHORT };
      const valuesRef: Json = {};
      this.put('sparse', bytesOf(wide ? Uint32Array.from(moved) : Uint16Array.from(moved)), indices);
      this.put('sparse', bytesOf(values), valuesRef);
      def.sparse = { count: moved.length, indices, values: valuesRef };
    }
    return this.addAccessor(def);
  }

  /** Column-major 4x4 matrices (skin inverse bind matrices). */
  addMatrices(data: Float32Array): number {
    const def: Json = { componentType: FLOAT, count: data.length / 16, type: 'MAT4' };
    this.put('other', bytesOf(data), def);
    return this.addAccessor(def);
  }

  /** Lays the pools out one after another, fills in bufferView references, returns views and binary. */
  finish(): { bufferViews: Json[]; binary: Uint8Array } {
    const bufferViews: Json[] = [];
    const viewOf = new Map<PoolName, { index: number; start: number }>();
    let at = 0;
    for (const pool of ['vertex', 'index', 'sparse', 'other'] as const) {
      if (this.poolLength[pool] === 0) continue;
      const view: Json = { buffer: 0, byteOffset: at, byteLength: this.poolLength[pool] };
      if (POOL_TARGET[pool] !== undefined) view.target = POOL_TARGET[pool];
      viewOf.set(pool, { index: bufferViews.length, start: at });
      bufferViews.push(view);
      at += this.poolLength[pool];
    }
    for (const s of this.slots) {
      s.into.bufferView = viewOf.get(s.pool)!.index;
      if (s.offset > 0) s.into.byteOffset = s.offset;
    }
    const binary = new Uint8Array(at);
    let cursor = 0;
    for (const pool of ['vertex', 'index', 'sparse', 'other'] as const) {
      for (const chunk of this.pools[pool]) {
        binary.set(chunk, cursor);
        cursor += chunk.byteLength;
      }
    }
    return { bufferViews, binary };
  }
}

function bytesOf(a: Float32Array | Uint16Array | Uint32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function bounds(data: Float32Array, n: number): { min: number[]; max: number[] } {
  const min = new Array<number>(n).fill(Infinity);
  const max = new Array<number>(n).fill(-Infinity);
  for (let i = 0; i < data.length; i++) {
    const c = i % n;
    const v = data[i]!;
    if (v < min[c]!) min[c] = v;
    if (v > max[c]!) max[c] = v;
  }
  // Zero-length data still needs valid bounds.
  const fix = (v: number): number => float32Json(Number.isFinite(v) ? v : 0);
  return { min: min.map(fix), max: max.map(fix) };
}

/** Packs JSON + binary into a GLB container (12-byte header, then JSON and BIN chunks). */
export function packGlb(json: Json, bin: Uint8Array): Uint8Array {
  const jsonBytes = new TextEncoder().encode(JSON.stringify(json));
  const jsonLen = align4(jsonBytes.byteLength);
  const binLen = align4(bin.byteLength);
  const total = 12 + 8 + jsonLen + 8 + binLen;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x46546c67, true); // "glTF"
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLen, true);
  dv.setUint32(16, 0x4e4f534a, true); // "JSON"
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.byteLength, 20 + jsonLen); // JSON pads with spaces
  const binAt = 20 + jsonLen;
  dv.setUint32(binAt, binLen, true);
  dv.setUint32(binAt + 4, 0x004e4942, true); // "BIN\0"
  out.set(bin, binAt + 8);
  return out;
}
