/**
 * English grapheme → phone rules for lip-sync (track B). Our own rule set, written for mouth shapes rather than
 * for speech synthesis: what matters is the vowel quality of stressed syllables, the lips of p/b/m/f/v/w and
 * roughly how long each sound lasts. Roughly:
 *
 *  1. a small exception list for very common irregular words (function words mostly);
 *  2. inflectional and derivational suffixes are split off (-s, -ed, -ing, -ly, -tion, -ness, …) so the stem's
 *     magic-e and syllable structure are visible (making → make + ing);
 *  3. the stem is read left to right: consonant digraphs/trigraphs, vowel teams, r-controlled vowels, magic-e
 *     and open/closed syllables decide each letter group;
 *  4. one syllable gets the stress (prefix- and suffix-aware); short vowels elsewhere reduce to schwa.
 *
 * Text in other scripts yields generic vowels/consonants ('V?'/'C?') whose shape later comes from the audio.
 * Pure; the tables are built on first use.
 */
import type { Phone } from './phones.js';

interface Unit {
  p: Phone;
  /** 0 consonant; 1 vowel written with a plain vowel letter (reducible when unstressed); 2 fixed vowel. */
  v: 0 | 1 | 2;
  /** For reducible vowels: the letter and the letters after it (unstressed e before t/d/s/k reads /ɪ/). */
  l?: string;
  after?: string;
  /** Written with a non-final vowel team (ee, oo, ea, oa, ai, oi…): such a syllable tends to keep the stress. */
  team?: boolean;
  /** Long by magic e (V C e#): reads /ɪ/ or schwa when unstressed (notice, promise, purpose). */
  magic?: boolean;
  /** A final y read as a vowel: /aɪ/ when stressed (reply, apply), /i/ otherwise (happy). */
  finalY?: boolean;
}

// -------------------------------------------------------------------------------------------------------------
// Exceptions: frequent words whose spelling the rules cannot read. Phones separated by spaces.

const EXCEPTIONS_SRC = `
a:AX|an:AE N|the:DH AX|of:AH V|to:T UW|and:AE N D|in:IH N|is:IH Z|it:IH T|that:DH AE T|was:W AA Z|he:HH IY
for:F AO R|on:AA N|are:AA R|as:AE Z|with:W IH DH|his:HH IH Z|they:DH EY|i:AY|at:AE T|be:B IY|this:DH IH S
have:HH AE V|from:F R AH M|or:AO R|one:W AH N|had:HH AE D|by:B AY|word:W ER D|but:B AH T|not:N AA T
what:W AH T|all:AO L|were:W ER|we:W IY|when:W EH N|your:Y AO R|can:K AE N|said:S EH D|there:DH EH R
use:Y UW Z|each:IY CH|which:W IH CH|she:SH IY|do:D UW|how:HH AW|their:DH EH R|if:IH F|will:W IH L
up:AH P|other:AH DH ER|about:AX B AW T|out:AW T|many:M EH N IY|then:DH EH N|them:DH EH M|these:DH IY Z
so:S OW|some:S AH M|her:HH ER|would:W UH D|make:M EY K|like:L AY K|him:HH IH M|into:IH N T UW|time:T AY M
has:HH AE Z|look:L UH K|two:T UW|more:M AO R|go:G OW|see:S IY|no:N OW|way:W EY|could:K UH D|people:P IY P AX L
my:M AY|than:DH AE N|first:F ER S T|been:B IH N|who:HH UW|its:IH T S|now:N AW|find:F AY N D|long:L AO NG
down:D AW N|day:D EY|did:D IH D|get:G EH T|come:K AH M|made:M EY D|may:M EY|part:P AA R T|over:OW V ER
new:N UW|know:N OW|water:W AO T ER|any:EH N IY|only:OW N L IY|little:L IH T AX L|very:V EH R IY|after:AE F T ER
our:AW ER|where:W EH R|through:TH R UW|before:B IH F AO R|great:G R EY T|also:AO L S OW|does:D AH Z
another:AX N AH DH ER|even:IY V AX N|because:B IH K AH Z|any:EH N IY|give:G IH V|live:L IH V|most:M OW S T
very:V EH R IY|should:SH UH D|mr:M IH S T ER|mrs:M IH S IH Z|ms:M IH Z|dr:D AA K T ER|st:S T R IY T
put:P UH T|again:AX G EH N|against:AX G EH N S T|off:AO F|own:OW N|old:OW L D|every:EH V R IY|move:M UW V
both:B OW TH|those:DH OW Z|often:AO F AX N|once:W AH N S|done:D AH N|none:N AH N|gone:G AO N|shall:SH AE L
love:L AH V|above:AX B AH V|become:B IH K AH M|became:B IH K EY M|welcome:W EH L K AX M|money:M AH N IY|mother:M AH DH ER|father:F AA DH ER|brother:B R AH DH ER
son:S AH N|front:F R AH N T|month:M AH N TH|wonder:W AH N D ER|young:Y AH NG|country:K AH N T R IY
touch:T AH CH|double:D AH B AX L|trouble:T R AH B AX L|enough:IH N AH F|rough:R AH F|tough:T AH F
though:DH OW|although:AO L DH OW|thought:TH AO T|bought:B AO T|brought:B R AO T|ought:AO T|fought:F AO T
laugh:L AE F|cough:K AO F|dough:D OW|friend:F R EH N D|says:S EH Z|eye:AY|eyes:AY Z|buy:B AY|guy:G AY
busy:B IH Z IY|business:B IH Z N AX S|women:W IH M IH N|woman:W UH M AX N|island:AY L AX N D|answer:AE N S ER
hour:AW ER|honest:AA N AX S T|heart:HH AA R T|heard:HH ER D|learn:L ER N|early:ER L IY|earth:ER TH
whole:HH OW L|whom:HH UW M|whose:HH UW Z|sure:SH UH R|sugar:SH UH G ER|half:HH AE F|calm:K AA M|talk:T AO K
walk:W AO K|folk:F OW K|build:B IH L D|built:B IH L T|minute:M IH N AX T|machine:M AX SH IY N|police:P AX L IY S
area:EH R IY AX|idea:AY D IY AX|piano:P IY AE N OW|radio:R EY D IY OW|video:V IH D IY OW|ok:OW K EY|okay:OW K EY
yes:Y EH S|you:Y UW|yours:Y AO R Z|me:M IY|us:AH S|am:AE M|were:W ER|being:B IY IH NG|doing:D UW IH NG
there's:DH EH R Z|what's:W AH T S|let's:L EH T S|it's:IH T S|that's:DH AE T S|here:HH IH R|hear:HH IH R
don't:D OW N T|won't:W OW N T|can't:K AE N T|isn't:IH Z AX N T|doesn't:D AH Z AX N T|didn't:D IH D AX N T
i'm:AY M|i'll:AY L|i've:AY V|i'd:AY D|you're:Y UH R|they're:DH EH R|we're:W IH R|oh:OW|hello:HH AX L OW
world:W ER L D|work:W ER K|word:W ER D|worth:W ER TH|war:W AO R|warm:W AO R M|want:W AA N T|wash:W AA SH
what:W AH T|watch:W AA CH|was:W AA Z|water:W AO T ER|quarter:K W AO R T ER|move:M UW V|prove:P R UW V
lose:L UW Z|whose:HH UW Z|today:T AX D EY|tomorrow:T AX M AA R OW|together:T AX G EH DH ER|toward:T AO R D
people:P IY P AX L|question:K W EH S CH AX N|special:S P EH SH AX L|science:S AY AX N S|quiet:K W AY AX T
child:CH AY L D|children:CH IH L D R AX N|kind:K AY N D|mind:M AY N D|find:F AY N D|behind:B IH HH AY N D
wind:W IH N D|blind:B L AY N D|wild:W AY L D|pretty:P R IH T IY|english:IH NG G L IH SH|england:IH NG G L AX N D
key:K IY|upon:AX P AA N|shoe:SH UW|cover:K AH V ER|color:K AH L ER|colour:K AH L ER|nothing:N AH TH IH NG
honey:HH AH N IY|oven:AH V AX N|govern:G AH V ER N|discover:D IH S K AH V ER|recover:R IH K AH V ER
begin:B IH G IH N|began:B IH G AE N|begun:B IH G AH N|forget:F ER G EH T|give:G IH V|gave:G EY V
power:P AW ER|flower:F L AW ER|tower:T AW ER|shower:SH AW ER|coming:K AH M IH NG|something:S AH M TH IH NG
`;

