/**
 * Camera framings computed from the avatar's head bone (pure math, no three.js): how far back and how high
 * the camera sits so that `head`, `bust` or `upper` fill the view whatever the model's size.
 */
import type { Framing } from '../config/attributes.js';

export interface CameraPlacement {
  /** Camera position (metres, model space: +Z towards the viewer). */
  position: [number, number, number];
  /** Point the camera looks at. */
  target: [number, number, number];
}

/** Vertical extent shown for each framing, in multiples of the head's height, and where the head sits. */
const SPANS: Record<Framing, { heads: number; headAt: number }> = {
  head: { heads: 1.35, headAt: 0.5 },
  bust: { heads: 2.1, headAt: 0.67 },
  upper: { heads: 3.3, headAt: 0.76 },
};

/**
 * @param headCenter world position of the head's centre (between the eyes, roughly)
 * @param headHeight height of the head in metres (about 0.22–0.28 for human-proportioned models)
 * @param fovDeg vertical field of view
 * @param aspect viewport width / height (narrow viewports back off so the shoulders still fit)
 */
export function placeCamera(
  framing: Framing,
  headCenter: [number, number, number],
  headHeight: number,
  fovDeg: number,
  aspect: number,
): CameraPlacement {
  const span = SPANS[framing] ?? SPANS.bust;
  let visible = span.heads * Math.max(0.12, headHeight);
  // Keep roughly 1.6 head-widths of horizontal room in portrait viewports.
  const minWidth = (framing === 'head' ? 1.3 : framing === 'bust' ? 2.2 : 3) * headHeight;
  if (aspect > 0 && visible * aspect < minWidth) visible = minWidth / aspect;
  const distance = visible / 2 / Math.tan(((fovDeg / 2) * Math.PI) / 180);
  // The view's centre sits below the head so the head lands at `headAt` of the height from the bottom.
  const centreY = headCenter[1] - (span.headAt - 0.5) * visible;
  return {
    position: [headCenter[0], centreY, headCenter[2] + distance],
    target: [headCenter[0], centreY, headCenter[2]],
  };
}
