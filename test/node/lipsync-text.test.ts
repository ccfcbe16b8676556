import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeWords, spellNumber, wordToPhones } from '../../src/lipsync/g2p-en.js';
import { TranscriptWords, spreadWord, type Segment } from '../../src/lipsync/text-track.js';
import { visemeSegments, visemeTargets } from '../../src/lipsync/azure-visemes.js';
import { Aligner, alignWord, Em } from '../../src/lipsync/align.js';
import { keepTopTwo, limitPresets } from '../../src/lipsync/smoothing.js';

test('grapheme→phone rules on common spelling patterns', () => {
  const cases: Record<string, string> = {
    // exceptions
    the: 'DH AX', one: 'W AH N', said: 'S EH D', you: 'Y UW',
    // magic e, short vowels, digraphs
    make: 'M EY K', ship: 'SH IH P', phone: 'F OW N', cat: 'K AE T', hot: 'HH AA T', cute: 'K Y UW T',
    // vowel teams and r-control
    boat: 'B OW T', rain: 'R EY N', green: 'G R IY N', night: 'N AY T', church: 'CH ER CH', car: 'K AA R',
    house: 'HH AW S', book: 'B UH K', food: 'F UW D', boy: 'B OY',
    // consonant clusters, silent letters, soft c/g
    knife: 'N AY F', write: 'R AY T', city: 'S IH T IY', giant: 'JH AY AX N T', thumb: 'TH AH M', quick: 'K W IH K',
    // suffixes: plural/past voicing, -ing on a magic-e stem, -tion, -ly
    cats: 'K AE T S', dogs: 'D AA G Z', wanted: 'W AA N T IH D', played: 'P L EY D', jumped: 'JH AH M P T',
    making: 'M EY K IH NG', nation: 'N EY SH AX N', slowly: 'S L OW L IY', thinking: 'TH IH NG K IH NG',
    // stress and reduction
    happy: 'HH AE P IY', begin: 'B IH G IH N', about: 'AX B AW T', little: 'L IH T AX L',
  };
  for (const [word, phones] of Object.entries(cases)) assert.equal(wordToPhones(word).join(' '), phones, word);
  // Case and apostrophes.
  assert.equal(wordToPhones("Don't").join(' '), 'D OW N T');
  assert.equal(wordToPhones('Cat’s').join(' '), 'K AE T S');
  // Acronyms are spelled.
  assert.equal(wordToPhones('TV').join(' '), 'T IY V IY');
});

test('numbers and symbols are spoken', () => {
  assert.equal(spellNumber('42'), 'forty two');
  assert.equal(spellNumber('1902'), 'nineteen oh two');
  assert.equal(spellNumber('2024'), 'twenty twenty four');
  assert.equal(spellNumber('3000000'), 'three million');
  assert.deepEqual(normalizeWords('It costs $5, about 20%.'), ['It', 'costs', 'dollars', 'five', 'about', 'twenty', 'percent']);
  assert.deepEqual(normalizeWords('3.5'), ['three', 'point', 'five']);
});

test('other scripts and languages fall back to generic vowels and consonants', () => {
  const zh = wordToPhones('你好');
  assert.deepEqual(zh, ['C?', 'V?', 'C?', 'V?']);
  const ru = wordToPhones('привет');
  assert.ok(ru.includes('V?') && ru.includes('C?'), ru.join(' '));
  // Accented Latin reads its vowel letters directly.
  assert.deepEqual(wordToPhones('café'), ['C?', 'AA', 'C?', 'EH']);
  const ar = wordToPhones('مرحبا');
  assert.ok(ar.filter((p) => p === 'V?').length >= 2, ar.join(' '));
});

test('transcript deltas release words only once complete, with pause hints', () => {
  const tw = new TranscriptWords();
  assert.equal(tw.append('Hel'), 0);
  assert.equal(tw.append('lo, wor'), 1);
  assert.equal(tw.words[0].text, 'Hello');
  assert.equal(tw.words[0].pauseAfter, 1);
  assert.equal(tw.append('ld. How'), 1);
  assert.equal(tw.words[1].pauseAfter, 2);
  tw.finish('Hello, world. How are you?');
  assert.deepEqual(tw.words.map((w) => w.text), ['Hello', 'world', 'How', 'are', 'you']);
  assert.equal(tw.words[4].pauseAfter, 2);
  assert.ok(tw.done);
});

