/**
 * The production relay: the browser connects here (no credentials in the page), the relay connects to Azure
 * AI Voice Live with credentials held on the server, and frames pass through untouched in both directions.
 *
 * - Upstream URL: `endpoint` (`https://<resource>.services.ai.azure.com`, whose path becomes
 *   `/voice-live/realtime`, or a full `ws(s)://…` URL used as given) plus the browser's query parameters, minus
 *   any credential the browser tried to send (`api-key`, `authorization`), plus `api-version` when missing.
 * - Auth: `apiKey` is sent as the `api-key` header; otherwise `credential.getToken()` (any `@azure/core-auth`
 *   TokenCredential) is called for every connection and sent as `Authorization: Bearer …`.
 * - Frames: text stays text, binary stays binary, order is kept; browser frames sent before the upstream is
 *   open are queued. Close codes and reasons are passed on; an abnormal upstream drop is mirrored as a drop.
 * - An upstream handshake failure closes the browser socket with 1008 (401/403: credentials or access) or 1011
 *   (anything else) and a fixed reason that never contains a secret.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { redactUrl } from './redact.js';
import { attachUpgradeHandler, rejectUpgrade } from './upgrade.js';

export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: unknown): Promise<{ token: string; expiresOnTimestamp?: number } | null>;
}

export interface RelayOptions {
  /** `https://<resource>.services.ai.azure.com` (or the legacy `cognitiveservices.azure.com` host), or a full `ws(s)://` URL. */
  endpoint: string;
  /** Sent upstream as the `api-key` header. Takes precedence over `credential`. */
  apiKey?: string;
  /** Entra ID credential; `getToken(scope)` is called for each browser connection. */
  credential?: TokenCredentialLike;
  /** Token scope (default `https://ai.azure.com/.default`). */
  scope?: string;
  /** Path the browser connects to (default `/voice-live/realtime`). */
  path?: string;
  /** `api-version` added when the browser did not send one (default `2026-07-15`). */
  apiVersion?: string;
  /** When set, browsers from other origins (and clients without an `Origin` header) get 403. */
  allowedOrigins?: string[];
  /** Bytes of browser frames queued while the upstream is connecting before the relay gives up (default 16 MiB). */
  maxQueuedBytes?: number;
  log?: (line: string) => void;
}

export interface Relay {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  attach(server: Server): void;
  close(): Promise<void>;
  readonly connectionCount: number;
}

export const DEFAULT_API_VERSION = '2026-07-15';
export const DEFAULT_SCOPE = 'https://ai.azure.com/.default';
const CREDENTIAL_PARAMS = new Set(['api-key', 'authorization']);

/** Builds the upstream URL from the endpoint and the browser's query string (credentials stripped). */
export function upstreamUrl(endpoint: string, browserQuery: URLSearchParams, apiVersion = DEFAULT_API_VERSION): URL {
  const url = new URL(endpoint);
  if (url.protocol === 'https:' || url.protocol === 'http:') {
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.pathname = '/voice-live/realtime';
  } else if (url.protocol !== 'wss:' && url.protocol !== 'ws:') {
    throw new TypeError(`Relay endpoint must be http(s) or ws(s), got ${url.protocol}`);
  } else if (url.pathname === '/' || url.pathname === '') {
    url.pathname = '/voice-live/realtime';
  }
  for (const [k, v] of browserQuery) {
    if (CREDENTIAL_PARAMS.has(k.toLowerCase())) continue;
    // Parameters configured on the endpoint win over the browser's.
    if (!url.searchParams.has(k)) url.searchParams.append(k, v);
  }
  if (!url.searchParams.has('api-version')) url.searchParams.set('api-version', apiVersion);
  return url;
}

