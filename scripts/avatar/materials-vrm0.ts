// The palette as VRM 0.x `materialProperties`: UniVRM's MToon 0.x shader
// ("VRM/MToon") with its float, vector, keyword and tag tables.
//
// MToon 0.x and 1.0 parameterise shading differently. three-vrm's v0compat
// layer converts 0.x → 1.0 with
//     toony1 = lerp(toony0, 1, 0.5 + 0.5·shift0),  shift1 = −shift0 − (1 − toony1)
// and the values here are that mapping inverted, so the 0.x avatar renders
// with the same toon bands as the 1.0 one. Colours are stored the Unity way,
// in gamma (sRGB) space; alpha is linear.
import type { Material as Vrm0Material } from '@pixiv/types-vrm-0.0';
import { shadingFactors, type MaterialDef } from './materials.js';

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6 + 0; // `+ 0` turns −0 into 0

/** sRGB hex → gamma-space RGBA as Unity stores a Color. */
function gammaRgba(hex: string, alpha = 1): [number, number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  const ch = (c: number): number => Math.round((c / 255) * 10000) / 10000;
  return [ch((v >> 16) & 255), ch((v >> 8) & 255), ch(v & 255), alpha];
}

/** MToon 1.0 (toony, shift) → the MToon 0.x (_ShadeToony, _ShadeShift) that three-vrm maps back onto them. */
export function mtoon0Shading(toony1: number, shift1: number): { shadeToony: number; shadeShift: number } {
  const shadeShift = -shift1 - (1 - toony1);
  const t = 0.5 + 0.5 * shadeShift;
  // At t = 1 every _ShadeToony gives toony1 = 1; pick 1.
  const shadeToony = t < 1 ? (toony1 - t) / (1 - t) : 1;
  if (shadeShift < -1 || shadeShift > 1 || shadeToony < 0 || shadeToony > 1) {
    throw new Error(`MToon 1.0 toony ${toony1} / shift ${shift1} has no MToon 0.x equivalent`);
  }
  return { shadeToony: round6(shadeToony), shadeShift: round6(shadeShift) };
}

// Unity enum values used by the MToon 0.x shader properties.
const BLEND_MODE = { opaque: 0, transparent: 2 } as const;
const CULL = { off: 0, front: 1, back: 2 } as const;
const BLEND = { zero: 0, one: 1, srcAlpha: 5, oneMinusSrcAlpha: 10 } as const;
const OUTLINE_WIDTH_MODE = { none: 0, worldCoordinates: 1 } as const;
const OUTLINE_COLOR_MODE = { fixed: 0, mixedLighting: 1 } as const;
const RENDER_QUEUE = { geometry: 2000, transparent: 3000 } as const;

/** One `materialProperties` entry; its `name` matches the glTF material's. */
export function mtoon0Material(def: MaterialDef): Vrm0Material {
  const alpha = def.alpha ?? 1;
  const transparent = alpha < 1;
  const outline = def.outline ?? 0;
  const { shadingShiftFactor, shadingToonyFactor } = shadingFactors(def);
  const { shadeToony, shadeShift } = mtoon0Shading(shadingToonyFactor, shadingShiftFactor);
  const keywordMap: Record<string, boolean> = {};
  // three-vrm treats the mere presence of _ALPHABLEND_ON as "transparent" when ordering render queues.
  if (transparent) keywordMap._ALPHABLEND_ON = true;
  if (outline > 0) {
    keywordMap.MTOON_OUTLINE_WIDTH_WORLD = true;
    keywordMap.MTOON_OUTLINE_COLOR_MIXED = true;
  }
  return {
    name: def.name,
    shader: 'VRM/MToon',
    renderQueue: transparent ? RENDER_QUEUE.transparent + (def.queue ?? 0) : RENDER_QUEUE.geometry,
    floatProperties: {
      _Cutoff: 0.5,
      _BumpScale: 1,
      _ReceiveShadowRate: 1,
      _ShadingGradeRate: 1,
      _ShadeShift: shadeShift,
      _ShadeToony: shadeToony,
      _LightColorAttenuation: 0,
      _IndirectLightIntensity: 0.1,
      _RimLightingMix: 0,
      _RimFresnelPower: 1,
      _RimLift: 0,
      // World-coordinate outline width is in centimetres.
      _OutlineWidth: round6(outline * 100),
      _OutlineScaledMaxDistance: 1,
      _OutlineLightingMix: 1,
      _UvAnimScrollX: 0,
      _UvAnimScrollY: 0,
      _UvAnimRotation: 0,
      _MToonVersion: 38,
      _DebugMode: 0,
      _BlendMode: transparent ? BLEND_MODE.transparent : BLEND_MODE.opaque,
      _OutlineWidthMode: outline > 0 ? OUTLINE_WIDTH_MODE.worldCoordinates : OUTLINE_WIDTH_MODE.none,
      _OutlineColorMode: OUTLINE_COLOR_MODE.mixedLighting,
      _CullMode: def.doubleSided ? CULL.off : CULL.back,
      _OutlineCullMode: CULL.front,
      _SrcBlend: transparent ? BLEND.srcAlpha : BLEND.one,
      _DstBlend: transparent ? BLEND.oneMinusSrcAlpha : BLEND.zero,
      _ZWrite: transparent ? 0 : 1,
      _AlphaToMask: 0,
    },
    vectorProperties: {
      _Color: gammaRgba(def.color, alpha),
      _ShadeColor: gammaRgba(def.shade),
      // Texture scale/offset (unused: the avatar has no textures).
      _MainTex: [0, 0, 1, 1],
      _EmissionColor: [0, 0, 0, 1],
      _RimColor: [0, 0, 0, 1],
      _OutlineColor: gammaRgba(def.outlineColor ?? '#000000'),
    },
    textureProperties: {},
    keywordMap,
    tagMap: { RenderType: transparent ? 'Transparent' : 'Opaque' },
  };
}
