/**
 * What the simulator says. It has no speech recognition and no language model, so replies are rules over the
 * conversation: typed text is echoed, spoken turns get a rotating line saying what the simulator is, a message
 * that names a declared function tool starts the function-call round trip, and a tool's output is read back.
 * Pure: the connection passes in the conversation and gets back a plan.
 */
import type { AnyItem } from '../../protocol/events.js';
import { isObject } from './validate.js';

export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface ReplyContext {
  /** The conversation so far, oldest first. */
  items: readonly AnyItem[];
  tools: readonly unknown[];
  toolChoice: unknown;
  /** `response.instructions` of this `response.create`, if any. */
  responseInstructions?: string;
  /** Top-level `additional_instructions` of this `response.create`, if any. */
  additionalInstructions?: string;
  /** Text of `response.pre_generated_assistant_message`, spoken verbatim. */
  preGenerated?: string;
  /** Counts replies to spoken turns, to rotate the lines. */
  turn: number;
}

export type ReplyPlan = { kind: 'message'; text: string } | { kind: 'function_call'; name: string; arguments: string };

export const SPOKEN_TURN_LINES = [
  "Hi! I'm the local Voice Live simulator. I heard you speak, but I have no speech recognition.",
  "I'm a stand-in for Azure Voice Live, running on this computer. My voice is synthesized locally.",
  "Thanks for talking to me! I can't understand words, but I speak the real protocol.",
  'This is the simulator again. Type a message, and I will read it back to you.',
];

export const GREETING_LINE = "Hello! I'm the Voice Live simulator. Say something, or type a message, and I'll answer.";

const MAX_ECHO_CHARS = 280;

/** `Say "…"` / `Repeat: …` in instructions makes the simulator speak exactly that: deterministic audio for tests. */
const SAY = /^\s*(?:say|repeat|speak)(?:\s+exactly)?\s*[:,]?\s*["“'](.+?)["”']\s*\.?\s*$|^\s*(?:say|repeat|speak)(?:\s+exactly)?\s*:\s*(.+?)\s*$/is;

function sayText(instructions: string | undefined): string | undefined {
  if (!instructions) return undefined;
  const m = SAY.exec(instructions);
  return m ? (m[1] ?? m[2]).trim() || undefined : undefined;
}

function functionTools(tools: readonly unknown[]): FunctionTool[] {
  return tools.filter((t): t is FunctionTool => isObject(t) && t.type === 'function' && typeof t.name === 'string');
}

function userText(item: AnyItem): string | undefined {
  if (item.type !== 'message' || (item as { role?: string }).role !== 'user') return undefined;
  const parts = (item as { content?: unknown }).content;
  if (!Array.isArray(parts)) return undefined;
  const texts = parts.filter((p) => isObject(p) && p.type === 'input_text' && typeof p.text === 'string').map((p) => p.text as string);
  return texts.length ? texts.join(' ') : undefined;
}

function isUserMessage(item: AnyItem): boolean {
  return item.type === 'message' && (item as { role?: string }).role === 'user';
}

const GENERIC_WORDS = new Set(['get', 'set', 'fetch', 'lookup', 'look', 'up', 'find', 'call', 'do', 'run', 'query', 'the', 'a', 'an', 'of', 'for', 'to', 'by', 'current', 'my', 'tool', 'check']);

/** `get_weather` → `["get", "weather"]`; `lookUpOrderStatus` → `["look", "up", "order", "status"]`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
}

/** The declared tool a message talks about: its exact name, or all of its meaningful name words. */
export function matchTool(text: string, tools: readonly FunctionTool[]): FunctionTool | undefined {
  const lower = text.toLowerCase();
  const words = new Set(lower.split(/[^a-z0-9]+/).filter(Boolean));
  const has = (w: string) => words.has(w) || words.has(`${w}s`) || (w.endsWith('s') && words.has(w.slice(0, -1)));
  for (const tool of tools) if (lower.includes(tool.name.toLowerCase())) return tool;
  for (const tool of tools) {
    const all = nameWords(tool.name);
    const key = all.filter((w) => !GENERIC_WORDS.has(w));
    const need = key.length ? key : all;
    if (need.length && need.every(has)) return tool;
  }
  return undefined;
}

const PLACE_KEYS = /location|city|place|where|address|country|region|town/i;

/** Plausible JSON arguments for a tool, from its JSON-schema parameters and the user's words. */
export function buildArguments(tool: FunctionTool, text: string): string {
  const params = isObject(tool.parameters) ? tool.parameters : {};
  const props = isObject(params.properties) ? (params.properties as Record<string, unknown>) : {};
  const required = Array.isArray(params.required) ? (params.required as unknown[]).filter((k): k is string => typeof k === 'string') : [];
  const keys = required.length ? required : Object.keys(props);
  const args: Record<string, unknown> = {};
  for (const key of keys) args[key] = valueFor(key, isObject(props[key]) ? (props[key] as Record<string, unknown>) : {}, text);
  return JSON.stringify(args);
}

function valueFor(key: string, schema: Record<string, unknown>, text: string): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length) {
    return schema.enum.find((v) => typeof v === 'string' && text.toLowerCase().includes(v.toLowerCase())) ?? schema.enum[0];
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'number':
    case 'integer': {
      const m = /-?\d+(?:\.\d+)?/.exec(text);
      const n = m ? Number(m[0]) : 1;
      return type === 'integer' ? Math.round(n) : n;
    }
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      if (PLACE_KEYS.test(key)) return placeIn(text) ?? 'Seattle';
      if (/date|day/i.test(key)) return new Date().toISOString().slice(0, 10);
      if (/time/i.test(key)) return new Date().toISOString();
      return text.trim().slice(0, 200);
  }
}

