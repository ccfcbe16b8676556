import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { acquireAudioContext, releaseAudioContext } from '../audio/audio-context.js';
import type { OutputAudioFormat } from '../audio/codecs/formats.js';
import type { PlaybackClock } from '../audio/playback-clock.js';
import { workletUrl } from '../audio/worklet-urls.js';
import type { TokenCredentialLike } from '../auth/types.js';
import { defaultAvatarUrl } from '../avatar/default-avatar.js';
import { ATTRIBUTE_SPECS } from '../config/attributes.js';
import type { AttributeValues } from '../config/attributes.js';
import type { LipSyncPort } from '../conversation/controller.js';
import type { ConversationEntry, VlaErrorDetail, VlaEventDetails, VlaEventName, VlaState } from '../conversation/events.js';
import type { ToolSpec } from '../conversation/tool-calls.js';
import { createConnection } from '../protocol/connection.js';
import type { VoiceLiveConnection } from '../protocol/connection.js';
import { redactEvent, scrubSecrets } from '../protocol/redact.js';
import type { ResponseSession, Session as WireSession } from '../protocol/session.js';
import { AvatarHost } from './avatar-host.js';
import { emit } from './emit.js';
import type { Session, SessionHost, SessionSettings } from './session.js';
import type * as SessionModuleType from './session.js';
import { mergeStrings } from './strings.js';
import type { VlaStrings } from './strings.js';
import { styles } from './styles.js';

declare const __VLA_VERSION__: string;

let apiKeyWarned = false;

type SessionModule = typeof SessionModuleType;

/** The conversation runtime is its own chunk: fetched at start(), or as soon as the user shows intent. */
let sessionModule: Promise<SessionModule> | null = null;
function loadSession(): Promise<SessionModule> {
  sessionModule ??= import('./session.js');
  sessionModule.catch(() => (sessionModule = null));
  return sessionModule;
}

/** Tests and benchmarks reach internals through this symbol. */
export const INTERNALS = Symbol.for('voice-live-avatar.internals');

type Raw = string | number | null | undefined;

/**
 * `<voice-live-avatar>`: a spoken conversation with Azure AI Voice Live, shown as a lip-synced VRM avatar.
 *
 * @summary Drop-in voice conversation with Azure AI Voice Live and a 3D avatar.
 * @tagname voice-live-avatar
 *
 * @attr endpoint - `https://<resource>.services.ai.azure.com`, a full `ws(s)://` URL (a relay, the local simulator) or a same-origin path such as `/voice-live/realtime`.
 * @attr api-key - Development only: sent as the `api-key` query parameter. Removed from the DOM as soon as it is read, never echoed.
 * @attr state - (read-only, reflected) `idle`, `connecting`, `listening`, `thinking`, `speaking`, `reconnecting` or `error`: style with `voice-live-avatar[state=speaking]`.
 *
 * @fires vla-state-change - `{ state, previous }` whenever `state` changes.
 * @fires vla-before-connect - `{ session }`, cancelable; edit `detail.session` before it is sent.
 * @fires vla-connected - `{ sessionId }` once the session is configured.
 * @fires vla-disconnected - `{ code, reason, willReconnect }`.
 * @fires vla-session-updated - `{ session }` after every `session.updated`.
 * @fires vla-speech-start - `{ itemId, audioMs }` the user started speaking.
 * @fires vla-speech-end - `{ itemId, audioMs }` the user stopped speaking.
 * @fires vla-transcript - `{ role, itemId, text, delta, final }` as text arrives.
 * @fires vla-word - `{ itemId, text, startMs, durationMs, index, estimated }` the assistant word being heard now.
 * @fires vla-function-call - `{ name, callId, arguments, rawArguments, respond(output) }` for tools without a handler.
 * @fires vla-interrupted - `{ itemId, playedMs }` the assistant was cut off.
 * @fires vla-response-done - `{ responseId, status, usage, statusDetails }`.
 * @fires vla-metrics - per turn latencies `{ speechEndToFirstAudioMs, firstAudioToAudibleMs, speechEndToAudibleMs, … }`.
 * @fires vla-mic-level - `{ level }` 0..1 at about 10 Hz.
 * @fires vla-avatar-ready - `{ url }` once the avatar's first frame is on screen.
 * @fires vla-error - `{ code, message, recoverable, source }`.
 * @fires vla-server-event - `{ event }` every server event, unknown types included.
 *
 * @csspart avatar - The avatar area (canvas or placeholder).
 * @csspart status - The status line.
 * @csspart captions - The captions log.
 * @csspart controls - The controls row.
 * @csspart start-button - Start / end conversation.
 * @csspart mic-button - Mute toggle.
 * @csspart talk-button - Push-to-talk button.
 * @csspart text-input - The message box.
 * @csspart error - The error message.
 *
 * @slot poster - Shown in the avatar area until the avatar is on screen.
 * @slot start-icon - Icon inside the start button.
 * @slot error - Replaces the built-in error message.
 *
 * @cssprop --vla-accent - Accent colour (buttons, speaking indicator).
 * @cssprop --vla-bg - Background.
 * @cssprop --vla-fg - Text colour.
 * @cssprop --vla-surface - Secondary surfaces (captions, buttons).
 * @cssprop --vla-radius - Corner radius.
 * @cssprop --vla-font - Font family.
 * @cssprop --vla-font-size - Base font size.
 * @cssprop --vla-caption-font - Caption font shorthand.
 * @cssprop --vla-caption-bg - Assistant caption background.
 * @cssprop --vla-user-caption-bg - User caption background.
 * @cssprop --vla-captions-height - Maximum height of the captions.
 * @cssprop --vla-avatar-height - Height of the avatar area.
 * @cssprop --vla-avatar-bg - Background of the avatar area.
 * @cssprop --vla-width - Width of the element.
 * @cssprop --vla-max-width - Maximum width of the element.
 * @cssprop --vla-border - Border.
 * @cssprop --vla-error-color - Error accent.
 * @cssprop --vla-error-bg - Background of the error message.
 * @cssprop --vla-error-fg - Text colour of the error message.
 * @cssprop --vla-muted-fg - Secondary text (status line).
 * @cssprop --vla-listening-color - Status dot while listening.
 * @cssprop --vla-button-bg - Button background.
 * @cssprop --vla-button-primary-bg - Start button background.
 * @cssprop --vla-button-primary-fg - Start button text colour.
 */
