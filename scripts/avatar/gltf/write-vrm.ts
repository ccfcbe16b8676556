// Turns the avatar description (skeleton, meshes built per face pose,
// expressions) into a VRM 1.0 GLB.
import type { ExpressionDef } from '../expressions.js';
import type { FaceTarget } from '../face/targets.js';
import { sub, type Vec3 } from '../lib/vec.js';
import { MATERIALS, materialJson } from '../materials.js';
import type { MeshDef } from '../model-types.js';
import { BONES, boneIndex } from '../skeleton.js';
import { vrmExtension } from '../vrm-extension.js';
import { buildAvatarScene } from './avatar-scene.js';
import { GltfBuilder, packGlb, type Json } from './gltf-builder.js';
import { snapPosition } from './quantize.js';

export interface VrmInput {
  meshes: readonly MeshDef[];
  targets: readonly FaceTarget[];
  expressions: readonly ExpressionDef[];
  /** Model-space point between the eyes, for lookAt.offsetFromHeadBone. */
  eyeCenter: Vec3;
}

export function writeVrm(input: VrmInput): Uint8Array {
  const gltf = new GltfBuilder();
  const scene = buildAvatarScene(gltf, input, '+z');

  const head = BONES[boneIndex('head')]!.position;
  const vrm = vrmExtension(input.expressions, {
    bones: scene.bones,
    targets: new Map([...scene.targets].map(([name, refs]) => [name, refs.map((r) => [r.node, r.index] as const)])),
    meshes: scene.meshRefs.map((m) => ({ node: m.node, firstPerson: m.def.firstPerson })),
    eyeOffsetFromHead: sub(input.eyeCenter, head).map(snapPosition) as unknown as Vec3,
  });

  const { bufferViews, binary: bin } = gltf.finish();
  const json: Json = {
    asset: { version: '2.0', generator: 'voice-live-avatar scripts/avatar' },
    extensionsUsed: ['VRMC_vrm', 'VRMC_materials_mtoon'],
    extensions: { VRMC_vrm: vrm },
    scene: 0,
    scenes: [{ name: 'Scene', nodes: [0, ...scene.meshRefs.map((m) => m.node)] }],
    nodes: scene.nodes,
    meshes: scene.meshes,
    skins: scene.skins,
    materials: scene.materialOrder.map((k) => materialJson(MATERIALS[k])),
    accessors: gltf.accessors,
    bufferViews,
    buffers: [{ byteLength: bin.byteLength }],
  };
  return packGlb(json, bin);
}
