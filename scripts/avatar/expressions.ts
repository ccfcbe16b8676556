// VRM 1.0 expression presets, expressed as weights on the face morph targets.
import type { ExpressionOverrideType, ExpressionPresetName } from '@pixiv/types-vrmc-vrm-1.0';
import { JAW_SHARE } from './face/targets.js';

export interface ExpressionDef {
  preset: ExpressionPresetName;
  /** Morph target name → weight (bound on every mesh that has that target). */
  binds: ReadonlyArray<readonly [string, number]>;
  overrideBlink?: ExpressionOverrideType;
  overrideLookAt?: ExpressionOverrideType;
  overrideMouth?: ExpressionOverrideType;
}

// Emotions leave the mouth presets alone (overrideMouth "none"): their own mouth
// change is only a corner lift or droop, which adds cleanly on top of the vowel
// shapes, so lip-sync keeps full strength while an emotion shows. ("blend" would
// scale lip-sync down by the emotion weight, muting it entirely at weight 1.)
// Emotions that already move the eyelids "blend" blinks, so lids can't overshoot.
export const EXPRESSIONS: readonly ExpressionDef[] = [
  { preset: 'aa', binds: [['aa', 1], ['jawOpen', JAW_SHARE.aa]] },
  { preset: 'ih', binds: [['ih', 1], ['jawOpen', JAW_SHARE.ih]] },
  { preset: 'ou', binds: [['ou', 1], ['jawOpen', JAW_SHARE.ou]] },
  { preset: 'ee', binds: [['ee', 1], ['jawOpen', JAW_SHARE.ee]] },
  { preset: 'oh', binds: [['oh', 1], ['jawOpen', JAW_SHARE.oh]] },
  { preset: 'blink', binds: [['blinkLeft', 1], ['blinkRight', 1]] },
  { preset: 'blinkLeft', binds: [['blinkLeft', 1]] },
  { preset: 'blinkRight', binds: [['blinkRight', 1]] },
  { preset: 'happy', binds: [['happy', 1], ['jawOpen', JAW_SHARE.happy]], overrideBlink: 'blend', overrideMouth: 'none' },
  { preset: 'angry', binds: [['angry', 1]], overrideBlink: 'blend', overrideMouth: 'none' },
  { preset: 'sad', binds: [['sad', 1]], overrideBlink: 'blend', overrideMouth: 'none' },
  { preset: 'relaxed', binds: [['relaxed', 1]], overrideBlink: 'blend', overrideMouth: 'none' },
  { preset: 'surprised', binds: [['surprised', 1], ['jawOpen', JAW_SHARE.surprised]], overrideBlink: 'blend', overrideMouth: 'blend' },
  { preset: 'lookUp', binds: [['lookUp', 1]] },
  { preset: 'lookDown', binds: [['lookDown', 1]] },
  { preset: 'lookLeft', binds: [['lookLeft', 1]] },
  { preset: 'lookRight', binds: [['lookRight', 1]] },
  { preset: 'neutral', binds: [] },
];
