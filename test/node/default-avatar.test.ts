// The committed default avatar: loads with three-vrm in Node, carries the
// licence/permission meta we promise, a full humanoid, every expression the
// lip-sync and emotion code relies on (each visibly moving the face), and is
// exactly what scripts/avatar reproduces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as THREE from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { VRMLoaderPlugin, VRMLookAtExpressionApplier, VRMUtils, type VRM, type VRMMeta } from '@pixiv/three-vrm';
import { generateAvatar } from '../../scripts/avatar/generate.js';
import { maxMorphDisplacement } from './helpers/vrm.js';

const FILE = fileURLToPath(new URL('../../assets/default-avatar.vrm', import.meta.url));
const bytes = readFileSync(FILE);

const REQUIRED_BONES = [
  'hips', 'spine', 'head',
  'leftUpperLeg', 'leftLowerLeg', 'leftFoot', 'rightUpperLeg', 'rightLowerLeg', 'rightFoot',
  'leftUpperArm', 'leftLowerArm', 'leftHand', 'rightUpperArm', 'rightLowerArm', 'rightHand',
] as const;
const OPTIONAL_BONES = ['chest', 'upperChest', 'neck', 'leftShoulder', 'rightShoulder'] as const;
const MOUTH = ['aa', 'ih', 'ou', 'ee', 'oh'];
const BLINK = ['blink', 'blinkLeft', 'blinkRight'];
const EMOTIONS = ['happy', 'sad', 'angry', 'relaxed', 'surprised'];
const LOOK = ['lookUp', 'lookDown', 'lookLeft', 'lookRight'];

async function parse(): Promise<{ gltf: GLTF; vrm: VRM }> {
  const loader = new GLTFLoader();
  loader.register((parser) => new VRMLoaderPlugin(parser));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const gltf = await loader.parseAsync(buffer, '');
  const vrm = gltf.userData.vrm as VRM | undefined;
  assert.ok(vrm, 'VRMLoaderPlugin produced no VRM');
  return { gltf, vrm };
}

let loaded: Promise<{ gltf: GLTF; vrm: VRM }> | undefined;
/** One shared, unmodified load for the read-only checks. */
function load(): Promise<{ gltf: GLTF; vrm: VRM }> {
  loaded ??= parse();
  return loaded;
}

function showOnly(vrm: VRM, weights: Record<string, number>): void {
  const em = vrm.expressionManager!;
  em.resetValues();
  for (const [name, w] of Object.entries(weights)) em.setValue(name, w);
  em.update();
}

test('the file is a small GLB', () => {
  assert.equal(bytes.readUInt32LE(0), 0x46546c67, 'glTF magic');
  assert.ok(bytes.byteLength < 1024 * 1024, `size ${bytes.byteLength} B must stay under 1 MB`);
});

test('meta is VRM 1.0 with our licence and permissive terms', async () => {
  const { vrm } = await load();
  const meta = vrm.meta as VRMMeta;
  assert.equal(meta.metaVersion, '1');
  if (meta.metaVersion !== '1') return;
  assert.ok(meta.name.length > 0);
  assert.ok(meta.version && meta.version.length > 0);
  assert.ok(meta.authors.length > 0);
  assert.equal(meta.licenseUrl, 'https://vrm.dev/licenses/1.0/');
  assert.equal(meta.otherLicenseUrl, 'https://opensource.org/license/mit');
  assert.equal(meta.avatarPermission, 'everyone');
  assert.equal(meta.commercialUsage, 'corporation');
  assert.equal(meta.creditNotation, 'unnecessary');
  assert.equal(meta.allowRedistribution, true);
  assert.equal(meta.modification, 'allowModificationRedistribution');
  assert.equal(meta.allowExcessivelyViolentUsage, false);
  assert.equal(meta.allowExcessivelySexualUsage, false);
  assert.equal(meta.allowPoliticalOrReligiousUsage, false);
  assert.equal(meta.allowAntisocialOrHateUsage, false);
});

