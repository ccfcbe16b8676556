/**
 * Test hooks: per-connection misbehaviour chosen by query parameters, all off by default. They exist so that
 * clients can be tested against the failures a real service produces. (Also documented in src/server/README.md.)
 *
 *   sim-drop-after-ms=N        terminate the TCP socket N ms after connecting, no close frame (browser: 1006)
 *   sim-close-after-ms=N       close cleanly N ms after connecting ...
 *   sim-close-code=C           ... with close code C (default 1000; 1006 means "drop" as above)
 *   sim-malformed=1            after session.created, send a non-JSON text frame and a JSON frame without `type`
 *   sim-unknown-event=1        after session.created, send an event of unknown type (`simulator.custom_event`)
 *   sim-error=1                after session.created, send a non-fatal `error` event (code `simulated_error`)
 *   sim-delay-ms=N             wait N ms before each response starts (before `response.created`)
 *   sim-realtime-factor=F      stream audio F× faster than real time (1 = real time) for this connection
 *   sim-replay=<file.jsonl>    replay a session recording's server events at their `t` (ms after connect; divided
 *                              by sim-realtime-factor when that is given) from the simulator's `recordingsDir`;
 *                              the simulator itself stays silent and ignores client events
 *
 * Invalid values are reported to the client as one `error` event (code `invalid_test_hook`) and ignored.
 */

export interface Hooks {
  dropAfterMs?: number;
  closeAfterMs?: number;
  closeCode: number;
  malformed: boolean;
  unknownEvent: boolean;
  error: boolean;
  delayMs: number;
  realtimeFactor?: number;
  replay?: string;
}

export interface ParsedHooks {
  hooks: Hooks;
  problems: string[];
}

/** Close codes a server may send in a close frame (RFC 6455 §7.4; 1004–1006 and 1015 are reserved). */
export function isSendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999));
}

const FLAG_TRUE = new Set(['1', 'true', 'yes', 'on', '']);

export function parseHooks(query: URLSearchParams): ParsedHooks {
  const problems: string[] = [];
  const hooks: Hooks = { closeCode: 1000, malformed: false, unknownEvent: false, error: false, delayMs: 0 };

  const num = (name: string, min: number, max: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null) return undefined;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
      problems.push(`${name}=${raw.slice(0, 40)} is not a number in [${min}, ${max}]`);
      return undefined;
    }
    return n;
  };
  const flag = (name: string): boolean => {
    const raw = query.get(name);
    return raw !== null && FLAG_TRUE.has(raw.toLowerCase());
  };

  hooks.dropAfterMs = num('sim-drop-after-ms', 0, 86_400_000);
  hooks.closeAfterMs = num('sim-close-after-ms', 0, 86_400_000);
  const code = num('sim-close-code', 1000, 4999);
  if (code !== undefined) {
    if (code === 1006) hooks.closeCode = 1006;
    else if (isSendableCloseCode(code)) hooks.closeCode = code;
    else problems.push(`sim-close-code=${code} cannot be sent in a close frame`);
  }
  hooks.malformed = flag('sim-malformed');
  hooks.unknownEvent = flag('sim-unknown-event');
  hooks.error = flag('sim-error');
  hooks.delayMs = num('sim-delay-ms', 0, 600_000) ?? 0;
  hooks.realtimeFactor = num('sim-realtime-factor', 0.05, 100_000);
  const replay = query.get('sim-replay');
  if (replay !== null) hooks.replay = replay;
  return { hooks, problems };
}
