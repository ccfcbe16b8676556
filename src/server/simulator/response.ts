/**
 * One response, from `response.created` to `response.done` (voice-live-protocol.md §5.2 steps 6–11, §5.5,
 * §13.1, §13.3): a spoken (or text-only) assistant message, or a function call. Audio is streamed in chunks
 * faster than real time; a cancel (barge-in or `response.cancel`) stops it mid-stream with the partial
 * transcript, like the service does.
 */
import type { OutputAudioFormat } from '../../audio/codecs/formats.js';
import type { AnyItem, ContentPart, ResponseResource, ServerEventMap, ServerEventType, Usage } from '../../protocol/events.js';
import type { Conversation, StoredItem } from './conversation.js';
import type { ReplyPlan } from './responder.js';
import type { SpeechSource } from './speech.js';
import { planSpeech } from './speech-plan.js';
import type { SpeechPlan } from './speech-plan.js';
import { TimerGroup } from './timers.js';
import { voiceProfile } from './voices.js';

export interface ResponseHost {
  send<T extends ServerEventType>(type: T, payload: ServerEventMap[T]): void;
  /** The client is not reading fast enough: streaming pauses until this is false. */
  congested(): boolean;
  readonly realtimeFactor: number;
  readonly speech: SpeechSource;
  readonly conversation: Conversation;
  newId(prefix: string): string;
  /** Called when the first audio of the session's assistant goes out (the voice is then fixed). */
  onAudioSent(): void;
  onFinished(run: ResponseRun): void;
  onError(err: unknown): void;
  /** Tokens the conversation so far would cost as input. */
  inputTokens(): { text: number; audio: number };
}

export interface ResponseSettings {
  modalities: string[];
  voice: unknown;
  outputAudioFormat: OutputAudioFormat;
  /** Send `response.animation_viseme.*` (Azure voice and `animation.outputs` has `viseme_id`). */
  visemes: boolean;
  /** Send `response.audio_timestamp.*` (Azure voice and `output_audio_timestamp_types` has `word`). */
  wordTimestamps: boolean;
  temperature: number;
  maxOutputTokens: number | 'inf';
  conversation: 'auto' | 'none';
  metadata?: Record<string, string>;
  delayMs: number;
  /** Decides what to say; called when the response begins (after any delay), against the conversation then. */
  plan: () => ReplyPlan;
}

type Status = ResponseResource['status'];
type StatusDetails = ResponseResource['status_details'];

const AUDIO_TOKENS_PER_S = 20;
const CONGESTION_RETRY_MS = 25;

export function estimateTextTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Cuts `text` to what `max` output tokens allow (≈0.35 s of speech per word). */
export function limitToTokens(text: string, max: number | 'inf', audio: boolean): { text: string; cut: boolean } {
  if (max === 'inf') return { text, cut: false };
  const cost = (t: string) => estimateTextTokens(t) + (audio ? Math.ceil(t.split(/\s+/).filter(Boolean).length * 0.35 * AUDIO_TOKENS_PER_S) : 0);
  if (cost(text) <= max) return { text, cut: false };
  const words = text.split(/(?<=\s)/);
  let out = words[0] ?? '';
  for (let i = 1; i < words.length && cost(out + words[i]) <= max; i++) out += words[i];
  return { text: out.trimEnd(), cut: true };
}

export class ResponseRun {
  readonly id: string;
  private readonly host: ResponseHost;
  private readonly settings: ResponseSettings;
  private readonly timers: TimerGroup;
  private began = false;
  private finished = false;
  private item?: StoredItem['item'];
  private stored?: StoredItem;
  private partAdded = false;
  private sentText = '';
  private sentAudioMs = 0;
  private argsSent = '';
  private cut = false;
  private plan?: SpeechPlan;

  constructor(host: ResponseHost, settings: ResponseSettings) {
    this.host = host;
    this.settings = settings;
    this.id = host.newId('resp_');
    this.timers = new TimerGroup((err) => host.onError(err));
  }

  get isFinished(): boolean {
    return this.finished;
  }

  /** The assistant item being spoken, if any (for truncation while streaming). */
  get itemId(): string | undefined {
    return this.item?.id;
  }

  start(): void {
    if (this.settings.delayMs > 0) this.timers.set(() => this.begin(), this.settings.delayMs);
    else this.begin();
  }

  /** Stops without sending anything (the socket is gone). */
  dispose(): void {
    this.finished = true;
    this.timers.clearAll();
  }

