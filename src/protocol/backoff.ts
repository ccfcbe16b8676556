/** Exponential backoff with full jitter over the upper half: spreads reconnect storms, never waits 0. */
export interface BackoffOptions {
  baseMs?: number;
  maxMs?: number;
  random?: () => number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 15000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Close codes after which retrying the same credentials and parameters cannot help (protocol §11):
 * policy violation, unsupported data, missing extension.
 */
export function isRetryableClose(code: number): boolean {
  return code !== 1000 && code !== 1003 && code !== 1008 && code !== 1010;
}
