// A face "rig" described as numbers. The neutral pose is the base mesh; every
// morph target is the same geometry rebuilt with a different pose, so all
// targets share one topology and mix linearly.

export interface MouthPose {
  /** Half-width of the lip line, in radians of arc around the mouth axis. */
  halfWidth: number;
  /** How far the upper / lower lip edge sits from the lip line (radians), before the jaw moves. */
  upper: number;
  lower: number;
  /** Raises the mouth corners (radians); negative frowns. */
  cornerLift: number;
  /** Jaw rotation (radians) about the hinge below the ears. */
  jaw: number;
  /** Pushes the lips outward (m), for rounded vowels. */
  pucker: number;
  /** Moves the upper teeth down / lower teeth up (m) so spread vowels show them. */
  teethUpper: number;
  teethLower: number;
}

export interface EyePose {
  /** 0 open … 1 closed: the upper lid slides down to the closed-eye line. */
  close: number;
  /** 0 … 1: both lids meet on an upward arch, the "smiling eyes" shape. */
  smile: number;
  /** Lowers the inner / outer end of the upper lid (m): angry / sad slants. */
  lidInner: number;
  lidOuter: number;
  /** Raises the lower lid (0 … 1 towards the closed line). */
  lowerRaise: number;
  /** Enlarges the eye opening (m), for surprise. */
  widen: number;
  /** Shifts the iris (m, screen axes: +x = avatar's left, +y = up). */
  lookX: number;
  lookY: number;
  /** Scales the pupil (1 = rest). */
  pupil: number;
}

export interface BrowPose {
  /** Whole-brow lift (m). */
  raise: number;
  /** Extra lift of the inner / outer end (m). */
  inner: number;
  outer: number;
  /** Extra arch height at the middle (m). */
  arch: number;
  /** Moves the brow towards the nose (m). */
  squeeze: number;
}

export interface FacePose {
  mouth: MouthPose;
  /** [left (+X), right (−X)] */
  eyes: readonly [EyePose, EyePose];
  brows: readonly [BrowPose, BrowPose];
  /** 0 … 1: cheeks push up (smiles). */
  cheek: number;
}

export const NEUTRAL_MOUTH: MouthPose = {
  halfWidth: 0.17,
  upper: 0.011,
  lower: 0.011,
  cornerLift: 0.012,
  jaw: 0,
  pucker: 0,
  teethUpper: 0,
  teethLower: 0,
};

export const NEUTRAL_EYE: EyePose = {
  close: 0,
  smile: 0,
  lidInner: 0,
  lidOuter: 0,
  lowerRaise: 0,
  widen: 0,
  lookX: 0,
  lookY: 0,
  pupil: 1,
};

export const NEUTRAL_BROW: BrowPose = { raise: 0, inner: 0, outer: 0, arch: 0, squeeze: 0 };

export const NEUTRAL_POSE: FacePose = {
  mouth: NEUTRAL_MOUTH,
  eyes: [NEUTRAL_EYE, NEUTRAL_EYE],
  brows: [NEUTRAL_BROW, NEUTRAL_BROW],
  cheek: 0,
};

export interface PoseEdit {
  mouth?: Partial<MouthPose>;
  /** Applied to both eyes unless `eyeL` / `eyeR` is given. */
  eyes?: Partial<EyePose>;
  eyeL?: Partial<EyePose>;
  eyeR?: Partial<EyePose>;
  brows?: Partial<BrowPose>;
  cheek?: number;
}

/** The neutral pose with some fields replaced. */
export function pose(edit: PoseEdit): FacePose {
  const eye = (side?: Partial<EyePose>): EyePose => ({ ...NEUTRAL_EYE, ...edit.eyes, ...side });
  const brow: BrowPose = { ...NEUTRAL_BROW, ...edit.brows };
  return {
    mouth: { ...NEUTRAL_MOUTH, ...edit.mouth },
    eyes: [eye(edit.eyeL), eye(edit.eyeR)],
    brows: [brow, brow],
    cheek: edit.cheek ?? 0,
  };
}
