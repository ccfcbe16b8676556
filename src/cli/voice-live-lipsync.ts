#!/usr/bin/env node
/**
 * voice-live-lipsync <recording.jsonl>...
 *
 * Replays each session recording's server events through the same lip-sync engine the element runs, on a
 * simulated playback clock (src/lipsync/replay.ts), and prints one JSON line per 10 ms of assistant audio heard:
 * {"item_id", "t", "aa", "ih", "ou", "ee", "oh"}. Each file is its own session. Thin on purpose: all logic is in
 * the replay module.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseRecording } from '../protocol/recording.js';
import { replayRecording, type ReplayFrame } from '../lipsync/replay.js';

const HELP = `Usage: voice-live-lipsync <recording.jsonl>...

Replays the server events of Voice Live session recordings (JSONL lines of {"t", "dir", "event"}) through the
<voice-live-avatar> lip-sync engine on a simulated playback clock, and prints one JSON line per 10 ms of
assistant audio heard:

  {"item_id":"item_A1","t":120,"aa":0.412,"ih":0,"ou":0,"ee":0.118,"oh":0}

t is ms of that item's audio; weights are the VRM mouth presets, 0..1. Each file is replayed independently. Item
ids are unique across the files given: an id already printed for an earlier file is prefixed with the file's
name ("<file>:<id>"), and a note goes to stderr. Bad lines are reported on stderr and skipped.

Options:
  -h, --help   show this help
`;

function line(itemId: string, f: ReplayFrame): string {
  return `{"item_id":${JSON.stringify(itemId)},"t":${f.t},"aa":${f.aa},"ih":${f.ih},"ou":${f.ou},"ee":${f.ee},"oh":${f.oh}}\n`;
}

async function write(chunk: string): Promise<void> {
  if (!chunk) return;
  await new Promise<void>((resolve, reject) => {
    process.stdout.write(chunk, (err) => (err ? reject(err) : resolve()));
  });
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(HELP);
    return 0;
  }
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '-');
  if (unknown.length) {
    process.stderr.write(`voice-live-lipsync: unknown option ${unknown[0]}\n\n${HELP}`);
    return 2;
  }
  if (!argv.length) {
    process.stderr.write(HELP);
    return 2;
  }
  let status = 0;
  const used = new Set<string>();
  for (const file of argv) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
      process.stderr.write(`voice-live-lipsync: cannot read ${file}: ${why}\n`);
      status = 1;
      continue;
    }
    const { lines, rejected } = parseRecording(text);
    for (const r of rejected) process.stderr.write(`voice-live-lipsync: ${file}:${r.line}: skipped (${r.reason})\n`);
    // Ids of this file → printed ids, decided on first sight so lines can stream out.
    const rename = new Map<string, string>();
    const mapped = (id: string): string => {
      let out = rename.get(id);
      if (out === undefined) {
        out = id;
        if (used.has(id)) {
          out = `${basename(file)}:${id}`;
          for (let k = 2; used.has(out); k++) out = `${basename(file)}#${k}:${id}`;
          process.stderr.write(`voice-live-lipsync: item id ${id} in ${file} was already used by an earlier file; printed as ${out}\n`);
        }
        used.add(out);
        rename.set(id, out);
      }
      return out;
    };
    let buffer = '';
    replayRecording(lines, {
      onFrame: (f) => {
        buffer += line(mapped(f.itemId), f);
      },
    });
    await write(buffer);
  }
  return status;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') return;
    process.stderr.write(`voice-live-lipsync: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
