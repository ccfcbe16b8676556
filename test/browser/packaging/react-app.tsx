// Bundled by esbuild (scripts/build-test-apps.mjs) the way an application's bundler would: React, ReactDOM
// and the package's built dist/ (wrapper and element), nothing from src/. The import reads like an app's;
// the bundler maps it to dist/, the type-checker to src/ (tsconfig paths).
import { createRoot } from 'react-dom/client';
import { VoiceLiveAvatar } from 'voice-live-avatar/react';

export interface RenderResult {
  element: HTMLElement;
  states: string[];
  transcripts: Array<{ role: string; text: string; final: boolean }>;
  unmount(): void;
}

export function renderApp(container: HTMLElement, endpoint: string): Promise<RenderResult> {
  const states: string[] = [];
  const transcripts: RenderResult['transcripts'] = [];
  const root = createRoot(container);
  return new Promise((resolve) => {
    const ref = (el: HTMLElement | null) => {
      if (el) resolve({ element: el, states, transcripts, unmount: () => root.unmount() });
    };
    root.render(
      <VoiceLiveAvatar
        ref={ref}
        endpoint={endpoint}
        avatar="none"
        muted
        workletBaseUrl="/dist/worklets/"
        turnDetection="none"
        tools={[{ name: 'noop', handler: () => 'ok' }]}
        strings={{ start: 'Start from React' }}
        onStateChange={(e) => states.push(e.detail.state)}
        onTranscript={(e) => transcripts.push({ role: e.detail.role, text: e.detail.text, final: e.detail.final })}
      />,
    );
  });
}