/** Close codes that may be sent in a close frame; others are mapped (1005 → none, the rest → 1011). */
function forwardableClose(code: number): number | undefined {
  if (code === 1005) return undefined;
  const ok = (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
  return ok ? code : 1011;
}

function closeWith(ws: WebSocket, code: number, reason: Buffer | string): void {
  if (ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) return;
  if (code === 1006) {
    ws.terminate();
    return;
  }
  const c = forwardableClose(code);
  // A close reason is limited to 123 bytes.
  const r = Buffer.isBuffer(reason) ? reason.subarray(0, 123) : Buffer.from(reason).subarray(0, 123);
  if (c === undefined) ws.close();
  else ws.close(c, r.toString('utf8'));
}

export function createRelay(options: RelayOptions): Relay {
  const path = options.path ?? '/voice-live/realtime';
  const log = options.log ?? (() => undefined);
  const maxQueued = options.maxQueuedBytes ?? 16 * 1024 * 1024;
  // Validate the endpoint once, up front: a typo should fail at startup, not on the first browser.
  upstreamUrl(options.endpoint, new URLSearchParams(), options.apiVersion);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024, perMessageDeflate: false });
  const pairs = new Set<{ browser: WebSocket; upstream?: WebSocket }>();
  const detachers = new Map<Server, () => void>();
  let closing = false;
  let counter = 0;

  async function upstreamHeaders(): Promise<Record<string, string>> {
    if (options.apiKey) return { 'api-key': options.apiKey };
    if (options.credential) {
      const token = await options.credential.getToken(options.scope ?? DEFAULT_SCOPE);
      if (!token?.token) throw new Error('no token');
      return { Authorization: `Bearer ${token.token}` };
    }
    return {};
  }

  function connect(browser: WebSocket, query: URLSearchParams, label: string): void {
    const pair: { browser: WebSocket; upstream?: WebSocket } = { browser };
    pairs.add(pair);
    const queue: Array<{ data: RawData; binary: boolean }> = [];
    let queuedBytes = 0;
    let upstream: WebSocket | undefined;
    const size = (d: RawData) => (Array.isArray(d) ? d.reduce((n, b) => n + b.length, 0) : (d as Buffer | ArrayBuffer).byteLength);

    browser.on('message', (data, binary) => {
      if (upstream?.readyState === WebSocket.OPEN) {
        upstream.send(data, { binary });
        return;
      }
      queuedBytes += size(data);
      if (queuedBytes > maxQueued) {
        closeWith(browser, 1009, 'too much data before the service connection opened');
        return;
      }
      queue.push({ data, binary });
    });
    browser.on('close', (code, reason) => {
      pairs.delete(pair);
      if (!upstream) return;
      if (upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
      else closeWith(upstream, code, reason);
    });
    browser.on('error', (err) => log(`[relay ${label}] browser socket error: ${err.message}`));

    const target = upstreamUrl(options.endpoint, query, options.apiVersion);
    const shown = redactUrl(target.toString());
    upstreamHeaders().then(
      (headers) => {
        if (browser.readyState !== WebSocket.OPEN) return;
        upstream = new WebSocket(target, { headers, perMessageDeflate: false, handshakeTimeout: 15_000, maxPayload: 64 * 1024 * 1024 });
        pair.upstream = upstream;
        const up = upstream;
        up.on('unexpected-response', (req, res) => {
          const status = res.statusCode ?? 0;
          log(`[relay ${label}] upstream refused ${shown}: HTTP ${status}`);
          res.resume();
          req.destroy();
          const policy = status === 401 || status === 403;
          closeWith(browser, policy ? 1008 : 1011, policy ? `service refused the relay's credentials (HTTP ${status})` : `service connection failed (HTTP ${status})`);
        });
        up.on('open', () => {
          log(`[relay ${label}] upstream open ${shown}`);
          for (const m of queue.splice(0)) up.send(m.data, { binary: m.binary });
          queuedBytes = 0;
        });
        up.on('message', (data, binary) => {
          if (browser.readyState === WebSocket.OPEN) browser.send(data, { binary });
        });
        up.on('close', (code, reason) => {
          log(`[relay ${label}] upstream closed ${code}`);
          closeWith(browser, code, reason);
        });
        up.on('error', (err) => {
          log(`[relay ${label}] upstream error: ${redactUrl(err.message)}`);
          closeWith(browser, 1011, 'service connection failed');
        });
      },
      (err: unknown) => {
        log(`[relay ${label}] could not get a token: ${err instanceof Error ? err.name : 'error'}`);
        closeWith(browser, 1011, 'relay could not obtain a service token');
      },
    );
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path && url.pathname !== `${path}/`) return false;
    const label = `#${++counter}`;
    if (closing) {
      rejectUpgrade(socket, 503, 'Relay is shutting down');
      return true;
    }
    if (options.allowedOrigins) {
      const origin = req.headers.origin;
      if (!origin || !options.allowedOrigins.includes(origin)) {
        log(`[relay ${label}] 403 origin ${origin ?? '(none)'}`);
        rejectUpgrade(socket, 403, 'Origin not allowed');
        return true;
      }
    }
    wss.handleUpgrade(req, socket, head, (browser) => {
      log(`[relay ${label}] browser connected ${redactUrl(req.url ?? '')}`);
      connect(browser, url.searchParams, label);
    });
    return true;
  }

  return {
    handleUpgrade,
    attach(server) {
      if (!detachers.has(server)) detachers.set(server, attachUpgradeHandler(server, handleUpgrade));
    },
    async close() {
      closing = true;
      for (const detach of detachers.values()) detach();
      detachers.clear();
      await Promise.all(
        [...pairs].map(
          ({ browser, upstream }) =>
            new Promise<void>((resolve) => {
              const sockets = [browser, upstream].filter((s): s is WebSocket => !!s && s.readyState !== WebSocket.CLOSED);
              if (!sockets.length) return resolve();
              let open = sockets.length;
              const cut = setTimeout(() => sockets.forEach((s) => s.terminate()), 500);
              for (const s of sockets) {
                s.once('close', () => {
                  if (--open === 0) {
                    clearTimeout(cut);
                    resolve();
                  }
                });
                if (s.readyState === WebSocket.CONNECTING) s.terminate();
                else s.close(1001, 'relay shutting down');
              }
            }),
        ),
      );
      pairs.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    get connectionCount() {
      return pairs.size;
    },
  };
}
