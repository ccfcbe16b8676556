/**
 * Keeps credentials out of log lines. URLs carry `api-key` and `authorization` in the query string (that is
 * the only way a browser can authenticate), so every URL is passed through `redactUrl` before it is logged.
 */

const SECRET_PARAMS = new Set(['api-key', 'apikey', 'authorization', 'access_token', 'token', 'key', 'sig', 'code']);

/** Replaces the values of credential-bearing query parameters with `***`. Accepts absolute or path-only URLs. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hashAt = url.indexOf('#', q);
  const query = url.slice(q + 1, hashAt < 0 ? undefined : hashAt);
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      // A malformed escape is still redacted by its raw name.
    }
    return SECRET_PARAMS.has(name.toLowerCase()) && eq >= 0 ? `${rawName}=***` : pair;
  });
  return url.slice(0, q + 1) + parts.join('&');
}

/** Redacts anything that looks like a bearer token or api key inside free text (error messages, reasons). */
export function redactText(text: string): string {
  return text
    .replace(/([?&](?:api-key|apikey|authorization|access_token|token|key|sig|code)=)[^&\s#"']*/gi, '$1***')
    .replace(/(bearer)(\s|\+|%20)+[A-Za-z0-9\-._~+/=%]+/gi, '$1 ***')
    .replace(/(api-key["'=:\s]+)[^\s&"',;]+/gi, '$1***');
}
