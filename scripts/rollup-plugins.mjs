// Rollup plugins used by rollup.config.mjs. Small on purpose: TypeScript is transpiled by esbuild (type
// checking is `npm run typecheck`), and file references written as `new URL('./x', import.meta.url)` are
// emitted as real files next to the output so worklets and the default avatar are never blob:/data: URLs.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const TS_OPTIONS = {
  loader: 'ts',
  target: 'es2022',
  tsconfigRaw: {
    compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false, verbatimModuleSyntax: true },
  },
};

/** Resolves `./x.js` imports written in TypeScript sources to `./x.ts` and transpiles `.ts` with esbuild. */
export function typescript() {
  return {
    name: 'vla-typescript',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !importer.endsWith('.ts')) return null;
      const base = path.resolve(path.dirname(importer), source);
      if (source.endsWith('.js')) {
        const ts = base.slice(0, -3) + '.ts';
        if (existsSync(ts)) return ts;
      }
      if (!path.extname(source) && existsSync(base + '.ts')) return base + '.ts';
      return null;
    },
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const result = await esbuild.transform(code, { ...TS_OPTIONS, sourcefile: id, sourcemap: true });
      return { code: result.code, map: result.map };
    },
  };
}

const URL_PATTERN = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * Emits files referenced as `new URL('./rel', import.meta.url)`:
 *  - `*.js` whose `.ts` source exists under src/audio/worklets → bundled (one self-contained module each, as
 *    AudioWorkletGlobalScope needs) into `worklets/<name>.js`;
 *  - any other existing file (the default `.vrm`) → copied to `assets/<name>`.
 * The expression becomes `import.meta.ROLLUP_FILE_URL_…`, which rollup resolves per output (see resolveFileUrl).
 */
export function urlAssets({ minify = false } = {}) {
  const cache = new Map();
  const refs = new Set();
  return {
    name: 'vla-url-assets',
    // Keep the `new URL('./file', import.meta.url)` shape in the output: Vite and webpack 5 recognise it and
    // emit the file for applications that bundle dist/.
    resolveFileUrl({ referenceId, relativePath }) {
      if (!refs.has(referenceId)) return null;
      const rel = relativePath.startsWith('.') ? relativePath : `./${relativePath}`;
      return `new URL(${JSON.stringify(rel)}, import.meta.url)`;
    },
    async transform(code, id) {
      if (!id.endsWith('.ts') || !code.includes('import.meta.url')) return null;
      let changed = false;
      const replacements = [];
      for (const match of code.matchAll(URL_PATTERN)) {
        const rel = match[2];
        const target = path.resolve(path.dirname(id), rel);
        const tsSource = target.endsWith('.js') ? target.slice(0, -3) + '.ts' : null;
        let fileName;
        let source;
        if (tsSource && existsSync(tsSource) && tsSource.includes(`${path.sep}worklets${path.sep}`)) {
          fileName = `worklets/${path.basename(target)}`;
          const key = `${tsSource}|${minify}`;
          if (!cache.has(key)) {
            const out = await esbuild.build({
              entryPoints: [tsSource],
              bundle: true,
              format: 'esm',
              target: 'es2022',
              minify,
              write: false,
              legalComments: 'none',
              tsconfigRaw: TS_OPTIONS.tsconfigRaw,
            });
            cache.set(key, out.outputFiles[0].text);
          }
          source = cache.get(key);
          this.addWatchFile(tsSource);
        } else if (existsSync(target)) {
          fileName = `assets/${path.basename(target)}`;
          source = readFileSync(target);
        } else {
          continue;
        }
        const ref = this.emitFile({ type: 'asset', fileName, source });
        refs.add(ref);
        replacements.push([match[0], `import.meta.ROLLUP_FILE_URL_${ref}`]);
        changed = true;
      }
      if (!changed) return null;
      let out = code;
      for (const [from, to] of replacements) out = out.replace(from, to);
      return { code: out, map: null };
    },
  };
}

/** Replaces `__VLA_VERSION__` with the package version (Shoelace-style version checks in define()). */
export function version(value) {
  return {
    name: 'vla-version',
    transform(code, id) {
      if (!id.endsWith('.ts') || !code.includes('__VLA_VERSION__')) return null;
      // Leave the ambient `declare const __VLA_VERSION__` alone; replace the uses.
      return { code: code.replace(/(?<!declare const )__VLA_VERSION__/g, JSON.stringify(value)), map: null };
    },
  };
}

/**
 * Minifies the CSS inside Lit's css`…` templates (comments, indentation, spaces around punctuation).
 * Only literal templates without ${} interpolation are touched.
 */
export function minifyLitCss() {
  const minify = (css) =>
    css
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,>])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'vla-minify-lit-css',
    transform(code, id) {
      if (!id.endsWith('.ts') || !code.includes('css`')) return null;
      const out = code.replace(/\bcss`([^`$]*)`/g, (_m, body) => `css\`${minify(body)}\``);
      return out === code ? null : { code: out, map: null };
    },
  };
}
