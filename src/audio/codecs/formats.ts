/**
 * The audio formats of the Voice Live protocol (voice-live-protocol.md §6) and how to encode and decode them.
 * Pure: used by the worklets, the element, the lip-sync engine and the simulator alike.
 */
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from './g711.js';
import { decodePcm16, encodePcm16 } from './pcm16.js';

export type InputAudioFormat = 'pcm16' | 'g711_ulaw' | 'g711_alaw';
export type OutputAudioFormat = 'pcm16' | 'pcm16_16000hz' | 'pcm16_8000hz' | 'g711_ulaw' | 'g711_alaw';
export type SampleCodec = 'pcm16' | 'ulaw' | 'alaw';

export const INPUT_AUDIO_FORMATS: readonly InputAudioFormat[] = ['pcm16', 'g711_ulaw', 'g711_alaw'];
export const OUTPUT_AUDIO_FORMATS: readonly OutputAudioFormat[] = [
  'pcm16',
  'pcm16_16000hz',
  'pcm16_8000hz',
  'g711_ulaw',
  'g711_alaw',
];
export const INPUT_SAMPLE_RATES: readonly number[] = [24000, 16000, 8000];

export interface StreamFormat {
  codec: SampleCodec;
  sampleRate: number;
}

export function bytesPerSample(codec: SampleCodec): number {
  return codec === 'pcm16' ? 2 : 1;
}

/** What `output_audio_format` means on the wire. */
export function outputStreamFormat(format: OutputAudioFormat): StreamFormat {
  switch (format) {
    case 'pcm16':
      return { codec: 'pcm16', sampleRate: 24000 };
    case 'pcm16_16000hz':
      return { codec: 'pcm16', sampleRate: 16000 };
    case 'pcm16_8000hz':
      return { codec: 'pcm16', sampleRate: 8000 };
    case 'g711_ulaw':
      return { codec: 'ulaw', sampleRate: 8000 };
    case 'g711_alaw':
      return { codec: 'alaw', sampleRate: 8000 };
  }
}

/** What `input_audio_format` + `input_audio_sampling_rate` mean on the wire (G.711 is always 8 kHz). */
export function inputStreamFormat(format: InputAudioFormat, sampleRate = 24000): StreamFormat {
  if (format === 'g711_ulaw') return { codec: 'ulaw', sampleRate: 8000 };
  if (format === 'g711_alaw') return { codec: 'alaw', sampleRate: 8000 };
  return { codec: 'pcm16', sampleRate };
}

export function decodeSamples(codec: SampleCodec, bytes: Uint8Array, out?: Float32Array): Float32Array {
  if (codec === 'ulaw') return decodeUlaw(bytes, out);
  if (codec === 'alaw') return decodeAlaw(bytes, out);
  return decodePcm16(bytes, out);
}

export function encodeSamples(codec: SampleCodec, samples: ArrayLike<number>, out?: Uint8Array): Uint8Array {
  if (codec === 'ulaw') return encodeUlaw(samples, out);
  if (codec === 'alaw') return encodeAlaw(samples, out);
  return encodePcm16(samples, out);
}

/** Duration in ms of `byteLength` bytes of audio in `format`. */
export function bytesToMs(format: StreamFormat, byteLength: number): number {
  return (byteLength / bytesPerSample(format.codec) / format.sampleRate) * 1000;
}
