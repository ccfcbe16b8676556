/**
 * The simulated session: its defaults (as `session.created` reports them for api-version 2026-07-15), and
 * `session.update` handling — validate every present field, merge onto the current session, fill in defaults,
 * check cross-field rules. Pure: throws `ProtocolError`, never touches the socket. An update that fails leaves
 * the caller's session untouched (we always build a new object).
 */
import { INPUT_AUDIO_FORMATS, OUTPUT_AUDIO_FORMATS } from '../../audio/codecs/formats.js';
import type { ResponseSession, TurnDetection } from '../../protocol/session.js';
import { ProtocolError } from './errors.js';
import {
  deepEqual,
  deepMerge,
  expectArray,
  expectBoolean,
  expectEnum,
  expectNumber,
  expectObject,
  expectString,
  expectStringArray,
  isObject,
  requireField,
} from './validate.js';

export const OPENAI_VOICE_NAMES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse', 'marin', 'cedar'];
export const REALTIME_NATIVE_VOICES = [
  'aarti', 'andrew', 'ava', 'denise', 'diya', 'elsa', 'florian', 'francisca', 'meera', 'ximena', 'xiaoxiao', 'yunxi',
];
const VOICE_TYPES = ['openai', 'azure-standard', 'azure-custom', 'azure-personal', 'azure-realtime-native', 'avatar-voice-sync'];
const PERSONAL_VOICE_MODELS = ['DragonLatestNeural', 'DragonHDOmniLatestNeural', 'MAI-Voice-1', 'PhoenixLatestNeural', 'PhoenixV2Neural'];
const TURN_DETECTION_TYPES = [
  'server_vad', 'azure_semantic_vad', 'azure_semantic_vad_en', 'azure_semantic_vad_multilingual', 'semantic_vad',
] as const;
const EOU_MODELS = ['semantic_detection_v1', 'semantic_detection_v1_en', 'semantic_detection_v1_multilingual', 'smart_end_of_turn_detection'];
const MODALITIES = ['text', 'audio', 'animation', 'avatar'];
const REALTIME_TRANSCRIBE_MODELS = ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'gpt-4o-transcribe-diarize', 'mai-transcribe', 'mai-transcribe-1', 'mai-transcribe-2'];
const CASCADED_TRANSCRIBE_MODELS = ['azure-speech', 'mai-transcribe', 'mai-transcribe-1', 'mai-transcribe-2'];
const INCLUDE_VALUES = ['item.input_audio_transcription.logprobs', 'item.input_audio_transcription.phrases', 'file_search_call.results'];
const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];
const PCM16_RATES = [24000, 16000, 8000];
const MAX_MS = 10_000;

/** Session lifetime the simulator announces in `expires_at` (Azure OpenAI Realtime's 30-minute cap). */
export const SESSION_LIFETIME_S = 30 * 60;

export interface SessionContext {
  /** The `model` query parameter (or the agent name in agent mode). */
  model: string;
  agentMode: boolean;
  /** Input audio has been appended: format, rate and echo-cancellation channels are now fixed. */
  audioAppended: boolean;
  /** The assistant has produced audio: the voice is now fixed. */
  assistantAudio: boolean;
}

/** Native speech-to-speech models (their audio is not Azure TTS unless an Azure voice is chosen). */
export function isRealtimeModel(model: string): boolean {
  return /realtime|phi4-mm/i.test(model);
}

function isGptRealtime(model: string): boolean {
  return /^gpt(-4o)?-realtime/i.test(model);
}

export function turnDetectionDefaults(type: TurnDetection['type']): TurnDetection {
  const common = { create_response: true, interrupt_response: true };
  switch (type) {
    case 'server_vad':
      return { type, threshold: 0.5, prefix_padding_ms: 400, silence_duration_ms: 500, speech_duration_ms: 200, ...common, auto_truncate: false };
    case 'semantic_vad':
      return { type, eagerness: 'auto', ...common };
    default:
      return {
        type,
        threshold: 0.5,
        prefix_padding_ms: 420,
        silence_duration_ms: 500,
        speech_duration_ms: 80,
        remove_filler_words: false,
        ...common,
        auto_truncate: false,
      };
  }
}

