/**
 * Where the AudioWorklet modules live. By default next to this module (the build emits them as real files in
 * `dist/worklets/` and `cdn/worklets/`; never blob:/data:, which strict CSPs block). `worklet-base-url`, the
 * static `VoiceLiveAvatar.workletBaseUrl` or `self.VoiceLiveAvatarConfig.workletBaseUrl` override it for pages
 * that self-host them.
 */
export type WorkletName = 'capture-processor' | 'playback-processor';

export function defaultWorkletUrl(name: WorkletName): string {
  // Literal URLs so the bundler can find and emit each file.
  return name === 'capture-processor'
    ? new URL('./worklets/capture-processor.js', import.meta.url).href
    : new URL('./worklets/playback-processor.js', import.meta.url).href;
}

export function workletUrl(name: WorkletName, baseUrl?: string | null): string {
  if (!baseUrl) return defaultWorkletUrl(name);
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(`${name}.js`, new URL(base, globalThis.location?.href)).href;
}
