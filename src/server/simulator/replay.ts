/**
 * `sim-replay`: find a recording inside `recordingsDir` (never outside it) and extract its server events.
 */
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { parseRecording } from '../../protocol/recording.js';
import type { ServerEvent } from '../../protocol/events.js';
import { ProtocolError } from './errors.js';

export interface ReplayEvent {
  t: number;
  event: ServerEvent;
}

/** Resolves `name` inside `dir`; rejects absolute paths, `..`, odd characters and symlinks that leave the directory. */
export async function resolveRecording(dir: string | undefined, name: string): Promise<string> {
  if (!dir) throw new ProtocolError('replay_unavailable', 'This simulator has no recordingsDir configured, so sim-replay is unavailable.', 'sim-replay');
  const bad =
    name === '' ||
    name.length > 200 ||
    isAbsolute(name) ||
    /[\0\\:]/.test(name) ||
    name.split('/').some((part) => part === '..' || part === '.' || part === '') ||
    !name.endsWith('.jsonl');
  if (bad) throw new ProtocolError('invalid_replay_path', 'sim-replay must name a .jsonl file inside the recordings directory.', 'sim-replay');
  let root: string;
  let file: string;
  try {
    root = await realpath(resolve(dir));
    file = await realpath(resolve(root, name));
  } catch {
    throw new ProtocolError('replay_not_found', `No recording named '${name}'.`, 'sim-replay');
  }
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new ProtocolError('invalid_replay_path', 'sim-replay must name a .jsonl file inside the recordings directory.', 'sim-replay');
  }
  return file;
}

export async function loadReplay(file: string): Promise<ReplayEvent[]> {
  const { lines } = parseRecording(await readFile(file, 'utf8'));
  return lines.filter((l) => l.dir === 'server').map((l) => ({ t: l.t, event: l.event as ServerEvent }));
}
