import { css } from 'lit';

/**
 * Inline by default (no fixed overlay). Every colour and size is a custom property with layered fallbacks,
 * so a page can theme it with one `--vla-accent` or override each part.
 */
export const styles = css`
  :host {
    --_accent: var(--vla-accent, #5b5bd6);
    --_bg: var(--vla-bg, #ffffff);
    --_fg: var(--vla-fg, #1f2330);
    --_muted: var(--vla-muted-fg, color-mix(in srgb, var(--_fg) 78%, var(--_bg)));
    --_surface: var(--vla-surface, color-mix(in srgb, var(--_fg) 5%, var(--_bg)));
    --_radius: var(--vla-radius, 14px);
    --_font: var(--vla-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    display: block;
    contain: content;
    box-sizing: border-box;
    width: var(--vla-width, 100%);
    max-width: var(--vla-max-width, 420px);
    color: var(--_fg);
    background: var(--_bg);
    border-radius: var(--_radius);
    font-family: var(--_font);
    font-size: var(--vla-font-size, 15px);
    line-height: 1.4;
    border: var(--vla-border, 1px solid color-mix(in srgb, var(--_fg) 12%, transparent));
    overflow: hidden;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  .base {
    display: flex;
    flex-direction: column;
  }
  .avatar {
    position: relative;
    height: var(--vla-avatar-height, 300px);
    background: var(--vla-avatar-bg, radial-gradient(120% 90% at 50% 10%, color-mix(in srgb, var(--_accent) 14%, var(--_bg)), var(--_bg)));
    display: grid;
    place-items: center;
    overflow: hidden;
  }
  .avatar canvas {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    display: block;
  }
  .still {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: contain;
  }
  .progress {
    position: absolute;
    left: 20%;
    right: 20%;
    bottom: 14px;
    height: 3px;
    border-radius: 3px;
    background: color-mix(in srgb, var(--_accent) 20%, transparent);
    overflow: hidden;
  }
  .progress::after {
    content: '';
    position: absolute;
    inset: 0;
    transform-origin: left;
    transform: scaleX(var(--_progress, 0));
    background: var(--_accent);
    transition: transform 120ms linear;
  }
  .progress.indeterminate::after {
    animation: vla-progress 1.1s ease-in-out infinite;
  }
  @keyframes vla-progress {
    0% {
      transform: translateX(-100%) scaleX(0.4);
    }
    100% {
      transform: translateX(250%) scaleX(0.4);
    }
  }
  .orb {
    width: 40%;
    aspect-ratio: 1;
    border-radius: 50%;
    background: radial-gradient(circle at 35% 30%, color-mix(in srgb, var(--_accent) 55%, white), var(--_accent));
    transform: scale(calc(0.82 + var(--_level, 0) * 0.3));
    transition: transform 90ms linear, opacity 200ms;
    opacity: 0.85;
    box-shadow: 0 10px 40px color-mix(in srgb, var(--_accent) 35%, transparent);
  }
  :host([state='idle']) .orb,
  :host([state='error']) .orb {
    opacity: 0.45;
  }
  :host([state='thinking']) .orb,
  :host([state='connecting']) .orb,
  :host([state='reconnecting']) .orb {
    animation: vla-pulse 1.2s ease-in-out infinite;
  }
  @keyframes vla-pulse {
    50% {
      transform: scale(0.9);
      opacity: 0.6;
    }
  }
  .avatar.has-stage .orb,
  .avatar.has-stage ::slotted([slot='poster']) {
    display: none;
  }
  .status {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 8px 14px 0;
    color: var(--_muted);
    font-size: 0.85em;
    min-height: 1.6em;
  }
  .dot {
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--_muted);
    flex: none;
  }
  :host([state='listening']) .dot {
    background: var(--vla-listening-color, #1a9a5b);
  }
  :host([state='speaking']) .dot {
    background: var(--_accent);
  }
  :host([state='error']) .dot {
    background: var(--vla-error-color, #c0392b);
  }
  .captions {
    margin: 8px 14px 0;
    max-height: var(--vla-captions-height, 7.5em);
    overflow-y: auto;
    font: var(--vla-caption-font, inherit);
    display: flex;
    flex-direction: column;
    gap: 4px;
    scrollbar-width: thin;
  }
  .captions:empty {
    display: none;
  }
  .line {
    margin: 0;
    padding: 6px 10px;
    border-radius: 10px;
    background: var(--vla-caption-bg, var(--_surface));
    max-width: 92%;
    overflow-wrap: anywhere;
  }
  .line.user {
    align-self: flex-end;
    background: var(--vla-user-caption-bg, color-mix(in srgb, var(--_accent) 14%, var(--_bg)));
  }
  /* The speaker's name is for screen readers: captions show it by alignment and colour. */
  .who {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .error {
    margin: 8px 14px 0;
    padding: 8px 10px;
    border-radius: 10px;
    background: var(--vla-error-bg, color-mix(in srgb, var(--vla-error-color, #c0392b) 12%, var(--_bg)));
    color: var(--vla-error-fg, inherit);
    font-size: 0.9em;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 12px 14px 14px;
  }
  button,
  input {
    font: inherit;
    color: inherit;
  }
  button {
    border: 1px solid color-mix(in srgb, var(--_fg) 18%, transparent);
    background: var(--vla-button-bg, var(--_surface));
    border-radius: 999px;
    padding: 7px 14px;
    cursor: pointer;
    min-height: 36px;
  }
  button:focus-visible,
  input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  .primary {
    background: var(--vla-button-primary-bg, var(--_accent));
    color: var(--vla-button-primary-fg, #fff);
    border-color: transparent;
  }
  .talk[aria-pressed='true'] {
    background: var(--_accent);
    color: #fff;
  }
  form {
    display: flex;
    gap: 6px;
    flex: 1 1 180px;
    min-width: 0;
  }
  input[type='text'] {
    flex: 1;
    min-width: 0;
    border-radius: 999px;
    border: 1px solid color-mix(in srgb, var(--_fg) 18%, transparent);
    background: var(--_bg);
    padding: 7px 12px;
  }
  /* Reduced motion: the page's preference unless motion="full" says otherwise, or motion="reduced". */
  @media (prefers-reduced-motion: reduce) {
    :host(:not([motion='full'])) .orb,
    :host(:not([motion='full'])) .progress::after {
      transition: none;
      animation: none;
    }
  }
  :host([motion='reduced']) .orb,
  :host([motion='reduced']) .progress::after {
    transition: none;
    animation: none;
  }
`;