export class VoiceLiveAvatar extends LitElement {
  static override styles = styles;

  /** The package version (Shoelace-style, for duplicate-registration checks). */
  static readonly version: string = typeof __VLA_VERSION__ !== 'undefined' ? __VLA_VERSION__ : 'dev';

  /** Page-wide default for `worklet-base-url`. */
  static workletBaseUrl: string | null = null;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'api-key'];
  }

  // Reactive properties as a static map (smaller than one decorator call each); the declared fields below
  // carry the types and the documentation.
  static override properties = {
    endpoint: {},
    model: {},
    apiVersion: { attribute: 'api-version' },
    agentName: { attribute: 'agent-name' },
    agentProjectName: { attribute: 'agent-project-name' },
    agentVersion: { attribute: 'agent-version' },
    conversationId: { attribute: 'conversation-id' },
    tokenUrl: { attribute: 'token-url' },
    credential: { attribute: false },
    authClientId: { attribute: 'auth-client-id' },
    authTenantId: { attribute: 'auth-tenant-id' },
    authRedirectUri: { attribute: 'auth-redirect-uri' },
    tokenScope: { attribute: 'token-scope' },
    instructions: {},
    voice: {},
    voiceType: { attribute: 'voice-type' },
    voiceEndpointId: { attribute: 'voice-endpoint-id' },
    voiceRate: { attribute: 'voice-rate' },
    voicePitch: { attribute: 'voice-pitch' },
    voiceLocale: { attribute: 'voice-locale' },
    modalities: {},
    inputAudioFormat: { attribute: 'input-audio-format' },
    inputSampleRate: { attribute: 'input-sample-rate' },
    outputAudioFormat: { attribute: 'output-audio-format' },
    turnDetection: { attribute: 'turn-detection' },
    vadThreshold: { attribute: 'vad-threshold' },
    vadPrefixPaddingMs: { attribute: 'vad-prefix-padding-ms' },
    vadSilenceDurationMs: { attribute: 'vad-silence-duration-ms' },
    vadEagerness: { attribute: 'vad-eagerness' },
    removeFillerWords: { attribute: 'remove-filler-words' },
    endOfUtterance: { attribute: 'end-of-utterance' },
    interruptResponse: { attribute: 'interrupt-response' },
    autoTruncate: { attribute: 'auto-truncate' },
    noiseReduction: { attribute: 'noise-reduction' },
    echoCancellation: { attribute: 'echo-cancellation' },
    transcriptionModel: { attribute: 'transcription-model' },
    transcriptionLanguage: { attribute: 'transcription-language' },
    temperature: {},
    maxResponseOutputTokens: { attribute: 'max-response-output-tokens' },
    toolChoice: { attribute: 'tool-choice' },
    visemes: {},
    session: { attribute: false },
    tools: { attribute: false },
    avatar: {},
    framing: {},
    lipsyncOffsetMs: { attribute: 'lipsync-offset-ms' },
    motion: { reflect: true },
    alt: {},
    pushToTalk: { type: Boolean, attribute: 'push-to-talk' },
    muted: { type: Boolean, reflect: true },
    greeting: {},
    captions: {},
    controls: {},
    reconnect: {},
    workletBaseUrl: { attribute: 'worklet-base-url' },
    debug: { type: Boolean },
    record: { type: Boolean },
    strings: { attribute: false },
  };

  // ---- connection and authentication ----------------------------------------------------------------

  /** Azure resource endpoint, `ws(s)://` URL, or same-origin path. */
  declare endpoint: string | null;
  /** Model or deployment (`model` query parameter). Default `gpt-realtime`. */
  declare model: string | null;
  /** `api-version`, default `2026-07-15`. */
  declare apiVersion: string | null;
  /** Foundry agent mode: agent name (instead of `model`). */
  declare agentName: string | null;
  /** Foundry agent mode: project name. */
  declare agentProjectName: string | null;
  /** Foundry agent mode: agent version. */
  declare agentVersion: string | null;
  /** Foundry agent mode: continue a conversation. */
  declare conversationId: string | null;
  /** GET endpoint returning `{ token, expiresOnTimestamp }` (same-origin credentials). */
  declare tokenUrl: string | null;
  /** Any `{ getToken(scopes) }` TokenCredential. */
  declare credential: TokenCredentialLike | null;
  /** Entra app (client) id: sign the user in with MSAL. */
  declare authClientId: string | null;
  /** Entra tenant id for MSAL (default `organizations`). */
  declare authTenantId: string | null;
  /** Redirect URI registered for the MSAL app (default: the page origin). */
  declare authRedirectUri: string | null;
  /** Token scope, default `https://ai.azure.com/.default`. */
  declare tokenScope: string | null;

  // ---- session ------------------------------------------------------------------------------------

  /** System instructions. */
  declare instructions: string | null;
  /** OpenAI voice name (`alloy`, `marin`, …) or Azure neural voice (`en-US-AvaNeural`). */
  declare voice: string | null;
  /** Force `azure-custom`, `azure-personal` or `azure-realtime-native`. */
  declare voiceType: string | null;
  /** Custom voice deployment id (`azure-custom`). */
  declare voiceEndpointId: string | null;
  /** Azure voice rate (SSML prosody, e.g. `1.1` or `+10%`). */
  declare voiceRate: string | null;
  /** Azure voice pitch (SSML prosody). */
  declare voicePitch: string | null;
  /** Azure voice locale. */
  declare voiceLocale: string | null;
  /** Space-separated modalities, default `text audio`. */
  declare modalities: string | null;
  /** `pcm16` (default), `g711_ulaw`, `g711_alaw`. */
  declare inputAudioFormat: string | null;
  /** `24000` (default), `16000`, `8000`. */
  declare inputSampleRate: Raw;
  /** `pcm16` (24 kHz, default), `pcm16_16000hz`, `pcm16_8000hz`, `g711_ulaw`, `g711_alaw`. */
  declare outputAudioFormat: string | null;
  /** `server_vad` (default), `azure_semantic_vad`, `azure_semantic_vad_en`, `azure_semantic_vad_multilingual`, `semantic_vad`, `none`. */
  declare turnDetection: string | null;
  /** VAD threshold 0..1. */
  declare vadThreshold: Raw;
  /** VAD prefix padding (ms). */
  declare vadPrefixPaddingMs: Raw;
  /** VAD silence duration that ends a turn (ms). */
  declare vadSilenceDurationMs: Raw;
  /** `semantic_vad` eagerness: `auto`, `low`, `medium`, `high`. */
  declare vadEagerness: string | null;
  /** Azure semantic VAD: ignore filler words (`true` / `false`). */
  declare removeFillerWords: string | null;
  /** End-of-utterance model (`semantic_detection_v1`, …, `none`). */
  declare endOfUtterance: string | null;
  /** Whether speech interrupts the assistant (`true` / `false`). */
  declare interruptResponse: string | null;
  /** Let the service truncate on barge-in (`true` / `false`). */
  declare autoTruncate: string | null;
  /** `azure_deep_noise_suppression`, `near_field`, `far_field`, `none`. */
  declare noiseReduction: string | null;
  /** `server` or `none`. */
  declare echoCancellation: string | null;
  /** Input transcription model (`azure-speech`, `whisper-1`, …) or `none`. */
  declare transcriptionModel: string | null;
  /** Input transcription language (`en-US`, `en`, `en,zh`). */
  declare transcriptionLanguage: string | null;
  /** Sampling temperature. */
  declare temperature: Raw;
  /** 1–4096 or `inf`. */
  declare maxResponseOutputTokens: Raw;
  /** `auto`, `none`, `required` or a function name. */
  declare toolChoice: string | null;
  /** `auto` (default), `server`, `client`, `off`. */
  declare visemes: string | null;
  /** Partial session deep-merged over what the attributes produce. */
  declare session: Record<string, unknown> | null;
  /** Function tools; each may carry `handler(args)`. */
  declare tools: ToolSpec[];

  // ---- avatar -------------------------------------------------------------------------------------

  /** URL of a `.vrm` (VRM 0.x or 1.0), or `none` for audio only. Default: the bundled avatar. */
  declare avatar: string | null;
  /** `head`, `bust` (default), `upper`. */
  declare framing: string | null;
  /** Shifts the mouth (and what counts as heard) against the audio, in ms. */
  declare lipsyncOffsetMs: Raw;
  /** `auto` (follows prefers-reduced-motion), `full`, `reduced`. */
  declare motion: string | null;
  /** Accessible description of the avatar. */
  declare alt: string | null;

  // ---- behaviour and UI ---------------------------------------------------------------------------

  /** Manual turns: hold the talk button or Space. */
  declare pushToTalk: boolean;
  /** The microphone sends nothing while set. */
  declare muted: boolean;
  /** The assistant speaks first with these extra instructions. */
  declare greeting: string | null;
  /** `on` (default) / `off`. */
  declare captions: string | null;
  /** `on` (default) / `off`. */
  declare controls: string | null;
  /** Reconnect attempts after an unexpected drop (default 5, `0` disables). */
  declare reconnect: Raw;
  /** Folder serving `capture-processor.js` and `playback-processor.js` (strict CSP hosting). */
  declare workletBaseUrl: string | null;
  /** Log the event flow to the console (secrets redacted). */
  declare debug: boolean;
  /** Keep a session recording (see `getRecording()`). */
  declare record: boolean;
  /** Overrides for any UI string. */
  declare strings: Partial<VlaStrings> | null;

  // ---- private state ------------------------------------------------------------------------------

  #state: VlaState = 'idle';
  #apiKey: string | null = null;
  readonly #valid: AttributeValues = {};
  #session: Session | null = null;
  #starting: object | null = null;
  #lastError: VlaErrorDetail | null = null;
  #audioBlocked = false;
  #removalCheck = 0;
  readonly #conn: VoiceLiveConnection;
  readonly #avatarHost: AvatarHost;
  #engine: LipSyncPort | null = null;
  #poster: HTMLCanvasElement | null = null;
  /** Avatar download progress (0..1, null = unknown size, 1 = shown). */
  #avatarProgress: number | null = 1;
  #reducedMotionQuery: MediaQueryList | null = null;
  readonly #onMotionQuery = () => this.#avatarHost.setReducedMotion(this.#reducedMotion());
  readonly #onIntent = () => void loadSession().catch(() => undefined);

  constructor() {
    super();
    this.tools = [];
    this.pushToTalk = false;
    this.muted = false;
    this.debug = false;
    this.record = false;
    this.#conn = createConnection((event) => this.#session?.send(event) ?? '');
    this.#avatarHost = new AvatarHost({
      container: () => this.renderRoot?.querySelector?.('[part="avatar"]') as HTMLElement | null,
      url: () => this.#avatarUrl(),
      fallbackUrl: () => defaultAvatarUrl(),
      framing: () => this.#valid.framing ?? 'bust',
      reducedMotion: () => this.#reducedMotion(),
      heard: (perfNow) => this.#session?.heard(perfNow) ?? { itemId: null, ms: 0, playing: false },
      isSpeaking: () => this.#state === 'speaking',
      onReady: (url) => {
        this.requestUpdate();
        this.#fire('vla-avatar-ready', { url });
      },
      onError: (code, message, recoverable) => this.#fireError({ code, message, recoverable, source: 'avatar' }),
      onEngine: (engine) => {
        this.#engine = engine;
        this.#session?.setLipsync(engine);
        this.requestUpdate();
      },
      onPoster: (still) => {
        this.#poster = still;
        this.requestUpdate();
      },
      onProgress: (fraction) => {
        this.#avatarProgress = fraction;
        // Through the CSSOM, not a style attribute: strict CSPs (style-src 'self') block the latter.
        this.style.setProperty('--_progress', String(fraction ?? 0));
        this.requestUpdate();
      },
    });
  }

  #avatarUrl(): string {
    const a = this.avatar?.trim();
    return a && a !== 'none' ? new URL(a, globalThis.location?.href).href : defaultAvatarUrl();
  }

  #avatarWanted(): boolean {
    return (this.avatar ?? '').trim() !== 'none';
  }

  #reducedMotion(): boolean {
    const m = this.#valid.motion ?? 'auto';
    if (m === 'reduced') return true;
    if (m === 'full') return false;
    return !!this.#reducedMotionQuery?.matches;
  }

  // ---- public read-only API -----------------------------------------------------------------------

  /** `idle`, `connecting`, `listening`, `thinking`, `speaking`, `reconnecting`, `error` (reflected). */
  get state(): VlaState {
    return this.#state;
  }

  /** Development only. Never reflected, logged or included in events. */
  get apiKey(): string | null {
    return this.#apiKey;
  }
  set apiKey(value: string | null) {
    this.#apiKey = value ? String(value) : null;
    if (this.#apiKey) this.#warnApiKey();
  }

  /** The id of the current Voice Live session. */
  get sessionId(): string | null {
    return this.#session?.sessionId || null;
  }

  /** The last `session.updated` session. */
  get effectiveSession(): ResponseSession | null {
    return this.#session?.controller.effectiveSession ?? null;
  }

  /** The conversation so far, assistant text trimmed to what was heard. */
  get conversation(): ConversationEntry[] {
    return this.#session?.conversation ?? [];
  }

  /** The raw client, shaped like the official SDK's resources. */
  get connection(): VoiceLiveConnection {
    return this.#conn;
  }

  /** The playback clock (ms of item audio heard now): what the mouth, captions and truncation read. */
  get playbackClock(): PlaybackClock | null {
    return this.#session?.clock ?? null;
  }

  /**
   * Internals for tests and benchmarks; not part of the public API.
   * @internal
   */
  get [INTERNALS](): Record<string, unknown> {
    return { ...(this.#session?.internals() ?? {}), avatar: this.#avatarHost };
  }

  // ---- attributes --------------------------------------------------------------------------------

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'api-key') {
      if (value !== null) {
        this.apiKey = value;
        // Keep the key out of the DOM (inspectors, outerHTML in bug reports, DOM snapshots).
        this.removeAttribute('api-key');
      }
      return;
    }
    super.attributeChangedCallback(name, old, value);
  }

  #warnApiKey(): void {
    if (apiKeyWarned) return;
    apiKeyWarned = true;
    console.warn(
      '[voice-live-avatar] api-key is for development only: anyone who opens this page can read it. ' +
        'In production use token-url, credential, MSAL sign-in or a relay.',
    );
  }

  protected override willUpdate(changed: PropertyValues): void {
    let sessionChanged = changed.has('session') || changed.has('tools');
    for (const spec of ATTRIBUTE_SPECS) {
      if (!changed.has(spec.property)) continue;
      const raw = (this as unknown as Record<string, unknown>)[spec.property];
      if (raw === null || raw === undefined || raw === false) {
        if (this.#valid[spec.property] !== undefined) {
          delete this.#valid[spec.property];
          sessionChanged ||= spec.session;
        }
        continue;
      }
      const parsed = spec.parse(raw === true ? '' : String(raw));
      if (parsed.ok) {
        (this.#valid as Record<string, unknown>)[spec.property] = parsed.value;
        sessionChanged ||= spec.session;
      } else {
        this.#fireError({
          code: 'invalid-config',
          message: `Invalid ${spec.attribute}="${String(raw)}". Allowed: ${parsed.allowed}. Keeping the last valid value.`,
          recoverable: true,
          source: 'config',
          attribute: spec.attribute,
          allowed: parsed.allowed,
        });
      }
    }
    const session = this.#session;
    if (session) {
      if (changed.has('muted') || changed.has('pushToTalk')) session.applyCaptureGate();
      if (changed.has('lipsyncOffsetMs')) session.setOffset(this.#valid.lipsyncOffsetMs ?? 0);
      if (sessionChanged) session.liveUpdate();
    }
    if (changed.has('avatar') && this.hasUpdated) {
      this.#avatarHost.setWanted(this.#avatarWanted());
      if (this.#avatarWanted()) this.#avatarHost.load(this.#avatarUrl());
    }
    if (changed.has('framing')) this.#avatarHost.setFraming(this.#valid.framing ?? 'bust');
    if (changed.has('motion')) this.#avatarHost.setReducedMotion(this.#reducedMotion());
  }

  protected override updated(): void {
    // Live captions follow the newest words (unless the reader scrolled up to read back).
    const log = this.renderRoot.querySelector('.captions') as HTMLElement | null;
    if (log && log.scrollHeight - log.scrollTop - log.clientHeight < log.clientHeight / 2 + 40) log.scrollTop = log.scrollHeight;
  }

  protected override firstUpdated(): void {
    const container = this.renderRoot.querySelector('[part="avatar"]') as HTMLElement;
    this.#avatarHost.setWanted(this.#avatarWanted());
    this.#avatarHost.observe(container);
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    this.#removalCheck++;
    if (!this.hasAttribute('state')) this.setAttribute('state', this.#state);
    this.addEventListener('keydown', this.#onKeyDown);
    this.addEventListener('keyup', this.#onKeyUp);
    // Intent to talk (pointer over the element, focus inside it): fetch the conversation code early.
    for (const type of ['pointerenter', 'focusin', 'touchstart'] as const) this.addEventListener(type, this.#onIntent, { once: true, passive: true });
    if (!this.#reducedMotionQuery && typeof matchMedia === 'function') {
      this.#reducedMotionQuery = matchMedia('(prefers-reduced-motion: reduce)');
      this.#reducedMotionQuery.addEventListener('change', this.#onMotionQuery);
    }
    const container = this.renderRoot?.querySelector?.('[part="avatar"]') as HTMLElement | null;
    if (this.hasUpdated && container) this.#avatarHost.observe(container);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.#onKeyDown);
    this.removeEventListener('keyup', this.#onKeyUp);
    // A move in the DOM is a disconnect followed by a connect in the same task: only a real removal stops.
    const check = ++this.#removalCheck;
    queueMicrotask(() => {
      if (check !== this.#removalCheck || this.isConnected) return;
      void this.stop();
      this.#avatarHost.destroy();
      this.#reducedMotionQuery?.removeEventListener('change', this.#onMotionQuery);
      this.#reducedMotionQuery = null;
    });
  }

  /**
   * Starts the conversation. Call it from a user gesture (the built-in button does): the audio context is
   * created or resumed synchronously here, then the microphone is opened and the session connected.
   */
  async start(): Promise<void> {
    if (this.#session || this.#starting) return;
    const token = {};
    this.#starting = token;
    // Synchronously, inside the gesture: this is what unlocks audio.
    const ctx = acquireAudioContext(token);
    this.#lastError = null;
    this.#audioBlocked = false;
    this.#lastRecording = '';
    this.#setState('connecting');
    if (this.#avatarWanted()) void this.#avatarHost.ensure();
    let mod: SessionModule;
    try {
      mod = await loadSession();
    } catch (err) {
      if (this.#starting !== token) return;
      this.#starting = null;
      await releaseAudioContext(token);
      this.#fireError({
        code: 'connection',
        message: `The conversation code could not be loaded (${(err as Error)?.message ?? err}). Check the network and the page's Content-Security-Policy script-src.`,
        recoverable: false,
        source: 'connection',
      });
      this.#setState('error');
      return;
    }
    if (this.#starting !== token) return; // stop() came first
    this.#starting = null;
    const session = new mod.Session(this.#sessionHost(), ctx, token);
    this.#session = session;
    await session.start();
  }

  /** Ends the session and releases the socket, microphone, audio context, worklets and timers. */
  async stop(): Promise<void> {
    if (this.#starting) {
      const token = this.#starting;
      this.#starting = null;
      await releaseAudioContext(token);
      this.#setState('idle');
      return;
    }
    const session = this.#session;
    if (!session) return;
    await session.stop(true);
    this.#setState('idle');
  }

  #settings(): SessionSettings {
    return {
      endpoint: this.endpoint,
      apiVersion: this.apiVersion,
      agentName: this.agentName,
      agentProjectName: this.agentProjectName,
      agentVersion: this.agentVersion,
      conversationId: this.conversationId,
      apiKey: this.#apiKey,
      tokenUrl: this.tokenUrl,
      credential: this.credential,
      authClientId: this.authClientId,
      authTenantId: this.authTenantId,
      authRedirectUri: this.authRedirectUri,
      tokenScope: this.tokenScope,
      tools: this.tools ?? [],
      session: this.session,
      greeting: this.greeting,
      muted: !!this.muted,
      pushToTalk: !!this.pushToTalk,
      debug: !!this.debug,
      record: !!this.record,
    };
  }

  /** The element as its session sees it. */
  #sessionHost(): SessionHost {
    return {
      valid: this.#valid,
      settings: (): SessionSettings => this.#settings(),
      workletUrl: (name) => this.#workletUrlFor(name),
      state: () => this.#state,
      setState: (state) => this.#setState(state),
      fire: (type, detail) => this.#fire(type, detail),
      fireError: (detail) => this.#fireError(detail),
      log: (message, data) => this.#log(message, data),
      requestUpdate: () => this.requestUpdate(),
      micLevel: (rms) => this.#onMicLevel(rms),
      audioBlocked: () => {
        this.#audioBlocked = true;
        this.#fireError({
          code: 'audio-blocked',
          message: 'The browser blocked audio playback (start() was not called from a click or key press). Click the element to enable sound.',
          recoverable: true,
          source: 'audio',
        });
      },
      outputFormat: (format: OutputAudioFormat) => this.#avatarHost.setOutputFormat(format),
      lipsync: () => this.#engine,
      ended: (session) => {
        if (this.#session !== session) return;
        this.#session = null;
        this.#lastRecording = session.recording;
        // stop() releases the render loop and GPU memory too; a still of the last frame stays as the poster.
        this.#avatarHost.release(true);
        this.requestUpdate();
      },
    };
  }

  #workletUrlFor(name: 'capture-processor' | 'playback-processor'): string {
    const cfg = (globalThis as { VoiceLiveAvatarConfig?: { workletBaseUrl?: string } }).VoiceLiveAvatarConfig;
    return workletUrl(name, this.workletBaseUrl || VoiceLiveAvatar.workletBaseUrl || cfg?.workletBaseUrl || null);
  }

  #onMicLevel(rms: number): void {
    // -60 dBFS … 0 dBFS → 0 … 1
    const db = 20 * Math.log10(Math.max(1e-6, rms));
    const level = Math.max(0, Math.min(1, (db + 60) / 60));
    this.style.setProperty('--_level', level.toFixed(3));
    this.#fire('vla-mic-level', { level: Math.round(level * 1000) / 1000 });
  }

  // ---- methods -------------------------------------------------------------------------------------

  #needsSession(what: string): Session | null {
    const s = this.#session;
    if (s?.ready) return s;
    this.#fireError({ code: 'connection', message: `${what} needs a started, connected conversation.`, recoverable: true, source: 'connection' });
    return null;
  }

  /** A typed user turn. Interrupts the assistant if it is speaking. */
  sendText(text: string): void {
    const t = String(text ?? '').trim();
    if (t) this.#needsSession('sendText()')?.controller.sendText(t);
  }

  /** Stops the assistant now: cancel, clear playback, truncate to what was heard. */
  interrupt(): void {
    if (this.#session?.ready) this.#session.controller.interrupt();
  }

  /** Sends one `session.update` with `partial` (not merged into the attributes). */
  updateSession(partial: WireSession): void {
    this.#needsSession('updateSession()')?.send({ type: 'session.update', session: partial });
  }

  /** The session recording (JSONL) when the `record` attribute was set at start(), secrets removed. */
  getRecording(): string {
    return this.#session?.recording ?? this.#lastRecording;
  }

  #lastRecording = '';

  /** Push-to-talk: start a manual turn (the talk button and Space call this). */
  startTalking(): void {
    if (!this.pushToTalk) return;
    this.#session?.startTalking();
    this.requestUpdate();
  }

  /** Push-to-talk: end the turn; the audio so far is committed and a response requested. */
  stopTalking(): void {
    this.#session?.stopTalking();
    this.requestUpdate();
  }

  // ---- events ---------------------------------------------------------------------------------------

  #secrets(): Array<string | null | undefined> {
    return [this.#apiKey, this.#session?.token];
  }

  #fire<K extends VlaEventName>(type: K, detail: VlaEventDetails[K]): CustomEvent<VlaEventDetails[K]> {
    if (type === 'vla-transcript' || type === 'vla-word' || type === 'vla-interrupted') this.requestUpdate();
    return emit(this, type, detail);
  }

  #fireError(detail: VlaErrorDetail): void {
    const clean = { ...detail, message: scrubSecrets(detail.message, this.#secrets()) };
    if (!clean.recoverable || clean.code === 'audio-blocked' || clean.code === 'mic-silent' || clean.code === 'invalid-config') {
      this.#lastError = clean;
      this.requestUpdate();
    }
    if (this.debug) this.#log(`error ${clean.code}`, clean);
    this.#fire('vla-error', clean);
  }

  #setState(next: VlaState): void {
    const previous = this.#state;
    if (previous === next) return;
    this.#state = next;
    this.setAttribute('state', next);
    this.#fire('vla-state-change', { state: next, previous });
    this.requestUpdate();
  }

  #log(message: string, data?: unknown): void {
    if (!this.debug) return;
    const safe = data === undefined ? '' : redactEvent(data, this.#secrets());
    console.debug(`[voice-live-avatar] ${message}`, safe);
  }

  // ---- UI -------------------------------------------------------------------------------------------

  readonly #onKeyDown = (e: KeyboardEvent) => {
    if (e.code !== 'Space' || !this.pushToTalk || e.repeat) return;
    const target = e.composedPath()[0] as HTMLElement | undefined;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
    e.preventDefault();
    this.startTalking();
  };

  readonly #onKeyUp = (e: KeyboardEvent) => {
    if (e.code !== 'Space' || !this.pushToTalk) return;
    const target = e.composedPath()[0] as HTMLElement | undefined;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    e.preventDefault();
    this.stopTalking();
  };

  #onStartClick = () => {
    if (this.#session || this.#starting) void this.stop();
    else void this.start();
  };

  #onMuteClick = () => {
    this.muted = !this.muted;
  };

  #onSubmit = (e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector('input') as HTMLInputElement;
    const text = input.value;
    input.value = '';
    this.sendText(text);
  };

  #onEnableSound = () => {
    const ctx = this.#session?.ctx;
    if (!ctx) return;
    void ctx.resume().then(() => {
      this.#audioBlocked = false;
      if (this.#lastError?.code === 'audio-blocked') this.#lastError = null;
      this.requestUpdate();
    });
  };

  protected override render() {
    const s = mergeStrings(this.strings);
    const session = this.#session;
    const active = !!session || !!this.#starting;
    const connected = !!session?.ready;
    const showControls = (this.#valid.controls ?? 'on') === 'on';
    const showCaptions = (this.#valid.captions ?? 'on') === 'on';
    const lines = showCaptions && session ? session.controller.transcripts.list().filter((e) => e.type === 'message' && e.text).slice(-6) : [];
    const err = this.#lastError;
    return html`
      <div class="base">
        <div part="avatar" class="avatar ${this.#avatarHost.active ? 'has-stage' : ''}" role="img" aria-label=${this.alt || s.avatarLabel}
          aria-busy=${this.#avatarProgress === 1 ? 'false' : 'true'}>
          ${this.#poster && !this.#avatarHost.active
            ? this.#poster
            : html`<slot name="poster"><div class="orb" aria-hidden="true"></div></slot>`}
          ${this.#avatarProgress === 1
            ? nothing
            : html`<div class="progress ${this.#avatarProgress === null ? 'indeterminate' : ''}" aria-hidden="true"></div>`}
        </div>
        <div part="status" class="status" role="status" aria-live="polite">
          <span class="dot" aria-hidden="true"></span><span>${s.states[this.#state]}</span>
        </div>
        ${showCaptions
          ? html`<div part="captions" class="captions" role="log" aria-live="polite" aria-label=${s.captionsLabel}>${lines.map(
              (e) => html`<p class="line ${e.role}"><span class="who">${e.role === 'user' ? s.you : s.assistant}: </span>${e.text}</p>`,
            )}</div>`
          : nothing}
        ${err
          ? html`<slot name="error"><div part="error" class="error" role="alert">${err.message}
              ${this.#audioBlocked ? html` <button @click=${this.#onEnableSound}>${s.enableSound}</button>` : nothing}</div></slot>`
          : nothing}
        ${showControls
          ? html`<div part="controls" class="controls">
              <button part="start-button" class=${active ? '' : 'primary'} aria-label=${active ? s.stop : s.start} @click=${this.#onStartClick}>
                <slot name="start-icon"></slot>${active ? s.stop : s.start}
              </button>
              <button part="mic-button" aria-pressed=${this.muted ? 'true' : 'false'} ?disabled=${!active} @click=${this.#onMuteClick}>
                ${s.mute}
              </button>
              ${this.pushToTalk
                ? html`<button part="talk-button" class="talk" aria-pressed=${session?.pttHeld ? 'true' : 'false'} title=${s.talkHint} ?disabled=${!connected}
                    @pointerdown=${() => this.startTalking()} @pointerup=${() => this.stopTalking()} @pointerleave=${() => this.stopTalking()}
                    @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' ? this.startTalking() : undefined)}
                    @keyup=${(e: KeyboardEvent) => (e.key === 'Enter' ? this.stopTalking() : undefined)}>${s.talk}</button>`
                : nothing}
              <form @submit=${this.#onSubmit}>
                <input part="text-input" type="text" aria-label=${s.messageLabel} placeholder=${s.messagePlaceholder} ?disabled=${!connected} autocomplete="off" />
                <button type="submit" ?disabled=${!connected}>${s.send}</button>
              </form>
            </div>`
          : nothing}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'voice-live-avatar': VoiceLiveAvatar;
  }
}
