/**
 * A small WebSocket client for the simulator tests: records every server frame, waits for events by type or
 * predicate, and reports how the socket closed.
 */
import { WebSocket } from 'ws';
import type { ClientOptions } from 'ws';
import { createSimulator } from '../../../src/server/simulator.js';
import type { Simulator, SimulatorOptions } from '../../../src/server/simulator.js';
import { testSynthesizer } from './audio.js';

export interface AnyEvent {
  type: string;
  event_id?: string;
  [key: string]: unknown;
}

/** Non-JSON frames are recorded as `{ type: '(raw)', raw }`. */
export interface Received extends AnyEvent {
  /** ms since the client connected. */
  at?: number;
}

export type Matcher = string | ((e: AnyEvent) => boolean);

const matches = (m: Matcher, e: AnyEvent) => (typeof m === 'string' ? e.type === m : m(e));

export class SimClient {
  readonly ws: WebSocket;
  readonly events: AnyEvent[] = [];
  readonly times: number[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Date.now() when the client was created; `times` are relative to it. */
  readonly t0 = Date.now();
  private waiters: Array<{ m: Matcher; since: number; resolve: (e: AnyEvent) => void }> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data);
      let e: AnyEvent;
      try {
        const parsed: unknown = JSON.parse(text);
        e = parsed && typeof parsed === 'object' && typeof (parsed as AnyEvent).type === 'string' ? (parsed as AnyEvent) : { type: '(untyped)', value: parsed };
      } catch {
        e = { type: '(raw)', raw: text };
      }
      this.events.push(e);
      this.times.push(Date.now() - this.t0);
      const idx = this.events.length - 1;
      this.waiters = this.waiters.filter((w) => {
        if (idx >= w.since && matches(w.m, e)) {
          w.resolve(e);
          return false;
        }
        return true;
      });
    });
  }

  static connect(url: string, options?: ClientOptions): Promise<SimClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const client = new SimClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
    });
  }

  /** Index to pass as `since` so a later wait only looks at newer events. */
  mark(): number {
    return this.events.length;
  }

  send(event: object): void {
    this.ws.send(JSON.stringify(event));
  }

  /** Resolves with the first event (at index ≥ since) that matches. */
  waitFor(m: Matcher, { since = 0, timeoutMs = 8000 }: { since?: number; timeoutMs?: number } = {}): Promise<AnyEvent> {
    for (let i = since; i < this.events.length; i++) if (matches(m, this.events[i])) return Promise.resolve(this.events[i]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${typeof m === 'string' ? m : 'a matching event'}; got ${this.events.slice(since).map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      const waiter = {
        m,
        since,
        resolve: (e: AnyEvent) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Sends `event` with an event_id and resolves with the `error` event that echoes it. */
  async expectError(event: AnyEvent & { event_id: string }, timeoutMs = 4000): Promise<{ type: string; code: string; message: string; param: string | null; event_id: string }> {
    const since = this.mark();
    this.send(event);
    const e = await this.waitFor((x) => x.type === 'error' && (x.error as { event_id?: string }).event_id === event.event_id, { since, timeoutMs });
    return e.error as never;
  }

  /** Events of the given types only (for order checks). */
  typesSince(since = 0, filter?: (type: string) => boolean): string[] {
    return this.events.slice(since).map((e) => e.type).filter((t) => (filter ? filter(t) : true));
  }

  /**
   * A round trip through the server (`output_audio_buffer.clear` → `cleared`): the server handles client events
   * in order, so everything it did in response to earlier events has arrived. Returns the events since `since`
   * (default: now), without the `cleared` reply.
   */
  async sync(since = this.mark()): Promise<AnyEvent[]> {
    const from = this.mark();
    this.send({ type: 'output_audio_buffer.clear' });
    const reply = await this.waitFor('output_audio_buffer.cleared', { since: from });
    return this.events.slice(since).filter((e) => e !== reply);
  }

  /** Waits `ms` and returns the events that arrived meanwhile. */
  async quiet(ms: number): Promise<AnyEvent[]> {
    const since = this.mark();
    await new Promise((r) => setTimeout(r, ms));
    return this.events.slice(since);
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    return this.closed;
  }
}

export const BASE_QUERY = { 'api-version': '2026-07-15', model: 'gpt-realtime' };

export function wsUrl(base: string, params: Record<string, string | number> = {}): string {
  const u = new URL(base);
  for (const [k, v] of Object.entries({ ...BASE_QUERY, ...params })) u.searchParams.set(k, String(v));
  return u.toString();
}

export interface TestSimulator {
  sim: Simulator;
  url: string;
  /** Connects and waits for `session.created`. */
  connect(params?: Record<string, string | number>): Promise<SimClient>;
  close(): Promise<void>;
}

/**
 * A simulator on an ephemeral port, streaming 200× real time. It shares the tests' speech synthesizer (one
 * eSpeak instance per process instead of two); pass `synthesizer: 'auto'` to test the simulator's own choice.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  const sim = createSimulator({ realtimeFactor: 200, synthesizer: await testSynthesizer(), ...options });
  const { url } = await sim.listen(0);
  const clients: SimClient[] = [];
  return {
    sim,
    url,
    async connect(params = {}) {
      const c = await SimClient.connect(wsUrl(url, params));
      clients.push(c);
      await c.waitFor((e) => e.type === 'session.created' || e.type === 'error');
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sim.close();
    },
  };
}

/** Sends session.update and waits for its session.updated (throws on error). */
export async function updateSession(client: SimClient, session: Record<string, unknown>): Promise<Record<string, unknown>> {
  const since = client.mark();
  const event_id = `upd_${Math.random().toString(36).slice(2)}`;
  client.send({ type: 'session.update', event_id, session });
  const e = await client.waitFor((x) => x.type === 'session.updated' || (x.type === 'error' && (x.error as { event_id?: string }).event_id === event_id), { since });
  if (e.type === 'error') throw new Error(`session.update failed: ${JSON.stringify(e.error)}`);
  return e.session as Record<string, unknown>;
}

/** Adds a typed user message and asks for a response; resolves with the response.done event. */
export async function textTurn(client: SimClient, text: string, response?: Record<string, unknown>): Promise<{ since: number; done: AnyEvent }> {
  const since = client.mark();
  client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  client.send({ type: 'response.create', ...(response ? { response } : {}) });
  const done = await client.waitFor('response.done', { since, timeoutMs: 15000 });
  return { since, done };
}

/** Non-delta server events of a spoken reply, in the order of protocol §5. */
export const AUDIO_RESPONSE_ORDER = [
  'response.created',
  'rate_limits.updated',
  'response.output_item.added',
  'conversation.item.created',
  'response.content_part.added',
  'response.audio.done',
  'response.audio_transcript.done',
  'response.content_part.done',
  'response.output_item.done',
  'response.done',
];
