/**
 * Voice name detection (component-api.md "Voice shapes"): OpenAI names become `{type:"openai"}`, Azure neural
 * voice names `{type:"azure-standard"}`; `voice-type` forces the other Azure kinds.
 */
import type { AzureVoice, Voice } from '../protocol/session.js';
import type { AttributeValues } from './attributes.js';

export const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;

/** Voices of `model=azure-realtime` (protocol §6.1). */
export const AZURE_REALTIME_NATIVE_VOICES = [
  'aarti', 'andrew', 'ava', 'denise', 'diya', 'elsa', 'florian', 'francisca', 'meera', 'ximena', 'xiaoxiao', 'yunxi',
] as const;

export const VOICE_TYPES = ['openai', 'azure-standard', 'azure-custom', 'azure-personal', 'azure-realtime-native'] as const;
export type VoiceType = (typeof VOICE_TYPES)[number];

// xx-YY-NameNeural, xx-YY-NameMultilingualNeural, xx-YY-Name:DragonHDLatestNeural, sr-Latn-RS-NicholasNeural.
const AZURE_NAME = /^[a-z]{2,3}(-[A-Z][a-z]{3})?-[A-Z]{2}-[A-Za-z0-9]+(:[A-Za-z0-9]+)?Neural$/;

export type VoiceInputs = Pick<AttributeValues, 'voice' | 'voiceType' | 'voiceEndpointId' | 'voiceRate' | 'voicePitch' | 'voiceLocale' | 'model'>;

export type VoiceResult = { ok: true; voice: Voice | undefined } | { ok: false; message: string; allowed: string };

export function isAzureVoiceName(name: string): boolean {
  return AZURE_NAME.test(name);
}

/** Works out the wire voice object, or why the inputs don't describe one. */
export function resolveVoice(inputs: VoiceInputs): VoiceResult {
  const name = inputs.voice?.trim();
  const forced = inputs.voiceType?.trim();
  if (forced && !(VOICE_TYPES as readonly string[]).includes(forced)) {
    return { ok: false, message: `voice-type "${forced}" is not a voice type`, allowed: VOICE_TYPES.join(', ') };
  }
  if (!name) {
    if (forced === 'azure-personal' || forced === 'azure-custom') {
      return { ok: false, message: `voice-type "${forced}" needs a voice name`, allowed: 'a voice name' };
    }
    return { ok: true, voice: undefined };
  }
  let type: VoiceType;
  if (forced) type = forced as VoiceType;
  else if ((OPENAI_VOICES as readonly string[]).includes(name)) type = 'openai';
  else if (isAzureVoiceName(name)) type = 'azure-standard';
  else if (inputs.model === 'azure-realtime' && (AZURE_REALTIME_NATIVE_VOICES as readonly string[]).includes(name)) {
    type = 'azure-realtime-native';
  } else if (/^[a-z]+$/.test(name)) {
    // A lowercase single word is an OpenAI voice newer than this list; let the service decide.
    type = 'openai';
  } else {
    return {
      ok: false,
      message: `voice "${name}" is neither an OpenAI voice nor an Azure neural voice name`,
      allowed: `${OPENAI_VOICES.join(', ')}, or an Azure name such as en-US-AvaNeural / en-US-Ava:DragonHDLatestNeural (or set voice-type)`,
    };
  }
  if (type === 'openai') return { ok: true, voice: { type: 'openai', name } };
  if (type === 'azure-custom' && !inputs.voiceEndpointId) {
    return { ok: false, message: 'voice-type "azure-custom" needs voice-endpoint-id', allowed: 'a custom voice deployment id' };
  }
  const voice: AzureVoice = { type, name };
  if (type === 'azure-custom' && inputs.voiceEndpointId) voice.endpoint_id = inputs.voiceEndpointId;
  if (type === 'azure-personal') voice.model = 'DragonLatestNeural';
  if (inputs.voiceRate) voice.rate = inputs.voiceRate;
  if (inputs.voicePitch) voice.pitch = inputs.voicePitch;
  if (inputs.voiceLocale) voice.locale = inputs.voiceLocale;
  return { ok: true, voice };
}

/** Visemes and word timestamps come from Azure TTS voices only (protocol §9.1). */
export function voiceSupportsVisemes(voice: Voice | string | undefined): boolean {
  if (!voice || typeof voice === 'string') return false;
  return voice.type === 'azure-standard' || voice.type === 'azure-custom';
}
