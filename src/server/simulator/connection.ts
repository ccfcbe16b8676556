/**
 * One simulated Voice Live session on one WebSocket: parses client events (voice-live-protocol.md §3), keeps
 * the session, input buffer, VAD and conversation, runs responses, and answers every client mistake with an
 * `error` event that carries the offending event's `event_id` (§2, §11). Nothing a client sends can throw out of
 * here or affect another connection.
 */
import type { WebSocket, RawData } from 'ws';
import { base64ToBytes, bytesToBase64 } from '../../audio/codecs/base64.js';
import type { AnyItem, ServerEventMap, ServerEventType } from '../../protocol/events.js';
import type { ResponseSession, TurnDetection } from '../../protocol/session.js';
import { Conversation, normalizeClientItem } from './conversation.js';
import type { StoredItem } from './conversation.js';
import { ProtocolError } from './errors.js';
import type { Hooks } from './hooks.js';
import { createIdSource } from './ids.js';
import { InputAudioBuffer } from './input-buffer.js';
import { loadReplay, resolveRecording } from './replay.js';
import { planReply } from './responder.js';
import { ResponseRun, estimateTextTokens } from './response.js';
import type { ResponseHost, ResponseSettings } from './response.js';
import {
  applySessionUpdate,
  defaultSession,
  validateAnimation,
  validateMaxTokens,
  validateMetadata,
  validateModalities,
  validateTemperature,
  validateToolChoice,
  validateTools,
  validateVoice,
} from './session-config.js';
import type { SpeechSource } from './speech.js';
import { transcriptUntil } from './speech-plan.js';
import { TimerGroup } from './timers.js';
import { EnergyVad, vadParams } from './vad.js';
import { expectArray, expectEnum, expectNumber, expectObject, expectString, expectStringArray, isObject, requireField } from './validate.js';
import { voiceProfile } from './voices.js';
import { OUTPUT_AUDIO_FORMATS } from '../../audio/codecs/formats.js';
import type { OutputAudioFormat } from '../../audio/codecs/formats.js';

export interface ConnectionOptions {
  ws: WebSocket;
  query: URLSearchParams;
  hooks: Hooks;
  hookProblems: readonly string[];
  speech: SpeechSource;
  /** Streaming speed for this connection (the hook, or the simulator's option). */
  realtimeFactor: number;
  recordingsDir?: string;
  log: (line: string) => void;
  label: string;
}

const MAX_APPEND_BYTES = 15 * 1024 * 1024;
/** Streaming pauses while this much is still queued for the client: a slow reader slows only itself. */
const CONGESTION_BYTES = 4 * 1024 * 1024;
const MIN_COMMIT_MS = 100;
const HEARTBEAT_MS = 30_000;
/** Committed turns whose audio `conversation.item.retrieve` can still return. */
const KEPT_TURN_AUDIO = 16;

type ClientEventHandler = (event: Record<string, unknown>) => void;

export class SimConnection {
  private readonly ws: WebSocket;
  private readonly opts: ConnectionOptions;
  private readonly newId = createIdSource();
  private readonly timers: TimerGroup;
  private readonly conversation = new Conversation();
  private readonly host: ResponseHost;
  private readonly model: string;
  private readonly agentMode: boolean;
  private session: ResponseSession;
  private input?: InputAudioBuffer;
  private vad?: EnergyVad;
  /** The user turn VAD has started (item id announced in speech_started). */
  private turn?: { itemId: string; audioStartMs: number };
  private active?: ResponseRun;
  private queuedAutoResponse = false;
  private assistantAudio = false;
  private replies = 0;
  private replayMode = false;
  private alive = true;
  private closed = false;
  private readonly handlers: Record<string, ClientEventHandler>;

