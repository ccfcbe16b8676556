// Turns the avatar description into a VRM 0.x GLB: the same scene as the
// VRM 1.0 writer, turned to face −Z as 0.x requires, with the "VRM" extension
// and MToon 0.x material properties instead of VRMC_vrm / VRMC_materials_mtoon.
import { sub, type Vec3 } from '../lib/vec.js';
import { MATERIALS, gltfMaterialJson } from '../materials.js';
import { mtoon0Material } from '../materials-vrm0.js';
import { BONES, boneIndex } from '../skeleton.js';
import { vrm0Extension } from '../vrm0-extension.js';
import { buildAvatarScene } from './avatar-scene.js';
import { GltfBuilder, packGlb, type Json } from './gltf-builder.js';
import { snapPosition } from './quantize.js';
import type { VrmInput } from './write-vrm.js';

export function writeVrm0(input: VrmInput): Uint8Array {
  const gltf = new GltfBuilder();
  const scene = buildAvatarScene(gltf, input, '-z');

  const head = BONES[boneIndex('head')]!.position;
  const vrm = vrm0Extension(input.expressions, {
    bones: scene.bones,
    targets: scene.targets,
    meshes: scene.meshRefs.map((m) => ({ mesh: m.mesh, firstPerson: m.def.firstPerson })),
    eyeOffsetFromHead: sub(scene.orient(input.eyeCenter), scene.orient(head)).map(snapPosition) as unknown as Vec3,
    materials: scene.materialOrder.map((k) => mtoon0Material(MATERIALS[k])),
  });

  const { bufferViews, binary: bin } = gltf.finish();
  const json: Json = {
    asset: { version: '2.0', generator: 'voice-live-avatar scripts/avatar (VRM 0.x)' },
    extensionsUsed: ['VRM'],
    extensions: { VRM: vrm },
    scene: 0,
    scenes: [{ name: 'Scene', nodes: [0, ...scene.meshRefs.map((m) => m.node)] }],
    nodes: scene.nodes,
    meshes: scene.meshes,
    skins: scene.skins,
    materials: scene.materialOrder.map((k) => gltfMaterialJson(MATERIALS[k])),
    accessors: gltf.accessors,
    bufferViews,
    buffers: [{ byteLength: bin.byteLength }],
  };
  return packGlb(json, bin);
}
