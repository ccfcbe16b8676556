/**
 * Fetches a token from the page's own backend: GET, same-origin credentials, JSON
 * `{ "token": "…", "expiresOnTimestamp": <ms> }` (or `expiresOn` as an ISO string, or seconds `expires_in`).
 */
import { AuthError } from './types.js';
import type { AccessToken } from './types.js';

export function parseTokenResponse(body: unknown): AccessToken {
  const b = body as Record<string, unknown> | null;
  const token = b && (typeof b.token === 'string' ? b.token : typeof b.access_token === 'string' ? b.access_token : null);
  if (!token) throw new AuthError('The token URL answered without a "token" field.');
  let expires = NaN;
  if (typeof b!.expiresOnTimestamp === 'number') expires = b!.expiresOnTimestamp;
  else if (typeof b!.expiresOn === 'string') expires = Date.parse(b!.expiresOn);
  else if (typeof b!.expiresOn === 'number') expires = b!.expiresOn;
  else if (typeof b!.expires_in === 'number') expires = Date.now() + b!.expires_in * 1000;
  // Seconds instead of ms is a common mistake; a timestamp before 2001 in ms is really seconds.
  if (Number.isFinite(expires) && expires < 1e12) expires *= 1000;
  if (!Number.isFinite(expires)) expires = Date.now() + 10 * 60 * 1000;
  return { token, expiresOnTimestamp: expires };
}

export async function fetchTokenFromUrl(url: string, fetchImpl: typeof fetch = fetch): Promise<AccessToken> {
  let res: Response;
  try {
    res = await fetchImpl(url, { method: 'GET', credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (err) {
    throw new AuthError(`The token URL could not be reached (${(err as Error)?.message ?? err}).`);
  }
  if (!res.ok) {
    throw new AuthError(
      `The token URL answered HTTP ${res.status}. Check that the user is signed in to your site and that the endpoint returns { token, expiresOnTimestamp }.`,
    );
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new AuthError('The token URL did not answer with JSON.');
  }
  return parseTokenResponse(body);
}