  constructor(opts: ConnectionOptions) {
    this.opts = opts;
    this.ws = opts.ws;
    this.timers = new TimerGroup((err) => this.internalError(err));
    const q = opts.query;
    this.agentMode = q.has('agent-name');
    this.session = defaultSession(this.newId('sess_'), {
      model: q.get('model'),
      agentName: q.get('agent-name'),
      agentProjectName: q.get('agent-project-name'),
      agentVersion: q.get('agent-version'),
      conversationId: q.get('conversation-id'),
    });
    this.model = this.session.model as string;
    this.host = {
      send: (type, payload) => this.send(type, payload),
      congested: () => this.ws.bufferedAmount > CONGESTION_BYTES,
      realtimeFactor: opts.realtimeFactor,
      speech: opts.speech,
      conversation: this.conversation,
      newId: (p) => this.newId(p),
      onAudioSent: () => {
        this.assistantAudio = true;
      },
      onFinished: (run) => this.responseFinished(run),
      onError: (err) => this.internalError(err),
      inputTokens: () => this.inputTokens(),
    };
    this.handlers = {
      'session.update': (e) => this.onSessionUpdate(e),
      'input_audio_buffer.append': (e) => this.onAppend(e),
      'input_audio_buffer.commit': () => this.onCommit(),
      'input_audio_buffer.clear': () => this.onClear(),
      'conversation.item.create': (e) => this.onItemCreate(e),
      'conversation.item.retrieve': (e) => this.onItemRetrieve(e),
      'conversation.item.truncate': (e) => this.onItemTruncate(e),
      'conversation.item.delete': (e) => this.onItemDelete(e),
      'response.create': (e) => this.onResponseCreate(e),
      'response.cancel': (e) => this.onResponseCancel(e),
      'output_audio_buffer.clear': () => this.send('output_audio_buffer.cleared', {}),
      'input_text.delta': (e) => this.onInputText(e, true),
      'input_text.done': (e) => this.onInputText(e, false),
      'session.avatar.connect': () => {
        throw new ProtocolError('avatar_not_supported', 'The simulator has no avatar video service; avatar sessions need the real service.', 'type');
      },
    };
    this.ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    this.ws.on('pong', () => {
      this.alive = true;
    });
    this.ws.on('close', () => this.dispose());
    this.ws.on('error', (err) => this.opts.log(`[sim ${opts.label}] socket error: ${err.message}`));
  }

  get sessionId(): string {
    return this.session.id;
  }

  start(): void {
    const { hooks } = this.opts;
    this.heartbeat();
    if (hooks.dropAfterMs !== undefined) this.timers.set(() => this.ws.terminate(), hooks.dropAfterMs);
    if (hooks.closeAfterMs !== undefined) {
      this.timers.set(() => {
        if (hooks.closeCode === 1006) this.ws.terminate();
        else this.ws.close(hooks.closeCode, 'sim-close-after-ms');
      }, hooks.closeAfterMs);
    }
    if (hooks.replay !== undefined) {
      this.replayMode = true;
      void this.startReplay(hooks.replay);
      return;
    }
    this.send('session.created', { session: structuredClone(this.session) });
    if (this.opts.hookProblems.length) {
      this.sendError(new ProtocolError('invalid_test_hook', `Ignored test hook parameters: ${this.opts.hookProblems.join('; ')}.`, null), null);
    }
    if (hooks.malformed) {
      this.sendRaw('this frame is not JSON {');
      this.sendRaw(JSON.stringify({ event_id: this.newId('event_'), note: 'sim-malformed: this event has no type' }));
    }
    if (hooks.unknownEvent) {
      this.sendRaw(JSON.stringify({ type: 'simulator.custom_event', event_id: this.newId('event_'), note: 'sim-unknown-event: clients must ignore unknown event types' }));
    }
    if (hooks.error) {
      this.send('error', {
        error: { type: 'server_error', code: 'simulated_error', message: 'Simulated non-fatal error (sim-error=1); the session continues.', param: null, event_id: null },
      });
    }
  }

