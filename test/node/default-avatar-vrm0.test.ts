// The VRM 0.x fixture (test/fixtures/avatars/default-avatar-vrm0.vrm): the
// default avatar written to the VRM 0.x specification. three-vrm must load it
// as a 0.x model, map its blend shape presets onto the 1.0 expression names,
// and after VRMUtils.rotateVRM0 show exactly the VRM 1.0 avatar, facing +Z.
// The generator must reproduce the committed bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as THREE from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { MToonMaterial, VRMLoaderPlugin, VRMLookAtExpressionApplier, VRMUtils, type VRM, type VRM0Meta } from '@pixiv/three-vrm';
import type { VRM as Vrm0Json } from '@pixiv/types-vrm-0.0';
import { generateAvatarVrm0 } from '../../scripts/avatar/generate.js';
import { maxMorphDisplacement } from './helpers/vrm.js';

const read = (path: string) => readFileSync(fileURLToPath(new URL(path, import.meta.url)));
const bytes = read('../fixtures/avatars/default-avatar-vrm0.vrm');
const bytesV1 = read('../../assets/default-avatar.vrm');

const PRESETS_0X = ['a', 'i', 'u', 'e', 'o', 'blink', 'blink_l', 'blink_r', 'joy', 'angry', 'sorrow', 'fun', 'neutral', 'lookup', 'lookdown', 'lookleft', 'lookright'];
const MOUTH = ['aa', 'ih', 'ou', 'ee', 'oh'];
const EMOTIONS = ['happy', 'sad', 'angry', 'relaxed'];
const MORPH_EXPRESSIONS = [...MOUTH, 'blink', 'blinkLeft', 'blinkRight', ...EMOTIONS, 'Surprised', 'lookUp', 'lookDown', 'lookLeft', 'lookRight'];
/** 0.x expression name → the VRM 1.0 preset it stands for in assets/default-avatar.vrm. */
const V1_NAME = (name: string): string => (name === 'Surprised' ? 'surprised' : name);

interface GltfJson {
  extensionsUsed?: string[];
  extensions?: { VRM?: Vrm0Json; VRMC_vrm?: unknown };
  nodes: Array<{ mesh?: number; rotation?: number[]; matrix?: number[] }>;
  meshes: Array<{ primitives: Array<{ targets?: unknown[] }> }>;
  materials: Array<{ name: string; extensions?: Record<string, unknown> }>;
}

function glbJson(glb: typeof bytes): GltfJson {
  const length = glb.readUInt32LE(12);
  assert.equal(glb.readUInt32LE(16), 0x4e4f534a, 'first chunk is JSON');
  return JSON.parse(glb.subarray(20, 20 + length).toString('utf8')) as GltfJson;
}

async function parse(file: typeof bytes): Promise<{ gltf: GLTF; vrm: VRM }> {
  const loader = new GLTFLoader();
  loader.register((parser) => new VRMLoaderPlugin(parser));
  const gltf = await loader.parseAsync(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength), '');
  const vrm = gltf.userData.vrm as VRM | undefined;
  assert.ok(vrm, 'VRMLoaderPlugin produced no VRM');
  return { gltf, vrm };
}

let loaded: Promise<{ gltf: GLTF; vrm: VRM }> | undefined;
/** One shared load, left exactly as the loader produced it (not rotated). */
function load(): Promise<{ gltf: GLTF; vrm: VRM }> {
  loaded ??= parse(bytes);
  return loaded;
}

function showOnly(vrm: VRM, weights: Record<string, number>): void {
  const em = vrm.expressionManager!;
  em.resetValues();
  for (const [name, w] of Object.entries(weights)) em.setValue(name, w);
  em.update();
}

function skinnedMeshes(vrm: VRM): THREE.SkinnedMesh[] {
  const out: THREE.SkinnedMesh[] = [];
  vrm.scene.traverse((o) => {
    if ((o as THREE.SkinnedMesh).isSkinnedMesh) out.push(o as THREE.SkinnedMesh);
  });
  return out;
}

