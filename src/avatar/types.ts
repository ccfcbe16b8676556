/**
 * The seam between the element and the 3D stage. The stage lives in its own lazily loaded chunk
 * (`./stage.js`, with three.js and three-vrm); the element only ever sees these types.
 */
import type { Framing } from '../config/attributes.js';
import type { LipSyncFrame } from '../lipsync/types.js';

export type AvatarErrorCode = 'avatar-load' | 'webgl-lost';

export interface AvatarStageOptions {
  /** Where the canvas goes (the element's `avatar` part). */
  container: HTMLElement;
  /** The VRM to show (VRM 0.x or 1.0). */
  url: string;
  /** Shown instead when `url` cannot be loaded (the bundled default avatar). */
  fallbackUrl: string;
  framing: Framing;
  /** Reduced motion calms life motions and lowers lip-sync amplitude (never turns it off). */
  reducedMotion: boolean;
  /** Refuse files larger than this (bytes). */
  maxBytes?: number;
  /**
   * The mouth for this frame: the element samples the lip-sync engine at the playback clock's heard time.
   * Called once per rendered frame with the real frame time.
   */
  sampleMouth(perfNow: number, dtMs: number): LipSyncFrame;
  /** Whether the assistant is audible (head motion grows while speaking). */
  isSpeaking(): boolean;
  /** After the first frame of `url` is on screen (two animation frames after load). */
  onReady(url: string): void;
  onProgress?(loaded: number, total: number | null): void;
  onError(code: AvatarErrorCode, message: string, recoverable: boolean): void;
}

export interface RendererMemory {
  geometries: number;
  textures: number;
  programs: number;
}

export interface AvatarStage {
  setFraming(framing: Framing): void;
  setReducedMotion(reduced: boolean): void;
  readonly reducedMotion: boolean;
  /** Loads another VRM in place (the previous one is disposed once the new one is on screen). */
  load(url: string): Promise<void>;
  /** Pauses and resumes rendering (off screen, hidden tab). */
  setVisible(visible: boolean): void;
  /** Renderer memory counters (tests prove disposal returns them to zero). */
  memory(): RendererMemory;
  /**
   * Main-thread cost per rendered frame, averaged since the last call: `updateMs` is the engine sample plus the
   * avatar update (expressions, bones, three-vrm); `renderMs` is three.js issuing the frame to the GPU.
   */
  frameStats(): { frames: number; updateMs: number; renderMs: number; maxUpdateMs: number };
  /**
   * A still of the current frame in a plain 2D canvas (the poster after stop()). A canvas rather than a
   * data: URL, because strict CSPs (`img-src 'self'`) block data: and blob: images.
   */
  snapshot(): HTMLCanvasElement | null;
  /** Releases the render loop, the WebGL context and every GPU resource. */
  dispose(): void;
}

export type CreateAvatarStage = (options: AvatarStageOptions) => AvatarStage;
