/**
 * Session recordings (component-api.md "Session recordings"): JSONL, one
 * `{"t": <ms since start>, "dir": "server" | "client", "event": {…}}` per line, `t` non-decreasing.
 * Pure: the element writes them, the simulator replays them, the lip-sync CLI reads them.
 */
import type { ClientEvent, ServerEvent } from './events.js';

export interface RecordingLine {
  t: number;
  dir: 'server' | 'client';
  event: ServerEvent | ClientEvent;
}

export interface ParsedRecording {
  lines: RecordingLine[];
  /** Lines that were not valid recording lines, with their 1-based line numbers and why. */
  rejected: Array<{ line: number; reason: string }>;
}

/** Parses JSONL leniently: blank lines are skipped, bad lines are reported, `t` is forced non-decreasing. */
export function parseRecording(text: string): ParsedRecording {
  const lines: RecordingLine[] = [];
  const rejected: ParsedRecording['rejected'] = [];
  let lastT = 0;
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const src = raw[i].trim();
    if (!src) continue;
    let value: unknown;
    try {
      value = JSON.parse(src);
    } catch {
      rejected.push({ line: i + 1, reason: 'not JSON' });
      continue;
    }
    const v = value as Partial<RecordingLine>;
    if (
      !v ||
      typeof v !== 'object' ||
      typeof v.t !== 'number' ||
      !Number.isFinite(v.t) ||
      (v.dir !== 'server' && v.dir !== 'client') ||
      !v.event ||
      typeof v.event !== 'object' ||
      typeof (v.event as { type?: unknown }).type !== 'string'
    ) {
      rejected.push({ line: i + 1, reason: 'not a {t, dir, event} line' });
      continue;
    }
    const t = Math.max(lastT, v.t);
    lastT = t;
    lines.push({ t, dir: v.dir, event: v.event as RecordingLine['event'] });
  }
  return { lines, rejected };
}

export function serializeRecording(lines: readonly RecordingLine[]): string {
  return lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : '');
}
