/**
 * Writes session recordings (component-api.md "Session recordings") with secrets removed: credential-like
 * fields anywhere in an event (MCP tool headers, authorization values) and any known secret string.
 */
import type { ClientEvent, ServerEvent } from './events.js';
import type { RecordingLine } from './recording.js';
import { serializeRecording } from './recording.js';
import { scrubSecrets } from './url.js';

const SECRET_KEYS = /^(api[-_]?key|authorization|access[-_]?token|token|password|secret|client[-_]?secret|credential)$/i;

export function redactEvent<T>(value: T, secrets: ReadonlyArray<string | undefined | null>): T {
  if (typeof value === 'string') return scrubSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactEvent(v, secrets)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEYS.test(k) && v != null ? 'REDACTED' : redactEvent(v, secrets);
    }
    return out as T;
  }
  return value;
}

export class SessionRecorder {
  private readonly lines: RecordingLine[] = [];
  private readonly start: number;
  private readonly now: () => number;
  private readonly secrets: () => ReadonlyArray<string | undefined | null>;

  constructor(now: () => number, secrets: () => ReadonlyArray<string | undefined | null>) {
    this.now = now;
    this.start = now();
    this.secrets = secrets;
  }

  add(dir: 'server' | 'client', event: ServerEvent | ClientEvent): void {
    const t = Math.max(0, Math.round((this.now() - this.start) * 10) / 10);
    const last = this.lines[this.lines.length - 1];
    this.lines.push({ t: last ? Math.max(last.t, t) : t, dir, event: redactEvent(event, this.secrets()) });
  }

  get length(): number {
    return this.lines.length;
  }

  toJSONL(): string {
    return serializeRecording(this.lines);
  }
}
