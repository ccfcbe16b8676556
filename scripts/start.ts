/**
 * `npm start` (run as `tsx scripts/start.ts`): the demo server on one port — static files from the repository
 * root, the local Voice Live simulator on /voice-live/realtime, and, when AZURE_VOICELIVE_ENDPOINT and
 * AZURE_VOICELIVE_API_KEY are both set, the relay to Azure on /relay/voice-live/realtime.
 *
 *   PORT  (default 8080; when taken, the next few ports are tried)   HOST (default 127.0.0.1)
 *   RECORDINGS_DIR (default test/fixtures/recordings, for the simulator's sim-replay)   DEBUG=1 (log connections)
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../src/server/demo-server.js';
import type { DemoServer } from '../src/server/demo-server.js';

const PORT_ATTEMPTS = 10;

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const host = process.env.HOST || '127.0.0.1';
  const firstPort = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(firstPort) || firstPort < 0 || firstPort > 65535) {
    console.error(`PORT must be a port number, got "${process.env.PORT}"`);
    process.exit(1);
  }
  const endpoint = process.env.AZURE_VOICELIVE_ENDPOINT;
  const apiKey = process.env.AZURE_VOICELIVE_API_KEY;
  const relay = endpoint && apiKey ? { endpoint, apiKey, log: (l: string) => console.log(l) } : undefined;
  const verbose = !!process.env.DEBUG;
  // Where `sim-replay=<file>.jsonl` looks for session recordings.
  const recordingsDir = resolve(root, process.env.RECORDINGS_DIR || 'test/fixtures/recordings');

  let server: DemoServer | undefined;
  for (let i = 0; i < PORT_ATTEMPTS && !server; i++) {
    const port = firstPort === 0 ? 0 : firstPort + i;
    try {
      server = await startDemoServer({
        port,
        host,
        root,
        simulator: { recordingsDir, log: verbose ? (l) => console.log(l) : undefined },
        relay,
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || firstPort === 0) throw err;
      console.log(`Port ${port} is in use, trying ${port + 1}`);
    }
  }
  if (!server) {
    console.error(`No free port in ${firstPort}–${firstPort + PORT_ATTEMPTS - 1}; set PORT to another one.`);
    process.exit(1);
  }
  const wsBase = server.url.replace(/^http/, 'ws').replace(/\/$/, '');
  console.log(`Demo: ${server.url}demo/`);
  console.log(`Protocol playground: ${server.url}demo/raw.html`);
  console.log(`Simulator: ${wsBase}/voice-live/realtime`);
  if (relay) console.log(`Relay to ${new URL(relay.endpoint).host}: ${wsBase}/relay/voice-live/realtime`);
  else console.log('Relay: off (set AZURE_VOICELIVE_ENDPOINT and AZURE_VOICELIVE_API_KEY to talk to Azure)');

  const stop = () => {
    server?.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
