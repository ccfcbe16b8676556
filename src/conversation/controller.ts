/**
 * The conversation controller: routes every server event, owns the conversational phase
 * (listening / thinking / speaking), barge-in, tools, transcripts in order, words as heard, and turn metrics.
 *
 * Pure and DOM-free: the socket, playback, clock, lip-sync and event dispatch are injected ports, so the same
 * logic runs in the element and in Node tests. The one playback clock decides what "heard" means for the
 * mouth, the captions, `vla-word` and the `audio_end_ms` of a truncation.
 */
import { base64ToBytes } from '../audio/codecs/base64.js';
import { bytesToMs, decodeSamples, outputStreamFormat } from '../audio/codecs/formats.js';
import type { OutputAudioFormat, StreamFormat } from '../audio/codecs/formats.js';
import type { HeardPosition } from '../lipsync/types.js';
import type { AnyItem, ClientEvent, ResponseCreateEvent, ServerEvent, ServerEventOf } from '../protocol/events.js';
import type { ResponseSession } from '../protocol/session.js';
import type { ConversationEntry, TurnMetrics, VlaEventDetails, VlaEventName } from './events.js';
import { ToolCalls } from './tool-calls.js';
import type { ToolSpec } from './tool-calls.js';
import { TranscriptStore } from './transcript-store.js';
import { WordTimeline } from './word-timeline.js';

export type Phase = 'listening' | 'thinking' | 'speaking';

export interface PlaybackPort {
  push(itemId: string, bytes: Uint8Array, format: StreamFormat): void;
  end(itemId: string): void;
  flush(fadeMs?: number): void;
}

export interface ClockPort {
  now(perfNow: number): HeardPosition;
  /** The perf-time at which the context frame `frame` is (or was) audible. */
  perfTimeOfFrame?(frame: number, perfNow: number): number;
}

/** What the lip-sync engine needs; the avatar chunk plugs a real engine in when it loads. */
export interface LipSyncPort {
  handleServerEvent(event: ServerEvent): void;
  pushAudio(itemId: string, samples: Float32Array, sampleRate: number): void;
  truncate(itemId: string, heardMs: number): void;
  reset(): void;
}

export interface ControllerPorts {
  send(event: ClientEvent): string;
  emit<K extends VlaEventName>(type: K, detail: VlaEventDetails[K]): void;
  onPhase(phase: Phase): void;
  onSessionReady(session: ResponseSession, first: boolean): void;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  debug?(message: string, data?: unknown): void;
}

interface AssistantItem {
  id: string;
  responseId: string;
  timeline: WordTimeline;
  audioBytes: number;
  audioMs: number;
  audioDone: boolean;
  /** Index of the last `vla-word` emitted. */
  wordIndex: number;
  truncated: boolean;
  finalSent: boolean;
  text: string;
}

interface PendingTurn {
  trigger: TurnMetrics['trigger'];
  endAt: number;
  responseId: string | null;
  itemId: string | null;
  firstAudioAt: number | null;
  audibleAt: number | null;
  underruns: number;
  emitted: boolean;
}

const TICK_MS = 30;
/** Barge-in fade: long enough to avoid a click, short enough to be silent within ~10 ms. */
const FADE_MS = 3;
/** Items older than this many entries lose their per-item audio bookkeeping (memory stays bounded). */
const KEEP_ITEMS = 24;

export interface ControllerOptions {
  tools: () => readonly ToolSpec[];
  greeting: () => string | null | undefined;
}

export class ConversationController {
  readonly transcripts = new TranscriptStore();
  readonly #ports: ControllerPorts;
  readonly #options: ControllerOptions;
  readonly #tools: ToolCalls;
  playback: PlaybackPort | null = null;
  clock: ClockPort | null = null;
  lipsync: LipSyncPort | null = null;

  #session: ResponseSession | null = null;
  #sessionUpdatedOnce = false;
  #outputFormat: StreamFormat = outputStreamFormat('pcm16');
  readonly #items = new Map<string, AssistantItem>();
  readonly #itemOrder: string[] = [];
  readonly #droppedResponses = new Set<string>();
  #activeResponseId: string | null = null;
  #responseInFlight = false;
  #expectingOurResponse = 0;
  #queuedCreate: (Omit<ResponseCreateEvent, 'type'> & { reason: TurnMetrics['trigger'] }) | null = null;
  #phase: Phase = 'listening';
  #ticker: unknown = null;
  #playbackIdle = true;
  #lastAudibleItem: string | null = null;
  #turn: PendingTurn | null = null;
  #pttAppendedMs = 0;
  #greeted = false;
  malformedAudio = 0;

