// Bundles the packaging test apps with esbuild, as an application's bundler would (after `npm run build`).
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await esbuild.build({
  entryPoints: [path.join(root, 'test/browser/packaging/react-app.tsx')],
  outfile: path.join(root, 'test/fixtures/generated/react-app.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"development"' },
  logLevel: 'warning',
  // The app imports the package by name, as an application does; here that name is this repository's dist/.
  alias: { 'voice-live-avatar/react': path.join(root, 'dist/react/index.js') },
  absWorkingDir: root,
});
console.log('test apps bundled');
