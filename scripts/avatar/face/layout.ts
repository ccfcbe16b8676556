// Where things are on the head. All values are metres in head-local space:
// origin at the head centre, +Y up, +Z forward (the avatar's gaze), +X the
// avatar's left. Tune proportions here; the builders only read these numbers.
import { normalize, type Vec3 } from '../lib/vec.js';
import type { Ellipsoid } from './head-shape.js';

/** Head centre in model space. The head bone sits below it, at the top of the neck. */
export const HEAD_CENTER: Vec3 = [0, 1.515, 0];

export const HEAD_BLOBS: readonly Ellipsoid[] = [
  { center: [0, 0.018, -0.004], radii: [0.084, 0.088, 0.089], blend: 0 },
  { center: [0, -0.022, 0.008], radii: [0.071, 0.065, 0.076], blend: 0.03 },
  { center: [0.032, -0.036, 0.03], radii: [0.036, 0.03, 0.042], blend: 0.02 },
  { center: [-0.032, -0.036, 0.03], radii: [0.036, 0.03, 0.042], blend: 0.02 },
  { center: [0, -0.062, 0.036], radii: [0.027, 0.024, 0.03], blend: 0.02 },
  { center: [0, -0.022, 0.08], radii: [0.009, 0.008, 0.009], blend: 0.006 },
];

/** Where the little nose line is drawn: just under the tip. */
export const NOSE_ANCHOR: Vec3 = normalize([0.001, -0.0305, 0.08]);

/** Direction from the head centre through the middle of the mouth. */
export const MOUTH_AXIS: Vec3 = normalize([0, -0.6, 0.8]);

/** Eye placement: centre direction (for the left eye; the right one is mirrored) and outline size. */
export const EYE = {
  center: normalize([0.034, -0.012, 0.076]) as Vec3,
  halfWidth: 0.0138,
  halfHeightTop: 0.0165,
  halfHeightBottom: 0.0142,
  /** Superellipse exponent of the outline: 2 = ellipse, larger = boxier. */
  roundness: 2.3,
  /** How much higher the outer corner sits than the inner one (m). */
  cornerTilt: 0.0016,
  irisRadius: [0.0097, 0.0112] as const,
  irisCenter: [0, -0.0008] as const,
  pupilRadius: [0.0045, 0.0058] as const,
  /** Skin margin around the eye that the lids cover; hides an iris that looks far aside. */
  lidMargin: 0.0045,
};

/** Layer heights above the skin (m): painted-on features stacked without z-fighting. */
export const LAYER = {
  blush: 0.00012,
  white: 0.00025,
  iris: 0.0005,
  pupil: 0.0007,
  highlight: 0.0009,
  lowerLid: 0.00105,
  upperLid: 0.00115,
  lowerLash: 0.00125,
  upperLash: 0.00135,
  lidRimEdge: 0.00055,
  brow: 0.0015,
};
