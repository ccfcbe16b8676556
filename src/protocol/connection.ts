/**
 * `element.connection`: the raw client, shaped like the official `@azure/ai-voicelive` SDK's resources so a
 * developer who knows the SDK feels at home. Every method sends one client event and returns its event_id.
 */
import type {
  AnyItem,
  ClientEvent,
  ResponseCreateParams,
} from './events.js';
import type { Session } from './session.js';

export type SendFn = (event: ClientEvent) => string;

export interface VoiceLiveConnection {
  readonly session: { update(session: Session): string };
  readonly response: {
    create(params?: { response?: ResponseCreateParams; additional_instructions?: string }): string;
    cancel(responseId?: string): string;
  };
  readonly inputAudioBuffer: { append(audioBase64: string): string; commit(): string; clear(): string };
  readonly outputAudioBuffer: { clear(): string };
  readonly conversation: {
    readonly item: {
      create(item: AnyItem, previousItemId?: string): string;
      retrieve(itemId: string): string;
      truncate(itemId: string, audioEndMs: number, contentIndex?: number): string;
      delete(itemId: string): string;
    };
  };
  send(event: ClientEvent): string;
}

export function createConnection(send: SendFn): VoiceLiveConnection {
  return {
    session: { update: (session) => send({ type: 'session.update', session }) },
    response: {
      create: (params = {}) => send({ type: 'response.create', ...params }),
      cancel: (responseId) => send({ type: 'response.cancel', ...(responseId ? { response_id: responseId } : {}) }),
    },
    inputAudioBuffer: {
      append: (audio) => send({ type: 'input_audio_buffer.append', audio }),
      commit: () => send({ type: 'input_audio_buffer.commit' }),
      clear: () => send({ type: 'input_audio_buffer.clear' }),
    },
    outputAudioBuffer: { clear: () => send({ type: 'output_audio_buffer.clear' }) },
    conversation: {
      item: {
        create: (item, previousItemId) =>
          send({ type: 'conversation.item.create', item, ...(previousItemId ? { previous_item_id: previousItemId } : {}) }),
        retrieve: (itemId) => send({ type: 'conversation.item.retrieve', item_id: itemId }),
        truncate: (itemId, audioEndMs, contentIndex = 0) =>
          send({
            type: 'conversation.item.truncate',
            item_id: itemId,
            content_index: contentIndex,
            audio_end_ms: Math.max(0, Math.round(audioEndMs)),
          }),
        delete: (itemId) => send({ type: 'conversation.item.delete', item_id: itemId }),
      },
    },
    send,
  };
}
