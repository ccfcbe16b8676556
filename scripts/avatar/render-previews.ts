// Renders PNG previews of the avatar in headless Chromium (three + three-vrm,
// WebGL2 via SwiftShader) into .tmp/avatar-previews/.
//   npx tsx scripts/avatar/render-previews.ts [avatar.vrm]
// SHOTS=a,b renders only those shots; PREVIEW_PREFIX=vrm0- prefixes the PNG names.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import type { Shot } from './preview/preview-page.js';
import { PREVIEW_SHOTS, SHEETS } from './preview/shots.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const avatarPath = resolve(process.argv[2] ?? 'assets/default-avatar.vrm');
const outDir = resolve('.tmp/avatar-previews');
const only = process.env.SHOTS?.split(',');
const prefix = process.env.PREVIEW_PREFIX ?? '';

const bundle = await build({
  entryPoints: [resolve(import.meta.dirname, 'preview/preview-page.ts')],
  bundle: true,
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const pageJs = bundle.outputFiles[0]!.text;
const avatar = readFileSync(avatarPath);

const server = createServer((req, res) => {
  if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(pageJs);
  else if (req.url === '/avatar.vrm') res.writeHead(200, { 'content-type': 'model/gltf-binary' }).end(avatar);
  else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/page.js"></script>');
});
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--headless=new', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
});
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log(`[page] ${m.text()}`));
  page.on('pageerror', (e) => console.error(`[page error] ${String(e)}`));
  await page.goto(base);
  await page.waitForFunction('globalThis.avatarPreview !== undefined');
  const names = await page.evaluate(`globalThis.avatarPreview.load('/avatar.vrm')`);
  console.log('expressions:', (names as string[]).join(' '));
  mkdirSync(outDir, { recursive: true });
  const save = (name: string, url: string): void => writeFileSync(resolve(outDir, `${prefix}${name}.png`), Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
  const rendered = new Map<string, string>();
  // SHOT_JSON='{"name":{...Shot}}' renders ad-hoc shots (handy while tuning).
  const extra = process.env.SHOT_JSON ? (JSON.parse(process.env.SHOT_JSON) as Record<string, Shot>) : {};
  for (const [name, shot] of Object.entries({ ...PREVIEW_SHOTS, ...extra })) {
    if (only && !only.includes(name) && !(name in extra)) continue;
    const url = (await page.evaluate(`globalThis.avatarPreview.render(${JSON.stringify(shot satisfies Shot)})`)) as string;
    save(name, url);
    rendered.set(name, url);
  }
  console.log(`rendered ${rendered.size} shots`);
  // Contact sheets of whatever was rendered, grouped by name prefix.
  for (const [sheetName, prefixes] of Object.entries(SHEETS)) {
    const items = [...rendered].filter(([n]) => prefixes.some((p) => n.startsWith(p)));
    if (items.length < 2) continue;
    save(`sheet-${sheetName}`, (await page.evaluate(`globalThis.avatarPreview.sheet(${JSON.stringify(items)}, ${Math.min(4, items.length)}, 320)`)) as string);
  }
} finally {
  await browser.close();
  server.close();
}
