/**
 * The demo server: one HTTP server, one port — static files from the repository root, the simulator on
 * `/voice-live/realtime`, and (when configured) the relay to Azure on `/relay/voice-live/realtime`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRelay } from './relay.js';
import type { Relay, RelayOptions } from './relay.js';
import { createSimulator, DEFAULT_PATH as SIMULATOR_PATH } from './simulator.js';
import type { Simulator, SimulatorOptions } from './simulator.js';
import { createStaticHandler } from './static-files.js';
import { rejectUpgrade } from './upgrade.js';

export interface DemoServerOptions {
  /** Default 8080; 0 = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Directory served as `/` (the repository root). */
  root: string;
  simulator?: SimulatorOptions;
  /** Enables the relay on `/relay/voice-live/realtime` (unless `relay.path` says otherwise). */
  relay?: RelayOptions;
}

export interface DemoServer {
  /** Base URL, e.g. `http://127.0.0.1:8080/` (the demo page is `${url}demo/`). */
  url: string;
  port: number;
  simulator: Simulator;
  relay?: Relay;
  close(): Promise<void>;
}

export const RELAY_PATH = '/relay/voice-live/realtime';

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const simulator = createSimulator(options.simulator);
  const relay = options.relay ? createRelay({ path: RELAY_PATH, ...options.relay }) : undefined;
  const serveStatic = createStaticHandler(options.root);
  // What the demo page needs to know about this server (never any secret: just whether a relay exists).
  const demoConfig = JSON.stringify({
    simulator: SIMULATOR_PATH,
    relay: relay ? RELAY_PATH : null,
    relayHost: relay && options.relay ? safeHost(options.relay.endpoint) : null,
  });
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/demo/config.json') {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(demoConfig);
      return;
    }
    serveStatic(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    if (simulator.handleUpgrade(req, socket, head)) return;
    if (relay?.handleUpgrade(req, socket, head)) return;
    rejectUpgrade(socket, 404, 'Not found');
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8080, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await simulator.close();
    await relay?.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    simulator,
    relay,
    async close() {
      await Promise.all([simulator.close(), relay?.close()]);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function safeHost(endpoint: string): string | null {
  try {
    return new URL(endpoint).host;
  } catch {
    return null;
  }
}
