import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { replayRecording } from '../../src/lipsync/replay.js';
import { LipSyncEngine } from '../../src/lipsync/engine.js';
import type { HeardPosition } from '../../src/lipsync/types.js';
import type { RecordingLine } from '../../src/protocol/recording.js';
import type { ServerEvent } from '../../src/protocol/events.js';
import { bytesToBase64 } from '../../src/audio/codecs/base64.js';
import { encodePcm16 } from '../../src/audio/codecs/pcm16.js';
import { SR, vowel } from './lipsync-synth.js';

const ids = (item: string) => ({ response_id: 'r', item_id: item, output_index: 0, content_index: 0 });
const server = (t: number, event: Record<string, unknown>): RecordingLine => ({ t, dir: 'server', event: { event_id: 'e', ...event } as unknown as ServerEvent });
/** A 100 ms audio delta of a loud vowel. */
const delta = (t: number, item: string, ms = 100): RecordingLine =>
  server(t, { type: 'response.audio.delta', ...ids(item), delta: bytesToBase64(encodePcm16(vowel(730, 1100, ms))) });
const done = (t: number, item: string): RecordingLine => server(t, { type: 'response.audio.done', ...ids(item) });

test('replay: one frame per 10 ms of heard audio, playback starts with the first delta', () => {
  const res = replayRecording([delta(50, 'a'), delta(60, 'a'), delta(70, 'a'), done(80, 'a')]);
  assert.deepEqual(res.frames.map((f) => f.t), Array.from({ length: 30 }, (_, k) => k * 10));
  assert.ok(res.frames.every((f) => f.itemId === 'a'));
  assert.deepEqual(res.playback.map((p) => [p.type, p.at]), [['start', 50], ['end', 350]]);
  // The mouth moves while the vowel plays.
  assert.ok(res.frames.some((f) => f.aa > 0.2));
});

test('replay: an underrun stalls playback until audio arrives, and the mouth closes meanwhile', () => {
  const engine = new LipSyncEngine();
  const positions: HeardPosition[] = [];
  const sample = engine.sample.bind(engine);
  engine.sample = (pos, dt) => {
    positions.push({ ...pos });
    return sample(pos, dt);
  };
  const res = replayRecording([delta(0, 'a'), delta(400, 'a'), done(410, 'a')], { engine });
  assert.deepEqual(res.frames.map((f) => f.t), Array.from({ length: 20 }, (_, k) => k * 10));
  const kinds = res.playback.map((p) => `${p.type}@${Math.round(p.at)}`);
  assert.deepEqual(kinds, ['start@0', 'underrun@100', 'resume@400', 'end@500']);
  // While stalled the engine is told nothing is playing.
  assert.ok(positions.some((p) => p.itemId === 'a' && p.ms === 100 && !p.playing));
});

test('replay: items play one after another, the next starting when the previous has finished', () => {
  const res = replayRecording([
    delta(0, 'a'), delta(5, 'a'), delta(10, 'a'), done(15, 'a'),
    // B's audio arrives while A is still playing.
    delta(50, 'b'), delta(55, 'b'), done(60, 'b'),
  ]);
  const starts = res.playback.filter((p) => p.type === 'start').map((p) => [('itemId' in p ? p.itemId : ''), p.at]);
  assert.deepEqual(starts, [['a', 0], ['b', 300]]);
  assert.deepEqual(res.items, ['a', 'b']);
  assert.equal(res.frames.filter((f) => f.itemId === 'a').length, 30);
  assert.equal(res.frames.filter((f) => f.itemId === 'b').length, 20);
});

test('replay: speech_started flushes playback like barge-in; late audio of that item is ignored', () => {
  const lines = [delta(0, 'a', 500), delta(5, 'a', 500), server(250, { type: 'input_audio_buffer.speech_started', audio_start_ms: 9000, item_id: 'u2' }), delta(300, 'a', 500)];
  const res = replayRecording(lines);
  const ts = res.frames.map((f) => f.t);
  assert.equal(ts[ts.length - 1], 240, 'nothing after the flush point is heard');
  assert.equal(ts.length, 25);
  const flush = res.playback.find((p) => p.type === 'flush');
  assert.ok(flush && flush.type === 'flush' && flush.itemId === 'a' && flush.heardMs === 250);
});

