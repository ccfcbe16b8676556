/**
 * The element's public events: names and detail types (component-api.md "Events"). Pure types; the element
 * registers them on `GlobalEventHandlersEventMap` so `addEventListener('vla-…')` is typed everywhere.
 */
import type { ServerEvent, Usage } from '../protocol/events.js';
import type { ResponseSession, Session } from '../protocol/session.js';

export type VlaState = 'idle' | 'connecting' | 'listening' | 'thinking' | 'speaking' | 'reconnecting' | 'error';

export type VlaErrorCode =
  | 'invalid-config'
  | 'auth'
  | 'mic-denied'
  | 'mic-unavailable'
  | 'mic-silent'
  | 'audio-blocked'
  | 'audio-dropped'
  | 'worklet-blocked'
  | 'connection'
  | 'server'
  | 'tool'
  | 'avatar-load'
  | 'webgl-lost';

export type VlaErrorSource = 'config' | 'auth' | 'microphone' | 'audio' | 'connection' | 'server' | 'avatar' | 'tool';

export interface VlaErrorDetail {
  code: VlaErrorCode;
  message: string;
  /** True when the element carries on (or will, after the suggested action) without a new start(). */
  recoverable: boolean;
  source: VlaErrorSource;
  /** `invalid-config`: the attribute and what it allows. */
  attribute?: string;
  allowed?: string;
  /** `server`: the service's error object (code, type, param, event_id). */
  serverError?: { type?: string; code?: string | null; param?: string | null; event_id?: string | null };
}

export interface TurnMetrics {
  /** How the user's turn ended: server VAD, push-to-talk release / commit, or typed text. */
  trigger: 'vad' | 'commit' | 'text' | 'greeting' | 'tool';
  responseId: string | null;
  itemId: string | null;
  /** End of the user's turn (speech_stopped received, commit or sendText) → first audio delta received. */
  speechEndToFirstAudioMs: number | null;
  /** First audio delta received → its first sample audible (jitter buffer + output latency). */
  firstAudioToAudibleMs: number | null;
  /** End of the user's turn → first sample audible: what the user feels. */
  speechEndToAudibleMs: number | null;
  /** Underruns during the response's playback so far. */
  underruns: number;
}

export interface FunctionCallDetail {
  name: string;
  callId: string;
  /** Parsed JSON arguments (an empty object when they are not valid JSON; see rawArguments). */
  arguments: Record<string, unknown>;
  rawArguments: string;
  /** Answer the call: a string is sent as is, anything else as JSON. Only the first call counts. */
  respond(output: unknown): void;
}

export interface ConversationEntry {
  id: string;
  type: 'message' | 'function_call' | 'function_call_output';
  role: 'user' | 'assistant' | 'system' | 'tool';
  /** Message text; for the assistant, trimmed to what was heard once it was interrupted. */
  text: string;
  final: boolean;
  /** Assistant audio was cut by an interruption at this many ms. */
  truncatedAtMs?: number;
  name?: string;
  callId?: string;
  arguments?: string;
  output?: string;
}

export interface VlaEventDetails {
  'vla-state-change': { state: VlaState; previous: VlaState };
  'vla-before-connect': { session: Session };
  'vla-connected': { sessionId: string };
  'vla-disconnected': { code: number; reason: string; willReconnect: boolean };
  'vla-session-updated': { session: ResponseSession };
  'vla-speech-start': { itemId: string; audioMs: number };
  'vla-speech-end': { itemId: string; audioMs: number };
  'vla-transcript': { role: 'user' | 'assistant'; itemId: string; text: string; delta: string; final: boolean };
  'vla-word': { itemId: string; text: string; startMs: number; durationMs: number; index: number; estimated: boolean };
  'vla-function-call': FunctionCallDetail;
  'vla-interrupted': { itemId: string; playedMs: number };
  'vla-response-done': {
    responseId: string;
    status: string;
    usage: Usage | null;
    statusDetails: unknown;
  };
  'vla-metrics': TurnMetrics;
  'vla-mic-level': { level: number };
  'vla-avatar-ready': { url: string };
  'vla-error': VlaErrorDetail;
  'vla-server-event': { event: ServerEvent };
}

export type VlaEventName = keyof VlaEventDetails;

/** Events a listener may cancel. */
export const CANCELABLE_EVENTS: ReadonlySet<VlaEventName> = new Set(['vla-before-connect']);
