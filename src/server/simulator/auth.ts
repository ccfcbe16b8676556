/**
 * Upgrade-time authentication, the way Voice Live does it (voice-live-protocol.md §1.3): an API key in the
 * `api-key` query parameter or header, or an Entra token as `authorization=Bearer <token>` in the query or an
 * `Authorization: Bearer <token>` header. With nothing configured every request is accepted.
 */
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

export interface AuthConfig {
  apiKey?: string;
  bearerTokens?: string[] | ((token: string) => boolean);
}

export interface Credentials {
  apiKey?: string;
  bearer?: string;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function queryParam(query: URLSearchParams, name: string): string | undefined {
  for (const [k, v] of query) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function extractCredentials(req: IncomingMessage, query: URLSearchParams): Credentials {
  const apiKey = queryParam(query, 'api-key') ?? header(req, 'api-key');
  // URLSearchParams already turned `+` and `%20` into spaces.
  const authorization = queryParam(query, 'authorization') ?? header(req, 'authorization');
  const m = authorization ? /^\s*bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return { apiKey: apiKey || undefined, bearer: m?.[1] };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function isAuthRequired(config: AuthConfig): boolean {
  return config.apiKey !== undefined || config.bearerTokens !== undefined;
}

export function isAuthorized(config: AuthConfig, creds: Credentials): boolean {
  if (!isAuthRequired(config)) return true;
  if (config.apiKey !== undefined && creds.apiKey !== undefined && safeEqual(creds.apiKey, config.apiKey)) return true;
  if (config.bearerTokens !== undefined && creds.bearer !== undefined) {
    const token = creds.bearer;
    if (typeof config.bearerTokens === 'function') {
      try {
        return config.bearerTokens(token) === true;
      } catch {
        return false;
      }
    }
    return config.bearerTokens.some((t) => safeEqual(t, token));
  }
  return false;
}
