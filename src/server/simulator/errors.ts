/**
 * Errors the simulator reports to the client as `error` events (voice-live-protocol.md §11). Throwing a
 * `ProtocolError` anywhere in a client event's handling turns into one `error` event carrying that client
 * event's `event_id`; the connection stays open.
 */
import type { ErrorDetails } from '../../protocol/events.js';

export class ProtocolError extends Error {
  readonly code: string;
  readonly param: string | null;
  readonly errorType: string;

  constructor(code: string, message: string, param: string | null = null, errorType = 'invalid_request_error') {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
    this.param = param;
    this.errorType = errorType;
  }

  toDetails(eventId: string | null | undefined): ErrorDetails {
    return { type: this.errorType, code: this.code, message: this.message, param: this.param, event_id: eventId ?? null };
  }
}

/** `'a', 'b', and 'c'` — the way the service lists allowed values in its messages. */
export function listValues(values: readonly unknown[]): string {
  const q = values.map((v) => `'${String(v)}'`);
  if (q.length <= 1) return q.join('');
  if (q.length === 2) return `${q[0]} and ${q[1]}`;
  return `${q.slice(0, -1).join(', ')}, and ${q[q.length - 1]}`;
}