export interface ConnectQuery {
  model?: string | null;
  agentName?: string | null;
  agentProjectName?: string | null;
  agentVersion?: string | null;
  conversationId?: string | null;
}

/** The session announced in `session.created`. */
export function defaultSession(id: string, query: ConnectQuery, nowMs = Date.now()): ResponseSession {
  const model = query.model || (query.agentName ? 'gpt-4.1' : 'gpt-realtime');
  const voice: ResponseSession['voice'] = /^azure-realtime/i.test(model)
    ? { type: 'azure-realtime-native', name: 'ava' }
    : isRealtimeModel(model)
      ? { type: 'openai', name: 'alloy' }
      : { type: 'azure-standard', name: 'en-US-AvaNeural' };
  const session: ResponseSession = {
    id,
    object: 'realtime.session',
    model,
    modalities: ['text', 'audio'],
    instructions: '',
    voice,
    input_audio_format: 'pcm16',
    input_audio_sampling_rate: 24000,
    output_audio_format: 'pcm16',
    input_audio_noise_reduction: null,
    input_audio_echo_cancellation: null,
    input_audio_transcription: null,
    turn_detection: turnDetectionDefaults('server_vad'),
    tools: [],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    temperature: 0.8,
    max_response_output_tokens: 'inf',
    output_audio_timestamp_types: [],
    expires_at: Math.floor(nowMs / 1000) + SESSION_LIFETIME_S,
  };
  if (query.agentName) {
    session.agent = {
      type: 'agent',
      name: query.agentName,
      agent_id: `${query.agentProjectName ?? 'project'}/${query.agentName}${query.agentVersion ? `:${query.agentVersion}` : ''}`,
      thread_id: query.conversationId ?? `thread_${id.slice(5)}`,
    };
  }
  return session;
}

// ---------------------------------------------------------------------------------------------------------
// Field validators (shared by session.update and response.create)

export function validateVoice(value: unknown, param: string, model: string): void {
  if (typeof value === 'string') {
    expectEnum(value, OPENAI_VOICE_NAMES, param);
  } else {
    const v = expectObject(value, param);
    const type = expectEnum(requireField(v, 'type', param), VOICE_TYPES, `${param}.type`);
    if (type === 'openai') expectEnum(requireField(v, 'name', param), OPENAI_VOICE_NAMES, `${param}.name`);
    if (type === 'azure-standard' || type === 'azure-custom' || type === 'azure-personal') {
      expectString(requireField(v, 'name', param), `${param}.name`, { nonEmpty: true });
    }
    if (type === 'azure-custom') expectString(requireField(v, 'endpoint_id', param), `${param}.endpoint_id`, { nonEmpty: true });
    if (type === 'azure-personal') expectEnum(requireField(v, 'model', param), PERSONAL_VOICE_MODELS, `${param}.model`);
    if (type === 'avatar-voice-sync') expectString(requireField(v, 'model', param), `${param}.model`, { nonEmpty: true });
    if (type === 'azure-realtime-native') {
      expectEnum(requireField(v, 'name', param), REALTIME_NATIVE_VOICES, `${param}.name`);
      if (!/^azure-realtime/i.test(model)) {
        throw new ProtocolError('invalid_value', `Voice type 'azure-realtime-native' requires model 'azure-realtime', but the session uses '${model}'.`, `${param}.type`);
      }
    }
    if (v.temperature !== undefined) expectNumber(v.temperature, `${param}.temperature`, 0, 1);
    for (const k of ['locale', 'style', 'custom_lexicon_url', 'custom_text_normalization_url']) {
      if (v[k] !== undefined) expectString(v[k], `${param}.${k}`);
    }
    for (const k of ['rate', 'pitch', 'volume']) {
      if (v[k] !== undefined && typeof v[k] !== 'number') expectString(v[k], `${param}.${k}`);
    }
    if (v.prefer_locales !== undefined) expectStringArray(v.prefer_locales, `${param}.prefer_locales`);
  }
  const type = typeof value === 'string' ? 'openai' : (value as { type: string }).type;
  if (/^azure-realtime/i.test(model) && type !== 'azure-realtime-native') {
    throw new ProtocolError('invalid_value', `Model '${model}' only supports voices of type 'azure-realtime-native'.`, `${param}.type`);
  }
}

