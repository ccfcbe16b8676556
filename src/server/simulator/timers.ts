/**
 * Every timer a connection or response starts goes through a `TimerGroup`, so closing the connection (or the
 * simulator) can clear all of them: `close()` must leave nothing behind that keeps Node alive.
 */

export class TimerGroup {
  private readonly handles = new Set<ReturnType<typeof setTimeout>>();
  private readonly onError: (err: unknown) => void;

  constructor(onError: (err: unknown) => void = () => undefined) {
    this.onError = onError;
  }

  get size(): number {
    return this.handles.size;
  }

  /** Like setTimeout; an exception in `fn` goes to `onError` instead of crashing the process. */
  set(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
    const handle = setTimeout(() => {
      this.handles.delete(handle);
      try {
        fn();
      } catch (err) {
        this.onError(err);
      }
    }, Math.max(0, ms));
    this.handles.add(handle);
    return handle;
  }

  clear(handle: ReturnType<typeof setTimeout> | undefined): void {
    if (handle === undefined) return;
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  clearAll(): void {
    for (const h of this.handles) clearTimeout(h);
    this.handles.clear();
  }
}