let exceptions: Map<string, Unit[]> | undefined;

function parseUnits(src: string): Unit[] {
  return src
    .split(' ')
    .filter(Boolean)
    .map((p) => ({ p: p as Phone, v: VOWEL_PHONES.has(p) ? 2 : 0 }) as Unit);
}

const VOWEL_PHONES = new Set(['AA', 'AE', 'AH', 'AX', 'AO', 'EH', 'ER', 'IH', 'IY', 'UH', 'UW', 'OW', 'EY', 'AY', 'AW', 'OY']);

function getExceptions(): Map<string, Unit[]> {
  if (!exceptions) {
    exceptions = new Map();
    for (const entry of EXCEPTIONS_SRC.split(/[|\n]/)) {
      const i = entry.indexOf(':');
      if (i > 0) exceptions.set(entry.slice(0, i).trim(), parseUnits(entry.slice(i + 1)));
    }
  }
  return exceptions;
}

// -------------------------------------------------------------------------------------------------------------
// Letters

const isVowelLetter = (c: string | undefined): boolean => c !== undefined && 'aeiou'.includes(c);
/** y acts as a vowel unless it starts a syllable before a vowel. */
const isV = (w: string, i: number): boolean => {
  const c = w[i];
  if (c === undefined) return false;
  if (isVowelLetter(c)) return true;
  return c === 'y' && i > 0 && !isVowelLetter(w[i + 1]);
};
const isC = (w: string, i: number): boolean => i >= 0 && i < w.length && !isV(w, i);

/** Phones of single consonant letters (digraphs are handled before this). */
const CONSONANT: Readonly<Record<string, Phone[]>> = {
  b: ['B'], d: ['D'], f: ['F'], h: ['HH'], j: ['JH'], k: ['K'], l: ['L'], m: ['M'], n: ['N'], p: ['P'],
  q: ['K'], r: ['R'], t: ['T'], v: ['V'], w: ['W'], x: ['K', 'S'], z: ['Z'],
};

const VOICELESS_END = new Set<Phone>(['P', 'T', 'K', 'F', 'TH', 'S', 'SH', 'CH']);
const SIBILANT_END = new Set<Phone>(['S', 'Z', 'SH', 'ZH', 'CH', 'JH']);

// -------------------------------------------------------------------------------------------------------------
// Suffixes: split off so that the stem's spelling rules apply. Ordered longest first. Only suffixes whose
// split is reliable: -er/-est are read in place (never, river and paper are not stem + er).

interface Suffix {
  s: string;
  units: string;
  /** The stem may have lost a silent e before this suffix (mak|ing → make). */
  restoreE?: boolean;
  /** Stress falls on the stem's last syllable (-tion, -ic, -ity). */
  stressLast?: boolean;
  /** The suffix itself carries the stress: every plain stem vowel reduces (condition, nation). */
  stressed?: boolean;
  /** The stem may be a bare consonant cluster (n|ation, st|ation). */
  anyStem?: boolean;
  /** Only after a stem of at least this many letters. */
  minStem?: number;
}