  constructor(ports: ControllerPorts, options: ControllerOptions) {
    this.#ports = ports;
    this.#options = options;
    this.#tools = new ToolCalls({
      sendOutput: (callId, output) => {
        this.#ports.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: callId, output } });
      },
      requestFollowUp: () => this.requestResponse({ reason: 'tool' }),
      askPage: (name, callId, args, raw, respond) =>
        this.#ports.emit('vla-function-call', { name, callId, arguments: args, rawArguments: raw, respond }),
      onHandlerError: (name, message) =>
        this.#ports.emit('vla-error', {
          code: 'tool',
          message: `The handler of tool "${name}" failed: ${message}. The model was told the call failed.`,
          recoverable: true,
          source: 'tool',
        }),
    });
  }

  get currentPhase(): Phase {
    return this.#phase;
  }

  get effectiveSession(): ResponseSession | null {
    return this.#session;
  }

  get isResponding(): boolean {
    return this.#responseInFlight;
  }

  /** Whether assistant audio is queued or audible. */
  get isPlaying(): boolean {
    return !this.#playbackIdle;
  }

  // ---------------------------------------------------------------------------------------------------
  // Phase

  #setPhase(phase: Phase): void {
    if (phase === this.#phase) return;
    this.#phase = phase;
    this.#ports.onPhase(phase);
  }

  /** What the phase should be when nothing is audible. */
  #restingPhase(): Phase {
    return this.#responseInFlight || this.#tools.pendingCount > 0 || this.#queuedCreate ? 'thinking' : 'listening';
  }

  // ---------------------------------------------------------------------------------------------------
  // Server events

  handle(event: ServerEvent): void {
    this.#ports.emit('vla-server-event', { event });
    try {
      this.#route(event);
    } catch (err) {
      // A frame with the right type but the wrong shape must never take the conversation down.
      this.#ports.debug?.('event handling failed', { type: event.type, error: String(err) });
    }
    const responseId = (event as { response_id?: unknown }).response_id;
    const dropped = typeof responseId === 'string' && this.#droppedResponses.has(responseId);
    if (this.lipsync && event.type !== 'response.audio.delta' && !dropped) {
      try {
        this.lipsync.handleServerEvent(event);
      } catch (err) {
        this.#ports.debug?.('lip-sync failed on event', { type: event.type, error: String(err) });
      }
    }
  }

  #route(event: ServerEvent): void {
    switch (event.type) {
      case 'session.created':
        break;
      case 'session.updated':
        return this.#onSessionUpdated(event as ServerEventOf<'session.updated'>);
      case 'error':
        return this.#onError(event as ServerEventOf<'error'>);
      case 'input_audio_buffer.speech_started':
        return this.#onSpeechStarted(event as ServerEventOf<'input_audio_buffer.speech_started'>);
      case 'input_audio_buffer.speech_stopped':
        return this.#onSpeechStopped(event as ServerEventOf<'input_audio_buffer.speech_stopped'>);
      case 'input_audio_buffer.committed': {
        const e = event as ServerEventOf<'input_audio_buffer.committed'>;
        this.transcripts.upsert(
          { id: e.item_id, type: 'message', role: 'user', text: '', final: false },
          e.previous_item_id ?? undefined,
        );
        if (!this.#turn || this.#turn.emitted || this.#turn.responseId) this.#beginTurn('commit');
        return;
      }
      case 'conversation.item.created':
        return this.#onItemCreated(event as ServerEventOf<'conversation.item.created'>);
      case 'conversation.item.deleted':
        this.transcripts.remove((event as ServerEventOf<'conversation.item.deleted'>).item_id);
        return;
      case 'conversation.item.input_audio_transcription.delta': {
        const e = event as ServerEventOf<'conversation.item.input_audio_transcription.delta'>;
        const entry = this.#ensureUser(e.item_id);
        const delta = e.delta ?? '';
        const text = entry.text + delta;
        this.transcripts.update(e.item_id, { text });
        this.#ports.emit('vla-transcript', { role: 'user', itemId: e.item_id, text, delta, final: false });
        return;
      }
      case 'conversation.item.input_audio_transcription.completed': {
        const e = event as ServerEventOf<'conversation.item.input_audio_transcription.completed'>;
        const entry = this.#ensureUser(e.item_id);
        if (entry.final) return;
        const text = e.transcript ?? entry.text;
        const delta = text.startsWith(entry.text) ? text.slice(entry.text.length) : text;
        this.transcripts.update(e.item_id, { text, final: true });
        this.#ports.emit('vla-transcript', { role: 'user', itemId: e.item_id, text, delta, final: true });
        return;
      }
      case 'response.created':
        return this.#onResponseCreated(event as ServerEventOf<'response.created'>);
      case 'response.output_item.added':
        return this.#onOutputItemAdded(event as ServerEventOf<'response.output_item.added'>);
      case 'response.audio.delta':
        return this.#onAudioDelta(event as ServerEventOf<'response.audio.delta'>);
      case 'response.audio.done': {
        const e = event as ServerEventOf<'response.audio.done'>;
        const item = this.#items.get(e.item_id);
        if (item && !this.#droppedResponses.has(e.response_id)) {
          item.audioDone = true;
          item.timeline.setAudio(item.audioMs, true);
          this.playback?.end(e.item_id);
        }
        return;
      }
      case 'response.audio_transcript.delta':
      case 'response.text.delta':
        return this.#onTextDelta(event as ServerEventOf<'response.audio_transcript.delta'>);
      case 'response.audio_transcript.done':
        return this.#onTextDone(event.item_id as string, (event as ServerEventOf<'response.audio_transcript.done'>).transcript);
      case 'response.text.done':
        return this.#onTextDone(event.item_id as string, (event as ServerEventOf<'response.text.done'>).text);
      case 'response.audio_timestamp.delta': {
        const e = event as ServerEventOf<'response.audio_timestamp.delta'>;
        const item = this.#items.get(e.item_id);
        if (item && typeof e.audio_offset_ms === 'number') {
          item.timeline.addServerWord(String(e.text ?? ''), e.audio_offset_ms, Number(e.audio_duration_ms) || 0);
        }
        return;
      }
      case 'response.function_call_arguments.done': {
        const e = event as ServerEventOf<'response.function_call_arguments.done'>;
        const entry = this.transcripts.get(e.item_id);
        const name = e.name ?? entry?.name ?? '';
        this.transcripts.upsert({
          id: e.item_id,
          type: 'function_call',
          role: 'assistant',
          text: '',
          final: true,
          name,
          callId: e.call_id,
          arguments: e.arguments,
        });
        this.#tools.onCall(e.response_id, name, e.call_id, e.arguments, this.#options.tools());
        this.#refreshPhase();
        return;
      }
      case 'response.done':
        return this.#onResponseDone(event as ServerEventOf<'response.done'>);
      case 'conversation.item.truncated': {
        const e = event as ServerEventOf<'conversation.item.truncated'>;
        const item = this.#items.get(e.item_id);
        if (item && !item.truncated) this.#cutItem(item, e.audio_end_ms);
        return;
      }
      default:
        return;
    }
  }

  #onSessionUpdated(e: ServerEventOf<'session.updated'>): void {
    this.#applySession(e.session, true);
  }

  /**
   * The service refused our first `session.update` (the `error` names it): carry on with the session it
   * created, so the element stays usable; the error itself has already been reported.
   */
  adoptSession(session: ResponseSession): void {
    this.#applySession(session, false);
  }

  #applySession(session: ResponseSession, announce: boolean): void {
    const e = { session };
    this.#session = e.session;
    const fmt = e.session.output_audio_format as OutputAudioFormat | undefined;
    try {
      this.#outputFormat = outputStreamFormat(fmt ?? 'pcm16');
    } catch {
      this.#outputFormat = outputStreamFormat('pcm16');
    }
    const first = !this.#sessionUpdatedOnce;
    this.#sessionUpdatedOnce = true;
    if (announce) this.#ports.emit('vla-session-updated', { session: e.session });
    this.#ports.onSessionReady(e.session, first);
  }

  /** Called by the element after the first `session.updated` of a brand-new conversation. */
  greetIfConfigured(): void {
    const greeting = this.#options.greeting();
    if (!greeting || this.#greeted) return;
    this.#greeted = true;
    this.#beginTurn('greeting');
    this.requestResponse({ reason: 'greeting', additional_instructions: greeting });
  }

  #onError(e: ServerEventOf<'error'>): void {
    const err = e.error ?? { type: 'server_error', message: 'Unknown error' };
    if (err.code === 'conversation_already_has_active_response') {
      // Our serialisation lost a race with server VAD; the queued request will go out after response.done.
      this.#expectingOurResponse = Math.max(0, this.#expectingOurResponse - 1);
    }
    this.#ports.emit('vla-error', {
      code: 'server',
      message: String(err.message ?? 'The service reported an error.'),
      recoverable: true,
      source: 'server',
      serverError: { type: err.type, code: err.code ?? null, param: err.param ?? null, event_id: err.event_id ?? null },
    });
  }

  #ensureUser(id: string): ConversationEntry {
    return this.transcripts.get(id) ?? this.transcripts.upsert({ id, type: 'message', role: 'user', text: '', final: false });
  }

  #onSpeechStarted(e: ServerEventOf<'input_audio_buffer.speech_started'>): void {
    this.#ports.emit('vla-speech-start', { itemId: e.item_id, audioMs: e.audio_start_ms });
    this.#ensureUser(e.item_id);
    // Barge-in: the service cancels the response itself (interrupt_response), we silence and truncate now.
    if (this.isPlaying || this.#responseInFlight) {
      const interrupt = this.#session?.turn_detection?.interrupt_response !== false;
      if (interrupt) this.#bargeIn({ cancel: false });
    }
    this.#setPhase('listening');
  }

  #onSpeechStopped(e: ServerEventOf<'input_audio_buffer.speech_stopped'>): void {
    this.#ports.emit('vla-speech-end', { itemId: e.item_id, audioMs: e.audio_end_ms });
    this.#beginTurn('vad');
    this.#setPhase('thinking');
  }

  #onItemCreated(e: ServerEventOf<'conversation.item.created'>): void {
    const item = e.item as AnyItem & { id?: string; role?: string; content?: Array<{ type: string; text?: string; transcript?: string | null }> };
    if (!item?.id) return;
    const prev = e.previous_item_id;
    if (item.type === 'message') {
      const role = (item.role ?? 'user') as ConversationEntry['role'];
      const existing = this.transcripts.get(item.id);
      const text =
        existing?.text ||
        (item.content ?? []).map((c) => c.text ?? c.transcript ?? '').join('') ||
        '';
      const finalNow = role === 'user' && (item.content ?? []).some((c) => c.type === 'input_text');
      this.transcripts.upsert(
        { id: item.id, type: 'message', role, text, final: existing?.final || finalNow },
        prev === undefined ? undefined : prev,
      );
    } else if (item.type === 'function_call' || item.type === 'function_call_output') {
      const f = item as unknown as { name?: string; call_id?: string; arguments?: string; output?: string };
      this.transcripts.upsert(
        {
          id: item.id,
          type: item.type,
          role: item.type === 'function_call' ? 'assistant' : 'tool',
          text: '',
          final: true,
          name: f.name,
          callId: f.call_id,
          arguments: f.arguments,
          output: f.output,
        },
        prev === undefined ? undefined : prev,
      );
    }
  }

  #onResponseCreated(e: ServerEventOf<'response.created'>): void {
    const id = e.response?.id;
    this.#responseInFlight = true;
    this.#activeResponseId = id ?? null;
    if (this.#expectingOurResponse > 0) this.#expectingOurResponse--;
    else if (this.#queuedCreate?.reason === 'tool') {
      // The service started a response on its own (server VAD) after our tool outputs were added: it already
      // sees them, a second follow-up would only collide.
      this.#queuedCreate = null;
    }
    if (this.#turn && !this.#turn.responseId) this.#turn.responseId = id ?? null;
    if (this.#phase !== 'speaking') this.#setPhase('thinking');
  }

  #onOutputItemAdded(e: ServerEventOf<'response.output_item.added'>): void {
    const item = e.item as AnyItem & { id?: string; role?: string; name?: string; call_id?: string };
    if (!item?.id || this.#droppedResponses.has(e.response_id)) return;
    if (item.type === 'message') {
      this.#trackItem(item.id, e.response_id);
      this.transcripts.upsert({ id: item.id, type: 'message', role: 'assistant', text: '', final: false });
    } else if (item.type === 'function_call') {
      this.transcripts.upsert({
        id: item.id,
        type: 'function_call',
        role: 'assistant',
        text: '',
        final: false,
        name: item.name,
        callId: item.call_id,
      });
    }
  }

  #trackItem(id: string, responseId: string): AssistantItem {
    let item = this.#items.get(id);
    if (!item) {
      item = {
        id,
        responseId,
        timeline: new WordTimeline(),
        audioBytes: 0,
        audioMs: 0,
        audioDone: false,
        wordIndex: -1,
        truncated: false,
        finalSent: false,
        text: '',
      };
      this.#items.set(id, item);
      this.#itemOrder.push(id);
      while (this.#itemOrder.length > KEEP_ITEMS) this.#items.delete(this.#itemOrder.shift() as string);
    }
    return item;
  }

  #onAudioDelta(e: ServerEventOf<'response.audio.delta'>): void {
    if (this.#droppedResponses.has(e.response_id)) return; // a late delta of an interrupted response
    const item = this.#items.get(e.item_id) ?? this.#trackItem(e.item_id, e.response_id);
    if (item.truncated) return;
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(typeof e.delta === 'string' ? e.delta : '');
    } catch {
      this.malformedAudio++;
      this.#ports.debug?.('malformed audio delta ignored', { item: e.item_id });
      return;
    }
    if (!bytes.length) return;
    const fmt = this.#outputFormat;
    item.audioBytes += bytes.length;
    item.audioMs = bytesToMs(fmt, item.audioBytes);
    item.timeline.setAudio(item.audioMs, false);
    if (this.#turn && !this.#turn.firstAudioAt) {
      this.#turn.firstAudioAt = this.#ports.now();
      this.#turn.itemId = e.item_id;
      this.#turn.responseId ??= e.response_id;
    }
    if (this.lipsync) {
      try {
        this.lipsync.pushAudio(e.item_id, decodeSamples(fmt.codec, bytes), fmt.sampleRate);
      } catch (err) {
        this.#ports.debug?.('lip-sync failed on audio', String(err));
      }
    }
    this.#playbackIdle = false;
    this.playback?.push(e.item_id, bytes, fmt);
    this.#startTicker();
  }

  #onTextDelta(e: ServerEventOf<'response.audio_transcript.delta'>): void {
    if (this.#droppedResponses.has(e.response_id)) return;
    const item = this.#items.get(e.item_id) ?? this.#trackItem(e.item_id, e.response_id);
    if (item.truncated) return;
    const delta = typeof e.delta === 'string' ? e.delta : '';
    item.text += delta;
    item.timeline.setText(item.text);
    if (!this.transcripts.get(e.item_id)) {
      this.transcripts.upsert({ id: e.item_id, type: 'message', role: 'assistant', text: '', final: false });
    }
    this.#ports.emit('vla-transcript', { role: 'assistant', itemId: e.item_id, text: item.text, delta, final: false });
    this.transcripts.version++;
  }

  #onTextDone(itemId: string, text: string | undefined): void {
    const item = this.#items.get(itemId);
    if (!item || item.truncated || item.finalSent || this.#droppedResponses.has(item.responseId)) return;
    const full = typeof text === 'string' ? text : item.text;
    const delta = full.startsWith(item.text) ? full.slice(item.text.length) : '';
    item.text = full;
    item.timeline.setText(full);
    item.finalSent = true;
    // The public conversation shows what has been heard; captions follow the clock.
    this.transcripts.update(itemId, { final: true, text: this.#isHeardCompletely(item) ? full : this.transcripts.get(itemId)?.text ?? '' });
    this.#ports.emit('vla-transcript', { role: 'assistant', itemId, text: full, delta, final: true });
  }

  #isHeardCompletely(item: AssistantItem): boolean {
    return item.audioMs === 0 || (item.audioDone && this.#playbackIdle);
  }

  #onResponseDone(e: ServerEventOf<'response.done'>): void {
    const r = e.response ?? ({ id: '', status: 'completed', output: [] } as unknown as typeof e.response);
    if (r.id === this.#activeResponseId || !this.#activeResponseId) {
      this.#responseInFlight = false;
      this.#activeResponseId = null;
    }
    // Text-only responses have no audio: their text is complete now.
    for (const out of r.output ?? []) {
      const id = (out as { id?: string }).id;
      const item = id ? this.#items.get(id) : undefined;
      if (item && item.audioMs === 0 && !item.truncated) this.transcripts.update(item.id, { text: item.text, final: true });
    }
    this.#ports.emit('vla-response-done', {
      responseId: r.id,
      status: r.status,
      usage: r.usage ?? null,
      statusDetails: r.status_details ?? null,
    });
    this.#tools.onResponseDone(r.id);
    this.#droppedResponses.delete(r.id);
    if (this.#queuedCreate && !this.#responseInFlight) {
      const q = this.#queuedCreate;
      this.#queuedCreate = null;
      this.#sendCreate(q);
    }
    this.#refreshPhase();
  }

  // ---------------------------------------------------------------------------------------------------
  // Requests

  /** One response at a time: a request made while one is in flight waits for its `response.done`. */
  requestResponse(params: Omit<ResponseCreateEvent, 'type'> & { reason: TurnMetrics['trigger'] }): void {
    if (this.#responseInFlight || this.#expectingOurResponse > 0) {
      this.#queuedCreate = params;
      return;
    }
    this.#sendCreate(params);
  }

  #sendCreate(params: Omit<ResponseCreateEvent, 'type'> & { reason: TurnMetrics['trigger'] }): void {
    const { reason, ...rest } = params;
    if (reason === 'tool' && (!this.#turn || this.#turn.emitted)) this.#beginTurn('tool');
    this.#expectingOurResponse++;
    this.#responseInFlight = true;
    this.#ports.send({ type: 'response.create', ...rest });
    this.#refreshPhase();
  }

  sendText(text: string): void {
    if (this.isPlaying || this.#responseInFlight) this.#bargeIn({ cancel: true });
    this.#ports.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
    });
    this.#beginTurn('text');
    this.requestResponse({ reason: 'text' });
    this.#setPhase('thinking');
  }

  /** Push-to-talk pressed: stop the assistant, start a fresh input buffer. */
  beginManualTurn(): void {
    if (this.isPlaying || this.#responseInFlight) this.#bargeIn({ cancel: true });
    this.#ports.send({ type: 'input_audio_buffer.clear' });
    this.#pttAppendedMs = 0;
    this.#setPhase('listening');
  }

  noteAppended(ms: number): void {
    this.#pttAppendedMs += ms;
  }

  /** Push-to-talk released (after the capture worklet flushed its last frame). */
  endManualTurn(): boolean {
    if (this.#pttAppendedMs < 100) {
      // A tap, not a turn: committing an (almost) empty buffer is an error on the service.
      this.#ports.send({ type: 'input_audio_buffer.clear' });
      return false;
    }
    this.#ports.send({ type: 'input_audio_buffer.commit' });
    this.#beginTurn('commit');
    this.requestResponse({ reason: 'commit' });
    this.#setPhase('thinking');
    return true;
  }

  /** `interrupt()`: stop the assistant now (cancel, clear playback, truncate to what was heard). */
  interrupt(): void {
    if (this.isPlaying || this.#responseInFlight) this.#bargeIn({ cancel: true });
    this.#refreshPhase();
  }

  // ---------------------------------------------------------------------------------------------------
  // Barge-in

  #bargeIn(opts: { cancel: boolean }): void {
    const perfNow = this.#ports.now();
    const pos = this.clock?.now(perfNow) ?? { itemId: null, ms: 0, playing: false };
    this.playback?.flush(FADE_MS);
    const responseId = this.#activeResponseId;
    if (opts.cancel && this.#responseInFlight && responseId) {
      this.#ports.send({ type: 'response.cancel', response_id: responseId });
    }
    if (responseId) this.#droppedResponses.add(responseId);
    if (this.#queuedCreate?.reason === 'tool' || this.#queuedCreate?.reason === 'greeting') this.#queuedCreate = null;

    // The item being heard, else the newest assistant item with audio that was never heard at all.
    let item = pos.itemId ? this.#items.get(pos.itemId) : undefined;
    let heardMs = item ? pos.ms : 0;
    if (!item) {
      for (let i = this.#itemOrder.length - 1; i >= 0; i--) {
        const candidate = this.#items.get(this.#itemOrder[i]);
        if (candidate && candidate.audioMs > 0 && !candidate.truncated) {
          const heardAll = candidate.audioDone && this.#playbackIdle;
          if (!heardAll) {
            item = candidate;
            heardMs = candidate.id === this.#lastAudibleItem ? candidate.audioMs : 0;
          }
          break;
        }
      }
    }
    if (item && !item.truncated) {
      const playedMs = Math.max(0, Math.min(Math.round(heardMs), Math.floor(item.audioMs)));
      const autoTruncate = this.#session?.turn_detection?.auto_truncate === true && !opts.cancel;
      if (!autoTruncate) {
        this.#ports.send({ type: 'conversation.item.truncate', item_id: item.id, content_index: 0, audio_end_ms: playedMs });
      }
      this.#cutItem(item, playedMs);
      this.lipsync?.truncate(item.id, playedMs);
      this.#ports.emit('vla-interrupted', { itemId: item.id, playedMs });
    }
    // Anything still queued for other items is gone with the flush.
    for (const it of this.#items.values()) if (it.responseId === responseId) it.truncated = true;
    this.#playbackIdle = true;
    this.#stopTicker();
    if (this.#turn && !this.#turn.emitted) this.#turn.emitted = true;
  }

  /** Cuts an item's text to what was heard by `ms`, fires its final transcript if it had none. */
  #cutItem(item: AssistantItem, ms: number): void {
    item.truncated = true;
    const heard = item.timeline.heardText(ms);
    this.transcripts.update(item.id, { text: heard, final: true, truncatedAtMs: ms });
    if (!item.finalSent) {
      item.finalSent = true;
      this.#ports.emit('vla-transcript', { role: 'assistant', itemId: item.id, text: heard, delta: '', final: true });
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Playback-driven updates (words, captions, phase, metrics)

  /** The playback worklet went idle or started; the ticker does the rest with the clock. */
  onPlaybackReport(reason: string): void {
    if (reason === 'underrun' && this.#turn && !this.#turn.emitted) this.#turn.underruns++;
    if (reason === 'start' || reason === 'resume') {
      this.#playbackIdle = false;
      this.#drainPending = false;
      this.#startTicker();
    }
  }

  /** The worklet reported idle at `frame`: once that frame is heard, playback is over. */
  markPlaybackDrained(): void {
    this.#drainPending = true;
    this.#startTicker();
  }

  #drainPending = false;

  #startTicker(): void {
    if (this.#ticker !== null) return;
    const tick = () => {
      this.#ticker = null;
      if (this.tick()) this.#ticker = this.#ports.setTimer(tick, TICK_MS);
    };
    this.#ticker = this.#ports.setTimer(tick, 0);
  }

  #stopTicker(): void {
    if (this.#ticker !== null) this.#ports.clearTimer(this.#ticker);
    this.#ticker = null;
  }

  /** Returns whether to keep ticking. */
  tick(): boolean {
    const now = this.#ports.now();
    const pos = this.clock?.now(now);
    if (pos && pos.itemId && pos.playing) {
      const item = this.#items.get(pos.itemId);
      this.#lastAudibleItem = pos.itemId;
      if (item && !item.truncated) {
        this.#emitWords(item, pos.ms);
        if (this.#turn && !this.#turn.emitted && this.#turn.itemId === item.id && !this.#turn.audibleAt) {
          // The clock says pos.ms of the item have been heard by now: its first sample was heard that long ago.
          this.#turn.audibleAt = Math.max(this.#turn.firstAudioAt ?? 0, now - pos.ms);
          this.#emitMetrics();
        }
      }
      this.#setPhase('speaking');
      return true;
    }
    if (this.#drainPending && pos && !pos.playing) {
      this.#drainPending = false;
      this.#playbackIdle = true;
      // Everything queued has been heard: the items' full text is the heard text.
      for (const item of this.#items.values()) {
        if (item.audioDone && !item.truncated) {
          this.#emitWords(item, Number.POSITIVE_INFINITY);
          this.transcripts.update(item.id, { text: item.text, final: item.finalSent });
        }
      }
    }
    if (!this.#playbackIdle) return true; // between items or in an underrun: keep the phase
    this.#setPhase(this.#restingPhase());
    return false;
  }

  #emitWords(item: AssistantItem, ms: number): void {
    const words = item.timeline.words();
    const upTo = Number.isFinite(ms) ? item.timeline.indexAt(ms) : words.length - 1;
    if (upTo > item.wordIndex) {
      for (let i = item.wordIndex + 1; i <= upTo; i++) {
        const w = words[i];
        this.#ports.emit('vla-word', {
          itemId: item.id,
          text: w.text,
          startMs: w.startMs,
          durationMs: w.durationMs,
          index: i,
          estimated: w.estimated,
        });
      }
      item.wordIndex = upTo;
      const heard = upTo >= 0 ? item.timeline.transcript.slice(0, words[upTo].charEnd).trimEnd() : '';
      this.transcripts.update(item.id, { text: heard });
    }
  }

  #refreshPhase(): void {
    if (this.#phase === 'speaking' && !this.#playbackIdle) return;
    this.#setPhase(this.#restingPhase());
  }

  // ---------------------------------------------------------------------------------------------------
  // Metrics

  #beginTurn(trigger: TurnMetrics['trigger']): void {
    this.#turn = {
      trigger,
      endAt: this.#ports.now(),
      responseId: null,
      itemId: null,
      firstAudioAt: null,
      audibleAt: null,
      underruns: 0,
      emitted: false,
    };
  }

  #emitMetrics(): void {
    const t = this.#turn;
    if (!t || t.emitted) return;
    t.emitted = true;
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    this.#ports.emit('vla-metrics', {
      trigger: t.trigger,
      responseId: t.responseId,
      itemId: t.itemId,
      speechEndToFirstAudioMs: round(t.firstAudioAt !== null ? t.firstAudioAt - t.endAt : null),
      firstAudioToAudibleMs: round(t.firstAudioAt !== null && t.audibleAt !== null ? t.audibleAt - t.firstAudioAt : null),
      speechEndToAudibleMs: round(t.audibleAt !== null ? t.audibleAt - t.endAt : null),
      underruns: t.underruns,
    });
  }

  // ---------------------------------------------------------------------------------------------------
  // Reconnect

  /** The conversation so far as items to replay into a new session, so the assistant keeps its context. */
  replayEvents(): ClientEvent[] {
    const events: ClientEvent[] = [];
    for (const e of this.transcripts.list()) {
      if (e.type === 'message') {
        const text = e.text.trim();
        if (!text || (e.role !== 'user' && e.role !== 'assistant')) continue;
        events.push({
          type: 'conversation.item.create',
          item: {
            type: 'message',
            role: e.role,
            content: [e.role === 'user' ? { type: 'input_text', text } : { type: 'text', text }],
          },
        });
      } else if (e.type === 'function_call' && e.callId && e.name) {
        events.push({
          type: 'conversation.item.create',
          item: { type: 'function_call', name: e.name, call_id: e.callId, arguments: e.arguments ?? '{}' },
        });
      } else if (e.type === 'function_call_output' && e.callId) {
        events.push({
          type: 'conversation.item.create',
          item: { type: 'function_call_output', call_id: e.callId, output: e.output ?? '' },
        });
      }
    }
    return events;
  }

  /** The socket dropped: nothing in flight survives into the next session. */
  resetForReconnect(): void {
    this.playback?.flush(FADE_MS);
    for (const item of this.#items.values()) {
      if (!item.truncated && item.audioMs > 0 && !(item.audioDone && this.#playbackIdle)) {
        const pos = this.clock?.now(this.#ports.now());
        const ms = pos?.itemId === item.id ? pos.ms : item.id === this.#lastAudibleItem ? item.audioMs : 0;
        this.#cutItem(item, ms);
      }
    }
    this.#responseInFlight = false;
    this.#activeResponseId = null;
    this.#expectingOurResponse = 0;
    this.#queuedCreate = null;
    this.#droppedResponses.clear();
    this.#tools.reset();
    this.#playbackIdle = true;
    this.#drainPending = false;
    this.#stopTicker();
    this.lipsync?.reset();
    this.#setPhase('listening');
  }

  /** `stop()`: forget the conversation. */
  reset(): void {
    this.resetForReconnect();
    this.transcripts.clear();
    this.#items.clear();
    this.#itemOrder.length = 0;
    this.#session = null;
    this.#sessionUpdatedOnce = false;
    this.#greeted = false;
    this.#turn = null;
  }
}
