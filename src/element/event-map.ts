/**
 * Typed events for TypeScript users: `el.addEventListener('vla-transcript', e => e.detail.text)` and the same
 * on `document` (only `GlobalEventHandlersEventMap` types both).
 */
import type { VlaEventDetails } from '../conversation/events.js';

export type VlaEventMap = { [K in keyof VlaEventDetails]: CustomEvent<VlaEventDetails[K]> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends VlaEventMap {}
}
