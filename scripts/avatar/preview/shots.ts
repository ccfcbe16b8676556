// The preview shots: framings, mouth presets, emotions, blink, gaze.
import type { Shot } from './preview-page.js';

const HEAD: Shot = { target: [0, 1.51, 0], height: 0.3 };
const BUST: Shot = { target: [0, 1.42, 0], height: 0.6 };

const face = (expressions: Record<string, number>, extra: Partial<Shot> = {}): Shot => ({ ...HEAD, expressions, ...extra });

export const PREVIEW_SHOTS: Record<string, Shot> = {
  'neutral-head': HEAD,
  'neutral-bust': BUST,
  'neutral-upper': { target: [0, 1.3, 0], height: 0.95 },
  'neutral-3q': { ...HEAD, yaw: 35 },
  'neutral-side': { ...HEAD, yaw: 90 },
  'neutral-low': { ...HEAD, pitch: -15 },
  'mouth-aa': face({ aa: 1 }),
  'mouth-ih': face({ ih: 1 }),
  'mouth-ou': face({ ou: 1 }),
  'mouth-ee': face({ ee: 1 }),
  'mouth-oh': face({ oh: 1 }),
  'mouth-aa-3q': face({ aa: 1 }, { yaw: 35 }),
  'emotion-happy': face({ happy: 1 }),
  'emotion-angry': face({ angry: 1 }),
  'emotion-sad': face({ sad: 1 }),
  'emotion-relaxed': face({ relaxed: 1 }),
  'emotion-surprised': face({ surprised: 1 }),
  'blink': face({ blink: 1 }),
  'blink-half': face({ blink: 0.5 }),
  'blink-left': face({ blinkLeft: 1 }),
  'happy-aa': face({ happy: 0.7, aa: 0.8 }),
  'sad-oh': face({ sad: 0.7, oh: 0.8 }),
  'look-left': face({}, { lookAt: [1.5, 1.52, 1.5] }),
  'look-up': face({}, { lookAt: [0, 2.6, 1.5] }),
  'head-turn': face({ ee: 0.6 }, { headYaw: 25 }),
  'zoom-ou': { target: [0, 1.46, 0.05], height: 0.08, expressions: { ou: 1 } },
  'zoom-ee': { target: [0, 1.46, 0.05], height: 0.08, expressions: { ee: 1 } },
  'zoom-neutral': { target: [0, 1.46, 0.05], height: 0.08 },
  'zoom-aa': { target: [0, 1.46, 0.05], height: 0.08, expressions: { aa: 1 } },
};

/** Contact sheets: name → shot-name prefixes. */
export const SHEETS: Record<string, string[]> = {
  framing: ['neutral-'],
  mouth: ['neutral-head', 'mouth-'],
  emotion: ['neutral-head', 'emotion-', 'happy-', 'sad-'],
  eyes: ['blink', 'look-', 'head-turn'],
  zoom: ['zoom-'],
};
