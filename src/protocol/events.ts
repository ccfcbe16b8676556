/**
 * Voice Live wire events (voice-live-protocol.md §3–§4), dated api-version family. Wire names are
 * snake_case; unknown server event types are valid and pass through as `UnknownServerEvent`.
 */
import type { ResponseSession, Session } from './session.js';

// ---------------------------------------------------------------------------------------------------------
// Items

export type ContentPart =
  | { type: 'input_text'; text: string }
  | { type: 'input_audio'; audio?: string | null; transcript?: string | null }
  | { type: 'input_image'; image_url: string; detail?: 'auto' | 'low' | 'high' }
  | { type: 'text'; text: string }
  | { type: 'audio'; audio?: string | null; transcript?: string | null };

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface MessageItem {
  id?: string;
  object?: 'realtime.item';
  type: 'message';
  role: 'system' | 'user' | 'assistant';
  status?: ItemStatus;
  content: ContentPart[];
}

export interface FunctionCallItem {
  id?: string;
  object?: 'realtime.item';
  type: 'function_call';
  name: string;
  call_id: string;
  arguments: string;
  status?: ItemStatus;
}

export interface FunctionCallOutputItem {
  id?: string;
  object?: 'realtime.item';
  type: 'function_call_output';
  call_id: string;
  output: string;
}

export interface OtherItem {
  id?: string;
  type: string;
  [key: string]: unknown;
}

export type ConversationItem = MessageItem | FunctionCallItem | FunctionCallOutputItem;
export type AnyItem = ConversationItem | OtherItem;

// ---------------------------------------------------------------------------------------------------------
// Responses

export type ResponseStatus = 'in_progress' | 'completed' | 'cancelled' | 'failed' | 'incomplete';

export interface Usage {
  total_tokens: number;
  input_tokens: number;
  output_tokens: number;
  input_token_details?: {
    cached_tokens?: number;
    text_tokens?: number;
    audio_tokens?: number;
    image_tokens?: number;
  };
  output_token_details?: { text_tokens?: number; audio_tokens?: number; reasoning_tokens?: number };
}

export interface ResponseResource {
  id: string;
  object?: 'realtime.response';
  status: ResponseStatus;
  status_details?: {
    type: string;
    reason?: 'turn_detected' | 'client_cancelled' | 'max_output_tokens' | 'content_filter' | string;
    error?: { type: string; code?: string };
  } | null;
  output: AnyItem[];
  usage?: Usage | null;
  conversation_id?: string;
  modalities?: string[];
  voice?: unknown;
  output_audio_format?: string;
  temperature?: number;
  max_output_tokens?: number | 'inf';
}

