// Browser tests: real Chromium (Debian's), a fake microphone playing generated speech, real AudioWorklets,
// WebGL through SwiftShader, and real WebSockets to the local Voice Live simulator mounted on this very
// server. Run through `npm test` (scripts/test.mjs), which loads this file with tsx so TypeScript sources
// (the simulator) can be imported directly.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';

const root = path.dirname(fileURLToPath(import.meta.url));
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

export { chromiumArgs, chromiumPath };

/** The simulator (and an API-key-protected one for auth tests) on the runner's own HTTP server. */
function simulatorPlugin() {
  const servers = [];
  return {
    name: 'voice-live-simulator',
    async serverStart({ server }) {
      const { createSimulator } = await import('./src/server/index.ts');
      servers.push(
        createSimulator({ realtimeFactor: 4 }),
        createSimulator({ path: '/auth/voice-live/realtime', apiKey: 'test-secret-key-1234', realtimeFactor: 4 }),
        createSimulator({ path: '/slow/voice-live/realtime', realtimeFactor: 1 }),
        createSimulator({ path: '/bearer/voice-live/realtime', bearerTokens: ['fixture-bearer-token-5678'], realtimeFactor: 4 }),
      );
      // Each simulator claims its own path; the runner's own socket on the same server is left alone.
      for (const s of servers) s.attach(server);
    },
    async serverStop() {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}

/** `new URL('./worklets/x.js', import.meta.url)` in a .ts source asks for a .js that only exists as .ts. */
function tsForMissingJs() {
  return async (ctx, next) => {
    if (ctx.path.startsWith('/src/') && ctx.path.endsWith('.js')) {
      const file = path.join(root, ctx.path);
      const ts = file.slice(0, -3) + '.ts';
      if (!existsSync(file) && existsSync(ts)) ctx.url = ctx.url.replace(/\.js(\?|$)/, '.ts$1');
    }
    await next();
  };
}

/** The strict policy of issue "Strict pages": what a security-conscious site would send. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self' ws:; trusted-types lit-html; require-trusted-types-for 'script'";

function strictCspPages() {
  return async (ctx, next) => {
    await next();
    if (/^\/test\/fixtures\/pages\/csp[\w-]*\.html$/.test(ctx.path)) ctx.set('Content-Security-Policy', STRICT_CSP);
  };
}

/** Writes pass/fail counts for scripts/test.mjs, which prints the final summary line. */
function countingReporter() {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const failures = [];
      const walk = (suite, prefix) => {
        if (!suite) return;
        for (const t of suite.tests ?? []) {
          if (t.skipped) skipped++;
          else if (t.passed) passed++;
          else {
            failed++;
            failures.push(`${prefix}${t.name}`);
          }
        }
        for (const s of suite.suites ?? []) walk(s, `${prefix}${s.name} › `);
      };
      for (const s of sessions) {
        walk(s.testResults, `${path.relative(root, s.testFile)} › `);
        // A file that failed to load or threw outside tests counts as one failure.
        if (!s.passed && (s.errors?.length ?? 0) > 0 && !(s.testResults?.tests?.length || s.testResults?.suites?.length)) {
          failed++;
          failures.push(`${path.relative(root, s.testFile)} (did not run: ${s.errors[0]?.message ?? 'error'})`);
        }
      }
      mkdirSync(path.join(root, '.tmp'), { recursive: true });
      writeFileSync(path.join(root, '.tmp/browser-counts.json'), JSON.stringify({ passed, failed, skipped, failures }, null, 2));
    },
  };
}

const chromium = (args) => chromeLauncher({ launchOptions: { executablePath: chromiumPath(), headless: true, args } });
const withoutFakeMedia = (extra) => [
  ...chromiumArgs().filter((a) => !a.startsWith('--use-fake-ui') && !a.startsWith('--use-fake-device') && !a.startsWith('--use-file-for-fake')),
  ...extra,
];

export default {
  rootDir: root,
  files: ['test/browser/**/*.test.ts', '!test/browser/permissions/**'],
  groups: [
    // Real permission outcomes need their own browser: one that denies prompts, one without any microphone.
    { name: 'mic-denied', files: 'test/browser/permissions/denied.test.ts', browsers: [chromium(withoutFakeMedia(['--deny-permission-prompts', '--use-fake-device-for-media-stream']))] },
    { name: 'no-mic', files: 'test/browser/permissions/no-device.test.ts', browsers: [chromium(withoutFakeMedia(['--use-fake-ui-for-media-stream']))] },
  ],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testsFinishTimeout: 10 * 60 * 1000,
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  testFramework: { config: { timeout: 30_000, ui: 'bdd' } },
  browsers: [chromium(chromiumArgs())],
  middleware: [tsForMissingJs(), strictCspPages()],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: path.join(root, 'tsconfig.json') }), simulatorPlugin()],
  reporters: [defaultReporter({ reportTestResults: true, reportTestProgress: false }), countingReporter()],
  filterBrowserLogs: ({ type, args }) =>
    (type === 'error' || type === 'warn') && !String(args?.[0] ?? '').includes('Lit is in dev mode'),
};