/** World positions of every vertex of a skinned mesh, skinning applied. */
function worldVertices(mesh: THREE.SkinnedMesh): THREE.Vector3[] {
  mesh.skeleton.update();
  const out: THREE.Vector3[] = [];
  for (let v = 0; v < mesh.geometry.attributes.position!.count; v++) out.push(mesh.getVertexPosition(v, new THREE.Vector3()).applyMatrix4(mesh.matrixWorld));
  return out;
}

const boneAt = (vrm: VRM, name: 'head' | 'leftHand' | 'rightHand'): THREE.Vector3 => vrm.humanoid.getRawBoneNode(name)!.getWorldPosition(new THREE.Vector3());

/** Mean world position of the painted eyes, brows and nose line (the FaceFeatures mesh). */
function featuresCentre(vrm: VRM): THREE.Vector3 {
  const points = skinnedMeshes(vrm)
    .filter((m) => m.name.startsWith('FaceFeatures'))
    .flatMap(worldVertices);
  assert.ok(points.length > 0, 'no FaceFeatures vertices');
  return points.reduce((s, p) => s.add(p), new THREE.Vector3()).divideScalar(points.length);
}

test('the file is a small GLB', () => {
  assert.equal(bytes.readUInt32LE(0), 0x46546c67, 'glTF magic');
  assert.equal(bytes.readUInt32LE(4), 2, 'glTF 2.0 container');
  assert.equal(bytes.readUInt32LE(8), bytes.byteLength, 'header length');
  assert.ok(bytes.byteLength < 1024 * 1024, `size ${bytes.byteLength} B must stay under 1 MB`);
});

test('the JSON is VRM 0.x, not 1.0: "VRM" extension, 0.x field shapes and scales', () => {
  const json = glbJson(bytes);
  assert.deepEqual(json.extensionsUsed, ['VRM']);
  assert.equal(json.extensions?.VRMC_vrm, undefined);
  for (const m of json.materials) assert.equal(m.extensions, undefined, `${m.name} carries a glTF extension`);
  const vrm = json.extensions!.VRM!;
  assert.equal(vrm.specVersion, '0.0');

  // Humanoid: an array of {bone, node, useDefaultValues}.
  const bones = vrm.humanoid!.humanBones!;
  assert.ok(Array.isArray(bones));
  for (const b of bones) {
    assert.deepEqual(Object.keys(b).sort(), ['bone', 'node', 'useDefaultValues']);
    assert.equal(json.nodes[b.node!]?.mesh, undefined, `${b.bone} points at a mesh node`);
  }

  // Blend shape groups: every 0.x preset once, plus the custom "Surprised"; binds on glTF meshes, weights 0–100.
  const groups = vrm.blendShapeMaster!.blendShapeGroups!;
  assert.deepEqual(groups.filter((g) => g.presetName !== 'unknown').map((g) => g.presetName).sort(), [...PRESETS_0X].sort());
  const custom = groups.filter((g) => g.presetName === 'unknown');
  assert.deepEqual(custom.map((g) => g.name), ['Surprised']);
  let maxWeight = 0;
  for (const g of groups) {
    assert.ok(g.name, 'every group is named');
    assert.deepEqual(g.materialValues, []);
    for (const bind of g.binds!) {
      const mesh = json.meshes[bind.mesh!];
      assert.ok(mesh, `${g.name}: mesh ${bind.mesh} missing`);
      for (const p of mesh.primitives) assert.ok(bind.index! < (p.targets?.length ?? 0), `${g.name}: mesh ${bind.mesh} has no target ${bind.index}`);
      assert.ok(bind.weight! > 0 && bind.weight! <= 100, `${g.name}: weight ${bind.weight}`);
      maxWeight = Math.max(maxWeight, bind.weight!);
    }
  }
  assert.equal(maxWeight, 100, 'weights use the 0–100 scale');
  for (const g of groups) assert.equal(g.isBinary, ['blink', 'blink_l', 'blink_r'].includes(g.presetName!), `${g.name}.isBinary`);

  // First person: head bone, annotations per glTF mesh, blend-shape look-at with the standard curve.
  const fp = vrm.firstPerson!;
  assert.equal(fp.firstPersonBone, bones.find((b) => b.bone === 'head')!.node);
  assert.deepEqual(fp.meshAnnotations!.map((a) => a.mesh), json.meshes.map((_, i) => i));
  for (const a of fp.meshAnnotations!) assert.ok(['Auto', 'Both', 'ThirdPersonOnly', 'FirstPersonOnly'].includes(a.firstPersonFlag!));
  assert.equal(fp.lookAtTypeName, 'BlendShape');
  for (const map of [fp.lookAtHorizontalInner, fp.lookAtHorizontalOuter, fp.lookAtVerticalDown, fp.lookAtVerticalUp]) {
    assert.deepEqual(map!.curve, [0, 0, 0, 1, 1, 1, 1, 0]);
    assert.equal(map!.yRange, 1);
  }
  // Unity axes: the eyes are in front of the head, +z.
  assert.ok(fp.firstPersonBoneOffset!.z! > 0.05 && fp.firstPersonBoneOffset!.y! > 0.03);

  assert.deepEqual(vrm.secondaryAnimation, { boneGroups: [], colliderGroups: [] });
  // One MToon 0.x property set per glTF material, matched by name.
  assert.deepEqual(vrm.materialProperties!.map((m) => m.name), json.materials.map((m) => m.name));
  for (const m of vrm.materialProperties!) assert.equal(m.shader, 'VRM/MToon');
});