const SUFFIXES: readonly Suffix[] = [
  { s: 'ational', units: 'EY SH AX N AX L', stressed: true, anyStem: true },
  { s: 'ations', units: 'EY SH AX N Z', stressed: true, anyStem: true },
  { s: 'ation', units: 'EY SH AX N', stressed: true, anyStem: true },
  { s: 'itions', units: 'IH SH AX N Z', stressed: true, anyStem: true },
  { s: 'ition', units: 'IH SH AX N', stressed: true, anyStem: true },
  { s: 'tional', units: 'SH AX N AX L', stressLast: true },
  { s: 'tions', units: 'SH AX N Z', stressLast: true },
  { s: 'tion', units: 'SH AX N', stressLast: true },
  { s: 'sions', units: 'ZH AX N Z', stressLast: true },
  { s: 'sion', units: 'ZH AX N', stressLast: true },
  { s: 'cial', units: 'SH AX L', stressLast: true },
  { s: 'tial', units: 'SH AX L', stressLast: true },
  { s: 'cious', units: 'SH AX S', stressLast: true },
  { s: 'tious', units: 'SH AX S', stressLast: true },
  { s: 'ously', units: 'AX S L IY', restoreE: true },
  { s: 'ous', units: 'AX S', restoreE: true },
  { s: 'fully', units: 'F AX L IY' },
  { s: 'ful', units: 'F AX L' },
  { s: 'lessly', units: 'L AX S L IY' },
  { s: 'less', units: 'L AX S' },
  { s: 'ness', units: 'N AX S' },
  { s: 'ments', units: 'M AX N T S' },
  { s: 'ment', units: 'M AX N T' },
  { s: 'ably', units: 'AX B L IY', restoreE: true },
  { s: 'able', units: 'AX B AX L', restoreE: true, minStem: 3 },
  { s: 'ibly', units: 'AX B L IY' },
  { s: 'ible', units: 'AX B AX L', minStem: 3 },
  { s: 'ities', units: 'IH T IY Z', stressLast: true },
  { s: 'ity', units: 'IH T IY', stressLast: true },
  { s: 'ically', units: 'IH K L IY', stressLast: true },
  { s: 'ical', units: 'IH K AX L', stressLast: true },
  { s: 'ics', units: 'IH K S', stressLast: true },
  { s: 'ic', units: 'IH K', stressLast: true, minStem: 3 },
  { s: 'ingly', units: 'IH NG L IY', restoreE: true },
  { s: 'ings', units: 'IH NG Z', restoreE: true },
  { s: 'ing', units: 'IH NG', restoreE: true },
  { s: 'ies', units: 'IY Z' },
  { s: 'ied', units: 'IY D' },
  { s: 'izes', units: 'AY Z IH Z', restoreE: true, minStem: 4 },
  { s: 'ize', units: 'AY Z', restoreE: true, minStem: 4 },
  { s: 'ism', units: 'IH Z AX M', minStem: 3 },
  { s: 'age', units: 'IH JH', minStem: 3 },
  { s: 'ly', units: 'L IY' },
];

// -------------------------------------------------------------------------------------------------------------
// Stem reading

/** Letters after the consonant that leave a/o/u short in V-C-V (magic, habit, planet, model, shadow, body). */
const SHORT_TAIL = /^(ic$|ic[as]|ical|it$|et$|el$|id$|ive|ish|in$|ad$|ol$|il$|im|ern|ow|ue|er[aeiou]|y$|ies$)/;

/**
 * Whether the vowel letter at i is "long": magic e (V C e#), V C le/re, or an open syllable (V C V), which in
 * English is mostly long for a, o, u (paper, over, music) and mostly short for e, i (never, river).
 */
function isLong(w: string, i: number): boolean {
  const n = w.length;
  const j = i + 1;
  if (j >= n) return true; // a vowel ending a one-syllable stem: go, he, hi
  if (!isC(w, j)) return isVowelLetter(w[j]) && w[j] === 'e' && j === n - 1; // hoe, due
  let k = j + 1;
  // Consonant pairs that spell one sound keep a magic-e vowel long (bathe, ache) but not an open syllable
  // (gather, bishop).
  let digraph = false;
  if (k < n && ['th', 'ch', 'sh', 'ph'].includes(w.slice(j, k + 1))) {
    k++;
    digraph = true;
  }
  if (k === n - 1 && w[k] === 'e') return true; // magic e
  if (digraph) return false;
  if (k + 1 === n - 1 && (w.slice(k) === 'le' || w.slice(k) === 're') && w[j] !== 'l' && w[j] !== 'r') return true;
  if (k < n && isV(w, k)) {
    if (w[j] === 'x' || w[j] === 'w' || w[j] === 'v') return false;
    const c = w[i];
    if (c === 'u') return !/^ish/.test(w.slice(k)); // music, duty, human, student
    if (c === 'a' || c === 'o') {
      if (c === 'a' && /^y/.test(w.slice(k))) return true; // baby, lady
      return !SHORT_TAIL.test(w.slice(k));
    }
  }
  return false;
}

function countVowelGroups(w: string): number {
  let count = 0;
  for (let i = 0; i < w.length; i++) {
    if (isV(w, i) && !isV(w, i - 1)) count++;
  }
  // Silent final e.
  if (w.length > 2 && w.endsWith('e') && !isV(w, w.length - 2) && count > 1) count--;
  return Math.max(1, count);
}

/**
 * An unstressed prefix at the start of a stem, or null. Strong ones (begin, return, decide, mistake, about,
 * appear) always push the stress to the next syllable; they need a single consonant and a vowel after them (not
 * better, reddish; a- may take a double consonant: attack). Weak ones (ex-, en-, in-, con-…) push it only when
 * the next syllable is long (explain, invite, contain; not empty, insect, common).
 */
function prefixOf(w: string): { len: number; strong: boolean } | null {
  if (countVowelGroups(w) < 2) return null;
  let m = /^(be|re|de|pre|mis)(?=[bcdfghjklmnpqstvwz][aeiouy])/.exec(w);
  if (m && w.length > m[1].length + 2) return { len: m[1].length, strong: true };
  if (/^a([bcdfglmpstvwz][aeiouy]|([bcdfglmprstvz])\2[aeiouy])/.test(w) && !w.endsWith('le')) return { len: 1, strong: true };
  m = /^(ex|es|en|em|in|im|con|com)(?=[bcdfgjklmnpqstvwz])/.exec(w);
  if (m) return { len: m[1].length, strong: m[1] === 'ex' || m[1] === 'es' };
  return null;
}

function prefixLength(w: string): number {
  return prefixOf(w)?.len ?? 0;
}

