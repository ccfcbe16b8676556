import { LitElement, html, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { acquireAudioContext, ensureWorklet, releaseAudioContext, waitUntilRunning, WorkletBlockedError } from '../audio/audio-context.js';
import { MicCapture, MicError, openMicrophone } from '../audio/capture.js';
import { bytesToBase64 } from '../audio/codecs/base64.js';
import { inputStreamFormat } from '../audio/codecs/formats.js';
import type { InputAudioFormat, OutputAudioFormat } from '../audio/codecs/formats.js';
import { Playback } from '../audio/playback.js';
import { contextFrameSource } from '../audio/context-frame-source.js';
import { PlaybackClock } from '../audio/playback-clock.js';
import { workletUrl } from '../audio/worklet-urls.js';
import type { PlaybackReport } from '../audio/worklets/messages.js';
import { AuthProvider } from '../auth/auth-provider.js';
import type { TokenCredentialLike } from '../auth/types.js';
import { ATTRIBUTE_SPECS } from '../config/attributes.js';
import type { AttributeValues } from '../config/attributes.js';
import { buildSession, composeSession, sessionDelta } from '../config/build-session.js';
import { ConversationController } from '../conversation/controller.js';
import type { Phase } from '../conversation/controller.js';
import type { ConversationEntry, VlaErrorDetail, VlaEventDetails, VlaEventName, VlaState } from '../conversation/events.js';
import { toolDefinitions } from '../conversation/tool-calls.js';
import type { ToolSpec } from '../conversation/tool-calls.js';
import { backoffDelay, isRetryableClose } from '../protocol/backoff.js';
import { createConnection } from '../protocol/connection.js';
import type { VoiceLiveConnection } from '../protocol/connection.js';
import type { ClientEvent, ServerEvent } from '../protocol/events.js';
import { SessionRecorder, redactEvent } from '../protocol/recorder.js';
import type { ResponseSession, Session } from '../protocol/session.js';
import { VoiceLiveSocket } from '../protocol/socket.js';
import type { WebSocketLike } from '../protocol/socket.js';
import { buildRealtimeUrl, redactUrl, scrubSecrets } from '../protocol/url.js';
import { defaultAvatarUrl } from '../avatar/default-avatar.js';
import { AvatarHost } from './avatar-host.js';
import { emit } from './emit.js';
import { probeReachable } from './probe.js';
import { mergeStrings } from './strings.js';
import type { VlaStrings } from './strings.js';
import { styles } from './styles.js';

declare const __VLA_VERSION__: string;

let apiKeyWarned = false;

/** Tests and benchmarks reach internals through this symbol. */
export const INTERNALS = Symbol.for('voice-live-avatar.internals');

type Raw = string | number | null | undefined;

interface Runtime {
  run: number;
  ctx: AudioContext;
  capture: MicCapture | null;
  playback: Playback | null;
  clock: PlaybackClock | null;
  socket: VoiceLiveSocket | null;
  sessionReady: boolean;
  sentSession: Session;
  reconnectAttempt: number;
  reconnectTimer: ReturnType<typeof setTimeout> | null;
  refreshTimer: ReturnType<typeof setTimeout> | null;
  pttHeld: boolean;
  pttReleasing: boolean;
  sessionId: string;
  onlineWait: (() => void) | null;
  /** event_id of the session.update sent on connect, and the session the service created. */
  pendingUpdateId: string;
  createdSession: ResponseSession | null;
  stableTimer: ReturnType<typeof setTimeout> | null;
}

const STABLE_MS = 10_000;

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

  // ---- connection and authentication ----------------------------------------------------------------

  /** Azure resource endpoint, `ws(s)://` URL, or same-origin path. */
  @property() endpoint: string | null = null;
  /** Model or deployment (`model` query parameter). Default `gpt-realtime`. */
  @property() model: string | null = null;
  /** `api-version`, default `2026-07-15`. */
  @property({ attribute: 'api-version' }) apiVersion: string | null = null;
  /** Foundry agent mode: agent name (instead of `model`). */
  @property({ attribute: 'agent-name' }) agentName: string | null = null;
  /** Foundry agent mode: project name. */
  @property({ attribute: 'agent-project-name' }) agentProjectName: string | null = null;
  /** Foundry agent mode: agent version. */
  @property({ attribute: 'agent-version' }) agentVersion: string | null = null;
  /** Foundry agent mode: continue a conversation. */
  @property({ attribute: 'conversation-id' }) conversationId: string | null = null;
  /** GET endpoint returning `{ token, expiresOnTimestamp }` (same-origin credentials). */
  @property({ attribute: 'token-url' }) tokenUrl: string | null = null;
  /** Any `{ getToken(scopes) }` TokenCredential. */
  @property({ attribute: false }) credential: TokenCredentialLike | null = null;
  /** Entra app (client) id: sign the user in with MSAL. */
  @property({ attribute: 'auth-client-id' }) authClientId: string | null = null;
  /** Entra tenant id for MSAL (default `organizations`). */
  @property({ attribute: 'auth-tenant-id' }) authTenantId: string | null = null;
  /** Redirect URI registered for the MSAL app (default: the page origin). */
  @property({ attribute: 'auth-redirect-uri' }) authRedirectUri: string | null = null;
  /** Token scope, default `https://ai.azure.com/.default`. */
  @property({ attribute: 'token-scope' }) tokenScope: string | null = null;

  // ---- session ------------------------------------------------------------------------------------

  /** System instructions. */
  @property() instructions: string | null = null;
  /** OpenAI voice name (`alloy`, `marin`, …) or Azure neural voice (`en-US-AvaNeural`). */
  @property() voice: string | null = null;
  /** Force `azure-custom`, `azure-personal` or `azure-realtime-native`. */
  @property({ attribute: 'voice-type' }) voiceType: string | null = null;
  /** Custom voice deployment id (`azure-custom`). */
  @property({ attribute: 'voice-endpoint-id' }) voiceEndpointId: string | null = null;
  /** Azure voice rate (SSML prosody, e.g. `1.1` or `+10%`). */
  @property({ attribute: 'voice-rate' }) voiceRate: string | null = null;
  /** Azure voice pitch (SSML prosody). */
  @property({ attribute: 'voice-pitch' }) voicePitch: string | null = null;
  /** Azure voice locale. */
  @property({ attribute: 'voice-locale' }) voiceLocale: string | null = null;
  /** Space-separated modalities, default `text audio`. */
  @property() modalities: string | null = null;
  /** `pcm16` (default), `g711_ulaw`, `g711_alaw`. */
  @property({ attribute: 'input-audio-format' }) inputAudioFormat: string | null = null;
  /** `24000` (default), `16000`, `8000`. */
  @property({ attribute: 'input-sample-rate' }) inputSampleRate: Raw = null;
  /** `pcm16` (24 kHz, default), `pcm16_16000hz`, `pcm16_8000hz`, `g711_ulaw`, `g711_alaw`. */
  @property({ attribute: 'output-audio-format' }) outputAudioFormat: string | null = null;
  /** `server_vad` (default), `azure_semantic_vad`, `azure_semantic_vad_en`, `azure_semantic_vad_multilingual`, `semantic_vad`, `none`. */
  @property({ attribute: 'turn-detection' }) turnDetection: string | null = null;
  /** VAD threshold 0..1. */
  @property({ attribute: 'vad-threshold' }) vadThreshold: Raw = null;
  /** VAD prefix padding (ms). */
  @property({ attribute: 'vad-prefix-padding-ms' }) vadPrefixPaddingMs: Raw = null;
  /** VAD silence duration that ends a turn (ms). */
  @property({ attribute: 'vad-silence-duration-ms' }) vadSilenceDurationMs: Raw = null;
  /** `semantic_vad` eagerness: `auto`, `low`, `medium`, `high`. */
  @property({ attribute: 'vad-eagerness' }) vadEagerness: string | null = null;
  /** Azure semantic VAD: ignore filler words (`true` / `false`). */
  @property({ attribute: 'remove-filler-words' }) removeFillerWords: string | null = null;
  /** End-of-utterance model (`semantic_detection_v1`, …, `none`). */
  @property({ attribute: 'end-of-utterance' }) endOfUtterance: string | null = null;
  /** Whether speech interrupts the assistant (`true` / `false`). */
  @property({ attribute: 'interrupt-response' }) interruptResponse: string | null = null;
  /** Let the service truncate on barge-in (`true` / `false`). */
  @property({ attribute: 'auto-truncate' }) autoTruncate: string | null = null;
  /** `azure_deep_noise_suppression`, `near_field`, `far_field`, `none`. */
  @property({ attribute: 'noise-reduction' }) noiseReduction: string | null = null;
  /** `server` or `none`. */
  @property({ attribute: 'echo-cancellation' }) echoCancellation: string | null = null;
  /** Input transcription model (`azure-speech`, `whisper-1`, …) or `none`. */
  @property({ attribute: 'transcription-model' }) transcriptionModel: string | null = null;
  /** Input transcription language (`en-US`, `en`, `en,zh`). */
  @property({ attribute: 'transcription-language' }) transcriptionLanguage: string | null = null;
  /** Sampling temperature. */
  @property() temperature: Raw = null;
  /** 1–4096 or `inf`. */
  @property({ attribute: 'max-response-output-tokens' }) maxResponseOutputTokens: Raw = null;
  /** `auto`, `none`, `required` or a function name. */
  @property({ attribute: 'tool-choice' }) toolChoice: string | null = null;
  /** `auto` (default), `server`, `client`, `off`. */
  @property() visemes: string | null = null;
  /** Partial session deep-merged over what the attributes produce. */
  @property({ attribute: false }) session: Record<string, unknown> | null = null;
  /** Function tools; each may carry `handler(args)`. */
  @property({ attribute: false }) tools: ToolSpec[] = [];

  // ---- avatar -------------------------------------------------------------------------------------

  /** URL of a `.vrm` (VRM 0.x or 1.0), or `none` for audio only. Default: the bundled avatar. */
  @property() avatar: string | null = null;
  /** `head`, `bust` (default), `upper`. */
  @property() framing: string | null = null;
  /** Shifts the mouth (and what counts as heard) against the audio, in ms. */
  @property({ attribute: 'lipsync-offset-ms' }) lipsyncOffsetMs: Raw = null;
  /** `auto` (follows prefers-reduced-motion), `full`, `reduced`. */
  @property({ reflect: true }) motion: string | null = null;
  /** Accessible description of the avatar. */
  @property() alt: string | null = null;

  // ---- behaviour and UI ---------------------------------------------------------------------------

  /** Manual turns: hold the talk button or Space. */
  @property({ type: Boolean, attribute: 'push-to-talk' }) pushToTalk = false;
  /** The microphone sends nothing while set. */
  @property({ type: Boolean, reflect: true }) muted = false;
  /** The assistant speaks first with these extra instructions. */
  @property() greeting: string | null = null;
  /** `on` (default) / `off`. */
  @property() captions: string | null = null;
  /** `on` (default) / `off`. */
  @property() controls: string | null = null;
  /** Reconnect attempts after an unexpected drop (default 5, `0` disables). */
  @property() reconnect: Raw = null;
  /** Folder serving `capture-processor.js` and `playback-processor.js` (strict CSP hosting). */
  @property({ attribute: 'worklet-base-url' }) workletBaseUrl: string | null = null;
  /** Log the event flow to the console (secrets redacted). */
  @property({ type: Boolean }) debug = false;
  /** Keep a session recording (see `getRecording()`). */
  @property({ type: Boolean }) record = false;
  /** Overrides for any UI string. */
  @property({ attribute: false }) strings: Partial<VlaStrings> | null = null;

  // ---- private state ------------------------------------------------------------------------------

  private _state: VlaState = 'idle';
  private _apiKey: string | null = null;
  private readonly valid: AttributeValues = {};
  private readonly auth = new AuthProvider();
  private readonly controller: ConversationController;
  private rt: Runtime | null = null;
  private runCounter = 0;
  private recorder: SessionRecorder | null = null;
  private lastError: VlaErrorDetail | null = null;
  private audioBlocked = false;
  private captionVersion = -1;
  private removalCheck = 0;
  private readonly conn: VoiceLiveConnection;
  private readonly avatarHost: AvatarHost;
  private poster: HTMLCanvasElement | null = null;
  private reducedMotionQuery: MediaQueryList | null = null;
  private readonly onMotionQuery = () => this.avatarHost.setReducedMotion(this.reducedMotion());

  constructor() {
    super();
    this.controller = new ConversationController(
      {
        send: (event) => this.sendEvent(event),
        emit: (type, detail) => this.fire(type, detail),
        onPhase: (phase) => this.onPhase(phase),
        onSessionReady: (session, first) => this.onSessionReady(session, first),
        now: () => performance.now(),
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
        debug: (message, data) => this.log(message, data),
      },
      { tools: () => this.tools ?? [], greeting: () => this.greeting },
    );
    this.conn = createConnection((event) => this.sendEvent(event));
    this.avatarHost = new AvatarHost({
      container: () => this.renderRoot?.querySelector?.('[part="avatar"]') as HTMLElement | null,
      url: () => this.avatarUrl(),
      fallbackUrl: () => defaultAvatarUrl(),
      framing: () => this.valid.framing ?? 'bust',
      reducedMotion: () => this.reducedMotion(),
      heard: (perfNow) => this.rt?.clock?.now(perfNow) ?? { itemId: null, ms: 0, playing: false },
      isSpeaking: () => this._state === 'speaking',
      onReady: (url) => {
        this.requestUpdate();
        this.fire('vla-avatar-ready', { url });
      },
      onError: (code, message, recoverable) => this.fireError({ code, message, recoverable, source: 'avatar' }),
      onEngine: (engine) => {
        this.controller.lipsync = engine;
        this.requestUpdate();
      },
      onPoster: (still) => {
        this.poster = still;
        this.requestUpdate();
      },
    });
  }

  private avatarUrl(): string {
    const a = this.avatar?.trim();
    return a && a !== 'none' ? new URL(a, globalThis.location?.href).href : defaultAvatarUrl();
  }

  private avatarWanted(): boolean {
    return (this.avatar ?? '').trim() !== 'none';
  }

  private reducedMotion(): boolean {
    const m = this.valid.motion ?? 'auto';
    if (m === 'reduced') return true;
    if (m === 'full') return false;
    return !!this.reducedMotionQuery?.matches;
  }

  // ---- public read-only API -----------------------------------------------------------------------

  /** `idle`, `connecting`, `listening`, `thinking`, `speaking`, `reconnecting`, `error` (reflected). */
  get state(): VlaState {
    return this._state;
  }

  /** Development only. Never reflected, logged or included in events. */
  get apiKey(): string | null {
    return this._apiKey;
  }
  set apiKey(value: string | null) {
    this._apiKey = value ? String(value) : null;
    if (this._apiKey) this.warnApiKey();
  }

  /** The id of the current Voice Live session. */
  get sessionId(): string | null {
    return this.rt?.sessionId || null;
  }

  /** The last `session.updated` session. */
  get effectiveSession(): ResponseSession | null {
    return this.controller.effectiveSession;
  }

  /** The conversation so far, assistant text trimmed to what was heard. */
  get conversation(): ConversationEntry[] {
    return this.controller.transcripts.snapshot();
  }

  /** The raw client, shaped like the official SDK's resources. */
  get connection(): VoiceLiveConnection {
    return this.conn;
  }

  /** The playback clock (ms of item audio heard now): what the mouth, captions and truncation read. */
  get playbackClock(): PlaybackClock | null {
    return this.rt?.clock ?? null;
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

  private warnApiKey(): void {
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
        if (this.valid[spec.property] !== undefined) {
          delete this.valid[spec.property];
          sessionChanged ||= spec.session;
        }
        continue;
      }
      const parsed = spec.parse(raw === true ? '' : String(raw));
      if (parsed.ok) {
        (this.valid as Record<string, unknown>)[spec.property] = parsed.value;
        sessionChanged ||= spec.session;
      } else {
        this.fireError({
          code: 'invalid-config',
          message: `Invalid ${spec.attribute}="${String(raw)}". Allowed: ${parsed.allowed}. Keeping the last valid value.`,
          recoverable: true,
          source: 'config',
          attribute: spec.attribute,
          allowed: parsed.allowed,
        });
      }
    }
    if (changed.has('muted')) this.rt?.capture?.setMuted(this.muted || (this.pushToTalk && !this.rt?.pttHeld));
    if (changed.has('lipsyncOffsetMs') && this.rt?.clock) this.rt.clock.offsetMs = this.valid.lipsyncOffsetMs ?? 0;
    if (sessionChanged) this.sendLiveSessionUpdate();
    if (changed.has('avatar') && this.hasUpdated) {
      this.avatarHost.setWanted(this.avatarWanted());
      if (this.avatarWanted()) this.avatarHost.load(this.avatarUrl());
    }
    if (changed.has('framing')) this.avatarHost.setFraming(this.valid.framing ?? 'bust');
    if (changed.has('motion')) this.avatarHost.setReducedMotion(this.reducedMotion());
  }

  protected override firstUpdated(): void {
    const container = this.renderRoot.querySelector('[part="avatar"]') as HTMLElement;
    this.avatarHost.setWanted(this.avatarWanted());
    this.avatarHost.observe(container);
  }

  /** The session the attributes, `session` and `tools` describe now; problems become `invalid-config`. */
  private composeSession(report: boolean): Session {
    const built = buildSession(this.valid, toolDefinitions(this.tools ?? []));
    if (report) {
      for (const p of built.problems) {
        this.fireError({
          code: 'invalid-config',
          message: `${p.message}. Allowed: ${p.allowed}.`,
          recoverable: true,
          source: 'config',
          attribute: p.attribute,
          allowed: p.allowed,
        });
      }
    }
    return composeSession(built.session, this.session);
  }

  private sendLiveSessionUpdate(): void {
    const rt = this.rt;
    if (!rt || !rt.sessionReady || !rt.socket?.open) return;
    const next = this.composeSession(true);
    const delta = sessionDelta(rt.sentSession, next);
    if (Object.keys(delta).length === 0) return;
    rt.sentSession = next;
    this.sendEvent({ type: 'session.update', session: delta });
    if ('turn_detection' in delta) this.applyCaptureGate();
  }

  // ---- lifecycle ----------------------------------------------------------------------------------

  override connectedCallback(): void {
    super.connectedCallback();
    this.removalCheck++;
    if (!this.hasAttribute('state')) this.setAttribute('state', this._state);
    this.addEventListener('keydown', this.onKeyDown);
    this.addEventListener('keyup', this.onKeyUp);
    if (!this.reducedMotionQuery && typeof matchMedia === 'function') {
      this.reducedMotionQuery = matchMedia('(prefers-reduced-motion: reduce)');
      this.reducedMotionQuery.addEventListener('change', this.onMotionQuery);
    }
    const container = this.renderRoot?.querySelector?.('[part="avatar"]') as HTMLElement | null;
    if (this.hasUpdated && container) this.avatarHost.observe(container);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this.onKeyDown);
    this.removeEventListener('keyup', this.onKeyUp);
    // A move in the DOM is a disconnect followed by a connect in the same task: only a real removal stops.
    const check = ++this.removalCheck;
    queueMicrotask(() => {
      if (check !== this.removalCheck || this.isConnected) return;
      void this.stop();
      this.avatarHost.destroy();
      this.reducedMotionQuery?.removeEventListener('change', this.onMotionQuery);
      this.reducedMotionQuery = null;
    });
  }

  /**
   * Starts the conversation. Call it from a user gesture (the built-in button does): the audio context is
   * created or resumed synchronously here, then the microphone is opened and the session connected.
   */
  async start(): Promise<void> {
    if (this.rt) return;
    const run = ++this.runCounter;
    // Synchronously, inside the gesture (a previous failed run may still be closing its context: the
    // registry hands out a fresh one).
    const ctx = acquireAudioContext(this);
    const rt: Runtime = {
      run,
      ctx,
      capture: null,
      playback: null,
      clock: null,
      socket: null,
      sessionReady: false,
      sentSession: {},
      reconnectAttempt: 0,
      reconnectTimer: null,
      refreshTimer: null,
      pttHeld: false,
      pttReleasing: false,
      sessionId: '',
      onlineWait: null,
      pendingUpdateId: '',
      createdSession: null,
      stableTimer: null,
    };
    this.rt = rt;
    this.lastError = null;
    this.audioBlocked = false;
    this.recorder = this.record ? new SessionRecorder(() => performance.now(), () => this.secrets()) : null;
    this.setState('connecting');
    if (this.avatarWanted()) void this.avatarHost.ensure();
    const stale = () => this.rt !== rt || rt.run !== this.runCounter;

    // Microphone permission and worklet modules in parallel: both are needed before anything can flow.
    const micPromise = openMicrophone();
    micPromise.catch(() => undefined);
    try {
      await Promise.all([
        ensureWorklet(ctx, 'capture-processor', this.workletUrlFor('capture-processor')),
        ensureWorklet(ctx, 'playback-processor', this.workletUrlFor('playback-processor')),
      ]);
    } catch (err) {
      void micPromise.then((s) => s.getTracks().forEach((t) => t.stop()), () => undefined);
      if (stale()) return;
      const message = err instanceof WorkletBlockedError ? err.message : `Audio worklets failed to load: ${String(err)}`;
      return this.fail({ code: 'worklet-blocked', message, recoverable: false, source: 'audio' });
    }
    let stream: MediaStream;
    try {
      stream = await micPromise;
    } catch (err) {
      if (stale()) return;
      const e = err instanceof MicError ? err : new MicError('mic-unavailable', String(err));
      return this.fail({ code: e.code, message: e.message, recoverable: false, source: 'microphone' });
    }
    if (stale()) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    this.setupAudio(rt, stream);
    void waitUntilRunning(ctx).then((running) => {
      if (stale() || running) return;
      this.audioBlocked = true;
      this.fireError({
        code: 'audio-blocked',
        message: 'The browser blocked audio playback (start() was not called from a click or key press). Click the element to enable sound.',
        recoverable: true,
        source: 'audio',
      });
      this.requestUpdate();
    });
    await this.connect(rt, false);
  }

  private workletUrlFor(name: 'capture-processor' | 'playback-processor'): string {
    const cfg = (globalThis as { VoiceLiveAvatarConfig?: { workletBaseUrl?: string } }).VoiceLiveAvatarConfig;
    return workletUrl(name, this.workletBaseUrl || VoiceLiveAvatar.workletBaseUrl || cfg?.workletBaseUrl || null);
  }

  private setupAudio(rt: Runtime, stream: MediaStream): void {
    const ctx = rt.ctx;
    rt.clock = new PlaybackClock(contextFrameSource(ctx), this.valid.lipsyncOffsetMs ?? 0);
    rt.playback = new Playback(ctx, { onReport: (r) => this.onPlaybackReport(rt, r) });
    const clock = rt.clock;
    this.controller.playback = rt.playback;
    this.controller.clock = { now: (perfNow) => clock.now(perfNow) };
    const fmt = this.captureFormat();
    rt.capture = new MicCapture(
      ctx,
      { targetRate: fmt.sampleRate, codec: fmt.codec, frameMs: 20 },
      {
        onFrame: (bytes, report) => this.onMicFrame(rt, bytes, report.samples, report.endTime),
        onLevel: (rms) => this.onMicLevel(rms),
        onDigitalSilence: (ms) =>
          this.fireError({
            code: 'mic-silent',
            message: `The microphone has delivered only digital silence for ${Math.round(ms / 100) / 10} s: it may be muted in hardware, or held by another application.`,
            recoverable: true,
            source: 'microphone',
          }),
        onSignal: () => undefined,
        onLost: (err) => this.fireError({ code: err.code, message: err.message, recoverable: true, source: 'microphone' }),
        onRecovered: () => this.log('microphone recovered'),
      },
    );
    rt.capture.attach(stream);
    this.applyCaptureGate();
  }

  private captureFormat() {
    const s = this.controller.effectiveSession;
    const format = (s?.input_audio_format ?? this.valid.inputAudioFormat ?? 'pcm16') as InputAudioFormat;
    const rate = Number(s?.input_audio_sampling_rate ?? this.valid.inputSampleRate ?? 24000);
    return inputStreamFormat(format, rate);
  }

  /** Muted, or push-to-talk without the button held: the worklet sends nothing. */
  private applyCaptureGate(): void {
    const rt = this.rt;
    if (!rt?.capture) return;
    rt.capture.setMuted(this.muted || (this.pushToTalk && !rt.pttHeld));
  }

  private secrets(): Array<string | null | undefined> {
    const auth = this.lastAuthToken;
    return [this._apiKey, auth];
  }

  private lastAuthToken: string | null = null;

  private async connect(rt: Runtime, isReconnect: boolean): Promise<void> {
    const stale = () => this.rt !== rt;
    let auth;
    try {
      auth = await this.auth.get(
        {
          apiKey: this._apiKey,
          tokenUrl: this.tokenUrl,
          credential: this.credential,
          authClientId: this.authClientId,
          authTenantId: this.authTenantId,
          authRedirectUri: this.authRedirectUri,
          tokenScope: this.tokenScope,
        },
        { forceRefresh: isReconnect },
      );
    } catch (err) {
      if (stale()) return;
      const message = scrubSecrets(err instanceof Error ? err.message : String(err), this.secrets());
      if (isReconnect) return this.scheduleReconnect(rt, 1006, message);
      return this.fail({ code: 'auth', message, recoverable: false, source: 'auth' });
    }
    if (stale()) return;
    if (auth.kind === 'bearer') this.lastAuthToken = auth.token;

    let session = this.composeSession(!isReconnect);
    if (!isReconnect) {
      const detail = { session: structuredClone(session) };
      const ev = this.fire('vla-before-connect', detail);
      if (ev.defaultPrevented) {
        this.log('start cancelled by vla-before-connect');
        await this.teardown(false);
        this.setState('idle');
        return;
      }
      session = detail.session;
    }
    const url = buildRealtimeUrl({
      endpoint: this.endpoint ?? '',
      baseUrl: globalThis.location?.href,
      model: this.valid.model ?? undefined,
      apiVersion: this.apiVersion ?? undefined,
      agentName: this.agentName ?? undefined,
      agentProjectName: this.agentProjectName ?? undefined,
      agentVersion: this.agentVersion ?? undefined,
      conversationId: this.conversationId ?? undefined,
      auth: auth.kind === 'api-key' ? { kind: 'api-key', key: auth.key } : auth.kind === 'bearer' ? { kind: 'bearer', token: auth.token } : { kind: 'none' },
      clientRequestId: `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
    });
    if (!url.ok) {
      return this.fail({
        code: 'invalid-config',
        message: `Invalid endpoint: ${url.message}. Allowed: https://<resource>.services.ai.azure.com, a ws(s):// URL, or a same-origin path.`,
        recoverable: false,
        source: 'config',
        attribute: 'endpoint',
        allowed: 'https://<resource>.services.ai.azure.com, ws(s)://…, /path',
      });
    }
    this.log('connecting', { url: redactUrl(url.url) });
    const socket = new VoiceLiveSocket({
      onEvent: (event) => this.onServerEvent(rt, event),
      onMalformed: (reason) => this.log('malformed server frame ignored', { reason, count: socket.malformedCount }),
      onClose: (code, reason) => this.onSocketClose(rt, code, reason),
      onWarning: (_code, message) => this.fireError({ code: 'audio-dropped', message, recoverable: true, source: 'connection' }),
      onSent: (event) => {
        this.recorder?.add('client', event);
        if (this.debug && event.type !== 'input_audio_buffer.append') this.log('→ ' + event.type, event);
      },
    });
    rt.socket = socket;
    rt.sessionReady = false;
    rt.sentSession = session;
    try {
      await socket.connect(url.url, (u) => new WebSocket(u) as unknown as WebSocketLike);
    } catch {
      if (stale() || rt.socket !== socket) return;
      rt.socket = null;
      if (isReconnect) return this.scheduleReconnect(rt, 1006, 'handshake failed');
      const reachable = await probeReachable(url.url);
      if (stale()) return;
      const host = safeHost(url.url);
      return this.fail(
        reachable
          ? {
              code: 'auth',
              message:
                `${host} refused the connection. Usually the credential is wrong or expired (api-key, token-url, credential or sign-in), ` +
                `the caller lacks the "Cognitive Services User" role, or the model / deployment name is wrong.`,
              recoverable: false,
              source: 'auth',
            }
          : {
              code: 'connection',
              message: `Could not reach ${host}. Check the endpoint attribute and the network (a firewall or proxy may block WebSockets).`,
              recoverable: false,
              source: 'connection',
            },
      );
    }
    if (stale()) {
      socket.close(1000, 'stopped');
      return;
    }
    rt.pendingUpdateId = socket.send({ type: 'session.update', session });
    this.scheduleTokenRefresh(rt);
  }

  private scheduleTokenRefresh(rt: Runtime): void {
    if (rt.refreshTimer) clearTimeout(rt.refreshTimer);
    rt.refreshTimer = null;
    const inMs = this.auth.refreshInMs();
    if (inMs === null) return;
    // Keep a fresh token ready so a reconnect never waits on an expired one.
    rt.refreshTimer = setTimeout(() => {
      if (this.rt !== rt) return;
      void this.auth
        .get(
          { tokenUrl: this.tokenUrl, credential: this.credential, authClientId: this.authClientId, authTenantId: this.authTenantId, authRedirectUri: this.authRedirectUri, tokenScope: this.tokenScope, apiKey: this._apiKey },
          { forceRefresh: true },
        )
        .then(() => this.scheduleTokenRefresh(rt), (err) => this.log('token refresh failed', String(err)));
    }, Math.max(1000, inMs));
  }

  private onServerEvent(rt: Runtime, event: ServerEvent): void {
    if (this.rt !== rt) return;
    this.recorder?.add('server', event);
    if (this.debug) this.log('← ' + event.type, event.type === 'response.audio.delta' ? { item_id: event.item_id } : event);
    if (event.type === 'session.created') {
      const s = (event as { session?: ResponseSession }).session;
      if (s?.id) rt.sessionId = s.id;
      rt.createdSession = s ?? null;
    }
    this.controller.handle(event);
    const refused = event.type === 'error' && (event as { error?: { event_id?: string } }).error?.event_id;
    if (refused && refused === rt.pendingUpdateId && !rt.sessionReady && rt.createdSession) {
      this.log('the service refused the session configuration; continuing with its defaults');
      this.controller.adoptSession(rt.createdSession);
    }
  }

  private onSessionReady(session: ResponseSession, first: boolean): void {
    const rt = this.rt;
    if (!rt) return;
    if (session.id) rt.sessionId = session.id;
    const fmt = this.captureFormat();
    rt.capture?.configure({ targetRate: fmt.sampleRate, codec: fmt.codec, frameMs: 20 });
    this.avatarHost.setOutputFormat((session.output_audio_format as OutputAudioFormat | undefined) ?? 'pcm16');
    if (rt.sessionReady) return;
    rt.sessionReady = true;
    const wasReconnect = rt.reconnectAttempt > 0 || !first;
    if (wasReconnect) {
      for (const ev of this.controller.replayEvents()) this.sendEvent(ev);
    }
    // The reconnect budget refills only once a session has held for a while: a server that accepts and
    // drops every connection must not keep us retrying forever.
    if (rt.stableTimer) clearTimeout(rt.stableTimer);
    rt.stableTimer = setTimeout(() => {
      rt.stableTimer = null;
      rt.reconnectAttempt = 0;
    }, STABLE_MS);
    this.fire('vla-connected', { sessionId: rt.sessionId });
    this.setState(this.controller.currentPhase);
    if (first) this.controller.greetIfConfigured();
  }

  private sendEvent(event: ClientEvent): string {
    const socket = this.rt?.socket;
    if (!socket?.open) {
      this.log(`not connected: ${event.type} dropped`);
      return '';
    }
    return socket.send(event);
  }

  private onMicFrame(rt: Runtime, bytes: Uint8Array, samples: number, _endTime: number): void {
    if (this.rt !== rt || !rt.sessionReady || !rt.socket?.open) return;
    if (this.muted || (this.pushToTalk && !rt.pttHeld && !rt.pttReleasing)) return;
    const fmt = this.captureFormat();
    const ms = (samples / fmt.sampleRate) * 1000;
    rt.socket.appendAudio(bytesToBase64(bytes), ms);
    this.controller.noteAppended(ms);
    this.lastCaptureToSendMs = (rt.ctx.currentTime - _endTime) * 1000;
  }

  /** Capture → sent latency of the last frame (benchmarks). */
  private lastCaptureToSendMs = 0;

  /**
   * Internals for tests and benchmarks; not part of the public API.
   * @internal
   */
  get [INTERNALS](): Record<string, unknown> {
    return {
      ctx: this.rt?.ctx ?? null,
      playback: this.rt?.playback ?? null,
      capture: this.rt?.capture ?? null,
      clock: this.rt?.clock ?? null,
      socket: this.rt?.socket ?? null,
      controller: this.controller,
      avatar: this.avatarHost,
      lastCaptureToSendMs: this.lastCaptureToSendMs,
    };
  }

  private onMicLevel(rms: number): void {
    // -60 dBFS … 0 dBFS → 0 … 1
    const db = 20 * Math.log10(Math.max(1e-6, rms));
    const level = Math.max(0, Math.min(1, (db + 60) / 60));
    this.style.setProperty('--_level', level.toFixed(3));
    this.fire('vla-mic-level', { level: Math.round(level * 1000) / 1000 });
  }

  private onPlaybackReport(rt: Runtime, r: PlaybackReport): void {
    if (this.rt !== rt || r.type !== 'position') return;
    rt.clock?.report(r);
    this.controller.onPlaybackReport(r.reason);
    if (r.reason === 'idle' || r.reason === 'flush') this.controller.markPlaybackDrained();
    if (this.captionVersion !== this.controller.transcripts.version) this.requestUpdate();
  }

  private onPhase(phase: Phase): void {
    const rt = this.rt;
    if (!rt || !rt.sessionReady) return;
    if (this._state === 'reconnecting' || this._state === 'error') return;
    this.setState(phase);
  }

  private onSocketClose(rt: Runtime, code: number, reason: string): void {
    if (this.rt !== rt) return;
    rt.socket = null;
    rt.sessionReady = false;
    if (rt.stableTimer) clearTimeout(rt.stableTimer);
    rt.stableTimer = null;
    this.controller.resetForReconnect();
    rt.clock?.reset();
    this.scheduleReconnect(rt, code, reason);
  }

  private scheduleReconnect(rt: Runtime, code: number, reason: string): void {
    const max = this.valid.reconnect ?? 5;
    const willReconnect = max > 0 && rt.reconnectAttempt < max && isRetryableClose(code);
    const cleanReason = scrubSecrets(reason || '', this.secrets());
    this.fire('vla-disconnected', { code, reason: cleanReason, willReconnect });
    if (!willReconnect) {
      const exhausted = max > 0 && rt.reconnectAttempt >= max;
      this.fail({
        code: 'connection',
        message: exhausted
          ? `The connection dropped and ${max} reconnect attempts failed (last close code ${code}). Press start to try again.`
          : `The connection closed (code ${code}${cleanReason ? `: ${cleanReason}` : ''}).` +
            (max === 0 ? ' Reconnecting is disabled (reconnect="0").' : ' This close code means retrying with the same settings cannot help.'),
        recoverable: false,
        source: 'connection',
      });
      return;
    }
    this.setState('reconnecting');
    const delay = backoffDelay(rt.reconnectAttempt);
    rt.reconnectAttempt++;
    this.log(`reconnecting in ${delay} ms (attempt ${rt.reconnectAttempt}/${max})`);
    rt.reconnectTimer = setTimeout(() => {
      rt.reconnectTimer = null;
      if (this.rt !== rt) return;
      const go = () => void this.connect(rt, true);
      if (globalThis.navigator?.onLine === false) {
        // Offline: wait for the network instead of burning attempts.
        const onOnline = () => {
          rt.onlineWait = null;
          go();
        };
        rt.onlineWait = () => globalThis.removeEventListener('online', onOnline);
        globalThis.addEventListener('online', onOnline, { once: true });
      } else go();
    }, delay);
  }

  /** Ends the session and releases the socket, microphone, audio context, worklets and timers. */
  async stop(): Promise<void> {
    if (!this.rt) return;
    const wasConnected = !!this.rt.socket;
    await this.teardown(true, wasConnected);
    this.setState('idle');
  }

  private async teardown(userStop: boolean, announce = false): Promise<void> {
    const rt = this.rt;
    if (!rt) return;
    this.rt = null;
    this.runCounter++;
    if (rt.reconnectTimer) clearTimeout(rt.reconnectTimer);
    if (rt.refreshTimer) clearTimeout(rt.refreshTimer);
    if (rt.stableTimer) clearTimeout(rt.stableTimer);
    rt.onlineWait?.();
    rt.socket?.close(1000, 'stopped');
    rt.socket = null;
    this.controller.reset();
    this.controller.playback = null;
    this.controller.clock = null;
    rt.capture?.dispose();
    rt.playback?.dispose();
    rt.clock?.reset();
    // stop() releases the render loop and GPU memory too; a still of the last frame stays as the poster.
    this.avatarHost.release(true);
    if (userStop && announce) this.fire('vla-disconnected', { code: 1000, reason: 'stopped', willReconnect: false });
    await releaseAudioContext(this);
    this.requestUpdate();
  }

  private fail(detail: VlaErrorDetail): void {
    this.fireError(detail);
    this.setState('error');
    void this.teardown(false);
  }

  // ---- methods -------------------------------------------------------------------------------------

  /** A typed user turn. Interrupts the assistant if it is speaking. */
  sendText(text: string): void {
    const t = String(text ?? '').trim();
    if (!t) return;
    if (!this.rt?.sessionReady) {
      this.fireError({ code: 'connection', message: 'sendText() needs a started, connected conversation.', recoverable: true, source: 'connection' });
      return;
    }
    this.controller.sendText(t);
  }

  /** Stops the assistant now: cancel, clear playback, truncate to what was heard. */
  interrupt(): void {
    if (this.rt?.sessionReady) this.controller.interrupt();
  }

  /** Sends one `session.update` with `partial` (not merged into the attributes). */
  updateSession(partial: Session): void {
    if (!this.rt?.sessionReady) {
      this.fireError({ code: 'connection', message: 'updateSession() needs a connected conversation.', recoverable: true, source: 'connection' });
      return;
    }
    this.sendEvent({ type: 'session.update', session: partial });
  }

  /** The session recording (JSONL) when the `record` attribute was set at start(), secrets removed. */
  getRecording(): string {
    return this.recorder?.toJSONL() ?? '';
  }

  /** Push-to-talk: start a manual turn (the talk button and Space call this). */
  startTalking(): void {
    const rt = this.rt;
    if (!rt?.sessionReady || !this.pushToTalk || rt.pttHeld) return;
    rt.pttHeld = true;
    this.controller.beginManualTurn();
    this.applyCaptureGate();
    this.requestUpdate();
  }

  /** Push-to-talk: end the turn; the audio so far is committed and a response requested. */
  stopTalking(): void {
    const rt = this.rt;
    if (!rt?.pttHeld) return;
    rt.pttHeld = false;
    rt.pttReleasing = true;
    rt.capture?.flush();
    // The flushed partial frame arrives on the next message; commit after it.
    setTimeout(() => {
      rt.pttReleasing = false;
      if (this.rt !== rt) return;
      this.applyCaptureGate();
      this.controller.endManualTurn();
    }, 30);
    this.requestUpdate();
  }

  // ---- events ---------------------------------------------------------------------------------------

  private fire<K extends VlaEventName>(type: K, detail: VlaEventDetails[K]): CustomEvent<VlaEventDetails[K]> {
    if (type === 'vla-transcript' || type === 'vla-word' || type === 'vla-interrupted') this.requestUpdate();
    return emit(this, type, detail);
  }

  private fireError(detail: VlaErrorDetail): void {
    const clean = { ...detail, message: scrubSecrets(detail.message, this.secrets()) };
    if (!clean.recoverable || clean.code === 'audio-blocked' || clean.code === 'mic-silent' || clean.code === 'invalid-config') {
      this.lastError = clean;
      this.requestUpdate();
    }
    if (this.debug) this.log(`error ${clean.code}`, clean);
    this.fire('vla-error', clean);
  }

  private setState(next: VlaState): void {
    const previous = this._state;
    if (previous === next) return;
    this._state = next;
    this.setAttribute('state', next);
    this.fire('vla-state-change', { state: next, previous });
    this.requestUpdate();
  }

  private log(message: string, data?: unknown): void {
    if (!this.debug) return;
    const safe = data === undefined ? '' : redactEvent(data, this.secrets());
    console.debug(`[voice-live-avatar] ${message}`, safe);
  }

  // ---- UI -------------------------------------------------------------------------------------------

  private readonly onKeyDown = (e: KeyboardEvent) => {
    if (e.code !== 'Space' || !this.pushToTalk || e.repeat) return;
    const target = e.composedPath()[0] as HTMLElement | undefined;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
    e.preventDefault();
    this.startTalking();
  };

  private readonly onKeyUp = (e: KeyboardEvent) => {
    if (e.code !== 'Space' || !this.pushToTalk) return;
    const target = e.composedPath()[0] as HTMLElement | undefined;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    e.preventDefault();
    this.stopTalking();
  };

  private onStartClick = () => {
    if (this.rt) void this.stop();
    else void this.start();
  };

  private onMuteClick = () => {
    this.muted = !this.muted;
  };

  private onSubmit = (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const input = form.querySelector('input') as HTMLInputElement;
    const text = input.value;
    input.value = '';
    this.sendText(text);
  };

  private onEnableSound = () => {
    const ctx = this.rt?.ctx;
    if (!ctx) return;
    void ctx.resume().then(() => {
      this.audioBlocked = false;
      if (this.lastError?.code === 'audio-blocked') this.lastError = null;
      this.requestUpdate();
    });
  };

  protected override render() {
    const s = mergeStrings(this.strings);
    const active = !!this.rt;
    const connected = !!this.rt?.sessionReady;
    const showControls = (this.valid.controls ?? 'on') === 'on';
    const showCaptions = (this.valid.captions ?? 'on') === 'on';
    this.captionVersion = this.controller.transcripts.version;
    const lines = showCaptions ? this.controller.transcripts.list().filter((e) => e.type === 'message' && e.text).slice(-6) : [];
    const err = this.lastError;
    return html`
      <div class="base">
        <div part="avatar" class="avatar ${this.avatarHost.active ? 'has-stage' : ''}" role="img" aria-label=${this.alt || s.avatarLabel}>
          ${this.poster && !this.avatarHost.active
            ? this.poster
            : html`<slot name="poster"><div class="orb" aria-hidden="true"></div></slot>`}
        </div>
        <div part="status" class="status" role="status" aria-live="polite">
          <span class="dot" aria-hidden="true"></span><span>${s.states[this._state]}</span>
        </div>
        ${showCaptions
          ? html`<div part="captions" class="captions" role="log" aria-live="polite" aria-label=${s.captionsLabel}>${lines.map(
              (e) => html`<p class="line ${e.role}"><span class="who">${e.role === 'user' ? s.you : s.assistant}: </span>${e.text}</p>`,
            )}</div>`
          : nothing}
        ${err
          ? html`<slot name="error"><div part="error" class="error" role="alert">${err.message}
              ${this.audioBlocked ? html` <button @click=${this.onEnableSound}>${s.enableSound}</button>` : nothing}</div></slot>`
          : nothing}
        ${showControls
          ? html`<div part="controls" class="controls">
              <button part="start-button" class=${active ? '' : 'primary'} aria-label=${active ? s.stop : s.start} @click=${this.onStartClick}>
                <slot name="start-icon"></slot>${active ? s.stop : s.start}
              </button>
              <button part="mic-button" aria-pressed=${this.muted ? 'true' : 'false'} ?disabled=${!active} @click=${this.onMuteClick}>
                ${s.mute}
              </button>
              ${this.pushToTalk
                ? html`<button part="talk-button" class="talk" aria-pressed=${this.rt?.pttHeld ? 'true' : 'false'} title=${s.talkHint} ?disabled=${!connected}
                    @pointerdown=${() => this.startTalking()} @pointerup=${() => this.stopTalking()} @pointerleave=${() => this.stopTalking()}
                    @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' ? this.startTalking() : undefined)}
                    @keyup=${(e: KeyboardEvent) => (e.key === 'Enter' ? this.stopTalking() : undefined)}>${s.talk}</button>`
                : nothing}
              <form @submit=${this.onSubmit}>
                <input part="text-input" type="text" aria-label=${s.messageLabel} placeholder=${s.messagePlaceholder} ?disabled=${!connected} autocomplete="off" />
                <button type="submit" ?disabled=${!connected}>${s.send}</button>
              </form>
            </div>`
          : nothing}
      </div>
    `;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the endpoint';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'voice-live-avatar': VoiceLiveAvatar;
  }
}
