import { expect } from '@esm-bundle/chai';
import { capture, framePage, nextEvent, waitFor } from '../helpers.js';
import type { VoiceLiveAvatar } from '../../../src/element/voice-live-avatar.js';
import type * as Index from '../../../src/index.js';
import type * as WorkletUrls from '../../../src/audio/worklet-urls.js';
import type * as ReactApp from './react-app.js';


async function converse(el: VoiceLiveAvatar): Promise<string> {
  const connected = nextEvent(el, 'vla-connected', 15_000);
  await el.start();
  await connected;
  const t = capture(el, 'vla-transcript');
  el.sendText('hello from a packaged build');
  await waitFor(() => t.events.find((e) => e.role === 'assistant' && e.final), 20_000, 'reply');
  return t.events.find((e) => e.role === 'assistant' && e.final)!.text;
}

describe('packaging', function () {
  this.timeout(60_000);

  it('dist/ through the dev server’s node resolution (bare lit imports)', async () => {
    const mod = (await import('/dist/index.js' as string)) as typeof Index;
    mod.defineVoiceLiveAvatar('vla-from-dist');
    const el = document.createElement('vla-from-dist') as VoiceLiveAvatar;
    el.setAttribute('endpoint', `ws://${location.host}/voice-live/realtime`);
    el.setAttribute('avatar', 'none');
    el.setAttribute('muted', '');
    el.setAttribute('turn-detection', 'none');
    document.body.append(el);
    expect(await converse(el)).to.contain('packaged build');
    // dist keeps the worklets as files next to the code, never blob:/data:.
    const urls = (await import('/dist/audio/worklet-urls.js' as string)) as typeof WorkletUrls;
    const capture = urls.defaultWorkletUrl('capture-processor');
    expect(capture).to.equal(new URL('/dist/worklets/capture-processor.js', location.href).href);
    const res = await fetch(capture);
    expect(res.headers.get('content-type')).to.contain('javascript');
    expect(await res.text()).to.contain('registerProcessor');
    await el.stop();
    el.remove();
  });

  it('the React wrapper from dist/, bundled like an application: props, typed events, strings', async () => {
    const { renderApp } = (await import('/test/fixtures/generated/react-app.js' as string)) as typeof ReactApp;
    const host = document.createElement('div');
    document.body.append(host);
    const app = await renderApp(host, `ws://${location.host}/voice-live/realtime`);
    const el = app.element as VoiceLiveAvatar;
    expect(el.tagName.toLowerCase()).to.equal('voice-live-avatar');
    expect(el.tools.map((t) => t.name)).to.deep.equal(['noop']);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="start-button"]')!.textContent!.trim()).to.equal('Start from React');
    await converse(el);
    expect(app.states).to.include('listening');
    expect(app.transcripts.some((t) => t.role === 'assistant' && t.final)).to.equal(true);
    await el.stop();
    app.unmount();
    host.remove();
  });

  it('the CDN file works from a plain HTML page with one script tag', async () => {
    const { doc, iframe } = await framePage('/test/fixtures/pages/cdn.html');
    const el = doc.querySelector('voice-live-avatar') as VoiceLiveAvatar;
    expect(await converse(el)).to.contain('packaged build');
    // Nothing but the entry, its lazy chunks and the worklet files is fetched for the element: no blob:, no data:.
    const names = (iframe.contentWindow as Window).performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
    expect(names.filter((n) => n.startsWith('/cdn/'))).to.include('/cdn/voice-live-avatar.js');
    await el.stop();
    iframe.remove();
  });
});
