/**
 * One conversation of the element, from start() to stop(): microphone, worklets, playback clock, socket,
 * authentication, reconnects and the conversation controller.
 *
 * This module is loaded lazily (at start(), or earlier when the user shows intent), so pages that embed the
 * element pay only for the shell until someone actually talks to it.
 */
import { ensureWorklet, releaseAudioContext, waitUntilRunning, WorkletBlockedError } from '../audio/audio-context.js';
import { MicCapture, MicError, openMicrophone } from '../audio/capture.js';
import { bytesToBase64 } from '../audio/codecs/base64.js';
import { inputStreamFormat } from '../audio/codecs/formats.js';
import type { InputAudioFormat, OutputAudioFormat } from '../audio/codecs/formats.js';
import { contextFrameSource } from '../audio/context-frame-source.js';
import { Playback } from '../audio/playback.js';
import { PlaybackClock } from '../audio/playback-clock.js';
import type { PlaybackReport } from '../audio/worklets/messages.js';
import { AuthProvider } from '../auth/auth-provider.js';
import type { AuthSettings } from '../auth/auth-provider.js';
import type { AttributeValues } from '../config/attributes.js';
import { buildSession, composeSession, sessionDelta } from '../config/build-session.js';
import { ConversationController } from '../conversation/controller.js';
import { SpeechDuck } from '../conversation/speech-duck.js';
import type { LipSyncPort, Phase } from '../conversation/controller.js';
import type { ConversationEntry, VlaErrorDetail, VlaEventDetails, VlaEventName, VlaState } from '../conversation/events.js';
import { toolDefinitions } from '../conversation/tool-calls.js';
import type { ToolSpec } from '../conversation/tool-calls.js';
import type { HeardPosition } from '../lipsync/types.js';
import { backoffDelay, isRetryableClose } from '../protocol/backoff.js';
import type { ClientEvent, ServerEvent } from '../protocol/events.js';
import { SessionRecorder } from '../protocol/recorder.js';
import type { ResponseSession, Session as WireSession } from '../protocol/session.js';
import { VoiceLiveSocket } from '../protocol/socket.js';
import type { WebSocketLike } from '../protocol/socket.js';
import { buildRealtimeUrl, redactUrl, scrubSecrets } from '../protocol/url.js';
import { probeReachable } from './probe.js';

/** What the session reads from the element at the moment it needs it. */
export interface SessionSettings extends AuthSettings {
  endpoint: string | null;
  apiVersion: string | null;
  agentName: string | null;
  agentProjectName: string | null;
  agentVersion: string | null;
  conversationId: string | null;
  tools: readonly ToolSpec[];
  session: Record<string, unknown> | null;
  greeting: string | null;
  muted: boolean;
  pushToTalk: boolean;
  debug: boolean;
  record: boolean;
}

/** The element, as the session sees it. */
export interface SessionHost {
  readonly valid: AttributeValues;
  settings(): SessionSettings;
  workletUrl(name: 'capture-processor' | 'playback-processor'): string;
  state(): VlaState;
  setState(state: VlaState): void;
  fire<K extends VlaEventName>(type: K, detail: VlaEventDetails[K]): CustomEvent<VlaEventDetails[K]>;
  fireError(detail: VlaErrorDetail): void;
  log(message: string, data?: unknown): void;
  requestUpdate(): void;
  micLevel(level: number): void;
  audioBlocked(): void;
  outputFormat(format: OutputAudioFormat): void;
  /** The lip-sync engine of the avatar, when it is loaded. */
  lipsync(): LipSyncPort | null;
  /** The session ended (stop, failure): the element forgets it. */
  ended(session: Session): void;
}

const STABLE_MS = 10_000;

