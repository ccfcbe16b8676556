// The painted-features mesh parts (eyes, brows, blush), both sides merged per material.
import { mergeGeometries, type Geometry } from '../lib/mesh.js';
import type { MaterialKey } from '../materials.js';
import { perPose, type PartDef } from '../model-types.js';
import { buildBlush, buildBrow, buildNoseLine } from './brows.js';
import type { FaceContext } from './context.js';
import { buildEye, type EyeLayers } from './eyes.js';
import { part, toModel } from './face-parts.js';

export function featureParts(ctx: FaceContext): PartDef[] {
  const eyes = perPose((pose) => [buildEye(ctx, pose, 1), buildEye(ctx, pose, -1)] as const);
  const layer = (name: string, material: MaterialKey, key: keyof EyeLayers): PartDef =>
    part(name, material, (p) => toModel(mergeGeometries(eyes(p).map((e) => e[key]))));
  const both = (build: (side: 1 | -1) => Geometry): Geometry => mergeGeometries([build(1), build(-1)]);
  return [
    layer('EyeWhite', 'eyeWhite', 'white'),
    layer('Iris', 'iris', 'iris'),
    layer('IrisRim', 'irisRim', 'irisRim'),
    layer('Pupil', 'pupil', 'pupil'),
    layer('EyeHighlight', 'highlight', 'highlight'),
    layer('Eyelids', 'skin', 'lids'),
    layer('Lashes', 'lash', 'lash'),
    part('Brows', 'brow', (p) => toModel(both((s) => buildBrow(ctx, p, s)))),
    part('NoseLine', 'noseLine', (p) => toModel(buildNoseLine(ctx, p))),
    part('Blush', 'blush', (p) => toModel(both((s) => buildBlush(ctx, p, s)))),
  ];
}
