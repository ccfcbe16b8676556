/**
 * JSX types for using the plain tag in React 19 (which passes properties to custom elements):
 *   <voice-live-avatar endpoint="…" voice="alloy" />
 * Import once: `import type {} from 'voice-live-avatar/jsx'` (or use the wrapper from `voice-live-avatar/react`).
 */
import type { VoiceLiveAvatar } from '../element/voice-live-avatar.js';

type Attrs = Partial<Record<
  | 'endpoint' | 'model' | 'api-version' | 'agent-name' | 'agent-project-name' | 'agent-version' | 'conversation-id'
  | 'api-key' | 'token-url' | 'auth-client-id' | 'auth-tenant-id' | 'auth-redirect-uri' | 'token-scope'
  | 'instructions' | 'voice' | 'voice-type' | 'voice-endpoint-id' | 'voice-rate' | 'voice-pitch' | 'voice-locale'
  | 'modalities' | 'input-audio-format' | 'input-sample-rate' | 'output-audio-format' | 'turn-detection'
  | 'vad-threshold' | 'vad-prefix-padding-ms' | 'vad-silence-duration-ms' | 'vad-eagerness' | 'remove-filler-words'
  | 'end-of-utterance' | 'interrupt-response' | 'auto-truncate' | 'noise-reduction' | 'echo-cancellation'
  | 'transcription-model' | 'transcription-language' | 'temperature' | 'max-response-output-tokens' | 'tool-choice'
  | 'visemes' | 'avatar' | 'framing' | 'lipsync-offset-ms' | 'motion' | 'alt' | 'greeting' | 'captions' | 'controls'
  | 'reconnect' | 'worklet-base-url',
  string
>> & {
  'push-to-talk'?: boolean;
  muted?: boolean;
  debug?: boolean;
  record?: boolean;
};

type ElementProps = Attrs &
  Partial<Pick<VoiceLiveAvatar, 'tools' | 'session' | 'credential' | 'strings'>> & {
    ref?: unknown;
    id?: string;
    class?: string;
    className?: string;
    style?: unknown;
    slot?: string;
    children?: unknown;
  };

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'voice-live-avatar': ElementProps;
    }
  }
}

export type { ElementProps as VoiceLiveAvatarJSXProps };
