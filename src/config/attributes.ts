/**
 * Every attribute with a constrained value: how to parse it, and what it allows (for `invalid-config` errors).
 * Pure: the element feeds raw attribute strings through `parseAttribute()` and keeps the last valid value.
 */
import { INPUT_AUDIO_FORMATS, INPUT_SAMPLE_RATES, OUTPUT_AUDIO_FORMATS } from '../audio/codecs/formats.js';
import type { InputAudioFormat, OutputAudioFormat } from '../audio/codecs/formats.js';
import type { Modality } from '../protocol/session.js';

export const TURN_DETECTION_VALUES = [
  'server_vad',
  'azure_semantic_vad',
  'azure_semantic_vad_en',
  'azure_semantic_vad_multilingual',
  'semantic_vad',
  'none',
] as const;
export type TurnDetectionValue = (typeof TURN_DETECTION_VALUES)[number];

export const NOISE_REDUCTION_VALUES = ['azure_deep_noise_suppression', 'near_field', 'far_field', 'none'] as const;
export const ECHO_CANCELLATION_VALUES = ['server', 'none'] as const;
export const EAGERNESS_VALUES = ['auto', 'low', 'medium', 'high'] as const;
export const END_OF_UTTERANCE_VALUES = [
  'semantic_detection_v1',
  'semantic_detection_v1_en',
  'semantic_detection_v1_multilingual',
  'smart_end_of_turn_detection',
  'none',
] as const;
export const VISEMES_VALUES = ['auto', 'server', 'client', 'off'] as const;
export const FRAMING_VALUES = ['head', 'bust', 'upper'] as const;
export const MOTION_VALUES = ['auto', 'full', 'reduced'] as const;
export const ON_OFF_VALUES = ['on', 'off'] as const;
export const MODALITY_VALUES = ['text', 'audio', 'animation', 'avatar'] as const;

export type VisemesMode = (typeof VISEMES_VALUES)[number];
export type Framing = (typeof FRAMING_VALUES)[number];
export type MotionMode = (typeof MOTION_VALUES)[number];

/** Parsed values, keyed by property name. Absent = not set (the service default applies). */
export interface AttributeValues {
  model?: string;
  instructions?: string;
  voice?: string;
  voiceType?: string;
  voiceEndpointId?: string;
  voiceRate?: string;
  voicePitch?: string;
  voiceLocale?: string;
  modalities?: Modality[];
  inputAudioFormat?: InputAudioFormat;
  inputSampleRate?: number;
  outputAudioFormat?: OutputAudioFormat;
  turnDetection?: TurnDetectionValue;
  vadThreshold?: number;
  vadPrefixPaddingMs?: number;
  vadSilenceDurationMs?: number;
  vadEagerness?: (typeof EAGERNESS_VALUES)[number];
  removeFillerWords?: boolean;
  endOfUtterance?: (typeof END_OF_UTTERANCE_VALUES)[number];
  interruptResponse?: boolean;
  autoTruncate?: boolean;
  noiseReduction?: (typeof NOISE_REDUCTION_VALUES)[number];
  echoCancellation?: (typeof ECHO_CANCELLATION_VALUES)[number];
  transcriptionModel?: string;
  transcriptionLanguage?: string;
  temperature?: number;
  maxResponseOutputTokens?: number | 'inf';
  toolChoice?: string;
  visemes?: VisemesMode;
  pushToTalk?: boolean;
  framing?: Framing;
  motion?: MotionMode;
  captions?: 'on' | 'off';
  controls?: 'on' | 'off';
  reconnect?: number;
  lipsyncOffsetMs?: number;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; allowed: string };

export interface AttributeSpec {
  attribute: string;
  property: keyof AttributeValues;
  /** Part of the Voice Live session (a change while connected sends `session.update`). */
  session: boolean;
  parse(raw: string): ParseResult<unknown>;
}

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (allowed: string): ParseResult<never> => ({ ok: false, allowed });

function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string): ParseResult<T> => {
    const v = raw.trim();
    return (values as readonly string[]).includes(v) ? ok(v as T) : fail(values.join(', '));
  };
}

