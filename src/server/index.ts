/**
 * `voice-live-avatar/server`: Node-only helpers — the local Voice Live simulator, the relay that keeps Azure
 * credentials on the server, and the demo server. Importing this module has no side effects.
 */
export { createSimulator, DEFAULT_PATH as SIMULATOR_PATH } from './simulator.js';
export type { Simulator, SimulatorOptions } from './simulator.js';
export { createRelay, upstreamUrl } from './relay.js';
export type { Relay, RelayOptions, TokenCredentialLike } from './relay.js';
export { startDemoServer, RELAY_PATH } from './demo-server.js';
export type { DemoServer, DemoServerOptions } from './demo-server.js';
export { createFallbackSynthesizer } from './simulator/fallback-voice.js';
export type { SpeechSynthesizer, Synthesis, SynthesisOptions, SynthWord, SynthPhoneme } from './tts/espeak.js';
export { redactUrl } from './redact.js';
