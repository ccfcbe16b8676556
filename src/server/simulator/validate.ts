/**
 * Small typed checks that throw `ProtocolError`s worded like the service's own messages. Pure.
 */
import { ProtocolError, listValues } from './errors.js';

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function show(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s === undefined ? String(value) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, param: string): Record<string, unknown> {
  if (!isObject(value)) {
    throw new ProtocolError('invalid_type', `Invalid type for '${param}': expected an object, but got ${describe(value)} instead.`, param);
  }
  return value;
}

export function expectString(value: unknown, param: string, { nonEmpty = false, maxLength = Infinity } = {}): string {
  if (typeof value !== 'string') {
    throw new ProtocolError('invalid_type', `Invalid type for '${param}': expected a string, but got ${describe(value)} instead.`, param);
  }
  if (nonEmpty && value.trim() === '') {
    throw new ProtocolError('invalid_value', `Invalid value for '${param}': expected a non-empty string.`, param);
  }
  if (value.length > maxLength) {
    throw new ProtocolError('string_above_max_length', `Invalid '${param}': string too long. Expected a maximum length of ${maxLength}, but got a string with length ${value.length} instead.`, param);
  }
  return value;
}

export function expectBoolean(value: unknown, param: string): boolean {
  if (typeof value !== 'boolean') {
    throw new ProtocolError('invalid_type', `Invalid type for '${param}': expected a boolean, but got ${describe(value)} instead.`, param);
  }
  return value;
}

export function expectEnum<T extends string | number>(value: unknown, allowed: readonly T[], param: string): T {
  if (!allowed.includes(value as T)) {
    throw new ProtocolError('invalid_value', `Invalid value: '${show(value)}'. Supported values are: ${listValues(allowed)}.`, param);
  }
  return value as T;
}

export function expectNumber(value: unknown, param: string, min: number, max: number, { integer = false } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new ProtocolError('invalid_type', `Invalid type for '${param}': expected ${kind}, but got ${describe(value)} instead.`, param);
  }
  const word = integer ? 'integer' : 'decimal';
  if (value < min) {
    throw new ProtocolError(`${word}_below_min_value`, `Invalid '${param}': ${word} below minimum value. Expected a value >= ${min}, but got ${value} instead.`, param);
  }
  if (value > max) {
    throw new ProtocolError(`${word}_above_max_value`, `Invalid '${param}': ${word} above maximum value. Expected a value <= ${max}, but got ${value} instead.`, param);
  }
  return value;
}

export function expectArray(value: unknown, param: string, { minLength = 0, maxLength = Infinity } = {}): unknown[] {
  if (!Array.isArray(value)) {
    throw new ProtocolError('invalid_type', `Invalid type for '${param}': expected an array, but got ${describe(value)} instead.`, param);
  }
  if (value.length < minLength) {
    throw new ProtocolError('array_below_min_length', `Invalid '${param}': empty array. Expected an array with minimum length ${minLength}, but got an array with length ${value.length} instead.`, param);
  }
  if (value.length > maxLength) {
    throw new ProtocolError('array_above_max_length', `Invalid '${param}': array too long. Expected an array with maximum length ${maxLength}, but got an array with length ${value.length} instead.`, param);
  }
  return value;
}

export function expectStringArray(value: unknown, param: string, allowed?: readonly string[]): string[] {
  const arr = expectArray(value, param);
  arr.forEach((v, i) => (allowed ? expectEnum(v, allowed, `${param}[${i}]`) : expectString(v, `${param}[${i}]`)));
  return arr as string[];
}

/** `param` is the path of `obj` ('' for the event itself, so the error names just `key`). */
export function requireField(obj: Record<string, unknown>, key: string, param: string): unknown {
  if (obj[key] === undefined || obj[key] === null) {
    const path = param ? `${param}.${key}` : key;
    throw new ProtocolError('missing_required_parameter', `Missing required parameter: '${path}'.`, path);
  }
  return obj[key];
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Plain-data deep merge: objects merge key by key, everything else (arrays included) replaces. */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isObject(base) || !isObject(patch)) return structuredClone(patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = isObject(out[k]) && isObject(v) ? deepMerge(out[k], v) : structuredClone(v);
  }
  return out as T;
}
