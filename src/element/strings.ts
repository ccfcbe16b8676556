/** Every string the element shows or announces; pages override any of them through the `strings` property. */
import type { VlaState } from '../conversation/events.js';

export interface VlaStrings {
  start: string;
  stop: string;
  mute: string;
  unmute: string;
  talk: string;
  talkHint: string;
  send: string;
  messagePlaceholder: string;
  messageLabel: string;
  captionsLabel: string;
  you: string;
  assistant: string;
  avatarLabel: string;
  enableSound: string;
  retry: string;
  states: Record<VlaState, string>;
}

export const DEFAULT_STRINGS: VlaStrings = {
  start: 'Start conversation',
  stop: 'End conversation',
  mute: 'Mute microphone',
  unmute: 'Unmute microphone',
  talk: 'Hold to talk',
  talkHint: 'Hold the button or the Space key while you speak',
  send: 'Send',
  messagePlaceholder: 'Type a message',
  messageLabel: 'Message',
  captionsLabel: 'Conversation captions',
  you: 'You',
  assistant: 'Assistant',
  avatarLabel: 'Assistant avatar',
  enableSound: 'Click to enable sound',
  retry: 'Try again',
  states: {
    idle: 'Ready',
    connecting: 'Connecting…',
    listening: 'Listening',
    thinking: 'Thinking…',
    speaking: 'Speaking',
    reconnecting: 'Reconnecting…',
    error: 'Something went wrong',
  },
};

export function mergeStrings(overrides: Partial<VlaStrings> | null | undefined): VlaStrings {
  if (!overrides) return DEFAULT_STRINGS;
  return {
    ...DEFAULT_STRINGS,
    ...overrides,
    states: { ...DEFAULT_STRINGS.states, ...(overrides.states ?? {}) },
  };
}
