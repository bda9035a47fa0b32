// Pinyin spellings of Chinese terms, generated when a catalogue is loaded: senders write 枪支 as qiangzhi or
// qiang支 to slip past keyword lists, so each term also matches with any of its syllables written in pinyin.
import { pinyin } from 'pinyin-pro';
import { isHan } from './normalise.js';

// All-pinyin spellings that are also English words (found by checking every generated spelling against an
// English word list): "tiding" is not 锑锭 and "lili" is not 锂粒.
const ENGLISH_COLLISIONS = new Set(['tiding', 'biding', 'lili', 'citie']);

// Mixing every syllable both ways gives 2^n spellings; beyond this many Han characters only the all-pinyin
// spelling is added, which keeps the automaton small while still catching the common evasions.
const MAX_MIXED_SYLLABLES = 4;

/**
 * The pinyin and mixed pinyin/Han spellings of a term (without the term itself). Terms with fewer than two Han
 * characters get none: a lone syllable such as "jia" or "du" is far too common to be evidence of anything.
 */
export function findPinyinVariants(term: string): string[] {
  const characters = [...term];
  const hanPositions = characters.flatMap((character, index) =>
    character.length === 1 && isHan(character.charCodeAt(0)) ? [index] : [],
  );
  if (hanPositions.length < 2) return [];
  // pinyin-pro reads polyphonic characters in context (大麻 → da ma), so the whole term is converted at once.
  const syllables = pinyin(term, { toneType: 'none', type: 'array', v: true });
  if (syllables.length !== characters.length) return [];
  // ü is written v (lv) or u (lu) in practice; offer both spellings of such syllables.
  const spellings = [syllables];
  if (syllables.some((syllable) => syllable.includes('v'))) {
    spellings.push(syllables.map((syllable) => syllable.replaceAll('v', 'u')));
  }
  const variants = new Set<string>();
  for (const spelling of spellings) {
    const spell = (useSyllable: (hanIndex: number) => boolean): string => {
      let hanIndex = 0;
      return characters
        .map((character, index) => {
          if (hanPositions[hanIndex] !== index) return character;
          return useSyllable(hanIndex++) ? (spelling[index] ?? character) : character;
        })
        .join('');
    };
    if (hanPositions.length <= MAX_MIXED_SYLLABLES) {
      const combinations = 1 << hanPositions.length;
      for (let mask = 1; mask < combinations; mask++) {
        variants.add(spell((hanIndex) => (mask & (1 << hanIndex)) !== 0));
      }
    } else {
      variants.add(spell(() => true));
    }
  }
  variants.delete(term);
  return [...variants].filter((variant) => !ENGLISH_COLLISIONS.has(variant));
}
