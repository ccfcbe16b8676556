// Browser side of the preview renderer: loads the VRM with three-vrm and
// renders requested shots to PNG data URLs. Bundled by render-previews.ts.
// (Typed without DOM lib on purpose: it is type-checked with the Node config.)
import * as THREE from 'three';
import { GLTFLoader } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { VRMLoaderPlugin, VRMUtils, type VRM } from '@pixiv/three-vrm';

export interface Shot {
  /** Camera target and vertical extent (m) of the view. */
  target: [number, number, number];
  height: number;
  /** Camera yaw around the avatar (degrees, 0 = front) and pitch (degrees, + = from above). */
  yaw?: number;
  pitch?: number;
  expressions?: Record<string, number>;
  /** Look-at target in model space (m); default straight ahead. */
  lookAt?: [number, number, number];
  /** Head rotation (degrees) applied through the normalized humanoid bone. */
  headYaw?: number;
  size?: number;
}

const SIZE = 640;
const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
renderer.setPixelRatio(1);
renderer.setSize(SIZE, SIZE, false);
renderer.outputColorSpace = THREE.SRGBColorSpace;

const scene = new THREE.Scene();
scene.background = new THREE.Color('#dfe7f1');
const key = new THREE.DirectionalLight(0xffffff, 2.2);
key.position.set(-0.6, 2.6, 2.2);
scene.add(key);
scene.add(new THREE.AmbientLight(0xffffff, 0.9));
const camera = new THREE.PerspectiveCamera(24, 1, 0.05, 20);
const lookTarget = new THREE.Object3D();
scene.add(lookTarget);

let vrm: VRM | null = null;

async function load(url: string): Promise<string[]> {
  const loader = new GLTFLoader();
  loader.register((parser) => new VRMLoaderPlugin(parser));
  const gltf = await loader.loadAsync(url);
  vrm = gltf.userData.vrm as VRM;
  // VRM 0.x models face −Z; turn them to the camera like the component does (no-op for 1.0),
  // and refresh world matrices so the first shot's look-at already sees the turned head.
  VRMUtils.rotateVRM0(vrm);
  vrm.scene.updateMatrixWorld(true);
  scene.add(vrm.scene);
  vrm.scene.traverse((o) => {
    o.frustumCulled = false;
  });
  if (vrm.lookAt) vrm.lookAt.target = lookTarget;
  return vrm.expressionManager?.expressions.map((e) => e.expressionName) ?? [];
}

function render(shot: Shot): string {
  if (!vrm) throw new Error('load first');
  const size = shot.size ?? SIZE;
  renderer.setSize(size, size, false);
  const em = vrm.expressionManager!;
  em.resetValues();
  for (const [name, w] of Object.entries(shot.expressions ?? {})) em.setValue(name, w);
  const head = vrm.humanoid.getNormalizedBoneNode('head')!;
  head.rotation.set(0, THREE.MathUtils.degToRad(shot.headYaw ?? 0), 0);
  const look = shot.lookAt ?? [0, 1.5, 3];
  lookTarget.position.set(look[0], look[1], look[2]);
  vrm.update(1 / 60);

  const fov = THREE.MathUtils.degToRad(camera.fov);
  const dist = shot.height / 2 / Math.tan(fov / 2);
  const yaw = THREE.MathUtils.degToRad(shot.yaw ?? 0);
  const pitch = THREE.MathUtils.degToRad(shot.pitch ?? 0);
  const [tx, ty, tz] = shot.target;
  camera.position.set(tx + dist * Math.sin(yaw) * Math.cos(pitch), ty + dist * Math.sin(pitch), tz + dist * Math.cos(yaw) * Math.cos(pitch));
  camera.lookAt(tx, ty, tz);
  renderer.render(scene, camera);
  return (renderer.domElement as { toDataURL(type: string): string }).toDataURL('image/png');
}

/** Minimal 2D-canvas surface (typed locally: no DOM lib here). */
interface Canvas2D {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    fillStyle: string;
    font: string;
    fillRect(x: number, y: number, w: number, h: number): void;
    fillText(t: string, x: number, y: number): void;
    drawImage(img: unknown, x: number, y: number, w: number, h: number): void;
  };
  toDataURL(type: string): string;
}
interface Doc {
  createElement(tag: 'canvas'): Canvas2D;
}
type ImageCtor = new () => { src: string; decode(): Promise<void> };

/** Lays labelled PNGs out in a grid, for quick side-by-side review. */
async function sheet(items: Array<[string, string]>, cols: number, cell: number): Promise<string> {
  const doc = (globalThis as unknown as { document: Doc }).document;
  const Img = (globalThis as unknown as { Image: ImageCtor }).Image;
  const rows = Math.ceil(items.length / cols);
  const canvas = doc.createElement('canvas');
  canvas.width = cols * cell;
  canvas.height = rows * (cell + 22);
  const g = canvas.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < items.length; i++) {
    const [label, url] = items[i]!;
    const img = new Img();
    img.src = url;
    await img.decode();
    const x = (i % cols) * cell;
    const y = Math.floor(i / cols) * (cell + 22);
    g.drawImage(img, x, y + 22, cell, cell);
    g.fillStyle = '#222222';
    g.font = '16px sans-serif';
    g.fillText(label, x + 6, y + 16);
  }
  return canvas.toDataURL('image/png');
}

(globalThis as unknown as { avatarPreview: unknown }).avatarPreview = { load, render, sheet };
