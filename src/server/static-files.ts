/**
 * Static file serving for the demo server: GET/HEAD only, correct MIME types, no directory listings, no
 * dotfiles, and no way out of `root` (`..` segments, encoded slashes and symlinks that leave it are refused).
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.jsonl': 'application/jsonl; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.vrm': 'model/gltf-binary',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

export function mimeType(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Decodes a request path into safe segments, or null when it tries to escape or hide anything. */
export function safeSegments(rawPath: string): string[] | null {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '.' || seg === '..' || seg.startsWith('.') || /[/\\\0]/.test(seg) || /^[a-zA-Z]:/.test(seg)) return null;
    segments.push(seg);
  }
  return segments;
}

export function createStaticHandler(root: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const base = resolve(root);
  let realBase: Promise<string> | undefined;

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const rawPath = (req.url ?? '/').split('?')[0].split('#')[0];
    if (rawPath === '/' || rawPath === '') {
      send(res, 302, 'See /demo/\n', { Location: '/demo/' });
      return;
    }
    const segments = safeSegments(rawPath);
    if (!segments) {
      send(res, 403, 'Forbidden\n');
      return;
    }
    let file = join(base, ...segments);
    try {
      realBase ??= realpath(base);
      const rootReal = await realBase;
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!rawPath.endsWith('/')) {
          const query = (req.url ?? '').slice(rawPath.length);
          send(res, 301, 'Moved\n', { Location: `${rawPath}/${query}` });
          return;
        }
        file = join(file, 'index.html');
        info = await stat(file);
      }
      const real = await realpath(file);
      if (real !== rootReal && !real.startsWith(rootReal + sep)) {
        send(res, 403, 'Forbidden\n');
        return;
      }
      if (!info.isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'Content-Type': mimeType(file),
        'Content-Length': String(info.size),
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      const stream = createReadStream(real);
      stream.on('error', () => res.destroy());
      stream.pipe(res);
    } catch {
      send(res, 404, 'Not found\n');
    }
  };
}