  /** Cancels with `turn_detected` (barge-in) or `client_cancelled` (`response.cancel`). */
  cancel(reason: 'turn_detected' | 'client_cancelled'): void {
    if (this.finished) return;
    this.timers.clearAll();
    if (!this.began) this.sendCreated();
    const audio = this.isAudio;
    if (this.item?.type === 'message' && this.partAdded) {
      const ids = this.partIds();
      if (audio) {
        this.host.send('response.audio.done', ids);
        this.host.send('response.audio_transcript.done', { ...ids, transcript: this.sentText });
      } else {
        this.host.send('response.text.done', { ...ids, text: this.sentText });
      }
    }
    this.finish('cancelled', { type: 'cancelled', reason }, 'incomplete');
  }

  private get isAudio(): boolean {
    return this.settings.modalities.includes('audio');
  }

  private partIds() {
    return { response_id: this.id, item_id: this.item?.id ?? '', output_index: 0, content_index: 0 };
  }

  private resource(status: Status, statusDetails: StatusDetails, output: AnyItem[], usage: Usage | null): ResponseResource {
    const s = this.settings;
    return {
      id: this.id,
      object: 'realtime.response',
      status,
      status_details: statusDetails,
      output,
      usage,
      conversation_id: s.conversation === 'none' ? undefined : 'conv_default',
      modalities: s.modalities,
      voice: s.voice,
      output_audio_format: s.outputAudioFormat,
      temperature: s.temperature,
      max_output_tokens: s.maxOutputTokens,
      ...(s.metadata ? { metadata: s.metadata } : {}),
    };
  }

  private sendCreated(): void {
    this.began = true;
    this.host.send('response.created', { response: this.resource('in_progress', null, [], null) });
    this.host.send('rate_limits.updated', {
      rate_limits: [
        { name: 'requests', limit: 1000, remaining: 999, reset_seconds: 60 },
        { name: 'tokens', limit: 100000, remaining: 99000, reset_seconds: 60 },
      ],
    });
  }

  private begin(): void {
    if (this.finished) return;
    this.sendCreated();
    const plan = this.settings.plan();
    if (plan.kind === 'function_call') this.runFunctionCall(plan.name, plan.arguments);
    else this.runMessage(plan.text);
  }

  private addItem(item: StoredItem['item'], stored: StoredItem): void {
    this.item = item;
    this.stored = stored;
    this.host.send('response.output_item.added', { response_id: this.id, output_index: 0, item: structuredClone(item) });
    if (this.settings.conversation === 'auto') {
      const previous = this.host.conversation.insert(stored);
      this.host.send('conversation.item.created', { previous_item_id: previous, item: structuredClone(item) });
    }
  }

  private runFunctionCall(name: string, args: string): void {
    const item = {
      id: this.host.newId('item_'),
      object: 'realtime.item' as const,
      type: 'function_call' as const,
      status: 'in_progress' as const,
      name,
      call_id: this.host.newId('call_'),
      arguments: '',
    };
    this.addItem(item, { item });
    // A few argument deltas, like a model streaming JSON.
    const pieces = args.length <= 8 ? [args] : [args.slice(0, Math.ceil(args.length / 3)), args.slice(Math.ceil(args.length / 3), Math.ceil((2 * args.length) / 3)), args.slice(Math.ceil((2 * args.length) / 3))];
    const step = (i: number) => {
      if (this.finished) return;
      if (i < pieces.length) {
        this.argsSent += pieces[i];
        this.host.send('response.function_call_arguments.delta', { response_id: this.id, item_id: item.id, output_index: 0, call_id: item.call_id, delta: pieces[i] });
        this.timers.set(() => step(i + 1), 30 / this.host.realtimeFactor);
        return;
      }
      this.host.send('response.function_call_arguments.done', { response_id: this.id, item_id: item.id, output_index: 0, call_id: item.call_id, name, arguments: args });
      this.finish('completed', null, 'completed');
    };
    step(0);
  }

  private runMessage(fullText: string): void {
    const audio = this.isAudio;
    const limited = limitToTokens(fullText, this.settings.maxOutputTokens, audio);
    this.cut = limited.cut;
    const text = limited.text;
    const item = {
      id: this.host.newId('item_'),
      object: 'realtime.item' as const,
      type: 'message' as const,
      role: 'assistant' as const,
      status: 'in_progress' as const,
      content: [] as ContentPart[],
    };
    const stored: StoredItem = { item, assistant: audio ? { text, words: [], sentMs: 0 } : undefined };
    this.addItem(item, stored);
    const part: ContentPart = audio ? { type: 'audio', transcript: '' } : { type: 'text', text: '' };
    this.host.send('response.content_part.added', { ...this.partIds(), part });
    this.partAdded = true;
    if (!audio) {
      this.streamText(text.split(/(?<=\s)/), 0);
      return;
    }
    const profile = voiceProfile(this.settings.voice);
    this.host.speech
      .synthesize(text, profile.synthesis)
      .then((synthesis) => {
        if (this.finished) return;
        this.plan = planSpeech(text, synthesis, this.settings.outputAudioFormat);
        if (stored.assistant) stored.assistant.words = this.plan.words;
        this.streamAudio(0, Date.now());
      })
      .catch((err: unknown) => {
        if (this.finished) return;
        this.host.onError(err);
        this.finish('failed', { type: 'failed', error: { type: 'server_error', code: 'synthesis_failed' } }, 'incomplete');
      });
  }