test('humanoid has every required bone in a T-pose facing +Z', async () => {
  const { vrm } = await load();
  for (const name of [...REQUIRED_BONES, ...OPTIONAL_BONES]) {
    assert.ok(vrm.humanoid.getRawBoneNode(name), `missing bone ${name}`);
  }
  vrm.scene.updateMatrixWorld(true);
  const at = (name: (typeof REQUIRED_BONES)[number]): THREE.Vector3 => vrm.humanoid.getRawBoneNode(name)!.getWorldPosition(new THREE.Vector3());
  const head = at('head');
  assert.ok(head.y > 1.3 && head.y < 1.7, `head at ${head.y.toFixed(2)} m`);
  // The avatar's left is +X; arms straight out along X; feet near the ground.
  assert.ok(at('leftUpperArm').x > 0 && at('leftHand').x > at('leftLowerArm').x && at('leftLowerArm').x > at('leftUpperArm').x);
  assert.ok(at('rightHand').x < at('rightLowerArm').x && at('rightLowerArm').x < 0);
  assert.ok(Math.abs(at('leftHand').y - at('leftUpperArm').y) < 0.02, 'arms horizontal');
  for (const foot of ['leftFoot', 'rightFoot'] as const) assert.ok(at(foot).y >= 0 && at(foot).y < 0.15);
});

test('the glTF follows the VRM rest-pose rules: no rotation/scale on nodes, no animations or cameras', async () => {
  const { gltf } = await load();
  const json = gltf.parser.json as { nodes: Array<{ rotation?: number[]; scale?: number[]; matrix?: number[] }>; animations?: unknown[]; cameras?: unknown[] };
  for (const n of json.nodes) {
    assert.equal(n.matrix, undefined);
    assert.equal(n.rotation, undefined);
    if (n.scale) assert.ok(n.scale.every((s) => s === n.scale![0] && s > 0));
  }
  assert.equal(json.animations, undefined);
  assert.equal(json.cameras, undefined);
});

test('every expression preset the app uses exists', async () => {
  const { vrm } = await load();
  const em = vrm.expressionManager!;
  for (const name of [...MOUTH, ...BLINK, ...EMOTIONS, ...LOOK, 'neutral']) {
    assert.ok(em.getExpression(name), `missing expression ${name}`);
  }
  assert.deepEqual([...em.mouthExpressionNames].sort(), [...MOUTH].sort());
});

test('each morph expression visibly moves the face', async () => {
  const { vrm } = await load();
  for (const name of [...MOUTH, ...BLINK, ...EMOTIONS, ...LOOK]) {
    showOnly(vrm, { [name]: 1 });
    const moved = maxMorphDisplacement(vrm);
    // 1.5 mm on a ~20 cm head is several pixels at any framing.
    assert.ok(moved > 0.0015, `${name} moves at most ${(moved * 1000).toFixed(2)} mm`);
  }
  showOnly(vrm, {});
  assert.equal(maxMorphDisplacement(vrm), 0, 'at rest nothing is displaced');
});

test('mouth shapes differ clearly from each other', async () => {
  const { vrm } = await load();
  const offsets = (name: string): number[] => {
    showOnly(vrm, { [name]: 1 });
    const out: number[] = [];
    vrm.scene.traverse((o) => {
      const mesh = o as THREE.Mesh;
      const targets = mesh.isMesh ? mesh.geometry.morphAttributes.position : undefined;
      if (!targets || !mesh.morphTargetInfluences) return;
      for (let v = 0; v < mesh.geometry.attributes.position!.count; v++) {
        for (const axis of [0, 1, 2] as const) {
          out.push(mesh.morphTargetInfluences.reduce((sum, w, i) => sum + (w && targets[i]!.getComponent(v, axis) * w), 0));
        }
      }
    });
    return out;
  };
  const shapes = MOUTH.map(offsets);
  for (let i = 0; i < shapes.length; i++) {
    for (let j = i + 1; j < shapes.length; j++) {
      const a = shapes[i]!;
      const b = shapes[j]!;
      let max = 0;
      for (let k = 0; k < a.length; k += 3) max = Math.max(max, Math.hypot(a[k]! - b[k]!, a[k + 1]! - b[k + 1]!, a[k + 2]! - b[k + 2]!));
      assert.ok(max > 0.002, `${MOUTH[i]} and ${MOUTH[j]} differ by only ${(max * 1000).toFixed(2)} mm`);
    }
  }
});

