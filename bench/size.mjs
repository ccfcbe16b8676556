// Bundle sizes (gzip -9 and brotli 11) of what a page downloads, from the CDN build. After `npm run build`:
//   node bench/size.mjs
// "Element without 3D" is everything a conversation without the avatar needs: the entry (Lit and the element
// shell, loaded with the page) plus the session chunk (the conversation runtime, fetched when the user shows
// intent or presses start) and the small chunks they share with the avatar. MSAL and the 3D chunk are separate.
import { readFileSync, readdirSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cdn = path.join(root, 'cdn');
if (!existsSync(cdn)) {
  console.error('cdn/ is missing: run `npm run build` first');
  process.exit(1);
}
const chunks = readdirSync(path.join(cdn, 'chunks')).filter((f) => f.endsWith('.js'));
const find = (prefix) => chunks.filter((f) => f.startsWith(prefix)).map((f) => `chunks/${f}`);
const size = (rel) => {
  const buf = readFileSync(path.join(cdn, rel));
  return {
    raw: buf.length,
    gz: gzipSync(buf, { level: 9 }).length,
    br: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const sum = (files) => files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz, br: a.br + b.br }), { raw: 0, gz: 0, br: 0 });
const shared = chunks.filter((f) => !/^(stage|msal|session)-/.test(f)).map((f) => `chunks/${f}`);
const entry = ['voice-live-avatar.js'];
const session = find('session-');
const rows = [
  ['CDN entry (Lit + element shell; what importing the element costs)', entry],
  ['Session chunk (conversation runtime, loaded on intent / start())', session],
  ['Shared chunks (codecs used by the session and the avatar)', shared],
  ['**Element without 3D** (entry + session + shared)', [...entry, ...session, ...shared]],
  ['3D chunk (three.js, three-vrm, lip-sync engine; only when the avatar is visible)', find('stage-')],
  ['MSAL chunk (only with auth-client-id)', find('msal-')],
  ['Capture worklet', ['worklets/capture-processor.js']],
  ['Playback worklet', ['worklets/playback-processor.js']],
  ['Default avatar (VRM, only when shown)', ['assets/default-avatar.vrm']],
];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const out = ['| What | minified | gzip | brotli |', '|---|---|---|---|'];
let withoutThreeD = null;
for (const [label, files] of rows) {
  const s = sum(files);
  if (label.startsWith('**Element without 3D**')) withoutThreeD = s;
  out.push(`| ${label} | ${kb(s.raw)} | ${kb(s.gz)} | ${kb(s.br)} |`);
}
const verdict = `Element without 3D: ${kb(withoutThreeD.gz)} gzip (target ≤ 25 KB) → ${withoutThreeD.gz <= 25 * 1024 ? 'met' : 'missed'}`;
console.log(out.join('\n'));
console.log(`\n${verdict}`);
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/size.md'), `${out.join('\n')}\n\n${verdict}.\n`);
