/**
 * Refusing a WebSocket upgrade with a plain HTTP response (what Azure does on bad credentials or parameters;
 * a browser only sees close code 1006).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

export function rejectUpgrade(socket: Duplex, status: number, message: string, extraHeaders: Record<string, string> = {}): void {
  if (socket.destroyed) return;
  const body = `${message}\n`;
  const headers = {
    Connection: 'close',
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...extraHeaders,
  };
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  // Destroy once flushed: a peer that never closes its side must not keep the socket open.
  socket.end(`${head}\r\n\r\n${body}`, () => socket.destroy());
}

type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => boolean;

const dispatchers = new WeakMap<Server, { handlers: Set<UpgradeHandler>; listener: (req: IncomingMessage, socket: Duplex, head: Buffer) => void }>();

/**
 * Lets several handlers (simulators, relays) share one HTTP server: each claims its own path. A request none of
 * them claims is refused with 404 only when nobody else listens for upgrades on that server (a test runner or
 * an application may have its own WebSocket endpoints there). Returns a function that detaches the handler.
 */
export function attachUpgradeHandler(server: Server, handler: UpgradeHandler): () => void {
  let d = dispatchers.get(server);
  if (!d) {
    const handlers = new Set<UpgradeHandler>();
    const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      for (const h of handlers) if (h(req, socket, head)) return;
      if (server.listenerCount('upgrade') === 1) rejectUpgrade(socket, 404, 'Not found');
    };
    d = { handlers, listener };
    dispatchers.set(server, d);
    server.on('upgrade', listener);
  }
  d.handlers.add(handler);
  const entry = d;
  return () => {
    entry.handlers.delete(handler);
    if (entry.handlers.size === 0) {
      server.off('upgrade', entry.listener);
      dispatchers.delete(server);
    }
  };
}
