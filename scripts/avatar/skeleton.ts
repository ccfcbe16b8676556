// Humanoid skeleton in the VRM 1.0 rest pose: T-pose facing +Z, metres, feet
// on the ground, every bone unrotated and unscaled (translation only), so the
// raw and normalized humanoid bones coincide. Arms and legs are unskinned
// placeholders: the avatar is a bust, but VRM requires the full chain.
import type { Vec3 } from './lib/vec.js';

export interface BoneDef {
  /** VRM humanoid bone name; also used as the glTF node name. */
  name: string;
  parent: string | null;
  /** Model-space position of the joint. */
  position: Vec3;
}

/** The avatar's left is +X (it faces +Z). */
function limbs(side: 'left' | 'right'): BoneDef[] {
  const s = side === 'left' ? 1 : -1;
  const n = (bone: string): string => `${side}${bone}`;
  return [
    { name: n('Shoulder'), parent: 'upperChest', position: [0.03 * s, 1.335, -0.012] },
    { name: n('UpperArm'), parent: n('Shoulder'), position: [0.155 * s, 1.325, -0.015] },
    { name: n('LowerArm'), parent: n('UpperArm'), position: [0.4 * s, 1.325, -0.015] },
    { name: n('Hand'), parent: n('LowerArm'), position: [0.63 * s, 1.325, -0.015] },
    { name: n('UpperLeg'), parent: 'hips', position: [0.085 * s, 0.89, 0] },
    { name: n('LowerLeg'), parent: n('UpperLeg'), position: [0.085 * s, 0.49, 0.005] },
    { name: n('Foot'), parent: n('LowerLeg'), position: [0.085 * s, 0.08, -0.01] },
  ];
}

/** Parents come before children. */
export const BONES: readonly BoneDef[] = [
  { name: 'hips', parent: null, position: [0, 0.94, 0] },
  { name: 'spine', parent: 'hips', position: [0, 1.03, -0.005] },
  { name: 'chest', parent: 'spine', position: [0, 1.14, -0.01] },
  { name: 'upperChest', parent: 'chest', position: [0, 1.25, -0.012] },
  { name: 'neck', parent: 'upperChest', position: [0, 1.37, -0.012] },
  { name: 'head', parent: 'neck', position: [0, 1.43, -0.01] },
  ...limbs('left'),
  ...limbs('right'),
];

export function boneIndex(name: string): number {
  const i = BONES.findIndex((b) => b.name === name);
  if (i < 0) throw new Error(`unknown bone ${name}`);
  return i;
}
