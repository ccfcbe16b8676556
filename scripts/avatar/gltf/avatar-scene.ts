// The glTF scene shared by the VRM 1.0 and VRM 0.x writers: skeleton nodes,
// one skin, meshes with their morph targets, and the material order. The
// writers add the VRM extension (and material extensions) on top.
//
// `facing` picks the model's orientation in the file: VRM 1.0 models face +Z,
// VRM 0.x models face −Z. The generator authors everything facing +Z; for −Z
// the geometry, normals, morph deltas and joints are turned 180° about Y
// (x → −x, z → −z). That is a proper rotation, so triangle winding and the
// skin weights (computed on the authored positions) stay valid.
import type { FaceTarget } from '../face/targets.js';
import { NEUTRAL_POSE } from '../face/pose.js';
import { computeNormals } from '../lib/mesh.js';
import { sub, type Vec3 } from '../lib/vec.js';
import type { MaterialKey } from '../materials.js';
import type { MeshDef } from '../model-types.js';
import { BONES, boneIndex } from '../skeleton.js';
import type { GltfBuilder, Json } from './gltf-builder.js';
import { morphDeltas, packSkin, packVec3, snapNormal, snapPosition } from './quantize.js';

export type Facing = '+z' | '-z';

export interface SceneInput {
  meshes: readonly MeshDef[];
  targets: readonly FaceTarget[];
}

/** Where a morph target lives: glTF mesh index, the node that instantiates it, and the target index. */
export interface TargetRef {
  mesh: number;
  node: number;
  index: number;
}

export interface AvatarScene {
  nodes: Json[];
  meshes: Json[];
  skins: Json[];
  /** Material keys in glTF material index order. */
  materialOrder: MaterialKey[];
  /** Humanoid bone name → glTF node index. */
  bones: ReadonlyMap<string, number>;
  /** Per input mesh (same order): its glTF mesh index and node index. */
  meshRefs: ReadonlyArray<{ def: MeshDef; mesh: number; node: number }>;
  /** Morph target name → every (mesh, node, index) that carries it. */
  targets: ReadonlyMap<string, readonly TargetRef[]>;
  /** Maps an authored (+Z facing) model-space point into the file's frame. */
  orient(p: Vec3): Vec3;
}

const turnY180 = (p: Vec3): Vec3 => [0 - p[0], p[1], 0 - p[2]]; // `0 - v` keeps zeros positive
const asIs = (p: Vec3): Vec3 => p;

/**
 * Adds the avatar's buffers to `gltf` and returns the scene JSON pieces. The
 * order of the builder calls is part of the output format: changing it
 * changes the committed files' bytes.
 */
export function buildAvatarScene(gltf: GltfBuilder, input: SceneInput, facing: Facing): AvatarScene {
  const orient = facing === '+z' ? asIs : turnY180;
  const orientAll = (list: readonly Vec3[]): readonly Vec3[] => (facing === '+z' ? list : list.map(orient));
  const nodes: Json[] = [];

  // Bones: nodes 0 … BONES.length-1, translation relative to the parent.
  for (const bone of BONES) {
    const parent = bone.parent ? BONES[boneIndex(bone.parent)]!.position : ([0, 0, 0] as Vec3);
    nodes.push({ name: bone.name, translation: sub(orient(bone.position), orient(parent)).map(snapPosition) });
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
    const p = orient(b.position);
    ibm.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -snapPosition(p[0]), -snapPosition(p[1]), -snapPosition(p[2]), 1], i * 16);
  });
  const skins = [{ name: 'Armature', joints: BONES.map((_, i) => i), skeleton: 0, inverseBindMatrices: gltf.addMatrices(ibm) }];

  const materialOrder: MaterialKey[] = [];
  const materialIndex = (k: MaterialKey): number => {
    if (!materialOrder.includes(k)) materialOrder.push(k);
    return materialOrder.indexOf(k);
  };

  const meshes: Json[] = [];
  const meshRefs: Array<{ def: MeshDef; mesh: number; node: number }> = [];
  const targets = new Map<string, TargetRef[]>();
  for (const mesh of input.meshes) {
    const bases = mesh.parts.map((part) => {
      const g = part.build(NEUTRAL_POSE);
      return { part, g, pos: packVec3(orientAll(g.positions), snapPosition) };
    });
    // Keep only the targets that move something in this mesh.
    const perTarget = input.targets.map((t) =>
      bases.map(({ part, g, pos }) => {
        const tg = part.build(t.pose);
        if (tg.positions.length !== g.positions.length) throw new Error(`${part.name}/${t.name}: topology changed`);
        return morphDeltas(pos, packVec3(orientAll(tg.positions), snapPosition));
      }),
    );
    const kept = input.targets.map((t, i) => ({ t, deltas: perTarget[i]! })).filter(({ deltas }) => deltas.some((d) => d.some((v) => v !== 0)));
    const nodeIndex = nodes.length;
    const meshIndex = meshes.length;
    kept.forEach(({ t }, k) => {
      const list = targets.get(t.name) ?? [];
      list.push({ mesh: meshIndex, node: nodeIndex, index: k });
      targets.set(t.name, list);
    });

    const primitives = bases.map(({ part, g, pos }, pi) => {
      const normals = g.normals ?? computeNormals(g.positions, g.indices);
      const joints = new Uint8Array(g.positions.length * 4);
      const weights = new Uint8Array(g.positions.length * 4);
      g.positions.forEach((p, v) => {
        // Skin weights are functions of the authored position, whatever the output frame.
        const packed = packSkin(part.skin(p).map(([name, w]) => [boneIndex(name), w] as const));
        joints.set(packed.joints, v * 4);
        weights.set(packed.weights, v * 4);
      });
      const prim: Json = {
        attributes: {
          POSITION: gltf.addFloatAttribute(pos, true),
          NORMAL: gltf.addFloatAttribute(packVec3(orientAll(normals), snapNormal), false),
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
    nodes.push({ name: mesh.name, mesh: meshIndex, skin: 0 });
    meshRefs.push({ def: mesh, mesh: meshIndex, node: nodeIndex });
  }

  return { nodes, meshes, skins, materialOrder, bones: new Map(BONES.map((b, i) => [b.name, i])), meshRefs, targets, orient };
}
