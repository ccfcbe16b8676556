export * from './base64.js';
export * from './pcm16.js';
export * from './g711.js';
export * from './resampler.js';
export * from './formats.js';