export function validateModalities(value: unknown, param: string): void {
  const arr = expectStringArray(value, param, MODALITIES);
  if (arr.length === 0 || !arr.includes('text')) {
    throw new ProtocolError(
      'invalid_value',
      `Invalid modalities: ${JSON.stringify(arr)}. Supported combinations are: ['text'] and ['audio', 'text'] (optionally with 'animation' or 'avatar').`,
      param,
    );
  }
  if (new Set(arr).size !== arr.length) throw new ProtocolError('invalid_value', `Duplicate values in '${param}'.`, param);
}

export function validateTools(value: unknown, param: string): void {
  const tools = expectArray(value, param, { maxLength: 128 });
  const names = new Set<string>();
  tools.forEach((raw, i) => {
    const p = `${param}[${i}]`;
    const t = expectObject(raw, p);
    const type = expectEnum(requireField(t, 'type', p), ['function', 'mcp', 'foundry_agent'], `${p}.type`);
    if (type === 'function') {
      const name = expectString(requireField(t, 'name', p), `${p}.name`);
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
        throw new ProtocolError('invalid_value', `Invalid '${p}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]{1,64}$'.`, `${p}.name`);
      }
      if (names.has(name)) throw new ProtocolError('invalid_value', `Duplicate tool name '${name}'.`, `${p}.name`);
      names.add(name);
      if (t.description !== undefined) expectString(t.description, `${p}.description`);
      if (t.parameters !== undefined) expectObject(t.parameters, `${p}.parameters`);
    } else if (type === 'mcp') {
      expectString(requireField(t, 'server_label', p), `${p}.server_label`, { nonEmpty: true });
      expectString(requireField(t, 'server_url', p), `${p}.server_url`, { nonEmpty: true });
      if (t.allowed_tools !== undefined) expectStringArray(t.allowed_tools, `${p}.allowed_tools`);
      if (typeof t.require_approval === 'string') expectEnum(t.require_approval, ['never', 'always'], `${p}.require_approval`);
    } else {
      expectString(requireField(t, 'agent_name', p), `${p}.agent_name`, { nonEmpty: true });
      expectString(requireField(t, 'project_name', p), `${p}.project_name`, { nonEmpty: true });
    }
  });
}

export function validateToolChoice(value: unknown, param: string, tools: readonly unknown[]): void {
  const functionNames = tools
    .filter((t): t is { type: string; name: string } => isObject(t) && t.type === 'function')
    .map((t) => t.name);
  let name: string | undefined;
  if (typeof value === 'string') {
    if (['auto', 'none', 'required'].includes(value)) return;
    name = value;
  } else {
    const o = expectObject(value, param);
    expectEnum(requireField(o, 'type', param), ['function'], `${param}.type`);
    name = expectString(requireField(o, 'name', param), `${param}.name`);
  }
  if (!functionNames.includes(name)) {
    throw new ProtocolError('invalid_value', `Tool choice '${name}' is not a function declared in 'tools'.`, param);
  }
}

export function validateMaxTokens(value: unknown, param: string): void {
  if (value === 'inf') return;
  expectNumber(value, param, 1, 4096, { integer: true });
}

export function validateTemperature(value: unknown, param: string): void {
  expectNumber(value, param, 0.6, 1.2);
}

export function validateAnimation(value: unknown, param: string): void {
  const a = expectObject(value, param);
  if (a.model_name !== undefined) expectString(a.model_name, `${param}.model_name`);
  if (a.outputs !== undefined) expectStringArray(a.outputs, `${param}.outputs`, ['viseme_id', 'blendshapes']);
}

export function validateMetadata(value: unknown, param: string): void {
  const m = expectObject(value, param);
  const entries = Object.entries(m);
  if (entries.length > 16) throw new ProtocolError('invalid_value', `'${param}' can hold at most 16 pairs.`, param);
  for (const [k, v] of entries) {
    if (k.length > 64) throw new ProtocolError('invalid_value', `Metadata keys are limited to 64 characters.`, `${param}.${k.slice(0, 16)}`);
    expectString(v, `${param}.${k}`, { maxLength: 512 });
  }
}

