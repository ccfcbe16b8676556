/**
 * The 3D stage: one lazily loaded chunk with three.js, three-vrm and the lip-sync engine.
 *
 * Renders the VRM into a transparent canvas inside the element, frames the camera from the head bone, keeps
 * the avatar alive (blinks, breath, head motion, gaze), applies the mouth the element samples from the
 * lip-sync engine at the playback clock's heard time, pauses when off screen or hidden, lowers the pixel
 * ratio when frames run long, survives WebGL context loss, and gives every GPU resource back on dispose.
 */
import {
  AmbientLight,
  Box3,
  DirectionalLight,
  HemisphereLight,
  Object3D,
  PerspectiveCamera,
  Scene,
  SRGBColorSpace,
  Vector3,
  WebGLRenderer,
} from 'three';
import { VRMUtils } from '@pixiv/three-vrm';
import type { VRM } from '@pixiv/three-vrm';
import type { Framing } from '../config/attributes.js';
import { MOUTH_KEYS } from '../lipsync/types.js';
import { placeCamera } from './framing.js';
import { LifeMotion } from './life.js';
import type { AvatarStage, AvatarStageOptions, RendererMemory } from './types.js';
import { AvatarLoadError, DEFAULT_MAX_BYTES, fetchVrmBytes, parseVrm } from './vrm-load.js';

export { LipSyncEngine } from '../lipsync/engine.js';

const FOV = 28;
const MAX_DPR = 2;
const IDLE_FRAME_MS = 32; // ~30 fps is plenty for blinking and breathing

export function createAvatarStage(options: AvatarStageOptions): AvatarStage {
  return new Stage(options);
}

interface HeadMetrics {
  center: [number, number, number];
  height: number;
}

class Stage implements AvatarStage {
  private readonly o: AvatarStageOptions;
  private readonly renderer: WebGLRenderer;
  private readonly canvas: HTMLCanvasElement;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(FOV, 1, 0.05, 20);
  private readonly lookTarget = new Object3D();
  private readonly life = new LifeMotion();
  private readonly resizeObserver: ResizeObserver | null;
  private vrm: VRM | null = null;
  private head: HeadMetrics | null = null;
  private framing: Framing;
  private reduced: boolean;
  private visible = true;
  private lost = false;
  private disposed = false;
  private raf = 0;
  private lastRender = 0;
  private loadGeneration = 0;
  private qualityScale = 1;
  private slowFrames = 0;
  private fastFrames = 0;
  private lastLevel = 0;

  constructor(o: AvatarStageOptions) {
    this.o = o;
    this.framing = o.framing;
    this.reduced = o.reducedMotion;
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.canvas.addEventListener('webglcontextlost', this.onLost);
    this.canvas.addEventListener('webglcontextrestored', this.onRestored);
    this.renderer = new WebGLRenderer({ canvas: this.canvas, antialias: true, alpha: true, powerPreference: 'default' });
    this.renderer.outputColorSpace = SRGBColorSpace;
    this.renderer.setClearColor(0x000000, 0);
    o.container.append(this.canvas);

    this.scene.add(new HemisphereLight(0xffffff, 0xc9c3d6, 1.4));
    this.scene.add(new AmbientLight(0xffffff, 0.35));
    const key = new DirectionalLight(0xffffff, 1.6);
    key.position.set(0.6, 1.8, 2.2);
    this.scene.add(key);
    const fill = new DirectionalLight(0xe8ecff, 0.5);
    fill.position.set(-1.2, 1.2, 1.5);
    this.scene.add(fill);
    this.camera.add(this.lookTarget);
    this.scene.add(this.camera);

    this.resizeObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(() => this.resize()) : null;
    this.resizeObserver?.observe(o.container);
    this.resize();
    void this.load(o.url);
  }

  // ---- loading ------------------------------------------------------------------------------------

