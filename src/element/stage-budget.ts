/**
 * Browsers cap live WebGL contexts per page (Chromium: 16; the oldest is lost beyond that). Every element
 * with a 3D avatar asks this budget for a slot; when it is full, the avatar that has been off screen the
 * longest gives its slot back (it keeps a still of its last frame), and an element that finds every slot in
 * use by a visible avatar waits for one to free up.
 */

export interface BudgetMember {
  /** On screen now. */
  readonly visible: boolean;
  /** performance.now() when last on screen. */
  readonly lastVisible: number;
  /** Give the slot back (dispose the stage, keep a still). */
  evict(): void;
  /** A slot freed up: try again. */
  retry(): void;
}

export const MAX_LIVE_AVATARS = 8;

const live = new Set<BudgetMember>();
const waiting = new Set<BudgetMember>();

export function acquireSlot(member: BudgetMember): boolean {
  if (live.has(member)) return true;
  if (live.size >= MAX_LIVE_AVATARS) {
    let victim: BudgetMember | null = null;
    for (const m of live) if (!m.visible && (!victim || m.lastVisible < victim.lastVisible)) victim = m;
    if (!victim) {
      waiting.add(member);
      return false;
    }
    live.delete(victim);
    victim.evict();
  }
  waiting.delete(member);
  live.add(member);
  return true;
}

export function releaseSlot(member: BudgetMember): void {
  waiting.delete(member);
  if (!live.delete(member)) return;
  const next = [...waiting].find((m) => m.visible) ?? waiting.values().next().value;
  if (next) {
    waiting.delete(next);
    next.retry();
  }
}

/** Live avatars on the page (tests, diagnostics). */
export function liveAvatarCount(): number {
  return live.size;
}
