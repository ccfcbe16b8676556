/**
 * Runs a benchmark in real Chromium against the local simulator on loopback: starts the demo server (static
 * files + simulator), opens bench/pages/bench.html with the fake microphone, and hands the page to `fn`.
 * Needs `npm run build` (the page loads the CDN build) and the test fixtures (`npm run fixtures`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import type { Page } from 'puppeteer-core';
import { startDemoServer } from '../src/server/demo-server.js';
import type { SimulatorOptions } from '../src/server/simulator.js';
import { chromiumArgs, chromiumPath, FAKE_MIC } from '../scripts/chromium.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function withBenchPage<T>(fn: (page: Page, origin: string) => Promise<T>, simulator: SimulatorOptions = {}): Promise<T> {
  if (!existsSync(path.join(ROOT, 'cdn/voice-live-avatar.js'))) throw new Error('cdn/ is missing: run `npm run build` first');
  if (!existsSync(FAKE_MIC)) throw new Error('the fake microphone is missing: run `npm run fixtures` first');
  const server = await startDemoServer({ port: 0, root: ROOT, simulator });
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Long page functions (the 20-minute soak) must not hit the DevTools call timeout.
    protocolTimeout: 3 * 60 * 60 * 1000,
    args: chromiumArgs(['--enable-precise-memory-info', '--js-flags=--expose-gc']),
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 900, height: 900 });
    page.on('pageerror', (e) => console.error('page error:', (e as Error).message));
    // tsx compiles page functions with esbuild's keepNames helper; give the page that helper.
    await page.evaluateOnNewDocument('globalThis.__name = (f) => f');
    await page.goto(`${server.url}bench/pages/bench.html`);
    await page.waitForFunction(() => !!customElements.get('voice-live-avatar'));
    return await fn(page, server.url.replace(/\/$/, ''));
  } finally {
    await browser.close();
    await server.close();
  }
}

export function stats(values: number[]): { n: number; median: number; p95: number; mean: number; min: number; max: number } {
  const v = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))];
  const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  return { n: v.length, median: q(0.5), p95: q(0.95), mean, min: v[0], max: v[v.length - 1] };
}

export const fmt = (x: number | undefined, digits = 1) => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));
