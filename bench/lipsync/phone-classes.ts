/** Our phones → the §3.3 vowel classes, diphthongs as two halves (for comparing G2P output with eSpeak). */
import type { Phone } from '../../src/lipsync/phones.js';
import type { MouthKey } from '../../src/lipsync/types.js';

const CLASSES: Partial<Record<Phone, MouthKey[]>> = {
  AA: ['aa'], AE: ['aa'], AH: ['aa'], AX: ['ee'], AO: ['oh'], EH: ['ee'], ER: ['ee'], IH: ['ih'], IY: ['ih'],
  UH: ['ou'], UW: ['ou'], OW: ['oh', 'ou'], EY: ['ee', 'ih'], AY: ['aa', 'ih'], AW: ['aa', 'ou'], OY: ['oh', 'ih'],
};

export function phoneVowelClasses(phones: readonly Phone[]): MouthKey[] {
  return phones.flatMap((p) => CLASSES[p] ?? []);
}