function validateTurnDetection(td: Record<string, unknown>, param: string, model: string): void {
  expectEnum(td.type, TURN_DETECTION_TYPES, `${param}.type`);
  if (td.threshold !== undefined) expectNumber(td.threshold, `${param}.threshold`, 0, 1);
  for (const k of ['prefix_padding_ms', 'silence_duration_ms', 'speech_duration_ms']) {
    if (td[k] !== undefined) expectNumber(td[k], `${param}.${k}`, 0, MAX_MS, { integer: true });
  }
  for (const k of ['create_response', 'interrupt_response', 'auto_truncate', 'remove_filler_words']) {
    if (td[k] !== undefined) expectBoolean(td[k], `${param}.${k}`);
  }
  if (td.eagerness !== undefined) expectEnum(td.eagerness, ['auto', 'low', 'medium', 'high'], `${param}.eagerness`);
  if (td.languages !== undefined) expectStringArray(td.languages, `${param}.languages`);
  if (td.appended_text_after_truncation !== undefined) expectString(td.appended_text_after_truncation, `${param}.appended_text_after_truncation`);
  if (td.auto_truncate === true && td.interrupt_response === false) {
    throw new ProtocolError('invalid_value', `'${param}.auto_truncate' requires '${param}.interrupt_response' to be true.`, `${param}.auto_truncate`);
  }
  if (td.end_of_utterance_detection != null) {
    const p = `${param}.end_of_utterance_detection`;
    const eou = expectObject(td.end_of_utterance_detection, p);
    const m = expectEnum(requireField(eou, 'model', p), EOU_MODELS, `${p}.model`);
    if (eou.threshold_level !== undefined) expectEnum(eou.threshold_level, ['low', 'medium', 'high', 'default'], `${p}.threshold_level`);
    if (eou.timeout_ms !== undefined) expectNumber(eou.timeout_ms, `${p}.timeout_ms`, 0, MAX_MS, { integer: true });
    if (m.startsWith('semantic_detection') && isRealtimeModel(model)) {
      throw new ProtocolError(
        'invalid_value',
        'Text-based end-of-utterance detection requires a local speech recognizer, which is not available with realtime models.',
        p,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// session.update

/** Applies a `session.update` payload. Returns the new full session; throws `ProtocolError` on any invalid field. */
export function applySessionUpdate(current: ResponseSession, update: unknown, ctx: SessionContext): ResponseSession {
  const u = expectObject(update, 'session');
  const next: ResponseSession = structuredClone(current);
  const P = (k: string) => `session.${k}`;

  for (const [key, value] of Object.entries(u)) {
    if (value === undefined) continue;
    switch (key) {
      case 'model':
        if (value !== ctx.model) {
          throw new ProtocolError('cannot_update_model', `The model cannot be changed after the session has started (connected with '${ctx.model}').`, P(key));
        }
        break;
      case 'id':
      case 'object':
      case 'expires_at':
      case 'agent':
        break; // server-set; ignored like the service does
      case 'modalities':
        validateModalities(value, P(key));
        next.modalities = [...(value as [])];
        break;
      case 'instructions':
        expectString(value, P(key));
        if (ctx.agentMode && value !== '') {
          throw new ProtocolError('invalid_value', 'Instructions are not supported in agent mode; the agent defines them.', P(key));
        }
        next.instructions = value as string;
        break;
      case 'voice':
        validateVoice(value, P(key), ctx.model);
        next.voice = structuredClone(value) as ResponseSession['voice'];
        break;
      case 'input_audio_format':
        next.input_audio_format = expectEnum(value, INPUT_AUDIO_FORMATS, P(key));
        break;
      case 'input_audio_sampling_rate':
        expectNumber(value, P(key), 1, 192000, { integer: true });
        next.input_audio_sampling_rate = value as number;
        break;
      case 'output_audio_format':
        next.output_audio_format = expectEnum(value, OUTPUT_AUDIO_FORMATS, P(key));
        break;
      case 'turn_detection': {
        if (value === null) {
          next.turn_detection = null;
          break;
        }
        const td = expectObject(value, P(key));
        const currentTd = current.turn_detection ?? null;
        const type = (td.type ?? currentTd?.type ?? 'server_vad') as TurnDetection['type'];
        expectEnum(type, TURN_DETECTION_TYPES, `${P(key)}.type`);
        // A new type starts from that type's defaults; the same type merges onto what is there.
        const base = currentTd && currentTd.type === type ? currentTd : turnDetectionDefaults(type);
        const merged = deepMerge(base, { ...td, type }) as TurnDetection;
        validateTurnDetection(merged as unknown as Record<string, unknown>, P(key), ctx.model);
        next.turn_detection = merged;
        break;
      }
      case 'input_audio_noise_reduction': {
        if (value === null) {
          next.input_audio_noise_reduction = null;
          break;
        }
        const nr = expectObject(value, P(key));
        const t = expectEnum(requireField(nr, 'type', P(key)), ['azure_deep_noise_suppression', 'near_field', 'far_field'], `${P(key)}.type`);
        if (t !== 'azure_deep_noise_suppression' && !isGptRealtime(ctx.model)) {
          throw new ProtocolError('invalid_value', `Noise reduction '${t}' is only available with gpt-realtime models; use 'azure_deep_noise_suppression'.`, `${P(key)}.type`);
        }
        next.input_audio_noise_reduction = { type: t };
        break;
      }
      case 'input_audio_echo_cancellation': {
        if (value === null) {
          next.input_audio_echo_cancellation = null;
          break;
        }
        const ec = expectObject(value, P(key));
        expectEnum(requireField(ec, 'type', P(key)), ['server_echo_cancellation'], `${P(key)}.type`);
        const source = ec.reference_source === undefined ? 'server' : expectEnum(ec.reference_source, ['server', 'client'], `${P(key)}.reference_source`);
        const channels = ec.channels === undefined ? (source === 'client' ? 2 : 1) : ec.channels;
        if (channels !== 1 && channels !== 2) {
          throw new ProtocolError('invalid_ec_reference_channels', `Echo cancellation 'channels' must be 1 or 2, got ${JSON.stringify(channels)}.`, `${P(key)}.channels`);
        }
        if (channels === 2 && source !== 'client') {
          throw new ProtocolError('invalid_ec_channels_requires_client', "Two-channel echo cancellation requires 'reference_source': 'client'.", `${P(key)}.channels`);
        }
        if (channels === 1 && source === 'client') {
          throw new ProtocolError('invalid_ec_reference_channels', "A client echo reference needs 'channels': 2 (interleaved microphone and reference).", `${P(key)}.channels`);
        }
        next.input_audio_echo_cancellation = { type: 'server_echo_cancellation', reference_source: source, channels };
        break;
      }
      case 'input_audio_transcription': {
        if (value === null) {
          next.input_audio_transcription = null;
          break;
        }
        const tr = expectObject(value, P(key));
        const allowed = isRealtimeModel(ctx.model) && !ctx.agentMode ? REALTIME_TRANSCRIBE_MODELS : CASCADED_TRANSCRIBE_MODELS;
        expectEnum(requireField(tr, 'model', P(key)), allowed, `${P(key)}.model`);
        for (const k of ['language', 'prompt']) if (tr[k] !== undefined) expectString(tr[k], `${P(key)}.${k}`);
        if (tr.phrase_list !== undefined) expectStringArray(tr.phrase_list, `${P(key)}.phrase_list`);
        if (tr.custom_speech !== undefined) expectObject(tr.custom_speech, `${P(key)}.custom_speech`);
        next.input_audio_transcription = structuredClone(tr) as unknown as ResponseSession['input_audio_transcription'];
        break;
      }
      case 'output_audio_timestamp_types':
        next.output_audio_timestamp_types = [...expectStringArray(value, P(key), ['word'])] as ['word'];
        break;
      case 'animation':
        validateAnimation(value, P(key));
        next.animation = deepMerge(current.animation ?? {}, value);
        break;
      case 'avatar': {
        const a = expectObject(value, P(key));
        if (current.avatar == null) expectString(requireField(a, 'character', P(key)), `${P(key)}.character`, { nonEmpty: true });
        next.avatar = deepMerge(current.avatar ?? {}, a);
        break;
      }
      case 'tools':
        validateTools(value, P(key));
        next.tools = structuredClone(value) as ResponseSession['tools'];
        break;
      case 'tool_choice':
        next.tool_choice = structuredClone(value) as ResponseSession['tool_choice'];
        break; // checked against the final tools below
      case 'parallel_tool_calls':
        next.parallel_tool_calls = expectBoolean(value, P(key));
        break;
      case 'temperature':
        validateTemperature(value, P(key));
        if (ctx.agentMode) throw new ProtocolError('invalid_value', 'Temperature is not supported in agent mode.', P(key));
        next.temperature = value as number;
        break;
      case 'max_response_output_tokens':
        validateMaxTokens(value, P(key));
        next.max_response_output_tokens = value as number | 'inf';
        break;
      case 'reasoning_effort':
        next.reasoning_effort = expectEnum(value, REASONING_EFFORTS, P(key));
        break;
      case 'include':
        next.include = [...expectStringArray(value, P(key), INCLUDE_VALUES)];
        break;
      case 'metadata':
        validateMetadata(value, P(key));
        next.metadata = { ...(value as Record<string, string>) };
        break;
      case 'interim_response': {
        if (value === null) {
          next.interim_response = undefined;
          break;
        }
        const ir = expectObject(value, P(key));
        expectEnum(requireField(ir, 'type', P(key)), ['static_interim_response', 'llm_interim_response'], `${P(key)}.type`);
        if (ir.triggers !== undefined) expectStringArray(ir.triggers, `${P(key)}.triggers`, ['latency', 'tool']);
        if (ir.latency_threshold_ms !== undefined) expectNumber(ir.latency_threshold_ms, `${P(key)}.latency_threshold_ms`, 0, 60_000, { integer: true });
        if (ir.texts !== undefined) expectStringArray(ir.texts, `${P(key)}.texts`);
        next.interim_response = structuredClone(ir);
        break;
      }
      default:
        // Fields this simulator does not model (newer previews, extensions) are kept, merged like the service would.
        next[key] = isObject(value) && isObject(current[key]) ? deepMerge(current[key], value) : structuredClone(value);
    }
  }

  // Cross-field rules, on the merged result.
  const format = next.input_audio_format ?? 'pcm16';
  if (format !== 'pcm16') {
    if (u.input_audio_sampling_rate !== undefined && u.input_audio_sampling_rate !== 8000) {
      throw new ProtocolError('invalid_value', `Invalid value: ${String(u.input_audio_sampling_rate)}. G.711 input ('${format}') is sampled at 8000 Hz only.`, P('input_audio_sampling_rate'));
    }
    next.input_audio_sampling_rate = 8000;
  } else if (!PCM16_RATES.includes(next.input_audio_sampling_rate ?? 24000)) {
    throw new ProtocolError('invalid_value', `Invalid value: ${String(next.input_audio_sampling_rate)}. Supported values are: 24000, 16000, and 8000.`, P('input_audio_sampling_rate'));
  }
  const ec = next.input_audio_echo_cancellation;
  if (ec?.channels === 2 && format !== 'pcm16') {
    throw new ProtocolError('invalid_ec_channels_format', 'Two-channel echo cancellation input must be pcm16.', P('input_audio_echo_cancellation.channels'));
  }
  if (next.tool_choice !== undefined) validateToolChoice(next.tool_choice, P('tool_choice'), next.tools ?? []);
  if (ctx.audioAppended) {
    if ((current.input_audio_echo_cancellation?.channels ?? 1) !== (ec?.channels ?? 1)) {
      throw new ProtocolError('change_in_ec_channels_not_allowed', 'The number of input channels cannot change after audio has been sent.', P('input_audio_echo_cancellation.channels'));
    }
    if (next.input_audio_format !== current.input_audio_format || next.input_audio_sampling_rate !== current.input_audio_sampling_rate) {
      throw new ProtocolError(
        'invalid_value',
        'The input audio format and sampling rate cannot change after audio has been sent in this session.',
        next.input_audio_format !== current.input_audio_format ? P('input_audio_format') : P('input_audio_sampling_rate'),
      );
    }
  }
  if (ctx.assistantAudio && !deepEqual(normalizeVoice(next.voice), normalizeVoice(current.voice))) {
    throw new ProtocolError('cannot_update_voice', "Cannot update a conversation's voice if assistant audio is present.", P('voice'));
  }
  return next;
}

/** `"alloy"` and `{type:"openai", name:"alloy"}` are the same voice. */
export function normalizeVoice(voice: unknown): unknown {
  return typeof voice === 'string' ? { type: 'openai', name: voice } : voice;
}
