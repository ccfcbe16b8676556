// Ambient declarations for AudioWorkletGlobalScope (TypeScript's lib has no "audioworklet" lib).
declare const currentFrame: number;
declare const currentTime: number;
declare const sampleRate: number;

interface AudioWorkletProcessorPort {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

type Transferable = ArrayBuffer;

declare abstract class AudioWorkletProcessor {
  readonly port: AudioWorkletProcessorPort;
  constructor(options?: { processorOptions?: unknown; numberOfInputs?: number; numberOfOutputs?: number });
  abstract process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
}

declare function registerProcessor(name: string, ctor: new (options?: { processorOptions?: unknown }) => AudioWorkletProcessor): void;
