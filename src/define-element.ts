import { VoiceLiveAvatar } from './element/voice-live-avatar.js';

/**
 * Registers the element (Shoelace-style): a second registration of the same tag is harmless; a different
 * version already registered under it gets a warning instead of an exception.
 */
export function defineVoiceLiveAvatar(tag = 'voice-live-avatar'): typeof VoiceLiveAvatar {
  const registry = globalThis.customElements;
  if (!registry) return VoiceLiveAvatar;
  const existing = registry.get(tag) as (CustomElementConstructor & { version?: string }) | undefined;
  if (existing) {
    if (existing !== VoiceLiveAvatar && existing.version !== VoiceLiveAvatar.version) {
      console.warn(
        `[voice-live-avatar] <${tag}> is already defined by version ${existing.version ?? 'unknown'}; ` +
          `version ${VoiceLiveAvatar.version} was not registered.`,
      );
    }
    return existing as typeof VoiceLiveAvatar;
  }
  // A subclass per extra tag name: one constructor can only be registered once.
  registry.define(tag, tag === 'voice-live-avatar' ? VoiceLiveAvatar : class extends VoiceLiveAvatar {});
  return VoiceLiveAvatar;
}
