/**
 * Picks the credential for each connection. Priority: the `credential` property, `token-url`, MSAL sign-in
 * (`auth-client-id`), `api-key`; none at all is valid (a relay or the local simulator adds auth).
 * Tokens are cached until shortly before they expire and always fetched fresh for a reconnect.
 */
import { acquireMsalToken } from './msal.js';
import { fetchTokenFromUrl } from './token-url.js';
import { AuthError, DEFAULT_TOKEN_SCOPE } from './types.js';
import type { AccessToken, ConnectionAuth, TokenCredentialLike } from './types.js';

export interface AuthSettings {
  apiKey?: string | null;
  tokenUrl?: string | null;
  credential?: TokenCredentialLike | null;
  authClientId?: string | null;
  authTenantId?: string | null;
  authRedirectUri?: string | null;
  tokenScope?: string | null;
}

/** Refresh this long before expiry. */
const MARGIN_MS = 2 * 60 * 1000;

export class AuthProvider {
  #cached: AccessToken | null = null;
  #cacheKey = '';

  describe(s: AuthSettings): 'credential' | 'token-url' | 'msal' | 'api-key' | 'none' {
    if (s.credential) return 'credential';
    if (s.tokenUrl) return 'token-url';
    if (s.authClientId) return 'msal';
    if (s.apiKey) return 'api-key';
    return 'none';
  }

  async get(s: AuthSettings, options: { forceRefresh?: boolean } = {}): Promise<ConnectionAuth> {
    const kind = this.describe(s);
    if (kind === 'none') return { kind: 'none' };
    if (kind === 'api-key') return { kind: 'api-key', key: s.apiKey as string };
    const scope = s.tokenScope || DEFAULT_TOKEN_SCOPE;
    const key = `${kind}|${s.tokenUrl ?? ''}|${s.authClientId ?? ''}|${scope}`;
    const fresh = this.#cached && this.#cacheKey === key && this.#cached.expiresOnTimestamp - MARGIN_MS > Date.now();
    if (!fresh || options.forceRefresh) {
      this.#cached = await this.#fetch(kind, s, scope);
      this.#cacheKey = key;
    }
    const t = this.#cached as AccessToken;
    return { kind: 'bearer', token: t.token, expiresOnTimestamp: t.expiresOnTimestamp };
  }

  /** ms until the cached token should be refreshed (for a proactive refresh timer), or null. */
  refreshInMs(): number | null {
    if (!this.#cached) return null;
    return Math.max(0, this.#cached.expiresOnTimestamp - MARGIN_MS - Date.now());
  }

  clear(): void {
    this.#cached = null;
    this.#cacheKey = '';
  }

  async #fetch(kind: 'credential' | 'token-url' | 'msal', s: AuthSettings, scope: string): Promise<AccessToken> {
    if (kind === 'token-url') return fetchTokenFromUrl(s.tokenUrl as string);
    if (kind === 'msal') {
      return acquireMsalToken({
        clientId: s.authClientId as string,
        tenantId: s.authTenantId ?? undefined,
        redirectUri: s.authRedirectUri ?? undefined,
        scope,
      });
    }
    let token: { token: string; expiresOnTimestamp: number } | null;
    try {
      token = await (s.credential as TokenCredentialLike).getToken([scope]);
    } catch (err) {
      throw new AuthError(`The credential's getToken() failed (${(err as Error)?.message ?? err}).`);
    }
    if (!token?.token) throw new AuthError("The credential's getToken() returned no token.");
    return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp || Date.now() + 10 * 60_000 };
  }
}