function readStem(w: string): Unit[] {
  const out: Unit[] = [];
  const n = w.length;
  const cons = (...ps: Phone[]) => {
    for (const p of ps) out.push({ p, v: 0 });
  };
  /** A vowel spelled by a single plain letter: reducible when unstressed. */
  const plain = (p: Phone, i: number) => out.push({ p, v: 1, l: w[i], after: w.slice(i + 1) });
  const at = (i: number, s: string) => w.startsWith(s, i);
  const syllables = countVowelGroups(w);
  const pre = prefixLength(w);
  let i = 0;
  /** A fixed vowel; `teamLen` letters of a vowel team starting at i (a word-final ow/ay/ey… is no stress cue). */
  const fixed = (p: Phone, teamLen = 0) =>
    out.push({ p, v: 2, team: teamLen > 0 && (i + teamLen < n || /^(ee|oo)$/.test(w.slice(i, i + teamLen))) });
  /** A vowel made long by position; magic-e ones may still reduce when unstressed. */
  const longVowel = (p: Phone) => {
    const magic = /^[bcdfgjklmnpqrstvz](h?)e$/.test(w.slice(i + 1)) || /^(ce|ge|se|ve|ze|te|ne|de|me|pe|ke)$/.test(w.slice(i + 1));
    out.push({ p, v: 2, magic, l: w[i], after: w.slice(i + 1) });
  };
  while (i < n) {
    const c = w[i];
    const next = w[i + 1];
    const prev = w[i - 1];
    // ---- consonants --------------------------------------------------------------------------------------
    if (!isV(w, i)) {
      if (c === 'y') { cons('Y'); i++; continue; }
      if (at(i, 'tch')) { cons('CH'); i += 3; continue; }
      if (at(i, 'sch')) { cons('S', 'K'); i += 3; continue; }
      if (at(i, 'chr') || (i === 0 && /^ch(or|em|ao|ara|ris)/.test(w))) { cons('K'); i += 2; continue; }
      if (at(i, 'ch')) { cons('CH'); i += 2; continue; }
      if (at(i, 'sh')) { cons('SH'); i += 2; continue; }
      if (at(i, 'ph')) { cons('F'); i += 2; continue; }
      if (at(i, 'th')) {
        // Voiced between vowels before -er (mother, weather) and in a final -the (bathe, breathe).
        const voiced = (i > 0 && isV(w, i - 1) && at(i + 2, 'er')) || (i > 0 && i + 3 === n && w[i + 2] === 'e');
        cons(voiced ? 'DH' : 'TH');
        i += 2;
        continue;
      }
      if (at(i, 'wh')) { cons('W'); i += 2; continue; }
      if (at(i, 'wr')) { cons('R'); i += 2; continue; }
      if (i === 0 && (at(i, 'kn') || at(i, 'gn'))) { cons('N'); i += 2; continue; }
      if (i === 0 && at(i, 'ps')) { cons('S'); i += 2; continue; }
      if (at(i, 'gn') && i + 2 === n) { cons('N'); i += 2; continue; }
      if (at(i, 'gue') && i + 3 === n) { cons('G'); i += 3; continue; }
      if (c === 'g' && next === 'u' && isVowelLetter(w[i + 2]) && i === 0) { cons('G'); i += 2; continue; }
      if (at(i, 'gh')) {
        // gh: "g" at a word start, silent elsewhere (night, though).
        if (i === 0) cons('G');
        i += 2;
        continue;
      }
      if (at(i, 'ck')) { cons('K'); i += 2; continue; }
      if (at(i, 'dg')) { cons('JH'); i += 2; continue; }
      if (at(i, 'ngue') && i + 4 === n) { cons('NG'); i = n; continue; }
      if (at(i, 'ngu') && (isVowelLetter(w[i + 3]) || i + 3 === n)) { cons('NG', 'G', 'W'); i += 3; continue; }
      if (at(i, 'ng')) {
        cons('NG');
        i += 2;
        // finger, longer: a g that starts the next syllable.
        if (i < n && isV(w, i) && !(i === n - 1 && w[i] === 'e')) cons('G');
        continue;
      }
      if (c === 'n' && (next === 'k' || next === 'q' || (next === 'c' && !'eiy'.includes(w[i + 2] ?? '')) || (next === 'x'))) {
        cons('NG');
        i++;
        continue;
      }
      if ((at(i, 'mb') || at(i, 'mn')) && i + 2 === n) { cons('M'); i += 2; continue; }
      if (c === 'q' && next === 'u') { cons('K', 'W'); i += 2; continue; }
      if (c === 'c') {
        if (next === 'c' && 'eiy'.includes(w[i + 2] ?? '-')) { cons('K', 'S'); i += 2; continue; }
        if (next === 'i' && isVowelLetter(w[i + 2]) && i > 0) { cons('SH'); i += 2; continue; }
        cons(next !== undefined && 'eiy'.includes(next) ? 'S' : 'K');
        i += next === 'c' ? 2 : 1;
        continue;
      }
      if (c === 'g') {
        if (next === 'g') { cons('G'); i += 2; continue; }
        const soft = next !== undefined && 'eiy'.includes(next) && !(i === 0 && /^(get|gi[vrlf]|gea|gee|gey|gid)/.test(w));
        cons(soft ? 'JH' : 'G');
        i++;
        continue;
      }
      if (c === 't' && next === 'i' && isVowelLetter(w[i + 2]) && i > 0) { cons('SH'); i += 2; continue; }
      if (at(i, 'ture')) { cons('CH'); fixed('ER'); i += 4; continue; }
      if (c === 's') {
        if (at(i, 'sure') && i > 0) {
          cons(isV(w, i - 1) ? 'ZH' : 'SH');
          fixed('ER');
          i += 4;
          continue;
        }
        if (at(i, 'sion') || at(i, 'sia')) { cons(i > 0 && isV(w, i - 1) ? 'ZH' : 'SH'); i += 2; continue; }
        if (next === 's') { cons('S'); i += 2; continue; }
        // Between vowels s is voiced (rose, easy, music), but a final -se after a vowel team is not (house, goose).
        const team = i > 1 && isV(w, i - 1) && isV(w, i - 2);
        cons(i > 0 && isV(w, i - 1) && isV(w, i + 1) && !(team && i + 2 === n) ? 'Z' : 'S');
        i++;
        continue;
      }
      if (c === 'x') {
        if (i === 0) cons('Z');
        else cons('K', 'S');
        i++;
        continue;
      }
      if (c === 'h' && i > 0 && !isV(w, i + 1)) { i++; continue; }
      const ph = CONSONANT[c];
      if (ph) cons(...ph);
      i++;
      // Doubled consonants are one sound.
      if (w[i] === c) i++;
      continue;
    }

    // ---- vowels ------------------------------------------------------------------------------------------
    // Final silent e.
    if (c === 'e' && i === n - 1 && i > 0 && out.some((u) => u.v)) { i++; continue; }
    // The vowel of an unstressed prefix is short (and reduces later); ex-/en-/em- keep a clear /ɛ/.
    if (i < pre) {
      if (i === 0 && c === 'e') fixed('EH');
      else plain(c === 'a' ? 'AE' : c === 'e' ? 'EH' : c === 'o' ? 'AA' : 'IH', i);
      i++;
      continue;
    }
    const long = isLong(w, i);
    // r-controlled: V r followed by a consonant or the end. Before rr the vowel is short (carry, mirror).
    const rCtrl = next === 'r' && (i + 2 === n || (!isV(w, i + 2) && w[i + 2] !== 'r'));
    const rr = next === 'r' && w[i + 2] === 'r';
    const last = i === n - 1;
    switch (c) {
      case 'a':
        if (at(i, 'augh')) { fixed('AO', 4); i += 4; continue; }
        if (at(i, 'air')) { fixed('EH'); cons('R'); i += 3; continue; }
        if (at(i, 'ai') || at(i, 'ay')) {
          // Unstressed -ain in two-syllable words without a prefix: captain, mountain, certain.
          if (at(i, 'ain') && i + 3 === n && syllables > 1 && !pre) { fixed('IH'); i += 2; continue; }
          fixed('EY', 2);
          i += 2;
          continue;
        }
        if (at(i, 'au') || at(i, 'aw')) { fixed('AO', 2); i += 2; continue; }
        if (at(i, 'are') && i + 3 === n) { fixed('EH'); cons('R'); i += 3; continue; }
        if (next === 'r' && (prev === 'w' || (prev === 'u' && w[i - 2] === 'q')) && !rr) { fixed('AO'); cons('R'); i += 2; continue; }
        if (rCtrl) {
          // Unstressed final -ar reads like -er (dollar, sugar).
          if (last || (i + 2 === n && syllables > 1)) { fixed('ER'); i += 2; continue; }
          fixed('AA');
          cons('R');
          i += 2;
          continue;
        }
        if (rr) { plain('AE', i); cons('R'); i += 3; continue; }
        if (next === 'r' && isV(w, i + 2)) { plain('EH', i); cons('R'); i += 2; continue; } // parent, vary
        // all (ball, small; not allow, valley), alk/alt (talk, salt), initial al- + consonant (also, always).
        if (at(i, 'all') && !isV(w, i + 3)) { fixed('AO'); cons('L'); i += 3; continue; }
        if (at(i, 'al') && ('kt'.includes(w[i + 2] ?? '-') || (i === 0 && 'smwr'.includes(w[i + 2] ?? '-')) || w.slice(i) === 'alse')) {
          fixed('AO');
          cons('L');
          i += 2;
          continue;
        }
        if ((prev === 'w' || (prev === 'u' && w[i - 2] === 'q')) && !long && !'gkx'.includes(next ?? '-')) { plain('AA', i); i++; continue; }
        if (/^(ange|anger|aste)$/.test(w.slice(i))) { fixed('EY'); i++; continue; }
        if (last) { plain('AX', i); i++; continue; }
        if (long) longVowel('EY');
        else plain('AE', i);
        i++;
        continue;
      case 'e':
        if (at(i, 'eau')) { fixed('OW', 3); i += 3; continue; }
        if (at(i, 'eigh')) { fixed('EY', 4); i += 4; continue; }
        if (/^[bpw]ear$/.test(w.slice(i - 1))) { fixed('EH'); cons('R'); i += 3; continue; }
        if (at(i, 'ear')) {
          if (isC(w, i + 3) && w[i + 3] !== 'r') { fixed('ER'); i += 3; continue; } // earth, learn
          fixed('IH', 3);
          cons('R');
          i += 3;
          continue;
        }
        if (at(i, 'eer')) { fixed('IH', 3); cons('R'); i += 3; continue; }
        if (at(i, 'ee')) { fixed('IY', 2); i += 2; continue; }
        if (at(i, 'ea')) {
          // ea before d/th/lth/sure/ther… is short (head, breath, health, measure, weather); otherwise long.
          fixed(/^ea(d|th|lth|sure|ther|lous|ven|vy|nt|dy)/.test(w.slice(i)) ? 'EH' : 'IY', 2);
          i += 2;
          continue;
        }
        if (at(i, 'ei')) { fixed(prev === 'c' ? 'IY' : 'EY', 2); i += 2; continue; }
        if (at(i, 'ey')) { fixed(i + 2 === n && syllables > 1 ? 'IY' : 'EY', 2); i += 2; continue; }
        if (at(i, 'eu') || at(i, 'ew')) {
          // few, view: a y-glide after most consonants; US English drops it after t, d, n, s, r, l, j, ch.
          if (i > 0 && !'tdnsrlj'.includes(prev ?? '') && !(prev === 'h' && w[i - 2] === 'c')) cons('Y');
          fixed('UW', 2);
          i += 2;
          continue;
        }
        if (at(i, 'ere') && i + 3 === n) { fixed('IH'); cons('R'); i += 3; continue; }
        if (rCtrl) { fixed('ER'); i += 2; continue; }
        if (rr) { plain('EH', i); cons('R'); i += 3; continue; }
        if (at(i, 'ie')) { fixed('IY', 2); i += 2; continue; }
        if (last) { fixed('IY'); i++; continue; }
        if (long) longVowel('IY');
        else plain('EH', i);
        i++;
        continue;
      case 'i':
        if (at(i, 'igh')) { fixed('AY', 3); i += 3; continue; }
        if (at(i, 'ie')) {
          fixed(i + 2 === n && syllables === 1 ? 'AY' : 'IY', 2);
          i += 2;
          continue;
        }
        if (at(i, 'ire') && i + 3 === n) { fixed('AY'); fixed('ER'); i += 3; continue; }
        if (rCtrl) { fixed('ER'); i += 2; continue; }
        if (rr) { plain('IH', i); cons('R'); i += 3; continue; }
        if (/^i(nd|ld|gn|mb)/.test(w.slice(i)) && i + 3 >= n - 1) { fixed('AY'); i++; continue; }
        if (isVowelLetter(next) && next !== 'e') { fixed(i === 0 || syllables <= 2 ? 'AY' : 'IY'); i++; continue; }
        if (last) { fixed(syllables > 1 ? 'IY' : 'AY'); i++; continue; }
        if (long) longVowel('AY');
        else plain('IH', i);
        i++;
        continue;
      case 'o':
        if (at(i, 'ough')) { fixed('AO', 4); i += 4; continue; }
        if (at(i, 'oar')) { fixed('AO', 3); cons('R'); i += 3; continue; }
        if (at(i, 'oa')) { fixed('OW', 2); i += 2; continue; }
        if (at(i, 'oi') || at(i, 'oy')) { fixed('OY', 2); i += 2; continue; }
        if (at(i, 'oor')) { fixed('AO', 3); cons('R'); i += 3; continue; }
        if (at(i, 'oo')) {
          // oo is short before k and in a few -ood/-oot/-ool words (book, good, foot, wool; not food).
          const short = w[i + 2] === 'k' || /^((g|h|st|w)ood|(f|s)oot|wool)$/.test(w);
          fixed(short ? 'UH' : 'UW', 2);
          i += 2;
          continue;
        }
        if (at(i, 'ould')) { fixed('UH'); i += 2; continue; }
        if (at(i, 'our')) {
          if (i + 3 === n || w[i + 3] === 's') { fixed('AO'); cons('R'); i += 3; continue; } // four, yours
          if (isC(w, i + 3)) { fixed('ER'); i += 3; continue; } // journey, courtesy
          fixed('AW');
          fixed('ER');
          i += 3;
          continue;
        }
        if (at(i, 'oup')) { fixed('UW', 2); i += 2; continue; }
        if (at(i, 'ou')) { fixed('AW', 2); i += 2; continue; }
        if (at(i, 'ow')) {
          // Final -ow is mostly /oʊ/ (low, show); before n/l/d/er mostly /aʊ/ (down, howl, crowd).
          const after = w.slice(i + 2);
          const before = w.slice(0, i);
          const diph = after === '' ? /^(n|h|c|v|w|all)$/.test(before) : /^(n|l|d|er|el)/.test(after);
          const own = after.startsWith('n') && /(kn|sh|gr|bl|fl|thr|^)$/.test(before);
          fixed(diph && !own ? 'AW' : 'OW', 2);
          i += 2;
          continue;
        }
        if (at(i, 'oe') && i + 2 === n) { fixed('OW'); i += 2; continue; }
        if (at(i, 'ore') && i + 3 === n) { fixed('AO'); cons('R'); i += 3; continue; }
        if (rCtrl) {
          // Unstressed -or ends read like -er (doctor, color); after w too (word, work).
          if ((i + 2 === n && syllables > 1) || prev === 'w') { fixed('ER'); i += 2; continue; }
          fixed('AO');
          cons('R');
          i += 2;
          continue;
        }
        if (rr) { plain('AA', i); cons('R'); i += 3; continue; }
        if (/^o(ld|lt|ll$|ll[^aeiouy])/.test(w.slice(i))) { fixed('OW'); i++; continue; }
        if (next === 'r' && isV(w, i + 2)) { plain('AO', i); cons('R'); i += 2; continue; } // story, forest, orange
        if (last) { fixed('OW'); i++; continue; }
        if (at(i, 'on') && i + 2 === n && syllables > 1) { plain('AX', i); i++; continue; }
        if (next === 'f' || at(i, 'ong') || at(i, 'oss') || at(i, 'ost') || at(i, 'oth')) { plain('AO', i); i++; continue; }
        if (long) longVowel('OW');
        else plain('AA', i);
        i++;
        continue;
      case 'u':
        if (at(i, 'ue') && i + 2 === n) { fixed('UW', 2); i += 2; continue; }
        if (at(i, 'ui')) {
          if (prev === 'b' || prev === 'g') { fixed('IH'); i += 2; continue; } // build, guilt
          fixed('UW', 2);
          i += 2;
          continue;
        }
        if (at(i, 'ure') && i + 3 === n) { cons('Y'); fixed('ER'); i += 3; continue; }
        if (rCtrl || rr) { fixed('ER'); cons(...(rr ? ['R' as Phone] : [])); i += rr ? 3 : 2; continue; }
        if ('pbf'.includes(prev ?? '-') && (at(i + 1, 'll') || at(i + 1, 'sh') || (next === 't' && i + 2 === n))) {
          fixed('UH');
          i++;
          continue;
        }
        if (long) {
          if (i > 0 && !'rljsdt'.includes(prev ?? '') && !(prev === 'h' && 'cs'.includes(w[i - 2] ?? ''))) cons('Y');
          longVowel('UW');
          i++;
          continue;
        }
        plain('AH', i);
        i++;
        continue;
      case 'y':
        // y as a vowel: final → /i/ in polysyllables, /aɪ/ in monosyllables (my, try); y-C-e → /aɪ/ (type).
        if (last) {
          out.push({ p: syllables > 1 ? 'IY' : 'AY', v: 2, finalY: syllables > 1 });
          i++;
          continue;
        }
        if (long) longVowel('AY');
        else plain('IH', i);
        i++;
        continue;
      default:
        i++;
    }
  }
  return out;
}

