/**
 * `voice-live-avatar`: the element class and its types. Importing this module registers nothing
 * (use `voice-live-avatar/define` or `defineVoiceLiveAvatar()`).
 */
import './element/event-map.js';

export { VoiceLiveAvatar } from './element/voice-live-avatar.js';
export { defineVoiceLiveAvatar } from './define-element.js';
export type { VlaEventMap } from './element/event-map.js';
export type {
  VlaState,
  VlaErrorCode,
  VlaErrorSource,
  VlaErrorDetail,
  VlaEventDetails,
  VlaEventName,
  TurnMetrics,
  FunctionCallDetail,
  ConversationEntry,
} from './conversation/events.js';
export type { ToolSpec } from './conversation/tool-calls.js';
export type { VlaStrings } from './element/strings.js';
export type { VoiceLiveConnection } from './protocol/connection.js';
export type { Session, ResponseSession, Voice, TurnDetection, ToolDefinition } from './protocol/session.js';
export type { ClientEvent, ServerEvent, ServerEventMap } from './protocol/events.js';
export type { TokenCredentialLike, AccessToken } from './auth/types.js';
export type { HeardPosition, MouthWeights, LipSyncFrame } from './lipsync/types.js';
export type { RecordingLine } from './protocol/recording.js';