/** "What's the weather in New York today?" → "New York". */
function placeIn(text: string): string | undefined {
  const m = /\b(?:in|at|for|near|to)\s+((?:[A-Z][\p{L}'-]*)(?:\s+[A-Z][\p{L}'-]*)*)/u.exec(text);
  return m?.[1];
}

/** Reads a tool's output aloud: JSON objects as "key is value" pairs, anything else as text. */
export function describeToolOutput(name: string, output: string): string {
  const label = nameWords(name).filter((w) => !GENERIC_WORDS.has(w)).join(' ') || nameWords(name).join(' ');
  let body: string;
  try {
    const value: unknown = JSON.parse(output);
    if (isObject(value)) {
      const pairs = Object.entries(value)
        .slice(0, 6)
        .map(([k, v]) => `${k.replace(/[_-]+/g, ' ')} is ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      body = pairs.length > 1 ? `${pairs.slice(0, -1).join(', ')}, and ${pairs[pairs.length - 1]}` : (pairs[0] ?? 'nothing');
    } else {
      body = typeof value === 'string' ? value : JSON.stringify(value);
    }
  } catch {
    body = output;
  }
  body = clip(body.trim(), 200);
  return `Here is what the ${label} tool returned: ${body}${/[.!?]$/.test(body) ? '' : '.'}`;
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max / 2 ? space : max)}…`;
}

export function planReply(ctx: ReplyContext): ReplyPlan {
  const verbatim = ctx.preGenerated ?? sayText(ctx.responseInstructions) ?? sayText(ctx.additionalInstructions);
  if (verbatim) return { kind: 'message', text: verbatim };

  const tools = functionTools(ctx.tools);
  const last = ctx.items[ctx.items.length - 1];
  const choice = ctx.toolChoice;
  const forced =
    typeof choice === 'string' && !['auto', 'none', 'required'].includes(choice)
      ? tools.find((t) => t.name === choice)
      : isObject(choice) && choice.type === 'function'
        ? tools.find((t) => t.name === choice.name)
        : choice === 'required'
          ? tools[0]
          : undefined;

  if (last?.type === 'function_call_output') {
    const callId = (last as { call_id?: string }).call_id;
    const call = ctx.items.find((i) => i.type === 'function_call' && (i as { call_id?: string }).call_id === callId) as
      | { name: string }
      | undefined;
    return { kind: 'message', text: describeToolOutput(call?.name ?? 'function', String((last as { output?: unknown }).output ?? '')) };
  }

  const pendingUser = last && isUserMessage(last) ? last : undefined;
  if (pendingUser) {
    const text = userText(pendingUser);
    const tool = forced ?? (text !== undefined && choice !== 'none' ? matchTool(text, tools) : undefined);
    if (tool) return { kind: 'function_call', name: tool.name, arguments: buildArguments(tool, text ?? '') };
    if (text !== undefined) return { kind: 'message', text: `You said: ${clip(text.trim(), MAX_ECHO_CHARS)}` };
    return { kind: 'message', text: SPOKEN_TURN_LINES[ctx.turn % SPOKEN_TURN_LINES.length] };
  }
  if (forced) return { kind: 'function_call', name: forced.name, arguments: buildArguments(forced, '') };
  if (ctx.additionalInstructions !== undefined) return { kind: 'message', text: GREETING_LINE };
  if (ctx.responseInstructions) return { kind: 'message', text: `You asked me to: ${clip(ctx.responseInstructions.trim(), 160)}` };
  return { kind: 'message', text: ctx.items.some(isUserMessage) ? SPOKEN_TURN_LINES[ctx.turn % SPOKEN_TURN_LINES.length] : GREETING_LINE };
}
