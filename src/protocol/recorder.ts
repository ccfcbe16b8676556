/**
 * Writes session recordings (component-api.md "Session recordings") with secrets removed: credential-like
 * fields anywhere in an event (MCP tool headers, authorization values) and any known secret string.
 */
import type { ClientEvent, ServerEvent } from './events.js';
import type { RecordingLine } from './recording.js';

export { redactEvent } from './redact.js';
import { serializeRecording } from './recording.js';
import { redactEvent } from './redact.js';

export class SessionRecorder {
  readonly #lines: RecordingLine[] = [];
  readonly #start: number;
  readonly #now: () => number;
  readonly #secrets: () => ReadonlyArray<string | undefined | null>;

  constructor(now: () => number, secrets: () => ReadonlyArray<string | undefined | null>) {
    this.#now = now;
    this.#start = now();
    this.#secrets = secrets;
  }

  add(dir: 'server' | 'client', event: ServerEvent | ClientEvent): void {
    const t = Math.max(0, Math.round((this.#now() - this.#start) * 10) / 10);
    const last = this.#lines[this.#lines.length - 1];
    this.#lines.push({ t: last ? Math.max(last.t, t) : t, dir, event: redactEvent(event, this.#secrets()) });
  }

  get length(): number {
    return this.#lines.length;
  }

  toJSONL(): string {
    return serializeRecording(this.#lines);
  }
}