test('the glTF follows the rest-pose rules: no rotated or matrix nodes', () => {
  for (const n of glbJson(bytes).nodes) {
    assert.equal(n.matrix, undefined);
    assert.equal(n.rotation, undefined);
  }
});

test('three-vrm reads VRM 0.x meta with our licence and permissions', async () => {
  const { vrm } = await load();
  assert.equal(vrm.meta.metaVersion, '0');
  const meta = vrm.meta as VRM0Meta;
  assert.ok(meta.title && meta.version && meta.author && meta.contactInformation && meta.reference);
  assert.equal(meta.allowedUserName, 'Everyone');
  assert.equal(meta.violentUssageName, 'Disallow');
  assert.equal(meta.sexualUssageName, 'Disallow');
  assert.equal(meta.commercialUssageName, 'Allow');
  assert.equal(meta.licenseName, 'Other');
  assert.equal(meta.otherLicenseUrl, 'https://opensource.org/license/mit');
});

test('humanoid has hips, neck, head and every required bone', async () => {
  const { vrm } = await load();
  for (const name of ['hips', 'spine', 'chest', 'neck', 'head', 'leftUpperArm', 'leftLowerArm', 'leftHand', 'rightUpperArm', 'rightLowerArm', 'rightHand', 'leftUpperLeg', 'leftLowerLeg', 'leftFoot', 'rightUpperLeg', 'rightLowerLeg', 'rightFoot'] as const) {
    assert.ok(vrm.humanoid.getRawBoneNode(name), `missing bone ${name}`);
  }
  vrm.scene.updateMatrixWorld(true);
  const head = boneAt(vrm, 'head');
  assert.ok(head.y > 1.3 && head.y < 1.7, `head at ${head.y.toFixed(2)} m`);
});

test("0.x presets arrive under three-vrm's 1.0 expression names, and each moves the face", async () => {
  const { vrm } = await load();
  const em = vrm.expressionManager!;
  for (const name of [...MORPH_EXPRESSIONS, 'neutral']) assert.ok(em.getExpression(name), `missing expression ${name}`);
  assert.equal(em.getExpression('surprised'), null, '0.x has no surprised preset');
  assert.deepEqual([...em.mouthExpressionNames].sort(), [...MOUTH].sort());
  for (const name of MORPH_EXPRESSIONS) {
    showOnly(vrm, { [name]: 1 });
    const moved = maxMorphDisplacement(vrm);
    assert.ok(moved > 0.0015, `${name} moves at most ${(moved * 1000).toFixed(2)} mm`);
  }
  showOnly(vrm, {});
  assert.equal(maxMorphDisplacement(vrm), 0, 'at rest nothing is displaced');
});