  /** Closes the socket (simulator shutdown). Resolves when it is closed; a peer that doesn't answer is cut off. */
  shutdown(code = 1001, reason = 'simulator shutting down'): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === this.ws.CLOSED) {
        this.dispose();
        resolve();
        return;
      }
      const cut = setTimeout(() => this.ws.terminate(), 500);
      this.ws.once('close', () => {
        clearTimeout(cut);
        resolve();
      });
      this.dispose();
      this.ws.close(code, reason);
    });
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.timers.clearAll();
    this.active?.dispose();
    this.active = undefined;
  }

  private heartbeat(): void {
    this.timers.set(() => {
      if (!this.alive) {
        this.opts.log(`[sim ${this.opts.label}] no pong for ${HEARTBEAT_MS} ms, dropping`);
        this.ws.terminate();
        return;
      }
      this.alive = false;
      this.ws.ping();
      this.heartbeat();
    }, HEARTBEAT_MS);
  }

  // -------------------------------------------------------------------------------------------------------
  // Sending

  private send<T extends ServerEventType>(type: T, payload: ServerEventMap[T]): void {
    this.sendRaw(JSON.stringify({ type, event_id: this.newId('event_'), ...payload }));
  }

  private sendRaw(text: string): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(text);
  }

  private sendError(err: ProtocolError, eventId: string | null | undefined): void {
    this.send('error', { error: err.toDetails(eventId) });
  }

  private internalError(err: unknown): void {
    this.opts.log(`[sim ${this.opts.label}] internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    this.send('error', { error: { type: 'server_error', code: 'internal_error', message: 'The simulator hit an internal error; the session continues.', param: null, event_id: null } });
  }

  // -------------------------------------------------------------------------------------------------------
  // Receiving

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.replayMode || this.closed) return;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    let parsed: unknown;
    try {
      parsed = JSON.parse(buf.toString('utf8'));
    } catch {
      const what = isBinary ? 'binary frame is not UTF-8 JSON' : 'text frame is not valid JSON';
      this.sendError(new ProtocolError('invalid_json', `Could not parse the client event: the ${what}.`, null), null);
      return;
    }
    if (!isObject(parsed)) {
      this.sendError(new ProtocolError('invalid_type', 'A client event must be a JSON object.', null), null);
      return;
    }
    const eventId = typeof parsed.event_id === 'string' ? parsed.event_id : null;
    try {
      if (typeof parsed.type !== 'string') {
        throw new ProtocolError('missing_required_parameter', "Missing required parameter: 'type'.", 'type');
      }
      const handler = Object.prototype.hasOwnProperty.call(this.handlers, parsed.type) ? this.handlers[parsed.type] : undefined;
      if (!handler) {
        throw new ProtocolError('invalid_value', `Invalid value: '${parsed.type.slice(0, 80)}'. This is not a client event type the service accepts.`, 'type');
      }
      handler(parsed);
    } catch (err) {
      if (err instanceof ProtocolError) this.sendError(err, eventId);
      else {
        this.internalError(err);
      }
    }
  }

  private onSessionUpdate(e: Record<string, unknown>): void {
    const next = applySessionUpdate(this.session, requireField(e, 'session', ''), {
      model: this.model,
      agentMode: this.agentMode,
      audioAppended: (this.input?.totalMs ?? 0) > 0,
      assistantAudio: this.assistantAudio,
    });
    this.session = next;
    this.configureVad();
    this.send('session.updated', { session: structuredClone(next) });
  }

  private configureVad(): void {
    const td = this.session.turn_detection;
    if (!td) {
      this.vad = undefined;
      this.turn = undefined;
      return;
    }
    if (this.vad) this.vad.setParams(vadParams(td));
    else if (this.input) this.vad = new EnergyVad(this.input.format.sampleRate, vadParams(td), this.input.totalMs);
  }

  private onAppend(e: Record<string, unknown>): void {
    const audio = expectString(requireField(e, 'audio', ''), 'audio');
    if (audio.length > Math.ceil(MAX_APPEND_BYTES / 3) * 4) {
      throw new ProtocolError('audio_too_large', 'An input_audio_buffer.append event can carry at most 15 MiB of audio.', 'audio');
    }
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(audio);
    } catch {
      throw new ProtocolError('invalid_value', "Invalid 'audio': expected base64-encoded audio bytes.", 'audio');
    }
    const s = this.session;
    this.input ??= new InputAudioBuffer(s.input_audio_format ?? 'pcm16', s.input_audio_sampling_rate ?? 24000, s.input_audio_echo_cancellation?.channels ?? 1);
    const td = s.turn_detection;
    if (td && !this.vad) this.vad = new EnergyVad(this.input.format.sampleRate, vadParams(td), this.input.totalMs);
    const samples = this.input.append(bytes);
    if (!this.vad || !td) return;
    for (const ev of this.vad.process(samples)) {
      if (ev.type === 'speech_started') this.onSpeechStarted(ev.audioStartMs, td);
      else this.onSpeechStopped(ev.audioEndMs, td);
    }
    if (!this.vad.inSpeech && !this.turn) {
      // Keep only what a future turn's prefix padding could reach back to.
      const p = vadParams(td);
      this.input.trimBefore(this.input.totalMs - (p.prefixPaddingMs + 2 * p.speechDurationMs + 1000));
    }
  }

  private onSpeechStarted(audioStartMs: number, td: TurnDetection): void {
    const itemId = this.newId('item_');
    this.turn = { itemId, audioStartMs };
    this.send('input_audio_buffer.speech_started', { audio_start_ms: audioStartMs, item_id: itemId });
    if (td.interrupt_response !== false) {
      this.queuedAutoResponse = false;
      if (this.active && !this.active.isFinished) this.active.cancel('turn_detected');
      if (td.auto_truncate) this.autoTruncate(td);
    }
  }

  private onSpeechStopped(audioEndMs: number, td: TurnDetection): void {
    const turn = this.turn ?? { itemId: this.newId('item_'), audioStartMs: this.input?.startMs ?? 0 };
    this.turn = undefined;
    this.send('input_audio_buffer.speech_stopped', { audio_end_ms: audioEndMs, item_id: turn.itemId });
    this.commitTurn(turn.itemId, turn.audioStartMs, audioEndMs);
    if (td.create_response !== false) {
      if (this.active && !this.active.isFinished) this.queuedAutoResponse = true;
      else this.startResponse({}, undefined);
    }
  }

  private commitTurn(itemId: string, startMs: number, endMs: number): void {
    const input = this.input as InputAudioBuffer;
    const samples = input.take(startMs, endMs);
    const item = {
      id: itemId,
      object: 'realtime.item' as const,
      type: 'message' as const,
      role: 'user' as const,
      status: 'completed' as const,
      content: [{ type: 'input_audio' as const, transcript: null }],
    };
    const ms = (samples.length / input.format.sampleRate) * 1000;
    const stored: StoredItem = { item, userAudio: { bytes: input.encode(samples), ms } };
    // Keep the audio of recent turns only (for conversation.item.retrieve): memory stays bounded in long sessions.
    const withAudio = this.conversation.all.filter((s) => s.userAudio?.bytes);
    for (const old of withAudio.slice(0, Math.max(0, withAudio.length - KEPT_TURN_AUDIO + 1))) delete old.userAudio?.bytes;
    const previous = this.conversation.insert(stored);
    this.send('input_audio_buffer.committed', { previous_item_id: previous, item_id: itemId });
    this.send('conversation.item.created', { previous_item_id: previous, item: structuredClone(item) });
    if (this.session.input_audio_transcription) {
      const seconds = samples.length / input.format.sampleRate;
      const transcript = `(speech ${seconds.toFixed(1)} s — the simulator has no speech recognition)`;
      this.send('conversation.item.input_audio_transcription.delta', { item_id: itemId, content_index: 0, delta: transcript });
      this.send('conversation.item.input_audio_transcription.completed', { item_id: itemId, content_index: 0, transcript });
      item.content[0] = { type: 'input_audio', transcript } as never;
    }
  }

  private onCommit(): void {
    const buffered = this.input?.bufferedMs ?? 0;
    if (!this.input || buffered < MIN_COMMIT_MS) {
      throw new ProtocolError(
        'input_audio_buffer_commit_empty',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${buffered.toFixed(2)}ms of audio.`,
        null,
      );
    }
    const itemId = this.turn?.itemId ?? this.newId('item_');
    this.turn = undefined;
    this.commitTurn(itemId, this.input.startMs, this.input.totalMs);
    this.vad?.reset();
  }

  private onClear(): void {
    this.input?.clear();
    this.vad?.reset();
    this.turn = undefined;
    this.send('input_audio_buffer.cleared', {});
  }

  // -------------------------------------------------------------------------------------------------------
  // Conversation items

  private onItemCreate(e: Record<string, unknown>): void {
    const item = normalizeClientItem(requireField(e, 'item', ''), this.newId('item_'));
    const prevParam = e.previous_item_id;
    if (prevParam !== undefined && prevParam !== null) expectString(prevParam, 'previous_item_id');
    const previous = this.conversation.insert({ item }, prevParam as string | null | undefined);
    this.send('conversation.item.created', { previous_item_id: previous, item: structuredClone(item) });
  }

  private findItem(e: Record<string, unknown>): StoredItem {
    const id = expectString(requireField(e, 'item_id', ''), 'item_id');
    const stored = this.conversation.get(id);
    if (!stored) throw new ProtocolError('item_not_found', `Item with item_id '${id.slice(0, 80)}' not found.`, 'item_id');
    return stored;
  }

  private onItemRetrieve(e: Record<string, unknown>): void {
    const stored = this.findItem(e);
    const item = structuredClone(stored.item) as AnyItem & { content?: Array<Record<string, unknown>> };
    if (stored.userAudio?.bytes && item.content?.[0]) item.content[0].audio = bytesToBase64(stored.userAudio.bytes);
    this.send('conversation.item.retrieved', { item });
  }

  private onItemDelete(e: Record<string, unknown>): void {
    const stored = this.findItem(e);
    this.conversation.remove(stored.item.id);
    this.send('conversation.item.deleted', { item_id: stored.item.id });
  }

  private onItemTruncate(e: Record<string, unknown>): void {
    const stored = this.findItem(e);
    const contentIndex = expectNumber(requireField(e, 'content_index', ''), 'content_index', 0, 1000, { integer: true });
    const audioEndMs = expectNumber(requireField(e, 'audio_end_ms', ''), 'audio_end_ms', 0, 1e9, { integer: true });
    const assistant = stored.assistant;
    if (!assistant) {
      throw new ProtocolError('invalid_value', 'Only assistant message items with audio can be truncated.', 'item_id');
    }
    if (contentIndex !== 0) throw new ProtocolError('invalid_value', `Invalid content_index ${contentIndex}: the item has one audio content part (index 0).`, 'content_index');
    if (this.active && !this.active.isFinished && this.active.itemId === stored.item.id) this.active.cancel('client_cancelled');
    if (audioEndMs > Math.ceil(assistant.sentMs)) {
      throw new ProtocolError(
        'invalid_value',
        `Audio content of ${Math.floor(assistant.sentMs)}ms is already shorter than ${audioEndMs}ms.`,
        'audio_end_ms',
      );
    }
    this.truncate(stored, audioEndMs);
  }

  private truncate(stored: StoredItem, audioEndMs: number, appended = ''): void {
    const assistant = stored.assistant as NonNullable<StoredItem['assistant']>;
    const heard = transcriptUntil(assistant.text, assistant.words, Math.min(audioEndMs, assistant.sentMs)) + appended;
    (stored.item as { content: unknown[] }).content = [{ type: 'audio', transcript: heard }];
    assistant.sentMs = Math.min(assistant.sentMs, audioEndMs);
    assistant.truncatedAtMs = audioEndMs;
    this.send('conversation.item.truncated', { item_id: stored.item.id, content_index: 0, audio_end_ms: audioEndMs });
  }

  /** `auto_truncate`: the server assumes the client played in real time from the first delta. */
  private autoTruncate(td: TurnDetection): void {
    const items = this.conversation.all;
    for (let i = items.length - 1; i >= 0; i--) {
      const a = items[i].assistant;
      if (!a) continue;
      if (a.firstDeltaAt === undefined || a.truncatedAtMs !== undefined) return;
      const played = Math.floor(Math.min(a.sentMs, Date.now() - a.firstDeltaAt));
      if (played < Math.floor(a.sentMs)) this.truncate(items[i], played, td.appended_text_after_truncation ?? '');
      return;
    }
  }

  private onInputText(e: Record<string, unknown>, isDelta: boolean): void {
    const id = expectString(requireField(e, 'id', ''), 'id');
    const stored = this.conversation.get(id);
    if (!stored || stored.item.type !== 'message' || (stored.item as { role?: string }).role !== 'user') {
      throw new ProtocolError('item_not_found', `No user message item with id '${id.slice(0, 80)}'.`, 'id');
    }
    const index = e.content_index === undefined ? 0 : expectNumber(e.content_index, 'content_index', 0, 1000, { integer: true });
    const part = (stored.item as { content: Array<Record<string, unknown>> }).content[index];
    if (!part || part.type !== 'input_text') throw new ProtocolError('invalid_value', `Content part ${index} is not an input_text part.`, 'content_index');
    if (isDelta) part.text = String(part.text ?? '') + expectString(requireField(e, 'delta', ''), 'delta');
  }

  // -------------------------------------------------------------------------------------------------------
  // Responses

  private onResponseCreate(e: Record<string, unknown>): void {
    const params = e.response === undefined || e.response === null ? {} : expectObject(e.response, 'response');
    const additional = e.additional_instructions === undefined ? undefined : expectString(e.additional_instructions, 'additional_instructions');
    if (this.active && !this.active.isFinished) {
      throw new ProtocolError(
        'conversation_already_has_active_response',
        `Conversation already has an active response in progress: ${this.active.id}. Wait until the response is finished before creating a new one.`,
        null,
      );
    }
    this.startResponse(params, additional);
  }

  private validateResponseParams(r: Record<string, unknown>): void {
    const P = (k: string) => `response.${k}`;
    if (r.modalities !== undefined) validateModalities(r.modalities, P('modalities'));
    if (r.instructions !== undefined) expectString(r.instructions, P('instructions'));
    if (r.voice !== undefined) validateVoice(r.voice, P('voice'), this.model);
    if (r.output_audio_format !== undefined) expectEnum(r.output_audio_format, OUTPUT_AUDIO_FORMATS, P('output_audio_format'));
    if (r.tools !== undefined) validateTools(r.tools, P('tools'));
    if (r.tool_choice !== undefined) validateToolChoice(r.tool_choice, P('tool_choice'), (r.tools as unknown[] | undefined) ?? this.session.tools ?? []);
    if (r.temperature !== undefined) validateTemperature(r.temperature, P('temperature'));
    if (r.max_response_output_tokens !== undefined) validateMaxTokens(r.max_response_output_tokens, P('max_response_output_tokens'));
    if (r.max_output_tokens !== undefined) validateMaxTokens(r.max_output_tokens, P('max_output_tokens'));
    if (r.conversation !== undefined) expectEnum(r.conversation, ['auto', 'none'], P('conversation'));
    if (r.metadata !== undefined) validateMetadata(r.metadata, P('metadata'));
    if (r.animation !== undefined) validateAnimation(r.animation, P('animation'));
    if (r.output_audio_timestamp_types !== undefined) expectStringArray(r.output_audio_timestamp_types, P('output_audio_timestamp_types'), ['word']);
    if (r.pre_generated_assistant_message !== undefined) this.preGeneratedText(r.pre_generated_assistant_message);
  }

  private preGeneratedText(value: unknown): string {
    const p = 'response.pre_generated_assistant_message';
    const m = expectObject(value, p);
    expectEnum(m.type ?? 'message', ['message'], `${p}.type`);
    expectEnum(m.role ?? 'assistant', ['assistant'], `${p}.role`);
    const content = expectArray(requireField(m, 'content', p), `${p}.content`, { minLength: 1, maxLength: 1 });
    const part = expectObject(content[0], `${p}.content[0]`);
    expectEnum(part.type, ['text'], `${p}.content[0].type`);
    return expectString(requireField(part, 'text', `${p}.content[0]`), `${p}.content[0].text`, { nonEmpty: true });
  }

  private startResponse(r: Record<string, unknown>, additionalInstructions: string | undefined): void {
    this.validateResponseParams(r);
    const s = this.session;
    const voice = r.voice ?? s.voice;
    const profile = voiceProfile(voice);
    const animation = (r.animation ?? s.animation) as { outputs?: string[] } | undefined;
    const stampTypes = (r.output_audio_timestamp_types ?? s.output_audio_timestamp_types ?? []) as string[];
    const tools = (r.tools as unknown[] | undefined) ?? s.tools ?? [];
    const toolChoice = r.tool_choice ?? s.tool_choice ?? 'auto';
    const conversation = (r.conversation as 'auto' | 'none' | undefined) ?? 'auto';
    const preGenerated = r.pre_generated_assistant_message !== undefined ? this.preGeneratedText(r.pre_generated_assistant_message) : undefined;
    const settings: ResponseSettings = {
      modalities: (r.modalities as string[] | undefined) ?? s.modalities ?? ['text', 'audio'],
      voice,
      outputAudioFormat: (r.output_audio_format as OutputAudioFormat | undefined) ?? s.output_audio_format ?? 'pcm16',
      visemes: profile.visemes && (animation?.outputs ?? []).includes('viseme_id'),
      wordTimestamps: profile.wordTimestamps && stampTypes.includes('word'),
      temperature: (r.temperature as number | undefined) ?? s.temperature ?? 0.8,
      maxOutputTokens: (r.max_response_output_tokens ?? r.max_output_tokens ?? s.max_response_output_tokens ?? 'inf') as number | 'inf',
      conversation,
      metadata: r.metadata as Record<string, string> | undefined,
      delayMs: this.opts.hooks.delayMs,
      plan: () =>
        planReply({
          items: this.conversation.all.map((i) => i.item),
          tools,
          toolChoice,
          responseInstructions: r.instructions as string | undefined,
          additionalInstructions,
          preGenerated,
          turn: this.replies++,
        }),
    };
    const run = new ResponseRun(this.host, settings);
    this.active = run;
    run.start();
  }

  private responseFinished(run: ResponseRun): void {
    if (this.active === run) this.active = undefined;
    if (this.queuedAutoResponse && !this.closed) {
      this.queuedAutoResponse = false;
      try {
        this.startResponse({}, undefined);
      } catch (err) {
        this.internalError(err);
      }
    }
  }

  private onResponseCancel(e: Record<string, unknown>): void {
    const requested = e.response_id === undefined ? undefined : expectString(e.response_id, 'response_id');
    const run = this.active && !this.active.isFinished ? this.active : undefined;
    if (!run || (requested !== undefined && requested !== run.id)) {
      throw new ProtocolError(
        'response_cancel_not_active',
        requested && run ? `Cancellation failed: response '${requested.slice(0, 80)}' is not the active response.` : 'Cancellation failed: no active response found.',
        requested !== undefined ? 'response_id' : null,
      );
    }
    run.cancel('client_cancelled');
  }

  private inputTokens(): { text: number; audio: number } {
    let text = estimateTextTokens(this.session.instructions ?? '');
    let audio = 0;
    for (const { item, userAudio, assistant } of this.conversation.all) {
      if (userAudio) audio += Math.round((userAudio.ms / 1000) * 10);
      if (assistant) text += estimateTextTokens(assistant.text);
      const content = (item as { content?: Array<Record<string, unknown>> }).content;
      if (Array.isArray(content)) for (const c of content) if (typeof c.text === 'string') text += estimateTextTokens(c.text);
      if (item.type === 'function_call_output') text += estimateTextTokens(String((item as { output?: unknown }).output ?? ''));
    }
    return { text, audio };
  }

  // -------------------------------------------------------------------------------------------------------
  // sim-replay

  private async startReplay(name: string): Promise<void> {
    const factor = this.opts.hooks.realtimeFactor ?? 1;
    try {
      const file = await resolveRecording(this.opts.recordingsDir, name);
      const events = await loadReplay(file);
      if (this.closed) return;
      const t0 = Date.now();
      const step = (i: number) => {
        if (i >= events.length) return;
        this.sendRaw(JSON.stringify(events[i].event));
        if (i + 1 < events.length) this.timers.set(() => step(i + 1), t0 + events[i + 1].t / factor - Date.now());
      };
      if (events.length) this.timers.set(() => step(0), events[0].t / factor);
      this.opts.log(`[sim ${this.opts.label}] replaying ${events.length} server events`);
    } catch (err) {
      const pe = err instanceof ProtocolError ? err : new ProtocolError('replay_failed', 'The recording could not be read.', 'sim-replay');
      this.sendError(pe, null);
      this.ws.close(1008, pe.code);
    }
  }
}