/** -le after a consonant is a syllabic l (table, little). */
function fixSyllabicLe(w: string, units: Unit[]): Unit[] {
  if (w.length > 2 && w.endsWith('le') && !isV(w, w.length - 3)) {
    const lastUnit = units[units.length - 1];
    if (lastUnit && lastUnit.p === 'L') units.splice(units.length - 1, 0, { p: 'AX', v: 2 });
  }
  return units;
}

/** How an unstressed vowel sounds: e before t/d/s/k and i/y as /ɪ/, the rest as schwa. */
function reduced(u: Unit, prefix: boolean): Phone {
  if (u.l === 'i' || u.l === 'y') return 'IH';
  if (u.l === 'e') return prefix || /^(t|d|s|ck|k|c|x|ss)/.test(u.after ?? '') ? 'IH' : 'AX';
  return 'AX';
}

/**
 * Applies stress to a word's units: the vowel with index `stressed` (counting vowels) keeps its quality, other
 * plain vowels reduce; magic-e vowels reduce too when unstressed in a two-syllable word (notice, promise); a final
 * y that carries the stress reads /aɪ/ (reply). `stressed` -1 means none of these units is stressed.
 */
function applyStress(units: Unit[], stressed: number, prefixVowels = 0): void {
  const total = units.filter((u) => u.v).length;
  let k = 0;
  for (const u of units) {
    if (!u.v) continue;
    if (k === stressed) {
      if (u.finalY && total > 1) u.p = 'AY';
    } else if (u.v === 1 || (u.magic && total === 2 && k > 0)) {
      u.p = reduced(u, k < prefixVowels);
    }
    k++;
  }
}