test('emotions leave lip-sync at full strength and damp blinks', async () => {
  const { vrm } = await load();
  const em = vrm.expressionManager!;
  for (const name of ['happy', 'sad', 'angry', 'relaxed']) {
    assert.equal(em.getExpression(name)!.overrideMouth, 'none', name);
    showOnly(vrm, { [name]: 1, aa: 1 });
    assert.ok(em.getExpression('aa')!.outputWeight > 0 && em.getExpression('aa')!.overrideMouthAmount === 0, `${name} + aa`);
  }
  for (const name of EMOTIONS) assert.notEqual(em.getExpression(name)!.overrideBlink, 'block', name);
});

test('look-at is expression-driven and turns the eyes toward the target', async () => {
  const { vrm } = await load();
  const lookAt = vrm.lookAt!;
  assert.ok(lookAt.applier instanceof VRMLookAtExpressionApplier);
  vrm.scene.updateMatrixWorld(true);
  const em = vrm.expressionManager!;
  em.resetValues();
  // A point off to the avatar's left (+X), at eye height.
  lookAt.lookAt(new THREE.Vector3(2, 1.5, 1));
  lookAt.update(0);
  assert.ok(em.getValue('lookLeft')! > 0.5, `lookLeft = ${em.getValue('lookLeft')}`);
  assert.equal(em.getValue('lookRight'), 0);
  em.resetValues();
});

test('face and hair are skinned to the head, so head motion carries them', async () => {
  const { vrm } = await load();
  const meshes: THREE.SkinnedMesh[] = [];
  vrm.scene.traverse((o) => {
    if ((o as THREE.SkinnedMesh).isSkinnedMesh) meshes.push(o as THREE.SkinnedMesh);
  });
  const face = meshes.find((m) => m.name.startsWith('Face'));
  const hair = meshes.find((m) => m.name.startsWith('Hair'));
  assert.ok(face && hair, `skinned meshes: ${meshes.map((m) => m.name).join(', ')}`);
  const probe = (mesh: THREE.SkinnedMesh): THREE.Vector3 => {
    vrm.scene.updateMatrixWorld(true);
    mesh.skeleton.update();
    return mesh.getVertexPosition(0, new THREE.Vector3()).applyMatrix4(mesh.matrixWorld);
  };
  const before = [probe(face), probe(hair)];
  const head = vrm.humanoid.getNormalizedBoneNode('head')!;
  head.rotation.set(0, 0.5, 0);
  vrm.update(0);
  const after = [probe(face), probe(hair)];
  head.rotation.set(0, 0, 0);
  vrm.update(0);
  before.forEach((b, i) => assert.ok(b.distanceTo(after[i]!) > 0.005, `mesh ${i} did not follow the head`));
});

test("survives three-vrm's usual clean-up utilities and first-person setup", async () => {
  const { gltf, vrm } = await parse();
  VRMUtils.removeUnnecessaryVertices(gltf.scene);
  VRMUtils.combineSkeletons(gltf.scene);
  VRMUtils.combineMorphs(vrm);
  vrm.firstPerson?.setup();
  showOnly(vrm, { aa: 1, blink: 1, happy: 0.5 });
  assert.ok(maxMorphDisplacement(vrm) > 0.01, 'expressions still drive the merged morphs');
  vrm.update(1 / 60);
  VRMUtils.deepDispose(vrm.scene);
});

test('the generator reproduces the committed file byte for byte', () => {
  const fresh = generateAvatar();
  assert.equal(fresh.byteLength, bytes.byteLength, 'size differs: run `npx tsx scripts/avatar/build-default-avatar.ts`');
  assert.ok(Buffer.from(fresh).equals(bytes), 'content differs: run `npx tsx scripts/avatar/build-default-avatar.ts`');
});
