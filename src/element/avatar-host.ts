/**
 * Owns the avatar for the element: loads the 3D chunk (three.js, three-vrm, the lip-sync engine) only when
 * the avatar area is first visible and an avatar is wanted, pauses rendering off screen and in hidden tabs,
 * follows reduced motion, and releases every GPU resource on stop or removal, keeping a still as poster.
 */
import type { AvatarStage, AvatarStageOptions } from '../avatar/types.js';
import type { Framing } from '../config/attributes.js';
import type { LipSyncPort } from '../conversation/controller.js';
import type { HeardPosition, LipSyncFrame } from '../lipsync/types.js';
import { CLOSED_MOUTH } from '../lipsync/types.js';
import { acquireSlot, releaseSlot } from './stage-budget.js';
import type { BudgetMember } from './stage-budget.js';
import type { OutputAudioFormat } from '../audio/codecs/formats.js';

interface LipSyncEngineLike extends LipSyncPort {
  setOutputFormat(format: OutputAudioFormat): void;
  setAmplitude(a: number): void;
  sample(position: HeardPosition, dtMs: number): LipSyncFrame;
}

interface StageModule {
  createAvatarStage(options: AvatarStageOptions): AvatarStage;
  LipSyncEngine: new (options?: { outputFormat?: OutputAudioFormat; amplitude?: number }) => LipSyncEngineLike;
}

export interface AvatarHostCallbacks {
  container(): HTMLElement | null;
  url(): string;
  fallbackUrl(): string;
  framing(): Framing;
  reducedMotion(): boolean;
  heard(perfNow: number): HeardPosition;
  isSpeaking(): boolean;
  onReady(url: string): void;
  onError(code: 'avatar-load' | 'webgl-lost', message: string, recoverable: boolean): void;
  /** The engine exists (or is gone): the conversation feeds it server events. */
  onEngine(engine: LipSyncPort | null): void;
  onPoster(still: HTMLCanvasElement | null): void;
  /** Download progress of the avatar, 0..1 (null while the size is unknown); 1 once it is on screen. */
  onProgress(fraction: number | null): void;
}

const MOUTH_SMOOTHING_LEAD_MS = 20;

export class AvatarHost implements BudgetMember {
  readonly #cb: AvatarHostCallbacks;
  lastVisible = 0;
  #stage: AvatarStage | null = null;
  #engine: LipSyncEngineLike | null = null;
  #loading: Promise<void> | null = null;
  #observer: IntersectionObserver | null = null;
  #intersecting = false;
  #wanted = true;
  #generation = 0;
  #outputFormat: OutputAudioFormat = 'pcm16';
  readonly #onVisibility = () => this.#applyVisibility();
  /** The mouth of the last rendered frame (diagnostics, tests). */
  lastMouth: LipSyncFrame = CLOSED_MOUTH;

  constructor(callbacks: AvatarHostCallbacks) {
    this.#cb = callbacks;
  }

  get active(): boolean {
    return !!this.#stage;
  }

  get currentStage(): AvatarStage | null {
    return this.#stage;
  }

