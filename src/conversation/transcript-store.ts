/**
 * The conversation so far, in the service's order (`previous_item_id`), not in arrival order: a user's
 * transcript that arrives after the assistant's reply still sits before it (a top complaint about peers).
 */
import type { ConversationEntry } from './events.js';

export class TranscriptStore {
  #entries: ConversationEntry[] = [];
  readonly #byId = new Map<string, ConversationEntry>();
  /** Bumps on every change, so the UI can re-render cheaply. */
  version = 0;

  get(id: string): ConversationEntry | undefined {
    return this.#byId.get(id);
  }

  list(): readonly ConversationEntry[] {
    return this.#entries;
  }

  /**
   * Inserts (or moves) an entry after `previousId`. `undefined` appends; `null` means "first".
   * Unknown previous ids append, which is the best guess when events were missed.
   */
  upsert(entry: ConversationEntry, previousId?: string | null): ConversationEntry {
    const existing = this.#byId.get(entry.id);
    const merged = existing ? Object.assign(existing, { ...entry, text: entry.text || existing.text }) : entry;
    if (existing && previousId === undefined) {
      this.version++;
      return merged;
    }
    if (existing) this.#entries.splice(this.#entries.indexOf(existing), 1);
    let index = this.#entries.length;
    if (previousId === null) index = 0;
    else if (previousId !== undefined) {
      const prev = this.#byId.get(previousId);
      if (prev) index = this.#entries.indexOf(prev) + 1;
    }
    this.#entries.splice(index, 0, merged);
    this.#byId.set(merged.id, merged);
    this.version++;
    return merged;
  }

  update(id: string, patch: Partial<ConversationEntry>): ConversationEntry | undefined {
    const e = this.#byId.get(id);
    if (!e) return undefined;
    Object.assign(e, patch);
    this.version++;
    return e;
  }

  remove(id: string): void {
    const e = this.#byId.get(id);
    if (!e) return;
    this.#entries.splice(this.#entries.indexOf(e), 1);
    this.#byId.delete(id);
    this.version++;
  }

  clear(): void {
    this.#entries = [];
    this.#byId.clear();
    this.version++;
  }

  /** Deep copies for the public `conversation` property (callers can't mutate our state). */
  snapshot(): ConversationEntry[] {
    return this.#entries.map((e) => ({ ...e }));
  }
}