test('a word is spread over its timestamp interval in proportion to phone durations', () => {
  const segs: Segment[] = [];
  spreadWord(segs, ['M', 'AY'], 100, 300);
  // M then the two halves of the diphthong AY (aa → ih).
  assert.equal(segs.length, 3);
  assert.equal(segs[0].startMs, 100);
  assert.ok(segs[0].target.closed);
  assert.ok(Math.abs(segs[2].endMs - 400) < 1e-9);
  assert.ok(segs[1].target.aa > 0.5 && segs[2].target.ih > 0.5);
  assert.ok(segs[2].endMs - segs[1].startMs > 1.5 * (segs[0].endMs - segs[0].startMs), 'the vowel is longer than the consonant');
});

test('Azure visemes: durations run to the next cue (≥ 40 ms), diphthongs split, ids map to shapes', () => {
  const segs = visemeSegments([
    { offsetMs: 0, id: 0 },
    { offsetMs: 50, id: 21 },
    { offsetMs: 60, id: 11 },
    { offsetMs: 300, id: 0 },
  ], 400);
  assert.equal(segs[1].startMs, 50);
  assert.equal(segs[1].endMs, 90, 'min 40 ms');
  assert.ok(segs[1].target.closed);
  const ai = segs.filter((s) => s.label === 'v11');
  assert.equal(ai.length, 2);
  assert.ok(ai[0].target.aa > 0.5 && ai[1].target.ih > 0.5);
  assert.ok(visemeTargets(2)[0].aa === 1 && visemeTargets(3)[0].oh === 1 && visemeTargets(7)[0].ou === 1 && visemeTargets(6)[0].ih === 1);
  assert.equal(visemeTargets(99).length, 1, 'unknown ids degrade to a neutral vowel');
});

test('the streaming aligner places phones on energy: vowels on peaks, pauses in silence', () => {
  // Synthetic feature frames: silence, "a" (vowel), silence 200 ms, "a" (vowel), silence.
  const frames = [...Array(10).fill('s'), ...Array(20).fill('v'), ...Array(20).fill('s'), ...Array(20).fill('v'), ...Array(10).fill('s')];
  const em = (f: number, c: Em) => {
    const k = frames[f];
    if (c === Em.Unknown) return -2;
    if (k === 's') return c === Em.Sil || c === Em.Closure ? 0 : -8;
    return c === Em.Vowel ? 0 : -6;
  };
  const al = new Aligner();
  al.addWords([{ text: 'ah', phones: ['AA'], pauseAfter: 1 }, { text: 'ah', phones: ['AA'], pauseAfter: 2 }]);
  al.finishText();
  // Audio arrives in pieces.
  for (let n = 10; n <= frames.length; n += 10) al.update(em, n, n === frames.length);
  const labels = Array.from(al.frameLabels.subarray(0, frames.length));
  assert.equal(labels[15], 0, 'first vowel');
  assert.equal(labels[40], -1, 'pause');
  assert.equal(labels[60], 1, 'second vowel');
  assert.equal(labels[5], -1);
  // In-word alignment: a vowel between two consonants lands on the vowel frames.
  const spans = alignWord(['S', 'AA', 'S'], 0, 30, (f, c) => {
    const vowel = f >= 8 && f < 22;
    if (c === Em.Vowel) return vowel ? 0 : -6;
    if (c === Em.Sibilant) return vowel ? -6 : 0;
    return -8;
  });
  assert.ok(spans);
  assert.deepEqual(spans.map((s) => [s.phone, s.f0, s.f1]), [['S', 0, 8], ['AA', 8, 22], ['S', 22, 30]]);
});

test('preset limits: winner plus at most half the runner-up, never more than two', () => {
  const w = { aa: 0.9, ih: 0.8, ou: 0.3, ee: 0.1, oh: 0 };
  limitPresets(w);
  assert.equal(w.ou + w.ee + w.oh, 0);
  assert.ok(Math.abs(w.ih / w.aa - 0.5) < 1e-9);
  assert.ok(w.aa + w.ih <= 1 + 1e-9);
  const v = { aa: 0.2, ih: 0.1, ou: 0.3, ee: 0.05, oh: 0.25 };
  keepTopTwo(v);
  assert.deepEqual(v, { aa: 0, ih: 0, ou: 0.3, ee: 0, oh: 0.25 });
});