  /** Starts watching the container; the chunk loads once it is visible. */
  observe(container: HTMLElement): void {
    if (this.#observer) return;
    document.addEventListener('visibilitychange', this.#onVisibility);
    if (typeof IntersectionObserver === 'undefined') {
      this.#intersecting = true;
      void this.ensure();
      return;
    }
    this.#observer = new IntersectionObserver(
      (entries) => {
        this.#intersecting = entries.some((e) => e.isIntersecting);
        if (this.#intersecting) void this.ensure();
        this.#applyVisibility();
      },
      { threshold: 0.01 },
    );
    this.#observer.observe(container);
  }

  /** `avatar="none"` → false. */
  setWanted(wanted: boolean): void {
    this.#wanted = wanted;
    if (!wanted) this.release(false);
    else if (this.#intersecting) void this.ensure();
  }

  get visible(): boolean {
    return this.#intersecting && !document.hidden;
  }

  #applyVisibility(): void {
    if (this.visible) this.lastVisible = performance.now();
    this.#stage?.setVisible(this.visible);
  }

  /** The page's WebGL budget wants this slot back. */
  evict(): void {
    this.release(true, false);
  }

  /** A slot freed up. */
  retry(): void {
    if (this.#intersecting) void this.ensure();
  }

  async ensure(): Promise<void> {
    if (!this.#wanted || this.#stage || this.#loading) return this.#loading ?? undefined;
    const gen = ++this.#generation;
    this.#loading = (async () => {
      let mod: StageModule;
      try {
        mod = (await import('../avatar/stage.js')) as unknown as StageModule;
      } catch (err) {
        this.#cb.onError('avatar-load', `The 3D avatar code could not be loaded (${(err as Error)?.message ?? err}).`, true);
        return;
      }
      const container = this.#cb.container();
      if (gen !== this.#generation || !this.#wanted || !container) return;
      if (!acquireSlot(this)) return; // every slot is in use by a visible avatar: retry() when one frees up
      this.#cb.onProgress(0);
      this.#engine = new mod.LipSyncEngine({ outputFormat: this.#outputFormat, amplitude: this.#cb.reducedMotion() ? 0.6 : 1 });
      this.#cb.onEngine(this.#engine);
      const engine = this.#engine;
      this.#stage = mod.createAvatarStage({
        container,
        url: this.#cb.url(),
        fallbackUrl: this.#cb.fallbackUrl(),
        framing: this.#cb.framing(),
        reducedMotion: this.#cb.reducedMotion(),
        sampleMouth: (perfNow, dtMs) => {
          // The frame drawn now reaches the screen about one frame later, and the mouth's smoothing trails the
          // sound by ~20 ms: sample what will be heard then (bench/latency.ts measures the result).
          const lead = Math.min(34, Math.max(0, dtMs)) + MOUTH_SMOOTHING_LEAD_MS;
          this.lastMouth = engine ? engine.sample(this.#cb.heard(perfNow + lead), dtMs) : CLOSED_MOUTH;
          return this.lastMouth;
        },
        isSpeaking: () => this.#cb.isSpeaking(),
        onReady: (url) => {
          this.#cb.onPoster(null);
          this.#cb.onProgress(1);
          this.#cb.onReady(url);
        },
        onProgress: (loaded, total) => this.#cb.onProgress(total ? Math.min(0.99, loaded / total) : null),
        onError: (code, message, recoverable) => this.#cb.onError(code, message, recoverable),
      });
      this.#applyVisibility();
    })().finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  setOutputFormat(format: OutputAudioFormat): void {
    this.#outputFormat = format;
    this.#engine?.setOutputFormat(format);
  }

  setFraming(framing: Framing): void {
    this.#stage?.setFraming(framing);
  }

  setReducedMotion(reduced: boolean): void {
    this.#stage?.setReducedMotion(reduced);
    this.#engine?.setAmplitude(reduced ? 0.6 : 1);
  }

  load(url: string): void {
    if (this.#stage) void this.#stage.load(url);
  }

  /** Releases the stage (and its GPU memory); with `keepPoster` the last frame stays as a still. */
  release(keepPoster: boolean, giveBackSlot = true): void {
    this.#generation++;
    if (giveBackSlot) releaseSlot(this);
    if (this.#stage) {
      const still = keepPoster ? this.#stage.snapshot() : null;
      if (still) {
        still.classList.add('still');
        still.setAttribute('aria-hidden', 'true');
      }
      this.#stage.dispose();
      this.#stage = null;
      this.#cb.onPoster(still);
    }
    if (this.#engine) {
      this.#engine.reset();
      this.#engine = null;
      this.#cb.onEngine(null);
    }
  }

  /** Removal from the page: stop watching too. */
  destroy(): void {
    this.release(false);
    this.#observer?.disconnect();
    this.#observer = null;
    this.#intersecting = false;
    document.removeEventListener('visibilitychange', this.#onVisibility);
  }
}
