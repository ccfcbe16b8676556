/**
 * Where the simulator's speech comes from: a given synthesizer, or (`'auto'`) eSpeak NG when its GPL package is
 * installed and the built-in formant voice otherwise. eSpeak is loaded lazily through its own dynamic import the
 * first time speech is needed, never at module load. Results are cached: the simulator repeats itself a lot.
 */
import { createEspeakSynthesizer } from '../tts/espeak.js';
import type { SpeechSynthesizer, Synthesis, SynthesisOptions } from '../tts/espeak.js';
import { createFallbackSynthesizer } from './fallback-voice.js';

export interface SpeechSource {
  synthesize(text: string, options: SynthesisOptions): Promise<Synthesis>;
  /** Name of the synthesizer in use, once known. */
  readonly name: string | undefined;
}

const CACHE_SIZE = 48;

export function createSpeechSource(choice: SpeechSynthesizer | 'auto' = 'auto'): SpeechSource {
  let synth: Promise<SpeechSynthesizer> | undefined = choice === 'auto' ? undefined : Promise.resolve(choice);
  let name: string | undefined = choice === 'auto' ? undefined : choice.name;
  const cache = new Map<string, Promise<Synthesis>>();

  const resolve = (): Promise<SpeechSynthesizer> => {
    synth ??= createEspeakSynthesizer()
      .catch(() => null)
      .then((s) => s ?? createFallbackSynthesizer())
      .then((s) => {
        name = s.name;
        return s;
      });
    return synth;
  };

  return {
    get name() {
      return name;
    },
    synthesize(text, options) {
      const key = `${options.voice ?? ''}|${options.rate ?? ''}|${options.pitch ?? ''}|${text}`;
      const hit = cache.get(key);
      if (hit) {
        // Refresh its place in the LRU order.
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const result = resolve().then((s) => s.synthesize(text, options));
      cache.set(key, result);
      result.catch(() => cache.delete(key));
      if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return result;
    },
  };
}