test('replay: a client conversation.item.truncate flushes too, and the next item plays', () => {
  const lines: RecordingLine[] = [
    delta(0, 'a', 1000),
    { t: 300, dir: 'client', event: { type: 'conversation.item.truncate', item_id: 'a', content_index: 0, audio_end_ms: 300 } },
    delta(400, 'b'),
    done(410, 'b'),
  ];
  const res = replayRecording(lines);
  assert.equal(res.frames.filter((f) => f.itemId === 'a').length, 30);
  assert.equal(res.frames.filter((f) => f.itemId === 'b').length, 10);
  assert.ok(res.playback.some((p) => p.type === 'start' && p.itemId === 'b' && p.at === 400));
});

test('replay: output audio format from session.updated decides durations', () => {
  const pcm8k = bytesToBase64(encodePcm16(new Float32Array(800))); // 100 ms at 8 kHz
  const res = replayRecording([
    server(0, { type: 'session.updated', session: { output_audio_format: 'pcm16_8000hz' } }),
    server(10, { type: 'response.audio.delta', ...ids('a'), delta: pcm8k }),
    done(20, 'a'),
  ]);
  assert.equal(res.frames.length, 10);
  assert.equal(SR, 24000);
});

// ---- CLI --------------------------------------------------------------------------------------------------

const root = fileURLToPath(new URL('../../', import.meta.url));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/voice-live-lipsync.ts', ...args], { cwd: root, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('CLI: replays recordings, keeps item ids unique across files, reports bad lines and missing files', async () => {
  const a = 'test/fixtures/lipsync/greeting-visemes.jsonl';
  const b = 'test/fixtures/lipsync/greeting-text.jsonl';
  const { code, stdout, stderr } = await cli([a, 'test/fixtures/lipsync/missing.jsonl', b]);
  assert.equal(code, 1, 'a missing file makes the exit status non-zero');
  const lines = stdout.trim().split('\n');
  const rows = lines.map((l) => JSON.parse(l) as Record<string, number | string>);
  assert.deepEqual(Object.keys(rows[0]), ['item_id', 't', 'aa', 'ih', 'ou', 'ee', 'oh']);
  const first = rows.filter((r) => r.item_id === 'item_A1');
  const second = rows.filter((r) => r.item_id === 'greeting-text.jsonl:item_A1');
  assert.ok(first.length > 100 && second.length === first.length, `${first.length} / ${second.length}`);
  assert.deepEqual(first.slice(0, 3).map((r) => r.t), [0, 10, 20]);
  for (const r of rows) {
    for (const k of ['aa', 'ih', 'ou', 'ee', 'oh']) {
      const v = r[k] as number;
      assert.ok(v >= 0 && v <= 1 && Math.round(v * 1000) / 1000 === v);
    }
  }
  // The mouth moves in both sessions and closes at the end.
  for (const set of [first, second]) {
    assert.ok(set.some((r) => (r.aa as number) + (r.ee as number) + (r.ih as number) + (r.oh as number) + (r.ou as number) > 0.3));
    const last = set[set.length - 1];
    assert.ok((last.aa as number) + (last.ee as number) < 0.05);
  }
  assert.match(stderr, /missing\.jsonl: no such file/);
  assert.match(stderr, /greeting-text\.jsonl:3: skipped \(not JSON\)/);
  assert.match(stderr, /greeting-text\.jsonl:6: skipped/);
  assert.match(stderr, /item id item_A1 .* printed as greeting-text\.jsonl:item_A1/);
});

test('CLI: --help, and no arguments is a usage error', async () => {
  const help = await cli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: voice-live-lipsync <recording\.jsonl>/);
  const none = await cli([]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Usage/);
});