/** Options of `response.create` (protocol §7). */
export interface ResponseCreateParams {
  modalities?: string[];
  instructions?: string;
  voice?: unknown;
  output_audio_format?: string;
  tools?: unknown[];
  tool_choice?: unknown;
  temperature?: number;
  max_response_output_tokens?: number | 'inf';
  conversation?: 'auto' | 'none';
  metadata?: Record<string, string>;
  pre_generated_assistant_message?: MessageItem;
  [extension: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------------
// Client → server

interface ClientBase {
  event_id?: string;
}

export interface SessionUpdateEvent extends ClientBase {
  type: 'session.update';
  session: Session;
}
export interface InputAudioBufferAppendEvent extends ClientBase {
  type: 'input_audio_buffer.append';
  audio: string;
}
export interface InputAudioBufferCommitEvent extends ClientBase {
  type: 'input_audio_buffer.commit';
}
export interface InputAudioBufferClearEvent extends ClientBase {
  type: 'input_audio_buffer.clear';
}
export interface ConversationItemCreateEvent extends ClientBase {
  type: 'conversation.item.create';
  previous_item_id?: string;
  item: AnyItem;
}
export interface ConversationItemRetrieveEvent extends ClientBase {
  type: 'conversation.item.retrieve';
  item_id: string;
}
export interface ConversationItemTruncateEvent extends ClientBase {
  type: 'conversation.item.truncate';
  item_id: string;
  content_index: number;
  audio_end_ms: number;
}
export interface ConversationItemDeleteEvent extends ClientBase {
  type: 'conversation.item.delete';
  item_id: string;
}
export interface ResponseCreateEvent extends ClientBase {
  type: 'response.create';
  response?: ResponseCreateParams;
  additional_instructions?: string;
}
export interface ResponseCancelEvent extends ClientBase {
  type: 'response.cancel';
  response_id?: string;
}
export interface OutputAudioBufferClearEvent extends ClientBase {
  type: 'output_audio_buffer.clear';
}

export type KnownClientEvent =
  | SessionUpdateEvent
  | InputAudioBufferAppendEvent
  | InputAudioBufferCommitEvent
  | InputAudioBufferClearEvent
  | ConversationItemCreateEvent
  | ConversationItemRetrieveEvent
  | ConversationItemTruncateEvent
  | ConversationItemDeleteEvent
  | ResponseCreateEvent
  | ResponseCancelEvent
  | OutputAudioBufferClearEvent;

/** Anything with a `type`: the escape hatch for events this library does not model. */
export interface GenericClientEvent extends ClientBase {
  type: string;
  [key: string]: unknown;
}

export type ClientEvent = KnownClientEvent | GenericClientEvent;

// ---------------------------------------------------------------------------------------------------------
// Server → client

interface ServerBase {
  event_id: string;
}

interface ResponsePartIds {
  response_id: string;
  item_id: string;
  output_index: number;
  content_index: number;
}

export interface ErrorDetails {
  type: string;
  code?: string | null;
  message: string;
  param?: string | null;
  event_id?: string | null;
}

export interface ServerEventMap {
  'session.created': { session: ResponseSession };
  'session.updated': { session: ResponseSession };
  error: { error: ErrorDetails };
  warning: { warning: { message: string; code?: string; param?: string } };
  'rate_limits.updated': { rate_limits: Array<{ name: string; limit: number; remaining: number; reset_seconds: number }> };
  'input_audio_buffer.speech_started': { audio_start_ms: number; item_id: string };
  'input_audio_buffer.speech_stopped': { audio_end_ms: number; item_id: string };
  'input_audio_buffer.committed': { previous_item_id?: string | null; item_id: string };
  'input_audio_buffer.cleared': Record<string, never>;
  'conversation.item.input_audio_transcription.delta': { item_id: string; content_index?: number; delta?: string };
  'conversation.item.input_audio_transcription.completed': { item_id: string; content_index: number; transcript: string };
  'conversation.item.input_audio_transcription.failed': { item_id: string; content_index: number; error: ErrorDetails };
  'conversation.item.created': { previous_item_id?: string | null; item: AnyItem };
  'conversation.item.retrieved': { item: AnyItem };
  'conversation.item.truncated': { item_id: string; content_index: number; audio_end_ms: number };
  'conversation.item.deleted': { item_id: string };
  'response.created': { response: ResponseResource };
  'response.done': { response: ResponseResource };
  'response.output_item.added': { response_id: string; output_index: number; item: AnyItem };
  'response.output_item.done': { response_id: string; output_index: number; item: AnyItem };
  'response.content_part.added': ResponsePartIds & { part: ContentPart };
  'response.content_part.done': ResponsePartIds & { part: ContentPart };
  'response.text.delta': ResponsePartIds & { delta: string };
  'response.text.done': ResponsePartIds & { text: string };
  'response.audio_transcript.delta': ResponsePartIds & { delta: string };
  'response.audio_transcript.done': ResponsePartIds & { transcript: string };
  'response.audio.delta': ResponsePartIds & { delta: string };
  'response.audio.done': ResponsePartIds;
  'response.function_call_arguments.delta': {
    response_id: string;
    item_id: string;
    output_index: number;
    call_id: string;
    delta: string;
  };
  'response.function_call_arguments.done': {
    response_id: string;
    item_id: string;
    output_index: number;
    call_id: string;
    name?: string;
    arguments: string;
  };
  'response.animation_viseme.delta': ResponsePartIds & { audio_offset_ms: number; viseme_id: number };
  'response.animation_viseme.done': ResponsePartIds;
  'response.audio_timestamp.delta': ResponsePartIds & {
    audio_offset_ms: number;
    audio_duration_ms: number;
    text: string;
    timestamp_type: 'word';
  };
  'response.audio_timestamp.done': ResponsePartIds;
  'response.animation_blendshapes.delta': ResponsePartIds & { frame_index: number; frames: number[][] | string };
  'response.animation_blendshapes.done': { response_id: string; item_id: string; output_index: number };
  'output_audio_buffer.cleared': Record<string, never>;
}

export type ServerEventType = keyof ServerEventMap;

export type ServerEventOf<T extends ServerEventType> = ServerBase & { type: T } & ServerEventMap[T];

export type KnownServerEvent = { [T in ServerEventType]: ServerEventOf<T> }[ServerEventType];

export interface UnknownServerEvent {
  type: string;
  event_id?: string;
  [key: string]: unknown;
}

export type ServerEvent = KnownServerEvent | UnknownServerEvent;

export function isServerEvent<T extends ServerEventType>(event: { type: string }, type: T): event is ServerEventOf<T> {
  return event.type === type;
}
