/**
 * The Voice Live session object (voice-live-protocol.md §6), wire names (snake_case).
 * Everything is optional in a request; a `session.updated` carries the full effective session.
 */
import type { InputAudioFormat, OutputAudioFormat } from '../audio/codecs/formats.js';

export type Modality = 'text' | 'audio' | 'animation' | 'avatar';

export interface OpenAIVoice {
  type: 'openai';
  name: string;
}

export interface AzureVoice {
  type: 'azure-standard' | 'azure-custom' | 'azure-personal' | 'azure-realtime-native' | 'avatar-voice-sync';
  name?: string;
  endpoint_id?: string;
  model?: string;
  temperature?: number;
  locale?: string;
  prefer_locales?: string[];
  style?: string;
  pitch?: string;
  rate?: string;
  volume?: string;
  custom_lexicon_url?: string;
  custom_text_normalization_url?: string;
}

export type Voice = OpenAIVoice | AzureVoice;

export type TurnDetectionType =
  | 'server_vad'
  | 'azure_semantic_vad'
  | 'azure_semantic_vad_en'
  | 'azure_semantic_vad_multilingual'
  | 'semantic_vad';

export interface EndOfUtteranceDetection {
  model: string;
  threshold_level?: 'low' | 'medium' | 'high' | 'default';
  timeout_ms?: number;
}

export interface TurnDetection {
  type: TurnDetectionType;
  threshold?: number;
  prefix_padding_ms?: number;
  silence_duration_ms?: number;
  speech_duration_ms?: number;
  create_response?: boolean;
  interrupt_response?: boolean;
  auto_truncate?: boolean;
  eagerness?: 'auto' | 'low' | 'medium' | 'high';
  remove_filler_words?: boolean;
  languages?: string[];
  end_of_utterance_detection?: EndOfUtteranceDetection;
  appended_text_after_truncation?: string;
}

export interface NoiseReduction {
  type: 'azure_deep_noise_suppression' | 'near_field' | 'far_field';
}

export interface EchoCancellation {
  type: 'server_echo_cancellation';
  reference_source?: 'server' | 'client';
  channels?: 1 | 2;
}

export interface InputAudioTranscription {
  model: string;
  language?: string;
  prompt?: string;
  phrase_list?: string[];
  custom_speech?: Record<string, string>;
}

export interface FunctionToolDefinition {
  type: 'function';
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

/** MCP, foundry agent and future tool kinds pass through untouched. */
export type ToolDefinition = FunctionToolDefinition | { type: string; [key: string]: unknown };

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; name: string };

export interface Animation {
  model_name?: string;
  outputs?: Array<'viseme_id' | 'blendshapes'>;
}

export interface Session {
  model?: string;
  modalities?: Modality[];
  instructions?: string;
  voice?: Voice | string;
  input_audio_format?: InputAudioFormat;
  input_audio_sampling_rate?: number;
  output_audio_format?: OutputAudioFormat;
  turn_detection?: TurnDetection | null;
  input_audio_noise_reduction?: NoiseReduction | null;
  input_audio_echo_cancellation?: EchoCancellation | null;
  input_audio_transcription?: InputAudioTranscription | null;
  output_audio_timestamp_types?: Array<'word'>;
  animation?: Animation;
  avatar?: Record<string, unknown>;
  tools?: ToolDefinition[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean;
  temperature?: number;
  max_response_output_tokens?: number | 'inf';
  reasoning_effort?: string;
  interim_response?: Record<string, unknown>;
  include?: string[];
  metadata?: Record<string, string>;
  [extension: string]: unknown;
}

/** What the server reports: the request shape plus identity and expiry. */
export interface ResponseSession extends Session {
  id: string;
  object: 'realtime.session';
  expires_at?: number;
  agent?: { type: 'agent'; name: string; description?: string; agent_id?: string; thread_id?: string };
}