  async load(url: string): Promise<void> {
    const gen = ++this.loadGeneration;
    let vrm: VRM;
    try {
      const bytes = await fetchVrmBytes(url, this.o.maxBytes ?? DEFAULT_MAX_BYTES, this.o.onProgress);
      if (this.disposed || gen !== this.loadGeneration) return;
      vrm = await parseVrm(bytes, url);
    } catch (err) {
      if (this.disposed || gen !== this.loadGeneration) return;
      const message = err instanceof AvatarLoadError ? err.message : `The avatar ${url} could not be loaded (${String(err)}).`;
      const fallback = this.o.fallbackUrl;
      const willFallback = url !== fallback;
      this.o.onError('avatar-load', willFallback ? `${message} Showing the default avatar instead.` : message, true);
      if (willFallback) await this.load(fallback);
      return;
    }
    if (this.disposed || gen !== this.loadGeneration) {
      VRMUtils.deepDispose(vrm.scene);
      return;
    }
    const previous = this.vrm;
    this.vrm = vrm;
    this.scene.add(vrm.scene);
    if (vrm.lookAt) {
      vrm.lookAt.target = this.lookTarget;
      vrm.lookAt.autoUpdate = true;
    }
    this.head = measureHead(vrm);
    this.applyFraming();
    if (previous) {
      this.scene.remove(previous.scene);
      VRMUtils.deepDispose(previous.scene);
    }
    this.renderFrame(performance.now(), 0);
    this.startLoop();
    // Two animation frames after the first render: the pixels are really on screen (model-viewer's rule).
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (!this.disposed && gen === this.loadGeneration) this.o.onReady(url);
      }),
    );
  }

  // ---- settings -----------------------------------------------------------------------------------

  setFraming(framing: Framing): void {
    this.framing = framing;
    this.applyFraming();
  }

  setReducedMotion(reduced: boolean): void {
    this.reduced = reduced;
  }

  get reducedMotion(): boolean {
    return this.reduced;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.startLoop();
    else this.stopLoop();
  }

  private applyFraming(): void {
    if (!this.head) return;
    const aspect = this.camera.aspect || 1;
    const p = placeCamera(this.framing, this.head.center, this.head.height, FOV, aspect);
    this.camera.position.set(...p.position);
    this.camera.lookAt(new Vector3(...p.target));
    this.camera.updateMatrixWorld();
  }

  private resize(): void {
    const rect = this.o.container.getBoundingClientRect();
    const w = Math.max(1, Math.round(rect.width));
    const h = Math.max(1, Math.round(rect.height));
    const dpr = Math.min(MAX_DPR, globalThis.devicePixelRatio || 1) * this.qualityScale;
    this.renderer.setPixelRatio(dpr);
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.applyFraming();
  }

  // ---- the frame loop -----------------------------------------------------------------------------

  private startLoop(): void {
    if (this.raf || this.disposed || !this.visible || !this.vrm) return;
    const tick = (now: number) => {
      this.raf = 0;
      if (this.disposed || !this.visible) return;
      const speaking = this.o.isSpeaking();
      if (speaking || this.lastLevel > 0.01 || now - this.lastRender >= IDLE_FRAME_MS) {
        const dt = this.lastRender ? Math.min(100, now - this.lastRender) : 16;
        this.renderFrame(now, dt);
      }
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  private stopLoop(): void {
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  private renderFrame(now: number, dtMs: number): void {
    const vrm = this.vrm;
    if (!vrm || this.lost || this.disposed) return;
    const started = performance.now();
    const mouth = this.o.sampleMouth(now, dtMs);
    this.lastLevel = mouth.level;
    const pose = this.life.update({ dtMs, speaking: this.o.isSpeaking(), level: mouth.level, reduced: this.reduced });
    const em = vrm.expressionManager;
    if (em) {
      for (const k of MOUTH_KEYS) if (em.getExpression(k)) em.setValue(k, mouth[k]);
      if (em.getExpression('blink')) em.setValue('blink', pose.blink);
    }
    const h = vrm.humanoid;
    const head = h.getNormalizedBoneNode('head');
    const neck = h.getNormalizedBoneNode('neck');
    const chest = h.getNormalizedBoneNode('upperChest') ?? h.getNormalizedBoneNode('chest') ?? h.getNormalizedBoneNode('spine');
    if (neck) neck.rotation.set(pose.headPitch * 0.4, pose.headYaw * 0.4, pose.headRoll * 0.4);
    if (head) head.rotation.set(pose.headPitch * 0.6, pose.headYaw * 0.6, pose.headRoll * 0.6);
    if (chest) chest.rotation.x = pose.breath;
    this.lookTarget.position.set(Math.tan(pose.gazeYaw) * 1.5, Math.tan(pose.gazePitch) * 1.5, 0);
    vrm.update(dtMs / 1000);
    const updated = performance.now();
    this.renderer.render(this.scene, this.camera);
    this.lastRender = now;
    const done = performance.now();
    const s = this.stats;
    s.frames++;
    s.update += updated - started;
    s.render += done - updated;
    s.maxUpdate = Math.max(s.maxUpdate, updated - started);
    this.adaptQuality(done - started);
  }

  private stats = { frames: 0, update: 0, render: 0, maxUpdate: 0 };

  frameStats(): { frames: number; updateMs: number; renderMs: number; maxUpdateMs: number } {
    const s = this.stats;
    const n = Math.max(1, s.frames);
    const out = { frames: s.frames, updateMs: s.update / n, renderMs: s.render / n, maxUpdateMs: s.maxUpdate };
    this.stats = { frames: 0, update: 0, render: 0, maxUpdate: 0 };
    return out;
  }

  /** Steps the pixel ratio down when frames run long and back up when there is room. */
  private adaptQuality(frameMs: number): void {
    if (frameMs > 14) {
      this.fastFrames = 0;
      if (++this.slowFrames >= 20 && this.qualityScale > 0.5) {
        this.qualityScale = Math.max(0.5, this.qualityScale * 0.75);
        this.slowFrames = 0;
        this.resize();
      }
    } else if (frameMs < 5) {
      this.slowFrames = 0;
      if (++this.fastFrames >= 300 && this.qualityScale < 1) {
        this.qualityScale = Math.min(1, this.qualityScale / 0.75);
        this.fastFrames = 0;
        this.resize();
      }
    }
  }

  // ---- context loss -------------------------------------------------------------------------------

  private readonly onLost = (e: Event) => {
    e.preventDefault(); // lets the browser restore the context later
    if (this.disposed) return;
    this.lost = true;
    this.stopLoop();
    this.o.onError(
      'webgl-lost',
      'The graphics context was lost (too many 3D views, a GPU reset or a driver update). The conversation goes on; the avatar comes back when the browser restores the context.',
      true,
    );
  };

  private readonly onRestored = () => {
    if (this.disposed) return;
    // three.js rebuilds its GL state on restore; textures and programs are uploaded again on the next render.
    this.lost = false;
    this.resize();
    this.renderFrame(performance.now(), 0);
    this.startLoop();
  };

  // ---- info, snapshot, disposal -------------------------------------------------------------------

  memory(): RendererMemory {
    const info = this.renderer.info;
    return { geometries: info.memory.geometries, textures: info.memory.textures, programs: info.programs?.length ?? 0 };
  }

  snapshot(): HTMLCanvasElement | null {
    if (!this.vrm || this.lost || this.disposed) return null;
    this.renderer.render(this.scene, this.camera);
    const still = document.createElement('canvas');
    still.width = this.canvas.width;
    still.height = this.canvas.height;
    const ctx = still.getContext('2d');
    if (!ctx) return null;
    ctx.drawImage(this.canvas, 0, 0);
    return still;
  }

  /** Frees the scene's GPU resources (counters back to zero) before the renderer itself. */
  releaseScene(): void {
    this.loadGeneration++;
    if (this.vrm) {
      this.scene.remove(this.vrm.scene);
      VRMUtils.deepDispose(this.vrm.scene);
      this.vrm = null;
    }
    this.renderer.renderLists.dispose();
  }

  dispose(): void {
    if (this.disposed) return;
    this.stopLoop();
    this.releaseScene();
    this.disposed = true;
    this.resizeObserver?.disconnect();
    this.renderer.dispose();
    // Give the WebGL context back now rather than at garbage collection: pages have a context budget.
    this.renderer.forceContextLoss();
    this.canvas.removeEventListener('webglcontextlost', this.onLost);
    this.canvas.removeEventListener('webglcontextrestored', this.onRestored);
    this.canvas.remove();
  }
}

/** Where the head is and how tall, from the head bone and the top of the model. */
function measureHead(vrm: VRM): HeadMetrics {
  vrm.scene.updateMatrixWorld(true);
  const h = vrm.humanoid;
  const headNode = h.getNormalizedBoneNode('head') as Object3D;
  const headPos = headNode.getWorldPosition(new Vector3());
  const neckNode = h.getNormalizedBoneNode('neck');
  const neckY = neckNode ? neckNode.getWorldPosition(new Vector3()).y : headPos.y - 0.08;
  const box = new Box3().setFromObject(vrm.scene);
  const top = Number.isFinite(box.max.y) && box.max.y > headPos.y ? box.max.y : headPos.y + 0.2;
  const height = Math.min(0.5, Math.max(0.14, top - neckY));
  const eyes = ['leftEye', 'rightEye']
    .map((b) => h.getNormalizedBoneNode(b as 'leftEye'))
    .filter((n): n is NonNullable<typeof n> => !!n)
    .map((n) => n.getWorldPosition(new Vector3()));
  const centerY = eyes.length ? eyes.reduce((s, e) => s + e.y, 0) / eyes.length : (neckY + top) / 2;
  return { center: [headPos.x, centerY, headPos.z], height };
}
