/**
 * Opaque ids in the service's style (`sess_…`, `item_…`, `resp_…`, `call_…`, `event_…`). Clients must not
 * parse them; the prefixes only make logs readable.
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(prefix: string, length = 20): string {
  const bytes = randomBytes(length);
  let out = prefix;
  // 62 does not divide 256; the slight bias is irrelevant for ids that only need to be unique.
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % ALPHABET.length];
  return out;
}

/** Per-connection sequential ids with a random stem: unique across connections, ordered within one. */
export function createIdSource(): (prefix: string) => string {
  const stem = randomId('', 8);
  let n = 0;
  return (prefix) => `${prefix}${stem}${(++n).toString(36).padStart(4, '0')}`;
}