  private streamText(pieces: string[], i: number): void {
    if (this.finished) return;
    if (i < pieces.length) {
      this.sentText += pieces[i];
      this.host.send('response.text.delta', { ...this.partIds(), delta: pieces[i] });
      this.timers.set(() => this.streamText(pieces, i + 1), 60 / this.host.realtimeFactor);
      return;
    }
    this.host.send('response.text.done', { ...this.partIds(), text: this.sentText });
    this.host.send('response.content_part.done', { ...this.partIds(), part: { type: 'text', text: this.sentText } });
    this.finish(this.cut ? 'incomplete' : 'completed', this.cut ? { type: 'incomplete', reason: 'max_output_tokens' } : null, this.cut ? 'incomplete' : 'completed');
  }

  /** Sends chunk `i` and schedules the next one at its place on a clock running `realtimeFactor`× real time. */
  private streamAudio(i: number, t0: number): void {
    if (this.finished || !this.plan) return;
    if (this.host.congested()) {
      this.timers.set(() => this.streamAudio(i, t0 + CONGESTION_RETRY_MS), CONGESTION_RETRY_MS);
      return;
    }
    const chunk = this.plan.chunks[i];
    const ids = this.partIds();
    for (const delta of chunk.transcript) {
      this.sentText += delta;
      this.host.send('response.audio_transcript.delta', { ...ids, delta });
    }
    this.host.send('response.audio.delta', { ...ids, delta: chunk.audio });
    this.sentAudioMs = chunk.endMs;
    const assistant = this.stored?.assistant;
    if (assistant) {
      assistant.sentMs = chunk.endMs;
      assistant.firstDeltaAt ??= Date.now();
    }
    if (i === 0) this.host.onAudioSent();
    if (this.settings.wordTimestamps) {
      for (const w of chunk.words) this.host.send('response.audio_timestamp.delta', { ...ids, ...w, timestamp_type: 'word' });
    }
    if (this.settings.visemes) {
      for (const v of chunk.visemes) this.host.send('response.animation_viseme.delta', { ...ids, ...v });
    }
    if (i + 1 < this.plan.chunks.length) {
      const due = t0 + this.plan.chunks[i + 1].startMs / this.host.realtimeFactor;
      this.timers.set(() => this.streamAudio(i + 1, t0), due - Date.now());
      return;
    }
    this.host.send('response.audio.done', ids);
    this.host.send('response.audio_transcript.done', { ...ids, transcript: this.sentText });
    if (this.settings.wordTimestamps) this.host.send('response.audio_timestamp.done', ids);
    if (this.settings.visemes) this.host.send('response.animation_viseme.done', ids);
    this.host.send('response.content_part.done', { ...ids, part: { type: 'audio', transcript: this.sentText } });
    this.finish(this.cut ? 'incomplete' : 'completed', this.cut ? { type: 'incomplete', reason: 'max_output_tokens' } : null, this.cut ? 'incomplete' : 'completed');
  }

  private finish(status: Status, details: StatusDetails, itemStatus: 'completed' | 'incomplete'): void {
    if (this.finished) return;
    this.finished = true;
    this.timers.clearAll();
    const output: AnyItem[] = [];
    if (this.item) {
      const final = this.item as StoredItem['item'] & Record<string, unknown>;
      final.status = itemStatus;
      if (final.type === 'message') {
        final.content = this.isAudio ? [{ type: 'audio', transcript: this.sentText }] : [{ type: 'text', text: this.sentText }];
      } else if (final.type === 'function_call') {
        final.arguments = this.argsSent;
      }
      this.host.send('response.output_item.done', { response_id: this.id, output_index: 0, item: structuredClone(final) });
      output.push(structuredClone(final));
    }
    const input = this.host.inputTokens();
    const textOut = estimateTextTokens(this.item?.type === 'function_call' ? this.argsSent : this.sentText);
    const audioOut = Math.round((this.sentAudioMs / 1000) * AUDIO_TOKENS_PER_S);
    const usage: Usage = {
      total_tokens: input.text + input.audio + textOut + audioOut,
      input_tokens: input.text + input.audio,
      output_tokens: textOut + audioOut,
      input_token_details: { cached_tokens: 0, text_tokens: input.text, audio_tokens: input.audio, image_tokens: 0 },
      output_token_details: { text_tokens: textOut, audio_tokens: audioOut },
    };
    this.host.send('response.done', { response: this.resource(status, details, output, usage) });
    this.host.onFinished(this);
  }
}