export class Session {
  readonly ctx: AudioContext;
  readonly controller: ConversationController;
  readonly #host: SessionHost;
  readonly #owner: object;
  readonly #auth = new AuthProvider();
  #recorder: SessionRecorder | null;
  #capture: MicCapture | null = null;
  #playback: Playback | null = null;
  clock: PlaybackClock | null = null;
  #socket: VoiceLiveSocket | null = null;
  ready = false;
  #alive = true;
  #sentSession: WireSession = {};
  #reconnectAttempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  #stableTimer: ReturnType<typeof setTimeout> | null = null;
  #onlineWait: (() => void) | null = null;
  pttHeld = false;
  #pttReleasing = false;
  sessionId = '';
  #pendingUpdateId = '';
  #createdSession: ResponseSession | null = null;
  /** The bearer token in use (so messages can be scrubbed of it). */
  token: string | null = null;
  lastCaptureToSendMs = 0;
  /** Lowers the assistant as soon as the user seems to talk over it, before the server confirms. */
  readonly #duck = new SpeechDuck();
  /** performance.now() of the latest early duck (latency benchmark). */
  lastDuckAt = 0;

  /** @param owner the object that acquired `ctx` from the page's audio-context registry */
  constructor(host: SessionHost, ctx: AudioContext, owner: object) {
    this.#host = host;
    this.ctx = ctx;
    this.#owner = owner;
    const s = host.settings();
    this.#recorder = s.record ? new SessionRecorder(() => performance.now(), () => [s.apiKey, this.token]) : null;
    this.controller = new ConversationController(
      {
        send: (event) => this.send(event),
        emit: (type, detail) => host.fire(type, detail),
        onPhase: (phase) => this.#onPhase(phase),
        onSessionReady: (session, first) => this.#onSessionReady(session, first),
        now: () => performance.now(),
        setTimer: (fn, ms) => setTimeout(fn, ms),
        clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
        debug: (message, data) => host.log(message, data),
      },
      { tools: () => host.settings().tools ?? [], greeting: () => host.settings().greeting },
    );
    this.controller.lipsync = host.lipsync();
  }

  get conversation(): ConversationEntry[] {
    return this.controller.transcripts.snapshot();
  }

  get recording(): string {
    return this.#recorder?.toJSONL() ?? '';
  }

  heard(perfNow: number): HeardPosition {
    return this.clock?.now(perfNow) ?? { itemId: null, ms: 0, playing: false };
  }

  setLipsync(engine: LipSyncPort | null): void {
    this.controller.lipsync = engine;
  }

  setOffset(ms: number): void {
    if (this.clock) this.clock.offsetMs = ms;
  }

  internals(): Record<string, unknown> {
    return {
      ctx: this.ctx,
      playback: this.#playback,
      capture: this.#capture,
      clock: this.clock,
      socket: this.#socket,
      controller: this.controller,
      lastCaptureToSendMs: this.lastCaptureToSendMs,
      lastDuckAt: this.lastDuckAt,
      duck: this.#duck,
    };
  }

  // ---- start ----------------------------------------------------------------------------------------

