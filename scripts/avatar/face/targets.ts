// Morph targets of the face, each a pose of the face rig. The names are the
// VRM 1.0 expression presets they mainly serve (blink uses both blink sides).
import { pose, type FacePose } from './pose.js';

export interface FaceTarget {
  name: string;
  pose: FacePose;
}

/** Jaw rotation (radians) of the shared `jawOpen` target. */
export const JAW_OPEN = 0.2;

/**
 * How far each mouth expression opens the jaw, as a weight on `jawOpen`. The
 * jaw moves half the face, so it is stored once and shared; each vowel's own
 * target only reshapes the lips, teeth and tongue around it.
 */
export const JAW_SHARE = { aa: 1, ih: 0.2, ou: 0.3, ee: 0.15, oh: 0.72, happy: 0.12, surprised: 0.42 } as const;

export const FACE_TARGETS: readonly FaceTarget[] = [
  { name: 'jawOpen', pose: pose({ mouth: { jaw: JAW_OPEN } }) },
  // Vowels: lip width, rounding and how much teeth show tell them apart (plus the jaw, above).
  { name: 'aa', pose: pose({ mouth: { halfWidth: 0.175, upper: 0.05, lower: 0.018, cornerLift: 0.004 } }) },
  { name: 'ih', pose: pose({ mouth: { halfWidth: 0.2, upper: 0.026, lower: 0.012, cornerLift: 0.014, teethUpper: 0.001 } }) },
  { name: 'ou', pose: pose({ mouth: { halfWidth: 0.07, upper: 0.032, lower: 0.028, cornerLift: 0, pucker: 0.0045, teethUpper: -0.003 } }) },
  { name: 'ee', pose: pose({ mouth: { halfWidth: 0.225, upper: 0.036, lower: 0.022, cornerLift: 0.018, teethUpper: 0.0012, teethLower: 0.001 } }) },
  { name: 'oh', pose: pose({ mouth: { halfWidth: 0.115, upper: 0.046, lower: 0.036, cornerLift: 0, pucker: 0.0025 } }) },
  { name: 'blinkLeft', pose: pose({ eyeL: { close: 1 } }) },
  { name: 'blinkRight', pose: pose({ eyeR: { close: 1 } }) },
  {
    name: 'happy',
    pose: pose({
      mouth: { cornerLift: 0.05, halfWidth: 0.195, upper: 0.018, lower: 0.028 },
      eyes: { smile: 0.9 },
      brows: { raise: 0.0018, arch: 0.0012 },
      cheek: 1,
    }),
  },
  {
    name: 'angry',
    pose: pose({
      mouth: { cornerLift: -0.03, halfWidth: 0.14, upper: 0.008, lower: 0.008 },
      eyes: { lidInner: 0.006, close: 0.14 },
      brows: { inner: -0.0062, outer: 0.0018, squeeze: 0.0026, arch: -0.001 },
    }),
  },
  {
    name: 'sad',
    pose: pose({
      mouth: { cornerLift: -0.035, halfWidth: 0.155 },
      eyes: { lidOuter: 0.004, close: 0.18, lowerRaise: 0.08 },
      brows: { inner: 0.005, outer: -0.0018, squeeze: 0.001 },
    }),
  },
  {
    name: 'relaxed',
    pose: pose({
      mouth: { cornerLift: 0.024, halfWidth: 0.18 },
      eyes: { close: 0.42, lowerRaise: 0.12 },
      brows: { raise: 0.0006, outer: -0.0008 },
      cheek: 0.35,
    }),
  },
  {
    name: 'surprised',
    pose: pose({
      mouth: { halfWidth: 0.1, upper: 0.03, lower: 0.026, cornerLift: 0, pucker: 0.0015 },
      eyes: { widen: 0.0016, pupil: 0.8 },
      brows: { raise: 0.0055, arch: 0.0015 },
    }),
  },
  { name: 'lookUp', pose: pose({ eyes: { lookY: 0.0035 } }) },
  { name: 'lookDown', pose: pose({ eyes: { lookY: -0.003 } }) },
  // The avatar's left is +X; "look left" turns the eyes towards it.
  { name: 'lookLeft', pose: pose({ eyes: { lookX: 0.0042 } }) },
  { name: 'lookRight', pose: pose({ eyes: { lookX: -0.0042 } }) },
];