/** Which vowel of a bare stem is stressed: after an unstressed prefix, or on a later non-final vowel team. */
function stemStress(w: string, units: Unit[]): { stressed: number; prefixVowels: number } {
  const vowels = units.filter((u) => u.v);
  if (vowels.length < 2) return { stressed: 0, prefixVowels: 0 };
  const prefix = prefixOf(w);
  if (prefix) {
    const second = vowels[1];
    const long = second.team || second.magic || (second.v === 2 && !second.finalY);
    if (prefix.strong ? !second.finalY : long) return { stressed: 1, prefixVowels: 1 };
    return { stressed: 0, prefixVowels: 0 };
  }
  if (vowels.length === 2 && vowels[0].v === 1 && vowels[1].team) return { stressed: 1, prefixVowels: 0 };
  return { stressed: 0, prefixVowels: 0 };
}

function endsVoiceless(units: Unit[]): boolean {
  const lastUnit = units[units.length - 1];
  return lastUnit !== undefined && VOICELESS_END.has(lastUnit.p);
}

function plural(units: Unit[]): Unit[] {
  const lastUnit = units[units.length - 1];
  if (lastUnit && SIBILANT_END.has(lastUnit.p)) return [...units, { p: 'IH', v: 2 }, { p: 'Z', v: 0 }];
  return [...units, { p: endsVoiceless(units) ? 'S' : 'Z', v: 0 }];
}