  async start(): Promise<void> {
    const host = this.#host;
    // Microphone permission and worklet modules in parallel: both are needed before anything can flow.
    const micPromise = openMicrophone();
    micPromise.catch(() => undefined);
    try {
      await Promise.all([
        ensureWorklet(this.ctx, 'capture-processor', host.workletUrl('capture-processor')),
        ensureWorklet(this.ctx, 'playback-processor', host.workletUrl('playback-processor')),
      ]);
    } catch (err) {
      void micPromise.then((s) => s.getTracks().forEach((t) => t.stop()), () => undefined);
      if (!this.#alive) return;
      const message = err instanceof WorkletBlockedError ? err.message : `Audio worklets failed to load: ${String(err)}`;
      return this.#fail({ code: 'worklet-blocked', message, recoverable: false, source: 'audio' });
    }
    let stream: MediaStream;
    try {
      stream = await micPromise;
    } catch (err) {
      if (!this.#alive) return;
      const e = err instanceof MicError ? err : new MicError('mic-unavailable', String(err));
      return this.#fail({ code: e.code, message: e.message, recoverable: false, source: 'microphone' });
    }
    if (!this.#alive) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    this.#setupAudio(stream);
    void waitUntilRunning(this.ctx).then((running) => {
      if (!this.#alive || running) return;
      host.audioBlocked();
    });
    await this.#connect(false);
  }

  #setupAudio(stream: MediaStream): void {
    const ctx = this.ctx;
    const host = this.#host;
    const clock = new PlaybackClock(contextFrameSource(ctx), host.valid.lipsyncOffsetMs ?? 0);
    this.clock = clock;
    this.#playback = new Playback(ctx, { onReport: (r) => this.#onPlaybackReport(r) });
    this.controller.playback = this.#playback;
    this.controller.clock = { now: (perfNow) => clock.now(perfNow) };
    const fmt = this.#captureFormat();
    this.#capture = new MicCapture(
      ctx,
      { targetRate: fmt.sampleRate, codec: fmt.codec, frameMs: 20 },
      {
        onFrame: (bytes, report) => this.#onMicFrame(bytes, report.samples, report.endTime, report.rms),
        onLevel: (rms) => host.micLevel(rms),
        onDigitalSilence: (ms) =>
          host.fireError({
            code: 'mic-silent',
            message: `The microphone has delivered only digital silence for ${Math.round(ms / 100) / 10} s: it may be muted in hardware, or held by another application.`,
            recoverable: true,
            source: 'microphone',
          }),
        onSignal: () => undefined,
        onLost: (err) => host.fireError({ code: err.code, message: err.message, recoverable: true, source: 'microphone' }),
        onRecovered: () => host.log('microphone recovered'),
      },
    );
    this.#capture.attach(stream);
    this.applyCaptureGate();
  }

  #captureFormat() {
    const s = this.controller.effectiveSession;
    const v = this.#host.valid;
    const format = (s?.input_audio_format ?? v.inputAudioFormat ?? 'pcm16') as InputAudioFormat;
    const rate = Number(s?.input_audio_sampling_rate ?? v.inputSampleRate ?? 24000);
    return inputStreamFormat(format, rate);
  }

  /** Muted, or push-to-talk without the button held: the worklet sends nothing. */
  applyCaptureGate(): void {
    const s = this.#host.settings();
    this.#capture?.setMuted(s.muted || (s.pushToTalk && !this.pttHeld));
  }

  // ---- session configuration -----------------------------------------------------------------------

  /** The session the attributes, `session` and `tools` describe now; problems become `invalid-config`. */
  #composeSession(report: boolean): WireSession {
    const s = this.#host.settings();
    const built = buildSession(this.#host.valid, toolDefinitions(s.tools ?? []));
    if (report) {
      for (const p of built.problems) {
        this.#host.fireError({
          code: 'invalid-config',
          message: `${p.message}. Allowed: ${p.allowed}.`,
          recoverable: true,
          source: 'config',
          attribute: p.attribute,
          allowed: p.allowed,
        });
      }
    }
    return composeSession(built.session, s.session);
  }

  /** An attribute, `session` or `tools` changed: send just what changed. */
  liveUpdate(): void {
    if (!this.ready || !this.#socket?.open) return;
    const next = this.#composeSession(true);
    const delta = sessionDelta(this.#sentSession, next);
    if (Object.keys(delta).length === 0) return;
    this.#sentSession = next;
    this.send({ type: 'session.update', session: delta });
    if ('turn_detection' in delta) this.applyCaptureGate();
  }

  // ---- connection -----------------------------------------------------------------------------------

  #authSettings(): AuthSettings {
    const s = this.#host.settings();
    return {
      apiKey: s.apiKey,
      tokenUrl: s.tokenUrl,
      credential: s.credential,
      authClientId: s.authClientId,
      authTenantId: s.authTenantId,
      authRedirectUri: s.authRedirectUri,
      tokenScope: s.tokenScope,
    };
  }

  #secrets(): Array<string | null | undefined> {
    return [this.#host.settings().apiKey, this.token];
  }

  async #connect(isReconnect: boolean): Promise<void> {
    const host = this.#host;
    let auth;
    try {
      auth = await this.#auth.get(this.#authSettings(), { forceRefresh: isReconnect });
    } catch (err) {
      if (!this.#alive) return;
      const message = scrubSecrets(err instanceof Error ? err.message : String(err), this.#secrets());
      if (isReconnect) return this.#scheduleReconnect(1006, message);
      return this.#fail({ code: 'auth', message, recoverable: false, source: 'auth' });
    }
    if (!this.#alive) return;
    if (auth.kind === 'bearer') this.token = auth.token;

    let session = this.#composeSession(!isReconnect);
    if (!isReconnect) {
      const detail = { session: structuredClone(session) };
      if (host.fire('vla-before-connect', detail).defaultPrevented) {
        host.log('start cancelled by vla-before-connect');
        await this.stop(false);
        host.setState('idle');
        return;
      }
      session = detail.session;
    }
    const s = host.settings();
    const url = buildRealtimeUrl({
      endpoint: s.endpoint ?? '',
      baseUrl: globalThis.location?.href,
      model: host.valid.model ?? undefined,
      apiVersion: s.apiVersion ?? undefined,
      agentName: s.agentName ?? undefined,
      agentProjectName: s.agentProjectName ?? undefined,
      agentVersion: s.agentVersion ?? undefined,
      conversationId: s.conversationId ?? undefined,
      auth: auth.kind === 'api-key' ? { kind: 'api-key', key: auth.key } : auth.kind === 'bearer' ? { kind: 'bearer', token: auth.token } : { kind: 'none' },
      clientRequestId: `${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
    });
    if (!url.ok) {
      return this.#fail({
        code: 'invalid-config',
        message: `Invalid endpoint: ${url.message}. Allowed: https://<resource>.services.ai.azure.com, a ws(s):// URL, or a same-origin path.`,
        recoverable: false,
        source: 'config',
        attribute: 'endpoint',
        allowed: 'https://<resource>.services.ai.azure.com, ws(s)://…, /path',
      });
    }
    host.log('connecting', { url: redactUrl(url.url) });
    const socket = new VoiceLiveSocket({
      onEvent: (event) => this.#onServerEvent(socket, event),
      onMalformed: (reason) => host.log('malformed server frame ignored', { reason, count: socket.malformedCount }),
      onClose: (code, reason) => this.#onSocketClose(socket, code, reason),
      onWarning: (_code, message) => host.fireError({ code: 'audio-dropped', message, recoverable: true, source: 'connection' }),
      onSent: (event) => {
        this.#recorder?.add('client', event);
        if (host.settings().debug && event.type !== 'input_audio_buffer.append') host.log('→ ' + event.type, event);
      },
    });
    this.#socket = socket;
    this.ready = false;
    this.#sentSession = session;
    try {
      await socket.connect(url.url, (u) => new WebSocket(u) as unknown as WebSocketLike);
    } catch {
      if (!this.#alive || this.#socket !== socket) return;
      this.#socket = null;
      if (isReconnect) return this.#scheduleReconnect(1006, 'handshake failed');
      const reachable = await probeReachable(url.url);
      if (!this.#alive) return;
      const where = safeHost(url.url);
      return this.#fail(
        reachable
          ? {
              code: 'auth',
              message:
                `${where} refused the connection. Usually the credential is wrong or expired (api-key, token-url, credential or sign-in), ` +
                `the caller lacks the "Cognitive Services User" role, or the model / deployment name is wrong.`,
              recoverable: false,
              source: 'auth',
            }
          : {
              code: 'connection',
              message: `Could not reach ${where}. Check the endpoint attribute and the network (a firewall or proxy may block WebSockets).`,
              recoverable: false,
              source: 'connection',
            },
      );
    }
    if (!this.#alive) {
      socket.close(1000, 'stopped');
      return;
    }
    this.#pendingUpdateId = socket.send({ type: 'session.update', session });
    this.#scheduleTokenRefresh();
  }

  #scheduleTokenRefresh(): void {
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
    this.#refreshTimer = null;
    const inMs = this.#auth.refreshInMs();
    if (inMs === null) return;
    // Keep a fresh token ready so a reconnect never waits on an expired one.
    this.#refreshTimer = setTimeout(() => {
      if (!this.#alive) return;
      void this.#auth
        .get(this.#authSettings(), { forceRefresh: true })
        .then(() => this.#scheduleTokenRefresh(), (err) => this.#host.log('token refresh failed', String(err)));
    }, Math.max(1000, inMs));
  }

  #onServerEvent(socket: VoiceLiveSocket, event: ServerEvent): void {
    if (!this.#alive || socket !== this.#socket) return;
    const host = this.#host;
    this.#recorder?.add('server', event);
    if (host.settings().debug) host.log('← ' + event.type, event.type === 'response.audio.delta' ? { item_id: event.item_id } : event);
    if (event.type === 'session.created') {
      const created = (event as { session?: ResponseSession }).session;
      if (created?.id) this.sessionId = created.id;
      this.#createdSession = created ?? null;
    }
    if (event.type === 'input_audio_buffer.speech_started') this.#duck.confirm();
    this.controller.handle(event);
    const refused = event.type === 'error' && (event as { error?: { event_id?: string } }).error?.event_id;
    if (refused && refused === this.#pendingUpdateId && !this.ready && this.#createdSession) {
      host.log('the service refused the session configuration; continuing with its defaults');
      this.controller.adoptSession(this.#createdSession);
    }
  }

  #onSessionReady(session: ResponseSession, first: boolean): void {
    if (!this.#alive) return;
    const host = this.#host;
    if (session.id) this.sessionId = session.id;
    const fmt = this.#captureFormat();
    this.#capture?.configure({ targetRate: fmt.sampleRate, codec: fmt.codec, frameMs: 20 });
    host.outputFormat((session.output_audio_format as OutputAudioFormat | undefined) ?? 'pcm16');
    if (this.ready) return;
    this.ready = true;
    if (this.#reconnectAttempt > 0 || !first) {
      for (const ev of this.controller.replayEvents()) this.send(ev);
    }
    // The reconnect budget refills only once a session has held for a while: a server that accepts and
    // drops every connection must not keep us retrying forever.
    if (this.#stableTimer) clearTimeout(this.#stableTimer);
    this.#stableTimer = setTimeout(() => {
      this.#stableTimer = null;
      this.#reconnectAttempt = 0;
    }, STABLE_MS);
    host.fire('vla-connected', { sessionId: this.sessionId });
    host.setState(this.controller.currentPhase);
    if (first) this.controller.greetIfConfigured();
  }

  send(event: ClientEvent): string {
    const socket = this.#socket;
    if (!socket?.open) {
      this.#host.log(`not connected: ${event.type} dropped`);
      return '';
    }
    return socket.send(event);
  }

  #onMicFrame(bytes: Uint8Array, samples: number, endTime: number, rms: number): void {
    const socket = this.#socket;
    if (!this.#alive || !this.ready || !socket?.open) return;
    const s = this.#host.settings();
    if (s.muted || (s.pushToTalk && !this.pttHeld && !this.#pttReleasing)) return;
    const fmt = this.#captureFormat();
    const ms = (samples / fmt.sampleRate) * 1000;
    socket.appendAudio(bytesToBase64(bytes), ms);
    this.controller.noteAppended(ms);
    this.lastCaptureToSendMs = (this.ctx.currentTime - endTime) * 1000;
    if (!s.pushToTalk) this.#earlyDuck(rms);
  }

  /** Only where the server's speech would interrupt the reply anyway (server VAD with interrupt_response). */
  #earlyDuck(rms: number): void {
    const td = this.controller.effectiveSession?.turn_detection;
    if (!td || td.interrupt_response === false) return;
    const now = performance.now();
    const gain = this.#duck.frame(rms, now, this.controller.isPlaying);
    if (gain === null) return;
    if (gain < 1) {
      this.lastDuckAt = now;
      this.#host.log('the user seems to talk over the reply: ducking it until the server decides');
    }
    // Down fast (the user is talking), back up gently (a false alarm should not pump).
    this.#playback?.rampGain(gain, gain < 1 ? 8 : 80);
  }

  #restoreVolume(): void {
    if (this.#duck.reset() !== null) this.#playback?.rampGain(1, 20);
  }

  #onPlaybackReport(r: PlaybackReport): void {
    if (!this.#alive || r.type !== 'position') return;
    this.clock?.report(r);
    this.#duck.output(r.level, performance.now());
    this.controller.onPlaybackReport(r.reason);
    if (r.reason === 'idle' || r.reason === 'flush') {
      this.controller.markPlaybackDrained();
      this.#restoreVolume();
    }
    this.#host.requestUpdate();
  }

  #onPhase(phase: Phase): void {
    if (!this.#alive || !this.ready) return;
    const state = this.#host.state();
    if (state === 'reconnecting' || state === 'error') return;
    this.#host.setState(phase);
  }

  // ---- drops and reconnects ------------------------------------------------------------------------

  #onSocketClose(socket: VoiceLiveSocket, code: number, reason: string): void {
    if (!this.#alive || socket !== this.#socket) return;
    this.#socket = null;
    this.ready = false;
    if (this.#stableTimer) clearTimeout(this.#stableTimer);
    this.#stableTimer = null;
    this.controller.resetForReconnect();
    this.clock?.reset();
    this.#scheduleReconnect(code, reason);
  }

  #scheduleReconnect(code: number, reason: string): void {
    const host = this.#host;
    const max = host.valid.reconnect ?? 5;
    const willReconnect = max > 0 && this.#reconnectAttempt < max && isRetryableClose(code);
    const cleanReason = scrubSecrets(reason || '', this.#secrets());
    host.fire('vla-disconnected', { code, reason: cleanReason, willReconnect });
    if (!willReconnect) {
      const exhausted = max > 0 && this.#reconnectAttempt >= max;
      this.#fail({
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
    host.setState('reconnecting');
    const delay = backoffDelay(this.#reconnectAttempt);
    this.#reconnectAttempt++;
    host.log(`reconnecting in ${delay} ms (attempt ${this.#reconnectAttempt}/${max})`);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      if (!this.#alive) return;
      const go = () => void this.#connect(true);
      if (globalThis.navigator?.onLine === false) {
        // Offline: wait for the network instead of burning attempts.
        const onOnline = () => {
          this.#onlineWait = null;
          go();
        };
        this.#onlineWait = () => globalThis.removeEventListener('online', onOnline);
        globalThis.addEventListener('online', onOnline, { once: true });
      } else go();
    }, delay);
  }

  // ---- push-to-talk --------------------------------------------------------------------------------

  startTalking(): void {
    if (!this.ready || this.pttHeld) return;
    this.pttHeld = true;
    this.controller.beginManualTurn();
    this.applyCaptureGate();
  }

  stopTalking(): void {
    if (!this.pttHeld) return;
    this.pttHeld = false;
    this.#pttReleasing = true;
    this.#capture?.flush();
    // The flushed partial frame arrives on the next message; commit after it.
    setTimeout(() => {
      this.#pttReleasing = false;
      if (!this.#alive) return;
      this.applyCaptureGate();
      this.controller.endManualTurn();
    }, 30);
  }

  // ---- the end ---------------------------------------------------------------------------------------

  #fail(detail: VlaErrorDetail): void {
    this.#host.fireError(detail);
    this.#host.setState('error');
    void this.stop(false);
  }

  /** Releases the socket, microphone, worklet nodes, timers and (when unused) the audio context. */
  async stop(announce: boolean): Promise<void> {
    if (!this.#alive) return;
    this.#alive = false;
    const wasConnected = !!this.#socket;
    for (const t of [this.#reconnectTimer, this.#refreshTimer, this.#stableTimer]) if (t) clearTimeout(t);
    this.#onlineWait?.();
    this.#socket?.close(1000, 'stopped');
    this.#socket = null;
    this.controller.reset();
    this.controller.playback = null;
    this.controller.clock = null;
    this.controller.lipsync = null;
    this.#capture?.dispose();
    this.#playback?.dispose();
    this.clock?.reset();
    this.ready = false;
    this.#host.ended(this);
    if (announce && wasConnected) this.#host.fire('vla-disconnected', { code: 1000, reason: 'stopped', willReconnect: false });
    await releaseAudioContext(this.#owner);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the endpoint';
  }
}
