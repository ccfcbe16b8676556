/** Shoelace-style `emit()`: every event bubbles and is composed; returns the event for `defaultPrevented`. */
import type { VlaEventDetails, VlaEventName } from '../conversation/events.js';
import { CANCELABLE_EVENTS } from '../conversation/events.js';

export function emit<K extends VlaEventName>(target: EventTarget, type: K, detail: VlaEventDetails[K]): CustomEvent<VlaEventDetails[K]> {
  const event = new CustomEvent(type, { bubbles: true, composed: true, cancelable: CANCELABLE_EVENTS.has(type), detail });
  target.dispatchEvent(event);
  return event;
}
