/**
 * Keeping secrets out of logs, events, errors and recordings: credentials in URLs, credential-like fields
 * anywhere in an event, and any known secret string. Small and dependency-free: the element shell uses it.
 */

const SECRET_PARAMS = ['api-key', 'authorization', 'Authorization', 'access_token', 'token'];

/** The URL with every credential replaced, safe for logs, errors and events. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const name of SECRET_PARAMS) if (u.searchParams.has(name)) u.searchParams.set(name, 'REDACTED');
    if (u.password) u.password = 'REDACTED';
    return u.toString();
  } catch {
    return url.replace(/([?&](?:api-key|authorization|access_token|token)=)[^&#]*/gi, '$1REDACTED');
  }
}

/** Removes every occurrence of the given secrets from a string (for messages that might quote them). */
export function scrubSecrets(text: string, secrets: ReadonlyArray<string | undefined | null>): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    out = out.split(s).join('REDACTED');
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join('REDACTED');
  }
  return out;
}

const SECRET_KEYS = /^(api[-_]?key|authorization|access[-_]?token|token|password|secret|client[-_]?secret|credential)$/i;

export function redactEvent<T>(value: T, secrets: ReadonlyArray<string | undefined | null>): T {
  if (typeof value === 'string') return scrubSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactEvent(v, secrets)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEYS.test(k) && v != null ? 'REDACTED' : redactEvent(v, secrets);
    }
    return out as T;
  }
  return value;
}
