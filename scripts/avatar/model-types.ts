// The in-memory description of the avatar that the GLB writer consumes.
import type { Geometry } from './lib/mesh.js';
import type { Vec3 } from './lib/vec.js';
import type { MaterialKey } from './materials.js';
import type { FacePose } from './face/pose.js';

/** Bone name → weight. Weights of one vertex should sum to 1. */
export type Influences = ReadonlyArray<readonly [string, number]>;

export interface PartDef {
  name: string;
  material: MaterialKey;
  /** Model-space geometry for a face pose (parts that don't deform ignore it). */
  build(pose: FacePose): Geometry;
  /** Skin weights for a model-space rest position. */
  skin(p: Vec3): Influences;
}

export interface MeshDef {
  name: string;
  parts: readonly PartDef[];
  /** VRMC_vrm firstPerson annotation for this mesh. */
  firstPerson: 'auto' | 'both' | 'thirdPersonOnly' | 'firstPersonOnly';
}

/** Memoises a pose → geometry builder so several parts can share one expensive build. */
export function perPose<T>(fn: (pose: FacePose) => T): (pose: FacePose) => T {
  const cache = new Map<FacePose, T>();
  return (pose) => {
    let v = cache.get(pose);
    if (v === undefined) {
      v = fn(pose);
      cache.set(pose, v);
    }
    return v;
  };
}
