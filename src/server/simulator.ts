/**
 * A local stand-in for Azure AI Voice Live (`wss://…/voice-live/realtime`) that speaks the real protocol
 * (voice-live-protocol.md): the default backend of the demo and of every browser test. See src/server/README.md.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { redactUrl } from './redact.js';
import type { SpeechSynthesizer } from './tts/espeak.js';
import { attachUpgradeHandler, rejectUpgrade } from './upgrade.js';
import { extractCredentials, isAuthorized } from './simulator/auth.js';
import { SimConnection } from './simulator/connection.js';
import { parseHooks } from './simulator/hooks.js';
import { createSpeechSource } from './simulator/speech.js';

export interface SimulatorOptions {
  /** URL path to serve (default `/voice-live/realtime`). */
  path?: string;
  /** When set, this API key is accepted (`api-key` query parameter or header). */
  apiKey?: string;
  /** Accepted Entra tokens (`authorization=Bearer …` query parameter or `Authorization` header). */
  bearerTokens?: string[] | ((token: string) => boolean);
  /** `'auto'` (default): eSpeak NG if its (GPL, dev-only) package is installed, else the built-in formant voice. */
  synthesizer?: SpeechSynthesizer | 'auto';
  /** How much faster than real time audio is streamed (default 4). `sim-realtime-factor` overrides it per connection. */
  realtimeFactor?: number;
  /** Directory `sim-replay=<file>` reads recordings from. */
  recordingsDir?: string;
  /** Receives one line per notable event; URLs are redacted, secrets never appear. */
  log?: (line: string) => void;
}

export interface Simulator {
  /** Handles the upgrade when `req` is for this simulator's path; returns false (touching nothing) otherwise. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Serves upgrades arriving at `server`. */
  attach(server: Server): void;
  /** Starts a standalone HTTP server for the simulator (port 0 = any free port). */
  listen(port?: number, host?: string): Promise<{ port: number; url: string }>;
  /** Closes every socket, timer and the standalone server, if any. */
  close(): Promise<void>;
  readonly connectionCount: number;
}

export const DEFAULT_PATH = '/voice-live/realtime';
export const DEFAULT_REALTIME_FACTOR = 4;

/** api-version values the dated protocol family uses (voice-live-protocol.md §1.4). */
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const path = options.path ?? DEFAULT_PATH;
  const log = options.log ?? (() => undefined);
  const realtimeFactor = options.realtimeFactor && options.realtimeFactor > 0 ? options.realtimeFactor : DEFAULT_REALTIME_FACTOR;
  const speech = createSpeechSource(options.synthesizer ?? 'auto');
  // maxPayload above the protocol's 15 MiB append limit (base64 adds a third), so oversized appends get a
  // proper `error` event rather than a 1009 close.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 24 * 1024 * 1024, perMessageDeflate: false });
  const connections = new Set<SimConnection>();
  const detachers = new Map<Server, () => void>();
  let standalone: Server | undefined;
  let closing = false;
  let counter = 0;

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path && url.pathname !== `${path}/`) return false;
    const label = `#${++counter}`;
    const shown = redactUrl(req.url ?? '');
    if (closing) {
      rejectUpgrade(socket, 503, 'Simulator is shutting down');
      return true;
    }
    const query = url.searchParams;
    if (!isAuthorized(options, extractCredentials(req, query))) {
      log(`[sim ${label}] 401 ${shown}`);
      rejectUpgrade(socket, 401, 'Access denied due to invalid subscription key or wrong API endpoint.');
      return true;
    }
    const apiVersion = query.get('api-version');
    const problem = !apiVersion
      ? "Missing required query parameter 'api-version'."
      : !API_VERSION.test(apiVersion)
        ? `api-version '${apiVersion.slice(0, 40)}' is not supported by the simulator (dated versions such as 2026-07-15 are).`
        : !query.get('model') && !query.get('agent-name')
          ? "Missing query parameter 'model' (or 'agent-name' for agent mode)."
          : undefined;
    if (problem) {
      log(`[sim ${label}] 400 ${shown}: ${problem}`);
      rejectUpgrade(socket, 400, problem);
      return true;
    }
    const { hooks, problems } = parseHooks(query);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new SimConnection({
        ws,
        query,
        hooks,
        hookProblems: problems,
        speech,
        realtimeFactor: hooks.realtimeFactor ?? realtimeFactor,
        recordingsDir: options.recordingsDir,
        log,
        label,
      });
      connections.add(conn);
      ws.on('close', (code) => {
        connections.delete(conn);
        log(`[sim ${label}] closed ${code}`);
      });
      log(`[sim ${label}] connected ${shown} (${conn.sessionId})`);
      conn.start();
    });
    return true;
  }

  return {
    handleUpgrade,
    attach(server) {
      if (!detachers.has(server)) detachers.set(server, attachUpgradeHandler(server, handleUpgrade));
    },
    async listen(port = 0, host = '127.0.0.1') {
      if (standalone) throw new Error('Simulator is already listening');
      const server = createServer((_req, res) => {
        res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
        res.end(`Voice Live simulator: connect a WebSocket to ${path}\n`);
      });
      standalone = server;
      detachers.set(server, attachUpgradeHandler(server, handleUpgrade));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const addr = server.address() as AddressInfo;
      const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      return { port: addr.port, url: `ws://${shownHost}:${addr.port}${path}` };
    },
    async close() {
      closing = true;
      for (const detach of detachers.values()) detach();
      detachers.clear();
      await Promise.all([...connections].map((c) => c.shutdown()));
      connections.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (standalone) {
        const server = standalone;
        standalone = undefined;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
    get connectionCount() {
      return connections.size;
    },
  };
}
