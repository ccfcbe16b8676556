/**
 * Refusing a WebSocket upgrade with a plain HTTP response (what Azure does on bad credentials or parameters;
 * a browser only sees close code 1006).
 */
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
