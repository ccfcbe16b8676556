/**
 * Function calling (protocol §5.5): run the page's handler or ask the page through `vla-function-call`, send
 * one `function_call_output` per call, and ask for exactly one follow-up response once the response that
 * made the calls is done and every call has its output.
 */
import type { FunctionToolDefinition } from '../protocol/session.js';

export interface ToolSpec {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  /** Runs in the page. Its return value is the tool output: a string as is, anything else as JSON. */
  handler?: (args: Record<string, unknown>) => unknown;
}

export interface ToolCallPorts {
  /** Sends the `function_call_output` item. */
  sendOutput(callId: string, output: string): void;
  /** All calls of `responseId` are answered and the response is done: ask for the follow-up. */
  requestFollowUp(responseId: string): void;
  /** A call without a handler: the page answers through `respond`. */
  askPage(name: string, callId: string, args: Record<string, unknown>, raw: string, respond: (output: unknown) => void): void;
  onHandlerError(name: string, message: string): void;
}

interface ResponseCalls {
  pending: Set<string>;
  done: boolean;
  followUpSent: boolean;
}

export function toolDefinitions(tools: readonly ToolSpec[]): FunctionToolDefinition[] {
  return tools
    .filter((t) => t && typeof t.name === 'string' && t.name)
    .map((t) => ({
      type: 'function' as const,
      name: t.name,
      ...(t.description ? { description: t.description } : {}),
      parameters: t.parameters ?? { type: 'object', properties: {} },
    }));
}

/** A string as is, `undefined` as `null`, anything else as JSON (never throws). */
export function serializeOutput(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'null';
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    return JSON.stringify({ error: 'The tool returned a value that is not JSON-serializable.' });
  }
}

export function parseArguments(raw: string): Record<string, unknown> {
  try {
    const v = JSON.parse(raw || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export class ToolCalls {
  readonly #responses = new Map<string, ResponseCalls>();
  readonly #answered = new Set<string>();
  readonly #ports: ToolCallPorts;

  constructor(ports: ToolCallPorts) {
    this.#ports = ports;
  }

  get pendingCount(): number {
    let n = 0;
    for (const r of this.#responses.values()) n += r.pending.size;
    return n;
  }

  #entry(responseId: string): ResponseCalls {
    let r = this.#responses.get(responseId);
    if (!r) {
      r = { pending: new Set(), done: false, followUpSent: false };
      this.#responses.set(responseId, r);
    }
    return r;
  }

  /** `response.function_call_arguments.done`. */
  onCall(responseId: string, name: string, callId: string, raw: string, tools: readonly ToolSpec[]): void {
    if (this.#answered.has(callId)) return;
    const r = this.#entry(responseId);
    r.pending.add(callId);
    const args = parseArguments(raw);
    const tool = tools.find((t) => t.name === name);
    const respond = (output: unknown) => this.#answer(responseId, callId, serializeOutput(output));
    if (tool?.handler) {
      const handler = tool.handler;
      Promise.resolve()
        .then(() => handler(args))
        .then(respond, (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          this.#ports.onHandlerError(name, message);
          this.#answer(responseId, callId, JSON.stringify({ error: message }));
        });
    } else {
      this.#ports.askPage(name, callId, args, raw, respond);
    }
  }

  #answer(responseId: string, callId: string, output: string): void {
    if (this.#answered.has(callId)) return;
    this.#answered.add(callId);
    this.#ports.sendOutput(callId, output);
    const r = this.#responses.get(responseId);
    if (!r) return;
    r.pending.delete(callId);
    this.#maybeFollowUp(responseId, r);
  }

  /** `response.done` for a response (with or without calls). */
  onResponseDone(responseId: string): void {
    const r = this.#responses.get(responseId);
    if (!r) return;
    r.done = true;
    this.#maybeFollowUp(responseId, r);
  }

  #maybeFollowUp(responseId: string, r: ResponseCalls): void {
    if (r.done && r.pending.size === 0 && !r.followUpSent) {
      r.followUpSent = true;
      this.#responses.delete(responseId);
      this.#ports.requestFollowUp(responseId);
    }
  }

  /** A new session (reconnect) cannot receive outputs for old calls. */
  reset(): void {
    this.#responses.clear();
    this.#answered.clear();
  }
}