function past(units: Unit[]): Unit[] {
  const lastUnit = units[units.length - 1];
  if (lastUnit && (lastUnit.p === 'T' || lastUnit.p === 'D')) return [...units, { p: 'IH', v: 2 }, { p: 'D', v: 0 }];
  return [...units, { p: endsVoiceless(units) ? 'T' : 'D', v: 0 }];
}

function hasVowel(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isV(s, i)) return true;
  return false;
}

function clone(units: readonly Unit[]): Unit[] {
  return units.map((u) => ({ ...u }));
}

/** A word's units before stress: the stress decision travels with them until the whole word is known. */
interface Reading {
  units: Unit[];
  /** Index of the stressed vowel among `units`' vowels; -1 none; null: already final (exceptions). */
  stressed: number | null;
  prefixVowels: number;
}

const fixedReading = (units: Unit[]): Reading => ({ units, stressed: null, prefixVowels: 0 });

function append(r: Reading, tail: Unit[]): Reading {
  return { ...r, units: [...r.units, ...tail] };
}

/** Reads a word into units plus where its stress goes; suffixes decide stress for their stems. */
function readWord(w: string, depth = 0): Reading {
  const exc = getExceptions().get(w);
  if (exc) return fixedReading(clone(exc));
  if (depth < 3) {
    // Contractions and possessives.
    const apos = w.indexOf("'");
    if (apos > 0) {
      const stem = w.slice(0, apos);
      const tail = w.slice(apos + 1);
      if (tail === 't' && stem.endsWith('n')) {
        return append(readWord(stem.slice(0, -1), depth + 1), parseUnits('AX N T'));
      }
      const base = readWord(stem, depth + 1);
      const add: Readonly<Record<string, string>> = { ll: 'L', re: 'ER', ve: 'V', d: 'D', m: 'M' };
      if (tail === 's') return { ...base, units: plural(base.units) };
      return append(base, parseUnits(add[tail] ?? ''));
    }
    // Plural / third person -s.
    if (w.length > 3 && w.endsWith('s') && !/(ss|us|is|ous)$/.test(w)) {
      const stem = /(s|x|z|ch|sh)es$/.test(w) ? w.slice(0, -2) : w.slice(0, -1);
      if (hasVowel(stem) && !stem.endsWith('ie')) {
        const base = readWord(stem, depth + 1);
        return { ...base, units: plural(base.units) };
      }
    }
    // Past -ed (not hundred, kindred: a consonant + r before it).
    if (w.length > 4 && w.endsWith('ed') && !w.endsWith('eed') && !/[^aeiou]red$/.test(w)) {
      const stem = w.slice(0, -2);
      if (hasVowel(stem)) {
        const base = readWord(w.endsWith('ied') ? stem.slice(0, -1) + 'y' : restoreStem(stem), depth + 1);
        return { ...base, units: past(base.units) };
      }
    }
    // A prefix before a known irregular word: become, unknown, before → be + fore.
    const pm = /^(un|out|over|under|with|up)(.+)$/.exec(w);
    if (pm && pm[2].length >= 3 && getExceptions().has(pm[2])) {
      const head = readStem(pm[1]);
      applyStress(head, -1, 1);
      return fixedReading([...head, ...clone(getExceptions().get(pm[2]) as Unit[])]);
    }
    for (const suf of SUFFIXES) {
      if (!w.endsWith(suf.s)) continue;
      let stem = w.slice(0, -suf.s.length);
      if (stem.length < (suf.minStem ?? 2) && !suf.anyStem) continue;
      if (!stem.length || (!suf.anyStem && !hasVowel(stem))) continue;
      if (suf.s === 'ly' && /[aiou]$/.test(stem)) continue; // family, lily
      if ((suf.s === 'ly' || suf.s.startsWith('ful') || suf.s.startsWith('ness')) && stem.endsWith('i')) stem = stem.slice(0, -1) + 'y';
      if (suf.s === 'ies' || suf.s === 'ied') stem += 'y';
      if (suf.restoreE) stem = restoreStem(stem);
      const base = hasVowel(stem) ? readWord(stem, depth + 1) : fixedReading(readStem(stem));
      const units = base.units;
      if (suf.s === 'ies' || suf.s === 'ied') {
        // The y of the stem is already the /i/ of the suffix.
        const lastUnit = units[units.length - 1];
        if (lastUnit && lastUnit.v) units.pop();
      }
      let stressed = base.stressed;
      if (base.stressed !== null) {
        if (suf.stressed) stressed = -1;
        else if (suf.stressLast) stressed = units.filter((u) => u.v).length - 1;
      }
      return { units: [...units, ...parseUnits(suf.units)], stressed, prefixVowels: base.prefixVowels };
    }
  }
  const units = fixSyllabicLe(w, readStem(w));
  return { units, ...stemStress(w, units) };
}

function englishWord(w: string): Unit[] {
  const r = readWord(w);
  if (r.stressed !== null) applyStress(r.units, r.stressed, r.prefixVowels);
  return r.units;
}

