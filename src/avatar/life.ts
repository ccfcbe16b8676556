/**
 * Life motions, pure and DOM-free: natural blinks (random 2–6 s intervals, sometimes doubled; quick close,
 * slower open), breathing, small head motion that grows while speaking, and gaze at the camera with small
 * saccades. Reduced motion keeps the face alive but calm: slower, fewer blinks, no sway, no saccades.
 */

export interface LifeInput {
  dtMs: number;
  speaking: boolean;
  /** Mouth openness 0..1 (energy of what is heard). */
  level: number;
  reduced: boolean;
}

export interface LifePose {
  blink: number;
  /** Radians, applied to the chest/spine for breathing. */
  breath: number;
  headYaw: number;
  headPitch: number;
  headRoll: number;
  /** Gaze offset from the camera, radians. */
  gazeYaw: number;
  gazePitch: number;
}

const CLOSE_MS = 70;
const HOLD_MS = 40;
const OPEN_MS = 130;

export class LifeMotion {
  private readonly random: () => number;
  private t = 0;
  private nextBlinkAt: number;
  private blinkStart = -1;
  private doubleBlink = false;
  private nextSaccadeAt: number;
  private gazeYaw = 0;
  private gazePitch = 0;
  private targetGazeYaw = 0;
  private targetGazePitch = 0;
  private energy = 0;
  private readonly phase: [number, number, number];

  constructor(random: () => number = Math.random) {
    this.random = random;
    this.nextBlinkAt = 1500 + random() * 2500;
    this.nextSaccadeAt = 800 + random() * 1500;
    this.phase = [random() * 100, random() * 100, random() * 100];
  }

  update(input: LifeInput): LifePose {
    const dt = Math.max(0, Math.min(100, input.dtMs));
    this.t += dt;
    const t = this.t;

    // Blink: close fast, hold, open slower; now and then a second blink right after.
    let blink = 0;
    if (this.blinkStart < 0 && t >= this.nextBlinkAt) {
      this.blinkStart = t;
    }
    if (this.blinkStart >= 0) {
      const e = t - this.blinkStart;
      if (e < CLOSE_MS) blink = e / CLOSE_MS;
      else if (e < CLOSE_MS + HOLD_MS) blink = 1;
      else if (e < CLOSE_MS + HOLD_MS + OPEN_MS) blink = 1 - (e - CLOSE_MS - HOLD_MS) / OPEN_MS;
      else {
        this.blinkStart = -1;
        const again = !this.doubleBlink && this.random() < (input.reduced ? 0.05 : 0.18);
        this.doubleBlink = again;
        const interval = input.reduced ? 4000 + this.random() * 4000 : 2000 + this.random() * 4000;
        this.nextBlinkAt = t + (again ? 120 : interval);
      }
      blink = blink * blink * (3 - 2 * blink); // smoothstep: eyelids ease in and out
    }

    // Speaking energy drives how lively the head is (a slow follower of the mouth level).
    const k = 1 - Math.exp(-dt / 250);
    this.energy += ((input.speaking ? 0.5 + input.level : 0) - this.energy) * k;

    const s = t / 1000;
    const breath = (input.reduced ? 0.006 : 0.012) * Math.sin(2 * Math.PI * 0.22 * s);
    let headYaw = 0;
    let headPitch = 0;
    let headRoll = 0;
    if (!input.reduced) {
      const amp = 0.025 + 0.05 * this.energy;
      const [a, b, c] = this.phase;
      headYaw = amp * (0.6 * Math.sin(0.31 * s + a) + 0.4 * Math.sin(0.77 * s + b));
      headPitch = amp * 0.7 * (0.6 * Math.sin(0.43 * s + b) + 0.4 * Math.sin(1.9 * s + c) * this.energy);
      headRoll = amp * 0.5 * Math.sin(0.23 * s + c);
    }

    // Gaze: look at the camera, with a small saccade now and then (never under reduced motion).
    if (!input.reduced && t >= this.nextSaccadeAt) {
      const away = this.random() < 0.7;
      this.targetGazeYaw = away ? (this.random() - 0.5) * 0.16 : 0;
      this.targetGazePitch = away ? (this.random() - 0.5) * 0.1 : 0;
      this.nextSaccadeAt = t + 600 + this.random() * 2400;
    } else if (input.reduced) {
      this.targetGazeYaw = 0;
      this.targetGazePitch = 0;
    }
    const g = 1 - Math.exp(-dt / 30); // saccades are fast
    this.gazeYaw += (this.targetGazeYaw - this.gazeYaw) * g;
    this.gazePitch += (this.targetGazePitch - this.gazePitch) * g;

    return { blink, breath, headYaw, headPitch, headRoll, gazeYaw: this.gazeYaw, gazePitch: this.gazePitch };
  }
}
