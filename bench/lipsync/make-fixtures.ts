/**
 * Regenerates the small committed recordings the CLI test uses (test/fixtures/lipsync/):
 *
 *   npx tsx bench/lipsync/make-fixtures.ts
 *
 * - greeting-visemes.jsonl: one eSpeak utterance with transcript, word timestamps and Azure visemes;
 * - greeting-text.jsonl: the same speech, transcript only, reusing the same item id (the CLI must keep ids
 *   unique across files), with two deliberately bad lines (3 and 6) that the CLI must report and skip.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { serializeRecording, type RecordingLine } from '../../src/protocol/recording.js';
import { synthesizeCorpus, toRecording } from './corpus.js';

const OUT = new URL('../../test/fixtures/lipsync/', import.meta.url);

function renameItem(lines: RecordingLine[], from: string, to: string): RecordingLine[] {
  return JSON.parse(JSON.stringify(lines).split(from).join(to)) as RecordingLine[];
}

async function main(): Promise<void> {
  const [u] = await synthesizeCorpus(['Nice to meet you.'], ['en-us'], [170], 'fixture');
  await mkdir(OUT, { recursive: true });
  const visemes = renameItem(toRecording(u, 'visemes'), `item_${u.id}`, 'item_A1');
  await writeFile(new URL('greeting-visemes.jsonl', OUT), serializeRecording(visemes));
  const text = serializeRecording(renameItem(toRecording(u, 'text'), `item_${u.id}`, 'item_A1')).split('\n');
  text.splice(2, 0, '{"t": 10, "dir": "server", "event": {"type": "response.audio.delta", "delta": "AAAA"'); // line 3: not JSON
  text.splice(5, 0, '{"t": 12, "dir": "sideways", "event": {"type": "x"}}'); // line 6: not a recording line
  await writeFile(new URL('greeting-text.jsonl', OUT), text.join('\n'));
  console.log(`wrote ${OUT.pathname}greeting-visemes.jsonl and greeting-text.jsonl (${(u.samples.length / 24000).toFixed(2)} s of audio)`);
}

await main();
