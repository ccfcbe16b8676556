// Two builds from one source tree (the Shoelace/model-viewer split):
//  - dist/: ES modules for bundlers. lit, three, @pixiv/three-vrm and @azure/msal-browser stay external
//    (three and three-vrm are peer dependencies, so pages never get two copies). Node entry points (./server,
//    the CLI) live here too.
//  - cdn/: one self-registering module for a single <script type="module">, everything bundled and minified;
//    three/VRM and MSAL land in lazily loaded chunks because the source only reaches them through import().
// Both get the AudioWorklet processors as separate module files (worklets/*.js) and the default avatar.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyLitCss, typescript, urlAssets, version } from './scripts/rollup-plugins.mjs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const DIST_EXTERNAL = [
  /^lit(\/.*)?$/,
  /^@lit\//,
  /^three(\/.*)?$/,
  /^@pixiv\/three-vrm/,
  /^@azure\/msal-browser/,
  /^ws$/,
  /^react(\/.*)?$/,
  /^node:/,
  ...builtinModules.map((m) => new RegExp(`^${m}$`)),
];

const onwarn = (warning, warn) => {
  // `this` at module top level in some dependencies is harmless.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

const dist = {
  input: {
    index: 'src/index.ts',
    define: 'src/define.ts',
    'server/index': 'src/server/index.ts',
    'cli/voice-live-lipsync': 'src/cli/voice-live-lipsync.ts',
    'react/index': 'src/react/index.ts',
  },
  external: (id) => DIST_EXTERNAL.some((re) => re.test(id)),
  plugins: [version(pkg.version), minifyLitCss(), urlAssets(), typescript(), nodeResolve({ extensions: ['.ts', '.js'] })],
  output: {
    dir: 'dist',
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: 'src',
    entryFileNames: '[name].js',
    sourcemap: true,
  },
  onwarn,
};

const cdn = {
  input: { 'voice-live-avatar': 'src/cdn.ts' },
  // Let the entry also carry code the lazy chunks share with it (no extra facade request on load).
  preserveEntrySignatures: 'allow-extension',
  plugins: [
    version(pkg.version),
    minifyLitCss(),
    urlAssets({ minify: true }),
    typescript(),
    nodeResolve({ browser: true, extensions: ['.ts', '.js'], exportConditions: ['browser', 'production'] }),
    terser({ module: true, format: { comments: false }, compress: { passes: 2 } }),
  ],
  output: {
    dir: 'cdn',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    manualChunks: (id) => (id.includes('@azure/msal') ? 'msal' : undefined),
    sourcemap: true,
  },
  onwarn,
};

export default [dist, cdn];
