/** Helpers for the avatar tests: how far the current expression weights move the avatar's vertices. */
import type * as THREE from 'three';
import type { VRM } from '@pixiv/three-vrm';

/** Largest vertex displacement (m) the current morph influences produce across the avatar. */
export function maxMorphDisplacement(vrm: VRM): number {
  let max = 0;
  vrm.scene.traverse((o) => {
    const mesh = o as THREE.Mesh;
    const targets = mesh.isMesh ? mesh.geometry.morphAttributes.position : undefined;
    if (!targets || !mesh.morphTargetInfluences) return;
    const count = mesh.geometry.attributes.position!.count;
    for (let v = 0; v < count; v++) {
      let dx = 0;
      let dy = 0;
      let dz = 0;
      mesh.morphTargetInfluences.forEach((w, i) => {
        if (w === 0) return;
        dx += targets[i]!.getX(v) * w;
        dy += targets[i]!.getY(v) * w;
        dz += targets[i]!.getZ(v) * w;
      });
      max = Math.max(max, Math.hypot(dx, dy, dz));
    }
  });
  return max;
}
