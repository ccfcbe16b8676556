/**
 * The WebSocket URL (component-api.md "Endpoint query", protocol §1.1–§1.2). Pure: the page origin is passed in.
 * Credentials travel in the query string (the only option for a browser WebSocket), so `redactUrl()` must be
 * used for anything that is logged or shown.
 */

export const DEFAULT_API_VERSION = '2026-07-15';
export const DEFAULT_MODEL = 'gpt-realtime';
export const REALTIME_PATH = '/voice-live/realtime';

export interface AgentTarget {
  agentName?: string;
  agentProjectName?: string;
  agentVersion?: string;
  conversationId?: string;
}

export type UrlAuth = { kind: 'api-key'; key: string } | { kind: 'bearer'; token: string } | { kind: 'none' };

export interface UrlOptions extends AgentTarget {
  endpoint: string;
  /** `location.href` of the page, for relative endpoints (a same-origin relay). */
  baseUrl?: string;
  model?: string;
  apiVersion?: string;
  auth?: UrlAuth;
  clientRequestId?: string;
}

export { redactUrl, scrubSecrets } from './redact.js';

export type UrlResult = { ok: true; url: string } | { ok: false; message: string };

export function buildRealtimeUrl(options: UrlOptions): UrlResult {
  const raw = options.endpoint?.trim();
  if (!raw) return { ok: false, message: 'endpoint is empty' };
  let url: URL;
  try {
    if (/^wss?:\/\//i.test(raw)) {
      url = new URL(raw);
    } else if (/^https?:\/\//i.test(raw)) {
      url = new URL(raw);
      url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
      // Like the official SDK: an https endpoint names the resource; the realtime path replaces any path.
      url.pathname = REALTIME_PATH;
    } else if (raw.startsWith('/')) {
      if (!options.baseUrl) return { ok: false, message: `endpoint "${raw}" is relative but there is no page URL` };
      const base = new URL(options.baseUrl);
      url = new URL(raw, base);
      url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
    } else {
      return { ok: false, message: `endpoint "${raw}" is not an https://, wss:// or /path URL` };
    }
  } catch {
    return { ok: false, message: `endpoint "${raw}" is not a valid URL` };
  }
  const q = url.searchParams;
  const setIfAbsent = (name: string, value: string | undefined) => {
    if (value && !q.has(name)) q.set(name, value);
  };
  setIfAbsent('api-version', options.apiVersion || DEFAULT_API_VERSION);
  const agentMode = !!(options.agentName || options.agentProjectName);
  if (agentMode) {
    setIfAbsent('agent-name', options.agentName);
    setIfAbsent('agent-project-name', options.agentProjectName);
    setIfAbsent('agent-version', options.agentVersion);
    setIfAbsent('conversation-id', options.conversationId);
  } else if (!q.has('agent-name')) {
    setIfAbsent('model', options.model || DEFAULT_MODEL);
  }
  setIfAbsent('client-request-id', options.clientRequestId);
  const auth = options.auth ?? { kind: 'none' };
  const hasAuth = q.has('api-key') || q.has('authorization') || q.has('Authorization');
  if (!hasAuth) {
    if (auth.kind === 'api-key') q.set('api-key', auth.key);
    else if (auth.kind === 'bearer') q.set('authorization', `Bearer ${auth.token}`);
  }
  return { ok: true, url: url.toString() };
}
