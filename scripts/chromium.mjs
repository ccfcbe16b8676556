// Debian's Chromium and the flags our tests and benchmarks run it with (no test tool downloads a browser).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FAKE_MIC = path.join(root, 'test/fixtures/generated/fake-mic.wav');

export function chromiumPath() {
  if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
  // The real binary avoids the Debian wrapper script's warnings.
  for (const p of ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  throw new Error('Chromium not found: apt-get install chromium, or set CHROME_PATH');
}

/** Fake microphone playing FAKE_MIC, autoplay allowed, WebGL through SwiftShader, no background traffic. */
export function chromiumArgs(extra = []) {
  return [
    '--no-sandbox',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${FAKE_MIC}`,
    '--autoplay-policy=no-user-gesture-required',
    '--use-gl=angle',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    '--ignore-gpu-blocklist',
    ...extra,
  ];
}