/** Undo spelling changes before a suffix: doubled consonant (running → run), dropped e (making → make). */
function restoreStem(stem: string): string {
  const n = stem.length;
  if (n >= 3 && stem[n - 1] === stem[n - 2] && !isV(stem, n - 1) && !'lsz'.includes(stem[n - 1])) return stem.slice(0, -1);
  // C V C after a single vowel letter in a one-syllable stem: a dropped magic e (mak|e, rid|e, hop|e).
  if (n >= 3 && !isV(stem, n - 1) && isV(stem, n - 2) && !isV(stem, n - 3) && !'wxy'.includes(stem[n - 1])) {
    if (countVowelGroups(stem) === 1) return stem + 'e';
  }
  if (/[^aeiou](v|c|u)$/.test(stem)) return stem + 'e';
  return stem;
}

// -------------------------------------------------------------------------------------------------------------
// Numbers and symbols

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
  'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Spells a non-negative integer (years 1100–2099 as pairs: "nineteen oh two"). */
export function spellNumber(digits: string): string {
  const n = Number(digits);
  if (!Number.isFinite(n)) return digits.split('').map((d) => ONES[Number(d)] ?? '').join(' ');
  if (digits.length === 4 && n >= 1100 && n < 2100 && n % 1000 >= 10 && !(n >= 2000 && n < 2010)) {
    const hi = Math.floor(n / 100);
    const lo = n % 100;
    return `${spellNumber(String(hi))} ${lo === 0 ? 'hundred' : lo < 10 ? `oh ${ONES[lo]}` : spellNumber(String(lo))}`;
  }
  if (digits.length > 12) return digits.split('').map((d) => ONES[Number(d)]).join(' ');
  const parts: string[] = [];
  const chunk = (x: number): string => {
    const words: string[] = [];
    if (x >= 100) {
      words.push(ONES[Math.floor(x / 100)], 'hundred');
      x %= 100;
    }
    if (x >= 20) {
      words.push(TENS[Math.floor(x / 10)]);
      x %= 10;
      if (x) words.push(ONES[x]);
    } else if (x > 0 || words.length === 0) words.push(ONES[x]);
    return words.join(' ');
  };
  const scales: Array<[number, string]> = [[1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];
  let rest = n;
  for (const [v, name] of scales) {
    if (rest >= v) {
      parts.push(chunk(Math.floor(rest / v)), name);
      rest %= v;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(chunk(rest));
  return parts.join(' ');
}

const SYMBOLS: Readonly<Record<string, string>> = {
  '%': 'percent', '&': 'and', '+': 'plus', '=': 'equals', '@': 'at', '$': 'dollars', '€': 'euros', '£': 'pounds',
  '°': 'degrees', '#': 'number',
};

/** Splits raw text into speakable English word strings (numbers and symbols spelled out). */
export function normalizeWords(text: string): string[] {
  const out: string[] = [];
  const re = /(\d+(?:[.,]\d+)*)|([\p{L}\p{M}'’]+)|([%&+=@$€£°#])/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1]) {
      const [whole, frac] = m[1].replace(/,(?=\d{3}\b)/g, '').split('.');
      out.push(...spellNumber(whole).split(' '));
      if (frac) out.push('point', ...frac.split('').map((d) => ONES[Number(d)]));
    } else if (m[2]) out.push(m[2].replace(/’/g, "'"));
    else if (m[3]) out.push(SYMBOLS[m[3]]);
  }
  return out;
}

// -------------------------------------------------------------------------------------------------------------
// Other scripts and languages

const LATIN_VOWEL: Readonly<Record<string, Phone>> = { a: 'AA', e: 'EH', i: 'IY', o: 'OW', u: 'UW', y: 'IY' };
const GENERIC_VOWELS = new Set('аеёиоуыэюяαεηιουωаеєиіїоуюяאוי'.split(''));

function isCjk(cp: number): boolean {
  return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff);
}

function foreignWord(word: string): Phone[] {
  const out: Phone[] = [];
  let letters = 0;
  let vowels = 0;
  const push = (p: Phone) => {
    // Collapse consonant runs: a generic consonant carries no shape worth repeating.
    if (p === 'C?' && out[out.length - 1] === 'C?') return;
    out.push(p);
  };
  for (const ch of word) {
    const cp = ch.codePointAt(0) as number;
    if (isCjk(cp)) {
      // One syllable per character.
      push('C?');
      push('V?');
      vowels++;
      continue;
    }
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    const base = ch.normalize('NFD')[0].toLowerCase();
    if (base in LATIN_VOWEL) {
      push(LATIN_VOWEL[base]);
      vowels++;
    } else if (/[a-z]/.test(base)) push(base === 'm' || base === 'p' || base === 'b' ? (base.toUpperCase() as Phone) : 'C?');
    else if (GENERIC_VOWELS.has(ch.toLowerCase())) {
      push('V?');
      vowels++;
    } else push('C?');
  }
  // Scripts that do not write (all) vowels, e.g. abjads and abugidas: about one syllable per two letters.
  if (!vowels && letters) {
    const generic: Phone[] = [];
    for (let k = 0; k < Math.ceil(letters / 2); k++) generic.push('C?', 'V?');
    return generic;
  }
  return out;
}

/** Phones of one word as written (any script). English rules for plain a–z words. */
export function wordToPhones(word: string): Phone[] {
  const w = word.toLowerCase().replace(/’/g, "'").replace(/^'+|'+$/g, '');
  if (!w) return [];
  if (/^[a-z']+$/.test(w)) {
    // Acronyms written in capitals are spelled out letter by letter.
    if (word.length >= 2 && word.length <= 5 && word === word.toUpperCase() && !getExceptions().has(w) && !/[AEIOUY]/.test(word.slice(1))) {
      return [...w.replace(/'/g, '')].flatMap((c) => letterName(c));
    }
    return englishWord(w).map((u) => u.p);
  }
  return foreignWord(word);
}

const LETTER_NAMES: Readonly<Record<string, string>> = {
  a: 'EY', b: 'B IY', c: 'S IY', d: 'D IY', e: 'IY', f: 'EH F', g: 'JH IY', h: 'EY CH', i: 'AY', j: 'JH EY',
  k: 'K EY', l: 'EH L', m: 'EH M', n: 'EH N', o: 'OW', p: 'P IY', q: 'K Y UW', r: 'AA R', s: 'EH S', t: 'T IY',
  u: 'Y UW', v: 'V IY', w: 'D AH B AX L Y UW', x: 'EH K S', y: 'W AY', z: 'Z IY',
};

function letterName(c: string): Phone[] {
  return (LETTER_NAMES[c] ?? '').split(' ').filter(Boolean) as Phone[];
}