test('blinks are binary: below half they stay open, above half they close fully', async () => {
  const { vrm } = await load();
  for (const name of ['blink', 'blinkLeft', 'blinkRight']) {
    assert.equal(vrm.expressionManager!.getExpression(name)!.isBinary, true, name);
    showOnly(vrm, { [name]: 0.4 });
    assert.equal(maxMorphDisplacement(vrm), 0, `${name} at 0.4`);
    showOnly(vrm, { [name]: 0.6 });
    const partly = maxMorphDisplacement(vrm);
    showOnly(vrm, { [name]: 1 });
    assert.equal(partly, maxMorphDisplacement(vrm), `${name} at 0.6 is a full blink`);
  }
  showOnly(vrm, {});
});

test('the model faces −Z as stored, and +Z after VRMUtils.rotateVRM0', async () => {
  const { vrm } = await parse(bytes);
  vrm.scene.updateMatrixWorld(true);
  let head = boneAt(vrm, 'head');
  let eyes = featuresCentre(vrm);
  assert.ok(eyes.z < head.z - 0.04, `as stored, eyes at z ${eyes.z.toFixed(3)} should be behind the head centre ${head.z.toFixed(3)}`);
  // The avatar's left is −X while it faces −Z (a rotation, not a mirror image).
  assert.ok(boneAt(vrm, 'leftHand').x < -0.3 && boneAt(vrm, 'rightHand').x > 0.3);

  VRMUtils.rotateVRM0(vrm);
  vrm.update(0);
  vrm.scene.updateMatrixWorld(true);
  head = boneAt(vrm, 'head');
  eyes = featuresCentre(vrm);
  assert.ok(eyes.z > head.z + 0.04, `rotated, eyes at z ${eyes.z.toFixed(3)} should be in front of the head centre ${head.z.toFixed(3)}`);
  assert.ok(boneAt(vrm, 'leftHand').x > 0.3 && boneAt(vrm, 'rightHand').x < -0.3, 'avatar left is +X, like VRM 1.0');
  // The head's forward direction as three-vrm's look-at defines it for 0.x models.
  const forward = vrm.lookAt!.faceFront.clone().applyQuaternion(vrm.humanoid.getRawBoneNode('head')!.getWorldQuaternion(new THREE.Quaternion()));
  assert.ok(forward.z > 0.99, `head forward ${forward.toArray().map((c) => c.toFixed(2)).join(', ')}`);
  VRMUtils.deepDispose(vrm.scene);
});

test('rotated, it is the VRM 1.0 avatar: same vertices, same expression strengths', async () => {
  const [{ vrm: v0 }, { vrm: v1 }] = await Promise.all([parse(bytes), parse(bytesV1)]);
  VRMUtils.rotateVRM0(v0);
  for (const vrm of [v0, v1]) vrm.scene.updateMatrixWorld(true);
  const m0 = skinnedMeshes(v0);
  const m1 = skinnedMeshes(v1);
  assert.deepEqual(m0.map((m) => m.name), m1.map((m) => m.name));
  let worst = 0;
  m0.forEach((mesh, i) => {
    const a = worldVertices(mesh);
    const b = worldVertices(m1[i]!);
    assert.equal(a.length, b.length, `${mesh.name} vertex count`);
    a.forEach((p, v) => (worst = Math.max(worst, p.distanceTo(b[v]!))));
  });
  // Both files snap positions to 1 µm; the rest is float32 skinning noise.
  assert.ok(worst < 1e-5, `vertices differ by up to ${(worst * 1e6).toFixed(1)} µm`);

  for (const name of MORPH_EXPRESSIONS) {
    showOnly(v0, { [name]: 1 });
    showOnly(v1, { [V1_NAME(name)]: 1 });
    const d0 = maxMorphDisplacement(v0);
    const d1 = maxMorphDisplacement(v1);
    assert.ok(Math.abs(d0 - d1) < 1e-6, `${name}: ${d0} vs ${d1}`);
  }
  VRMUtils.deepDispose(v0.scene);
  VRMUtils.deepDispose(v1.scene);
});