function number(min: number, max: number, integer = false) {
  return (raw: string): ParseResult<number> => {
    const v = raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
      return fail(`${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
    }
    return ok(v);
  };
}

/** Session booleans default to the service's value; `attr="false"` turns them off, presence or "true" on. */
function flag(raw: string): ParseResult<boolean> {
  const v = raw.trim().toLowerCase();
  if (v === '' || v === 'true' || v === 'on') return ok(true);
  if (v === 'false' || v === 'off') return ok(false);
  return fail('true, false (or the bare attribute for true)');
}

function text(raw: string): ParseResult<string> {
  return ok(raw);
}

function token(allowed: string) {
  return (raw: string): ParseResult<string> => {
    const v = raw.trim();
    return /^[A-Za-z0-9._:-]+$/.test(v) ? ok(v) : fail(allowed);
  };
}

function modalities(raw: string): ParseResult<Modality[]> {
  const parts = raw.split(/[\s,]+/).filter(Boolean);
  const allowed = 'space-separated: text, audio, animation, avatar (text is required; audio alone is not allowed)';
  if (!parts.length || parts.some((p) => !(MODALITY_VALUES as readonly string[]).includes(p))) return fail(allowed);
  if (!parts.includes('text')) return fail(allowed);
  return ok([...new Set(parts)] as Modality[]);
}

function maxTokens(raw: string): ParseResult<number | 'inf'> {
  const v = raw.trim();
  if (v === 'inf') return ok('inf');
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 4096 ? ok(n) : fail('an integer from 1 to 4096, or inf');
}

function toolChoice(raw: string): ParseResult<string> {
  const v = raw.trim();
  return /^[A-Za-z0-9_-]{1,64}$/.test(v) ? ok(v) : fail('auto, none, required, or the name of a function tool');
}

function language(raw: string): ParseResult<string> {
  const v = raw.trim();
  return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*(,[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*)*$/.test(v)
    ? ok(v)
    : fail('a BCP-47 tag such as en-US, an ISO 639-1 code such as en, or a comma-separated list such as en,zh');
}

export const ATTRIBUTE_SPECS: readonly AttributeSpec[] = [
  { attribute: 'model', property: 'model', session: false, parse: token('a model or deployment name such as gpt-realtime') },
  { attribute: 'instructions', property: 'instructions', session: true, parse: text },
  { attribute: 'voice', property: 'voice', session: true, parse: text },
  { attribute: 'voice-type', property: 'voiceType', session: true, parse: text },
  { attribute: 'voice-endpoint-id', property: 'voiceEndpointId', session: true, parse: text },
  { attribute: 'voice-rate', property: 'voiceRate', session: true, parse: text },
  { attribute: 'voice-pitch', property: 'voicePitch', session: true, parse: text },
  { attribute: 'voice-locale', property: 'voiceLocale', session: true, parse: language },
  { attribute: 'modalities', property: 'modalities', session: true, parse: modalities },
  { attribute: 'input-audio-format', property: 'inputAudioFormat', session: true, parse: oneOf(INPUT_AUDIO_FORMATS) },
  {
    attribute: 'input-sample-rate',
    property: 'inputSampleRate',
    session: true,
    parse: (raw) => {
      const n = Number(raw.trim());
      return INPUT_SAMPLE_RATES.includes(n) ? ok(n) : fail(INPUT_SAMPLE_RATES.join(', '));
    },
  },
  { attribute: 'output-audio-format', property: 'outputAudioFormat', session: true, parse: oneOf(OUTPUT_AUDIO_FORMATS) },
  { attribute: 'turn-detection', property: 'turnDetection', session: true, parse: oneOf(TURN_DETECTION_VALUES) },
  { attribute: 'vad-threshold', property: 'vadThreshold', session: true, parse: number(0, 1) },
  { attribute: 'vad-prefix-padding-ms', property: 'vadPrefixPaddingMs', session: true, parse: number(0, 5000, true) },
  { attribute: 'vad-silence-duration-ms', property: 'vadSilenceDurationMs', session: true, parse: number(0, 10000, true) },
  { attribute: 'vad-eagerness', property: 'vadEagerness', session: true, parse: oneOf(EAGERNESS_VALUES) },
  { attribute: 'remove-filler-words', property: 'removeFillerWords', session: true, parse: flag },
  { attribute: 'end-of-utterance', property: 'endOfUtterance', session: true, parse: oneOf(END_OF_UTTERANCE_VALUES) },
  { attribute: 'interrupt-response', property: 'interruptResponse', session: true, parse: flag },
  { attribute: 'auto-truncate', property: 'autoTruncate', session: true, parse: flag },
  { attribute: 'noise-reduction', property: 'noiseReduction', session: true, parse: oneOf(NOISE_REDUCTION_VALUES) },
  { attribute: 'echo-cancellation', property: 'echoCancellation', session: true, parse: oneOf(ECHO_CANCELLATION_VALUES) },
  {
    attribute: 'transcription-model',
    property: 'transcriptionModel',
    session: true,
    parse: token('a transcription model such as whisper-1, gpt-4o-transcribe, azure-speech, mai-transcribe, or none'),
  },
  { attribute: 'transcription-language', property: 'transcriptionLanguage', session: true, parse: language },
  { attribute: 'temperature', property: 'temperature', session: true, parse: number(0, 2) },
  { attribute: 'max-response-output-tokens', property: 'maxResponseOutputTokens', session: true, parse: maxTokens },
  { attribute: 'tool-choice', property: 'toolChoice', session: true, parse: toolChoice },
  { attribute: 'visemes', property: 'visemes', session: true, parse: oneOf(VISEMES_VALUES) },
  { attribute: 'push-to-talk', property: 'pushToTalk', session: true, parse: () => ok(true) },
  { attribute: 'framing', property: 'framing', session: false, parse: oneOf(FRAMING_VALUES) },
  { attribute: 'motion', property: 'motion', session: false, parse: oneOf(MOTION_VALUES) },
  { attribute: 'captions', property: 'captions', session: false, parse: oneOf(ON_OFF_VALUES) },
  { attribute: 'controls', property: 'controls', session: false, parse: oneOf(ON_OFF_VALUES) },
  { attribute: 'reconnect', property: 'reconnect', session: false, parse: number(0, 100, true) },
  { attribute: 'lipsync-offset-ms', property: 'lipsyncOffsetMs', session: false, parse: number(-2000, 2000) },
];

const BY_ATTRIBUTE = new Map<string, AttributeSpec>();

export function specForAttribute(attribute: string): AttributeSpec | undefined {
  if (!BY_ATTRIBUTE.size) for (const s of ATTRIBUTE_SPECS) BY_ATTRIBUTE.set(s.attribute, s);
  return BY_ATTRIBUTE.get(attribute);
}
