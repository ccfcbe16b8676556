/**
 * Development check of our English grapheme→phone rules against eSpeak (used here only as a pronunciation
 * oracle, never at run time): for a list of common words, compares the sequence of vowel classes.
 *
 *   npx tsx bench/lipsync/g2p-check.ts [--all]
 *
 * The word list deliberately avoids the benchmark sentences' content words, so the rules are not tuned to them.
 */
import { createEspeakSynthesizer } from '../../src/server/tts/espeak.js';
import { wordToPhones } from '../../src/lipsync/g2p-en.js';
import { phoneVowelClasses } from './phone-classes.js';
import { ipaComponents } from './ipa.js';

export const DEV_WORDS = `
about above across act add afraid after afternoon again age ago agree air alive allow almost alone along already
always among amount angry animal answer anything appear apple arm army around arrive art ask asleep attack aunt
autumn avoid away baby back bad bag bake ball band bank base basket bath battle beach bean bear beat beautiful
become bed bee before begin behave believe bell belong below belt bench bend best better between bicycle big bill
bird birthday bit bite black blade blame blanket blind block blood blow board boat body boil bone book border born
borrow boss bottle bottom brain branch brave bread break breakfast breath brick bridge bright bring broad broken
brown brush bucket burn bus butter button cabin cage cake call calm camera camp candle cap captain car card care
careful carry case castle cat catch cause center chain chair chance change cheap cheese chest chief choose church
circle city class clean clear climb clock close cloth cloud coat cold collect color comb comfort common company
compare complete computer condition contain continue control cook cool copy cost cotton count cover cow crazy cream
cross crowd cry cup curtain cut damage dance danger daughter dead deal dear decide deep degree deliver desk develop
die different dinner direction dirty discover doctor dog dollar door doubt draw dream dress drink drive drop dry
duck dust duty eagle ear east eat edge egg eight elephant empty end enemy engine enjoy enter equal escape evening
event exact example except excite exercise expect explain face fact fail fair fall false family famous far farm
fast fat fault fear feather feel fence fever field fight figure fill film final finger finish fire fish flag flat
floor flower fly fold follow food fool foot force forest forget fork form fox free fresh fruit full fun funny future
game garden gate gather gentle gift girl glad glass goat gold good grass gray green ground group grow guard guess
guest guide gun hair hall hand hang happen happy hat hate head health heavy height help hide high hill history hit
hold hole holiday home hope horse hospital hot hotel house human hundred hungry hunt hurry hurt husband ice idea
important inch insect inside invite iron jacket job join joke journey judge jump jungle key kick kill king kitchen
knee knife knock lady lake lamp land language last late laugh law lazy lead leaf lean leather left lesson letter
level library lie life lift light limit line lion lip list listen load lock lonely loud low lucky lunch machine
magic mail main manage map mark market master match matter meal measure meat medicine meet member memory metal
middle milk mind minute mirror miss mistake mix modern moment monkey moon morning mountain mouse mouth music nail
narrow nation nature near neck need needle nest net never nice night noise noon north nose note nothing notice
number nurse object ocean offer office oil open orange order paint pair paper parent party pass past path pay peace
pencil person picture piece pig pillow pink pipe place plain plan plant plate play please pocket poem point poison
pole pool poor popular position pot potato pound powder power present pretty price print prison prize problem
produce promise proud pull pump pupil push queen question quick quiet race radio rain raise reach read ready reason
receive record red remember repeat reply report rest result return rich ride right ring rise river road rock roof
room root rope rose rough row rubber rule run sad safe sail salt same sand save school sea seat second secret seed
seem send sense seven shade shadow shake shape share sharp sheep shelf shine ship shirt shoe shoot shop short shout
show shut sick side sign silver simple since sing sister sit sky sleep slow small smell smile smoke snake snow soap
soft soldier solid song soon sorry sound soup south space speak speed spend spoon sport spring square stage stair
stamp stand star start station stay steel step stick still stone stop store storm story stove straight strange
street strong student study sudden summer sun supper sweet swim table tail take tall taste tea teach team tear
telephone television temple ten tent test thank thick thin thing think third thirsty thread throat throw ticket
tiger tight tired title tongue tool tooth top total town toy track trade train travel tree trip true trust try turn
umbrella uncle under understand until upon useful usual valley value village visit voice wait wake wall warn wave
weak wear weather wedding week weight west wet wheel white wide wife win window wine winter wire wise wish wolf
wood wool worry write wrong yard year yellow young zero
`;

async function main(): Promise<void> {
  const all = process.argv.includes('--all');
  const synth = await createEspeakSynthesizer();
  if (!synth) throw new Error('eSpeak (@echogarden/espeak-ng-emscripten) is not installed');
  const words = DEV_WORDS.split(/\s+/).filter(Boolean);
  let agree = 0;
  let vowelSlots = 0;
  let vowelAgree = 0;
  const misses: string[] = [];
  // Words are synthesized in batches, separated by commas so each is said in isolation.
  for (let b = 0; b < words.length; b += 40) {
    const batch = words.slice(b, b + 40);
    const r = await synth.synthesize(batch.join(', '), { voice: 'en-us', rate: 170 });
    for (let k = 0; k < r.words.length && k < batch.length; k++) {
      const w = r.words[k];
      const end = k + 1 < r.words.length ? r.words[k + 1].startMs : Infinity;
      const ipa = r.phonemes.filter((p) => p.startMs >= w.startMs && p.startMs < end && p.ipa);
      const ref: string[] = [];
      for (const p of ipa) for (const c of ipaComponents(p.ipa)) if (c.cls.length === 2 && c.cls !== 'PP') ref.push(c.cls);
      const ours = phoneVowelClasses(wordToPhones(batch[k]));
      const same = ref.join(' ') === ours.join(' ');
      if (same) agree++;
      const n = Math.max(ref.length, ours.length);
      vowelSlots += n;
      for (let i = 0; i < Math.min(ref.length, ours.length); i++) if (ref[i] === ours[i]) vowelAgree++;
      if (!same || all) misses.push(`${batch[k]}: espeak ${ipa.map((p) => p.ipa).join('')} [${ref.join(' ')}] ours ${wordToPhones(batch[k]).join(' ')} [${ours.join(' ')}]`);
    }
  }
  console.log(misses.join('\n'));
  console.log(`\nwords with identical vowel-class sequence: ${agree}/${words.length} (${((100 * agree) / words.length).toFixed(1)} %)`);
  console.log(`vowel slots agreeing: ${vowelAgree}/${vowelSlots} (${((100 * vowelAgree) / vowelSlots).toFixed(1)} %)`);
}

await main();
