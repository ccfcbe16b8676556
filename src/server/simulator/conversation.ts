/**
 * The conversation of one session: items in order, plus what the simulator needs to know about each (the
 * user's audio, an assistant item's words and how much of its audio was sent). Validates client-created items
 * (voice-live-protocol.md §8). Pure apart from the ids it is given.
 */
import type { AnyItem } from '../../protocol/events.js';
import { ProtocolError } from './errors.js';
import type { WordSpan } from './speech-plan.js';
import { expectArray, expectEnum, expectObject, expectString, isObject, requireField } from './validate.js';

export interface AssistantAudio {
  /** Full text the response meant to say. */
  text: string;
  words: WordSpan[];
  /** ms of audio sent to the client for this item. */
  sentMs: number;
  /** When the first audio delta went out (Date.now()), for `auto_truncate`'s real-time playback assumption. */
  firstDeltaAt?: number;
  /** Set once truncated: the audio the client says it played. */
  truncatedAtMs?: number;
}

export interface StoredItem {
  item: AnyItem & { id: string };
  /** A committed turn's audio, encoded in the session's input format (dropped for old turns), and its length. */
  userAudio?: { bytes?: Uint8Array; ms: number };
  assistant?: AssistantAudio;
}

export class Conversation {
  private readonly items: StoredItem[] = [];

  get all(): readonly StoredItem[] {
    return this.items;
  }

  get lastId(): string | null {
    return this.items.length ? this.items[this.items.length - 1].item.id : null;
  }

  get(id: string): StoredItem | undefined {
    return this.items.find((s) => s.item.id === id);
  }

  /** Inserts after `previousItemId` (`'root'` = first; undefined = last). Returns the id before it, or null. */
  insert(stored: StoredItem, previousItemId?: string | null): string | null {
    if (this.get(stored.item.id)) {
      throw new ProtocolError('invalid_value', `Item with id '${stored.item.id}' already exists.`, 'item.id');
    }
    let at = this.items.length;
    if (previousItemId === 'root') at = 0;
    else if (previousItemId != null) {
      const idx = this.items.findIndex((s) => s.item.id === previousItemId);
      if (idx < 0) {
        throw new ProtocolError('item_not_found', `Error adding item: the previous item with id '${previousItemId}' does not exist.`, 'previous_item_id');
      }
      at = idx + 1;
    }
    this.items.splice(at, 0, stored);
    return at > 0 ? this.items[at - 1].item.id : null;
  }

  remove(id: string): boolean {
    const idx = this.items.findIndex((s) => s.item.id === id);
    if (idx < 0) return false;
    this.items.splice(idx, 1);
    return true;
  }
}

const USER_PARTS = ['input_text', 'input_audio', 'input_image'];
const OTHER_PARTS = ['input_text', 'text'];

/** Checks a `conversation.item.create` item and returns the stored form (with `object` and `status`). */
export function normalizeClientItem(raw: unknown, id: string): AnyItem & { id: string } {
  const item = expectObject(raw, 'item');
  const type = expectString(requireField(item, 'type', 'item'), 'item.type');
  if (item.id !== undefined) expectString(item.id, 'item.id', { nonEmpty: true, maxLength: 64 });
  const base = { ...structuredClone(item), id: (item.id as string | undefined) ?? id, object: 'realtime.item' as const };
  switch (type) {
    case 'message': {
      const role = expectEnum(requireField(item, 'role', 'item'), ['system', 'user', 'assistant'], 'item.role');
      const content = expectArray(requireField(item, 'content', 'item'), 'item.content');
      content.forEach((part, i) => {
        const p = expectObject(part, `item.content[${i}]`);
        const allowed = role === 'user' ? USER_PARTS : OTHER_PARTS;
        if (role === 'assistant' && p.type === 'audio') {
          throw new ProtocolError('invalid_value', 'Assistant audio cannot be added to the conversation; add the transcript as text.', `item.content[${i}].type`);
        }
        const t = expectEnum(p.type, allowed, `item.content[${i}].type`);
        if (t === 'input_text' || t === 'text') expectString(requireField(p, 'text', `item.content[${i}]`), `item.content[${i}].text`);
        if (t === 'input_audio' && p.audio !== undefined && p.audio !== null) expectString(p.audio, `item.content[${i}].audio`);
        if (t === 'input_image') {
          const url = p.image_url ?? p.url;
          expectString(url, `item.content[${i}].image_url`);
        }
      });
      return { ...base, type: 'message', role, status: 'completed', content: content as never };
    }
    case 'function_call':
      expectString(requireField(item, 'name', 'item'), 'item.name');
      expectString(requireField(item, 'call_id', 'item'), 'item.call_id');
      expectString(item.arguments ?? '', 'item.arguments');
      return { ...base, type: 'function_call', status: 'completed', arguments: (item.arguments as string | undefined) ?? '' } as never;
    case 'function_call_output':
      expectString(requireField(item, 'call_id', 'item'), 'item.call_id');
      expectString(requireField(item, 'output', 'item'), 'item.output');
      return base as never;
    default:
      // mcp_approval_response and future item kinds are kept as given.
      if (!isObject(item)) throw new ProtocolError('invalid_type', 'Invalid item.', 'item');
      return base as never;
  }
}
