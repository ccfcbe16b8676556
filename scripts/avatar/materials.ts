// Palette and toon materials. Colours are authored in sRGB hex and written as
// the linear factors glTF expects. Each material carries VRMC_materials_mtoon
// (three-vrm renders it as a toon shader) over a plain PBR fallback for
// viewers that only speak glTF.

export interface MaterialDef {
  name: string;
  color: string;
  shade: string;
  /** Outline width in metres (MToon world-coordinate outline); 0 = none. */
  outline?: number;
  outlineColor?: string;
  doubleSided?: boolean;
  /** < 1 makes the material alpha-blended. */
  alpha?: number;
  /** MToon shading: 1 = hard toon edge, 0 = soft Lambert. */
  toony?: number;
  /** MToon shading shift: negative widens the lit area. */
  shift?: number;
  /** Draw order among transparent materials (MToon renderQueueOffsetNumber). */
  queue?: number;
}

export const MATERIALS = {
  skin: { name: 'Skin', color: '#ffe3d3', shade: '#f2b7a6', outline: 0.0008, outlineColor: '#a8645a', toony: 0.8, shift: -0.15 },
  mouth: { name: 'MouthInside', color: '#7e2f3b', shade: '#4c1720', toony: 0.5 },
  teeth: { name: 'Teeth', color: '#fdfbf6', shade: '#d9d4cf', toony: 0.7, doubleSided: true },
  tongue: { name: 'Tongue', color: '#d96b76', shade: '#a94a56', toony: 0.6 },
  eyeWhite: { name: 'EyeWhite', color: '#ffffff', shade: '#e4e7f0', toony: 0.9, shift: -0.4 },
  iris: { name: 'Iris', color: '#3f8fc4', shade: '#2f6f9e', toony: 0.9, shift: -0.4 },
  irisRim: { name: 'IrisRim', color: '#1f3f66', shade: '#18304f', toony: 0.9, shift: -0.4 },
  pupil: { name: 'Pupil', color: '#161a2a', shade: '#11131f', toony: 0.9, shift: -0.4 },
  highlight: { name: 'EyeHighlight', color: '#ffffff', shade: '#ffffff', toony: 1, shift: -1 },
  lash: { name: 'Lash', color: '#2b1d1f', shade: '#201517', toony: 0.9, shift: -0.4 },
  brow: { name: 'Brow', color: '#553628', shade: '#3f271d', toony: 0.9, shift: -0.4 },
  noseLine: { name: 'NoseLine', color: '#e2a08e', shade: '#cf8c7b', toony: 0.9, shift: -0.4 },
  blush: { name: 'Blush', color: '#ff8f8f', shade: '#f07a7a', alpha: 0.28, toony: 0.9, shift: -0.4, queue: 0 },
  hair: { name: 'Hair', color: '#6a4331', shade: '#442a20', outline: 0.0008, outlineColor: '#2a1812', doubleSided: true, toony: 0.85, shift: -0.05 },
  hairShine: { name: 'HairShine', color: '#875a45', shade: '#5e3c2e', toony: 0.85, shift: -0.05 },
  hairInner: { name: 'HairInner', color: '#4a2d21', shade: '#341e16', toony: 0.85, shift: 0.1 },
  shirt: { name: 'Shirt', color: '#5b8def', shade: '#3e66bb', outline: 0.001, outlineColor: '#233d73', toony: 0.85, shift: -0.1 },
  badge: { name: 'Badge', color: '#ffd25e', shade: '#f0b43c', toony: 0.9, shift: -0.3 },
  collar: { name: 'Collar', color: '#fbfbfb', shade: '#d3d9e6', outline: 0.0008, outlineColor: '#6b7590', toony: 0.85, shift: -0.1 },
} satisfies Record<string, MaterialDef>;

export type MaterialKey = keyof typeof MATERIALS;

const round4 = (x: number): number => Math.round(x * 10000) / 10000;

/** sRGB hex → linear RGB factors, rounded so the JSON stays short and stable. */
export function linearRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  const ch = (c: number): number => {
    const s = c / 255;
    return round4(s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4);
  };
  return [ch((v >> 16) & 255), ch((v >> 8) & 255), ch(v & 255)];
}

/** MToon 1.0 shading factors of a palette entry (MToon's defaults filled in). */
export function shadingFactors(def: MaterialDef): { shadingShiftFactor: number; shadingToonyFactor: number } {
  return { shadingShiftFactor: def.shift ?? 0, shadingToonyFactor: def.toony ?? 0.9 };
}

/** Plain glTF material JSON (PBR fallback, blending, sidedness) for one palette entry, without extensions. */
export function gltfMaterialJson(def: MaterialDef): Record<string, unknown> {
  const alpha = def.alpha ?? 1;
  return {
    name: def.name,
    pbrMetallicRoughness: { baseColorFactor: [...linearRgb(def.color), alpha], metallicFactor: 0, roughnessFactor: 0.9 },
    ...(alpha < 1 ? { alphaMode: 'BLEND' } : {}),
    ...(def.doubleSided ? { doubleSided: true } : {}),
  };
}

/** glTF material JSON (with the MToon extension) for one palette entry; MToon defaults are left out. */
export function materialJson(def: MaterialDef): Record<string, unknown> {
  const outline = def.outline ?? 0;
  const { shadingShiftFactor, shadingToonyFactor } = shadingFactors(def);
  const mtoon: Record<string, unknown> = {
    specVersion: '1.0',
    shadeColorFactor: linearRgb(def.shade),
    shadingShiftFactor,
    shadingToonyFactor,
  };
  if (outline > 0) {
    Object.assign(mtoon, { outlineWidthMode: 'worldCoordinates', outlineWidthFactor: outline, outlineColorFactor: linearRgb(def.outlineColor ?? '#000000') });
  }
  if (def.queue) mtoon.renderQueueOffsetNumber = def.queue;
  return { ...gltfMaterialJson(def), extensions: { VRMC_materials_mtoon: mtoon } };
}
