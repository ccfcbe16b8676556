/**
 * React wrapper (`voice-live-avatar/react`), built on `@lit/react`: properties instead of attributes where it
 * matters (tools, session, credential, strings), and typed `on…` props for every event.
 *
 *   import { VoiceLiveAvatar } from 'voice-live-avatar/react';
 *   <VoiceLiveAvatar endpoint="/voice-live/realtime" onTranscript={(e) => console.log(e.detail.text)} />
 *
 * Importing this module registers `<voice-live-avatar>` (the wrapper renders that tag).
 */
import * as React from 'react';
import { createComponent } from '@lit/react';
import type { EventName } from '@lit/react';
import { defineVoiceLiveAvatar } from '../define-element.js';
import { VoiceLiveAvatar as VoiceLiveAvatarElement } from '../element/voice-live-avatar.js';
import type { VlaEventDetails } from '../conversation/events.js';
import '../element/event-map.js';

defineVoiceLiveAvatar();

type Ev<K extends keyof VlaEventDetails> = EventName<CustomEvent<VlaEventDetails[K]>>;

export const VoiceLiveAvatar = createComponent({
  tagName: 'voice-live-avatar',
  elementClass: VoiceLiveAvatarElement,
  react: React,
  displayName: 'VoiceLiveAvatar',
  events: {
    onStateChange: 'vla-state-change' as Ev<'vla-state-change'>,
    onBeforeConnect: 'vla-before-connect' as Ev<'vla-before-connect'>,
    onConnected: 'vla-connected' as Ev<'vla-connected'>,
    onDisconnected: 'vla-disconnected' as Ev<'vla-disconnected'>,
    onSessionUpdated: 'vla-session-updated' as Ev<'vla-session-updated'>,
    onSpeechStart: 'vla-speech-start' as Ev<'vla-speech-start'>,
    onSpeechEnd: 'vla-speech-end' as Ev<'vla-speech-end'>,
    onTranscript: 'vla-transcript' as Ev<'vla-transcript'>,
    onWord: 'vla-word' as Ev<'vla-word'>,
    onFunctionCall: 'vla-function-call' as Ev<'vla-function-call'>,
    onInterrupted: 'vla-interrupted' as Ev<'vla-interrupted'>,
    onResponseDone: 'vla-response-done' as Ev<'vla-response-done'>,
    onMetrics: 'vla-metrics' as Ev<'vla-metrics'>,
    onMicLevel: 'vla-mic-level' as Ev<'vla-mic-level'>,
    onAvatarReady: 'vla-avatar-ready' as Ev<'vla-avatar-ready'>,
    onError: 'vla-error' as Ev<'vla-error'>,
    onServerEvent: 'vla-server-event' as Ev<'vla-server-event'>,
  },
});

export type { VoiceLiveAvatarElement };
export type { VlaEventDetails } from '../conversation/events.js';