test("MToon 0.x properties load through three-vrm's v0compat as the 1.0 avatar's toon materials", async () => {
  const [{ vrm: v0 }, { vrm: v1 }] = await Promise.all([parse(bytes), parse(bytesV1)]);
  const byName = (vrm: VRM): Map<string, MToonMaterial> => {
    const out = new Map<string, MToonMaterial>();
    vrm.scene.traverse((o) => {
      const mesh = o as THREE.Mesh;
      if (!mesh.isMesh) return;
      for (const m of [mesh.material].flat()) {
        assert.ok(m instanceof MToonMaterial, `${mesh.name}: ${m.type} is not MToon`);
        out.set(m.name, m);
      }
    });
    return out;
  };
  const a = byName(v0);
  const b = byName(v1);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  const close = (x: number, y: number, tol: number, what: string): void => assert.ok(Math.abs(x - y) <= tol, `${what}: ${x} vs ${y}`);
  for (const [name, m0] of a) {
    const m1 = b.get(name)!;
    close(m0.shadingToonyFactor, m1.shadingToonyFactor, 1e-5, `${name} toony`);
    close(m0.shadingShiftFactor, m1.shadingShiftFactor, 1e-5, `${name} shift`);
    assert.equal(m0.outlineWidthMode, m1.outlineWidthMode, `${name} outline mode`);
    close(m0.outlineWidthFactor, m1.outlineWidthFactor, 1e-7, `${name} outline width`);
    close(m0.outlineLightingMixFactor, m1.outlineLightingMixFactor, 0, `${name} outline lighting mix`);
    assert.equal(m0.transparent, m1.transparent, `${name} transparent`);
    assert.equal(m0.side, m1.side, `${name} side`);
    close(m0.opacity, m1.opacity, 1e-4, `${name} opacity`);
    // 0.x colours are gamma-encoded and three-vrm decodes them with a 2.2 power, not the sRGB curve: close, not equal.
    for (const key of ['color', 'shadeColorFactor'] as const) {
      const [c0, c1] = [m0[key], m1[key]];
      close(c0.r, c1.r, 0.02, `${name} ${key}.r`);
      close(c0.g, c1.g, 0.02, `${name} ${key}.g`);
      close(c0.b, c1.b, 0.02, `${name} ${key}.b`);
    }
  }
  VRMUtils.deepDispose(v0.scene);
  VRMUtils.deepDispose(v1.scene);
});

test('look-at is blend-shape driven and, once rotated, turns the eyes toward the target', async () => {
  const { vrm } = await parse(bytes);
  VRMUtils.rotateVRM0(vrm);
  vrm.scene.updateMatrixWorld(true);
  const lookAt = vrm.lookAt!;
  assert.ok(lookAt.applier instanceof VRMLookAtExpressionApplier);
  const em = vrm.expressionManager!;
  em.resetValues();
  // A point off to the avatar's left (+X once rotated), at eye height, in front.
  lookAt.lookAt(new THREE.Vector3(2, 1.5, 1));
  lookAt.update(0);
  assert.ok(em.getValue('lookLeft')! > 0.5, `lookLeft = ${em.getValue('lookLeft')}`);
  assert.equal(em.getValue('lookRight'), 0);
  VRMUtils.deepDispose(vrm.scene);
});

test("survives three-vrm's usual clean-up utilities and first-person setup", async () => {
  const { gltf, vrm } = await parse(bytes);
  VRMUtils.removeUnnecessaryVertices(gltf.scene);
  VRMUtils.combineSkeletons(gltf.scene);
  VRMUtils.combineMorphs(vrm);
  VRMUtils.rotateVRM0(vrm);
  vrm.firstPerson?.setup();
  showOnly(vrm, { aa: 1, blink: 1, happy: 0.5 });
  assert.ok(maxMorphDisplacement(vrm) > 0.01, 'expressions still drive the merged morphs');
  vrm.update(1 / 60);
  VRMUtils.deepDispose(vrm.scene);
});

test('the generator reproduces the committed fixture byte for byte', () => {
  const fresh = generateAvatarVrm0();
  assert.equal(fresh.byteLength, bytes.byteLength, 'size differs: run `npx tsx scripts/avatar/build-vrm0-fixture.ts`');
  assert.ok(Buffer.from(fresh).equals(bytes), 'content differs: run `npx tsx scripts/avatar/build-vrm0-fixture.ts`');
});
