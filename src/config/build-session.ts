/**
 * Attribute values → the `session` of `session.update` (component-api.md "Session configuration").
 * Pure. Returns the session plus problems that only show when attributes are combined (they name the
 * attribute that is ignored, so the element can raise `invalid-config` and keep going).
 */
import type { AttributeValues } from './attributes.js';
import { resolveVoice, voiceSupportsVisemes } from './voice.js';
import { deepMerge, jsonEqual } from './deep-merge.js';
import type { Session, ToolDefinition, TurnDetection, TurnDetectionType } from '../protocol/session.js';

export interface ConfigProblem {
  attribute: string;
  message: string;
  allowed: string;
}

export interface BuiltSession {
  session: Session;
  problems: ConfigProblem[];
}

const SEMANTIC_AZURE = ['azure_semantic_vad', 'azure_semantic_vad_en', 'azure_semantic_vad_multilingual'];

function turnDetection(values: AttributeValues, problems: ConfigProblem[]): TurnDetection | null {
  if (values.pushToTalk || values.turnDetection === 'none') return null;
  const type = (values.turnDetection ?? 'server_vad') as TurnDetectionType;
  const td: TurnDetection = { type };
  if (type === 'semantic_vad') {
    if (values.vadEagerness) td.eagerness = values.vadEagerness;
  } else {
    if (values.vadThreshold !== undefined) td.threshold = values.vadThreshold;
    if (values.vadPrefixPaddingMs !== undefined) td.prefix_padding_ms = values.vadPrefixPaddingMs;
    if (values.vadSilenceDurationMs !== undefined) td.silence_duration_ms = values.vadSilenceDurationMs;
    if (values.vadEagerness) {
      problems.push({
        attribute: 'vad-eagerness',
        message: `vad-eagerness applies to turn-detection="semantic_vad" only, not "${type}"`,
        allowed: 'turn-detection="semantic_vad"',
      });
    }
  }
  if (values.removeFillerWords !== undefined) {
    if (SEMANTIC_AZURE.includes(type)) td.remove_filler_words = values.removeFillerWords;
    else {
      problems.push({
        attribute: 'remove-filler-words',
        message: `remove-filler-words applies to the Azure semantic VAD types only, not "${type}"`,
        allowed: SEMANTIC_AZURE.join(', '),
      });
    }
  }
  if (values.endOfUtterance && values.endOfUtterance !== 'none') {
    td.end_of_utterance_detection = { model: values.endOfUtterance };
  }
  if (values.interruptResponse !== undefined) td.interrupt_response = values.interruptResponse;
  if (values.autoTruncate !== undefined) td.auto_truncate = values.autoTruncate;
  return td;
}

/** The full session the attributes describe. `tools` are function definitions (handlers already stripped). */
export function buildSession(values: AttributeValues, tools: readonly ToolDefinition[] = []): BuiltSession {
  const problems: ConfigProblem[] = [];
  const session: Session = {};
  if (values.instructions !== undefined) session.instructions = values.instructions;
  session.modalities = values.modalities ?? ['text', 'audio'];

  const voice = resolveVoice({ ...values, model: values.model });
  if (voice.ok) {
    if (voice.voice) session.voice = voice.voice;
  } else {
    problems.push({ attribute: 'voice', message: voice.message, allowed: voice.allowed });
  }

  const inputFormat = values.inputAudioFormat ?? 'pcm16';
  session.input_audio_format = inputFormat;
  if (inputFormat === 'pcm16') {
    session.input_audio_sampling_rate = values.inputSampleRate ?? 24000;
  } else {
    session.input_audio_sampling_rate = 8000;
    if (values.inputSampleRate !== undefined && values.inputSampleRate !== 8000) {
      problems.push({
        attribute: 'input-sample-rate',
        message: `G.711 (${inputFormat}) is always 8000 Hz; input-sample-rate="${values.inputSampleRate}" is ignored`,
        allowed: '8000 with g711_ulaw / g711_alaw',
      });
    }
  }
  session.output_audio_format = values.outputAudioFormat ?? 'pcm16';
  session.turn_detection = turnDetection(values, problems);

  if (values.noiseReduction) {
    session.input_audio_noise_reduction = values.noiseReduction === 'none' ? null : { type: values.noiseReduction };
  }
  if (values.echoCancellation) {
    session.input_audio_echo_cancellation =
      values.echoCancellation === 'none' ? null : { type: 'server_echo_cancellation' };
  }
  if (values.transcriptionModel) {
    session.input_audio_transcription =
      values.transcriptionModel === 'none'
        ? null
        : {
            model: values.transcriptionModel,
            ...(values.transcriptionLanguage ? { language: values.transcriptionLanguage } : {}),
          };
  } else if (values.transcriptionLanguage) {
    problems.push({
      attribute: 'transcription-language',
      message: 'transcription-language needs transcription-model',
      allowed: 'set transcription-model too (e.g. azure-speech or whisper-1)',
    });
  }
  if (values.temperature !== undefined) session.temperature = values.temperature;
  if (values.maxResponseOutputTokens !== undefined) session.max_response_output_tokens = values.maxResponseOutputTokens;
  if (values.toolChoice) {
    const c = values.toolChoice;
    session.tool_choice = c === 'auto' || c === 'none' || c === 'required' ? c : { type: 'function', name: c };
  }
  if (tools.length) session.tools = [...tools];

  const visemes = values.visemes ?? 'auto';
  const wantServerTiming = visemes === 'server' || (visemes === 'auto' && voiceSupportsVisemes(session.voice));
  if (wantServerTiming) {
    session.animation = { outputs: ['viseme_id'] };
    session.output_audio_timestamp_types = ['word'];
  }
  return { session, problems };
}

/** The top-level session fields whose value differs: what a live `session.update` must carry. */
export function sessionDelta(before: Session, after: Session): Session {
  const delta: Session = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (jsonEqual(before[key], after[key])) continue;
    if (after[key] === undefined) {
      // Dropping an attribute: nullable features turn off; strings clear; others return to the service default
      // only on the next connection (the protocol has no "unset").
      if (key === 'instructions') delta.instructions = '';
      else if (
        key === 'turn_detection' ||
        key === 'input_audio_noise_reduction' ||
        key === 'input_audio_echo_cancellation' ||
        key === 'input_audio_transcription'
      ) {
        delta[key] = null;
      } else if (key === 'animation') delta.animation = { outputs: [] };
      else if (key === 'output_audio_timestamp_types') delta.output_audio_timestamp_types = [];
      continue;
    }
    delta[key] = after[key];
  }
  return delta;
}

/** Attributes first, then the page's `session` property deep-merged over them. */
export function composeSession(fromAttributes: Session, override: Record<string, unknown> | undefined | null): Session {
  return deepMerge(fromAttributes as Record<string, unknown>, override ?? undefined) as Session;
}
