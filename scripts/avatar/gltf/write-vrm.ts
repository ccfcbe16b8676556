// Turns the avatar description (skeleton, meshes built per face pose,
// expressions) into a VRM 1.0 GLB.
import type { ExpressionDef } from '../expressions.js';
import type { FaceTarget } from '../face/targets.js';
import { NEUTRAL_POSE } from '../face/pose.js';
import { computeNormals } from '../lib/mesh.js';
import { sub, type Vec3 } from '../lib/vec.js';
import { MATERIALS, materialJson, type MaterialKey } from '../materials.js';
import type { MeshDef } from '../model-types.js';
import { BONES, boneIndex } from '../skeleton.js';
import { vrmExtension } from '../vrm-extension.js';
import { GltfBuilder, packGlb, type Json } from './gltf-builder.js';
import { morphDeltas, packSkin, packVec3, snapNormal, snapPosition } from './quantize.js';

export interface VrmInput {
  meshes: readonly MeshDef[];
  targets: readonly FaceTarget[];
  expressions: readonly ExpressionDef[];
  /** Model-space point between the eyes, for lookAt.offsetFromHeadBone. */
  eyeCenter: Vec3;
}

export function writeVrm(input: VrmInput): Uint8Array {
  const gltf = new GltfBuilder();
  const nodes: Json[] = [];

  // Bones: nodes 0 … BONES.length-1, translation relative to the parent.
  for (const bone of BONES) {
    const parent = bone.parent ? BONES[boneIndex(bone.parent)]!.position : ([0, 0, 0] as Vec3);
    nodes.push({ name: bone.name, translation: sub(bone.position, parent).map(snapPosition) });
  }
  BONES.forEach((bone, i) => {
    if (bone.parent) {
      const parent = nodes[boneIndex(bone.parent)]!;
      parent.children = [...((parent.children as number[] | undefined) ?? []), i];
    }
  });

  // One skin over every bone; rest bones are unrotated, so inverse binds are pure translations.
  const ibm = new Float32Array(BONES.length * 16);
  BONES.forEach((b, i) => {
    ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -snapPosition(b.position[0]), -snapPosition(b.position[1]), -snapPosition(b.position[2]), 1], i * 16);
  });
  const skins = [{ name: 'Armature', joints: BONES.map((_, i) => i), skeleton: 0, inverseBindMatrices: gltf.addMatrices(ibm) }];

  const materialOrder: MaterialKey[] = [];
  const materialIndex = (k: MaterialKey): number => {
    if (!materialOrder.includes(k)) materialOrder.push(k);
    return materialOrder.indexOf(k);
  };

  const meshes: Json[] = [];
  const meshNodes: number[] = [];
  const targetLinks = new Map<string, Array<readonly [number, number]>>();
  for (const mesh of input.meshes) {
    const bases = mesh.parts.map((part) => {
      const g = part.build(NEUTRAL_POSE);
      return { part, g, pos: packVec3(g.positions, snapPosition) };
    });
    // Keep only the targets that move something in this mesh.
    const perTarget = input.targets.map((t) =>
      bases.map(({ part, g, pos }) => {
        const tg = part.build(t.pose);
        if (tg.positions.length !== g.positions.length) throw new Error(`${part.name}/${t.name}: topology changed`);
        return morphDeltas(pos, packVec3(tg.positions, snapPosition));
      }),
    );
    const kept = input.targets.map((t, i) => ({ t, deltas: perTarget[i]! })).filter(({ deltas }) => deltas.some((d) => d.some((v) => v !== 0)));
    const nodeIndex = nodes.length;
    kept.forEach(({ t }, k) => {
      const list = targetLinks.get(t.name) ?? [];
      list.push([nodeIndex, k]);
      targetLinks.set(t.name, list);
    });

    const primitives = bases.map(({ part, g, pos }, pi) => {
      const normals = g.normals ?? computeNormals(g.positions, g.indices);
      const joints = new Uint8Array(g.positions.length * 4);
      const weights = new Uint8Array(g.positions.length * 4);
      g.positions.forEach((p, v) => {
        const packed = packSkin(part.skin(p).map(([name, w]) => [boneIndex(name), w] as const));
        joints.set(packed.joints, v * 4);
        weights.set(packed.weights, v * 4);
      });
      const prim: Json = {
        attributes: {
          POSITION: gltf.addFloatAttribute(pos, true),
          NORMAL: gltf.addFloatAttribute(packVec3(normals, snapNormal), false),
          JOINTS_0: gltf.addByteAttribute(joints, false),
          WEIGHTS_0: gltf.addByteAttribute(weights, true),
        },
        indices: gltf.addIndices(g.indices, g.positions.length),
        material: materialIndex(part.material),
        mode: 4,
      };
      if (kept.length > 0) prim.targets = kept.map(({ deltas }) => ({ POSITION: gltf.addSparseVec3(deltas[pi]!) }));
      return prim;
    });
    const meshJson: Json = { name: mesh.name, primitives };
    if (kept.length > 0) meshJson.extras = { targetNames: kept.map(({ t }) => t.name) };
    meshes.push(meshJson);
    nodes.push({ name: mesh.name, mesh: meshes.length - 1, skin: 0 });
    meshNodes.push(nodeIndex);
  }

  const head = BONES[boneIndex('head')]!.position;
  const vrm = vrmExtension(input.expressions, {
    bones: new Map(BONES.map((b, i) => [b.name, i])),
    targets: targetLinks,
    meshes: input.meshes.map((m, i) => ({ node: meshNodes[i]!, firstPerson: m.firstPerson })),
    eyeOffsetFromHead: sub(input.eyeCenter, head).map(snapPosition) as unknown as Vec3,
  });

  const { bufferViews, binary: bin } = gltf.finish();
  const json: Json = {
    asset: { version: '2.0', generator: 'voice-live-avatar scripts/avatar' },
    extensionsUsed: ['VRMC_vrm', 'VRMC_materials_mtoon'],
    extensions: { VRMC_vrm: vrm },
    scene: 0,
    scenes: [{ name: 'Scene', nodes: [0, ...meshNodes] }],
    nodes,
    meshes,
    skins,
    materials: materialOrder.map((k) => materialJson(MATERIALS[k])),
    accessors: gltf.accessors,
    bufferViews,
    buffers: [{ byteLength: bin.byteLength }],
  };
  return packGlb(json, bin);
}
