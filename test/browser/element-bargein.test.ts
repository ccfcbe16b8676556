import { expect } from '@esm-bundle/chai';
import '../../src/define.js';
import { capture, clientEvents, createElement, finish, internals, serverEvents, SLOW_SIM_ENDPOINT, SIM_ENDPOINT, startQuiet, waitFor, startAndConnect } from './helpers.js';

const LONG = 'once upon a time there was a lighthouse keeper who counted every wave that reached the shore and wrote each number in a small blue book';

interface Meter {
  peaks: Array<{ frame: number; peak: number }>;
}

function meter(el: HTMLElement): Meter {
  const m: Meter = { peaks: [] };
  const pb = internals(el as never).playback!;
  pb.configure({ meter: true });
  pb.node.port.addEventListener('message', (e: MessageEvent) => {
    if (e.data.type === 'meter') m.peaks.push({ frame: e.data.frame, peak: e.data.peak });
  });
  return m;
}

describe('barge-in', function () {
  this.timeout(60_000);

  for (const [label, endpoint, cancelled] of [
    ['while the response is still streaming (server cancels it)', SLOW_SIM_ENDPOINT, true],
    ['after the response was fully generated (truncate only)', SIM_ENDPOINT, false],
  ] as const) {
    it(`speech ${label}: ducked before the server decides, silent within 50 ms, truncate at the heard ms`, async () => {
      const el = createElement({ endpoint: endpoint(), avatar: 'none', muted: true, record: true });
      await startAndConnect(el);
      const m = meter(el);
      const ctx = internals(el).ctx!;
      const interrupted = capture(el, 'vla-interrupted');
      const transcripts = capture(el, 'vla-transcript');
      el.sendText(LONG);
      await waitFor(() => el.state === 'speaking', 15_000, 'speaking');
      let atSpeech: { perf: number; frame: number; heardMs: number; itemId: string | null; gain: number; duckAt: number } | null = null;
      el.addEventListener('vla-server-event', (e) => {
        if (e.detail.event.type === 'input_audio_buffer.speech_started' && !atSpeech) {
          const clock = internals(el).clock!;
          const pos = clock.now(performance.now());
          const { playback, lastDuckAt } = internals(el);
          atSpeech = { perf: performance.now(), frame: ctx.currentTime * ctx.sampleRate, heardMs: pos.ms, itemId: pos.itemId, gain: playback!.gain.gain.value, duckAt: lastDuckAt };
        }
      });
      // Let the fake microphone speak over the assistant.
      el.muted = false;
      await waitFor(() => interrupted.events.length > 0, 20_000, 'vla-interrupted');
      expect(atSpeech).to.not.equal(null);
      const at = atSpeech!;
      // 1. Truncation carries what the clock says was heard (±20 ms).
      const truncate = clientEvents(el, 'conversation.item.truncate')[0];
      expect(truncate.item_id).to.equal(at.itemId);
      expect(truncate.audio_end_ms as number).to.be.closeTo(at.heardMs, 20);
      expect(interrupted.events[0].playedMs).to.equal(truncate.audio_end_ms);
      // 1b. The user's voice had already ducked the reply when the server confirmed it.
      expect(at.duckAt).to.be.greaterThan(0);
      expect(at.duckAt).to.be.lessThan(at.perf);
      expect(at.gain).to.be.lessThan(0.6);
      // 2. Output silent within 50 ms of the event being handled (rendering timeline of the worklet).
      await new Promise((r) => setTimeout(r, 300));
      expect(internals(el).playback!.gain.gain.value, 'full volume again for the next reply').to.be.greaterThan(0.95);
      const lastLoud = m.peaks.filter((p) => p.peak > 0.003).pop()!;
      const silentAfterMs = ((lastLoud.frame + 128 - at.frame) / ctx.sampleRate) * 1000;
      expect(silentAfterMs).to.be.lessThan(50);
      expect(m.peaks.filter((p) => p.frame > lastLoud.frame + 2 * ctx.sampleRate * 0.05).every((p) => p.peak < 0.003)).to.equal(true);
      // 3. The service acknowledged the truncation; a cancelled response reports turn_detected.
      await waitFor(() => serverEvents(el, 'conversation.item.truncated').length, 5000, 'truncated');
      const done = serverEvents(el, 'response.done').map((e) => (e.response as { status: string; status_details?: { reason?: string } }));
      if (cancelled) expect(done.some((r) => r.status === 'cancelled' && r.status_details?.reason === 'turn_detected')).to.equal(true);
      // 4. The caption was cut at the heard word: one final, shorter than the text.
      const final = transcripts.events.filter((t) => t.role === 'assistant' && t.final);
      expect(final.length).to.equal(1);
      const entry = el.conversation.find((c) => c.id === truncate.item_id)!;
      expect(entry.truncatedAtMs).to.equal(truncate.audio_end_ms);
      expect(entry.text.length).to.be.greaterThan(0);
      expect(LONG.length - entry.text.length).to.be.greaterThan(10);
      await finish(el);
    });
  }

  it('interrupt() stops the assistant now and truncates to what was heard', async () => {
    const el = await startQuiet({ endpoint: SLOW_SIM_ENDPOINT(), 'turn-detection': 'none' });
    el.sendText(LONG);
    await waitFor(() => el.state === 'speaking', 15_000, 'speaking');
    await new Promise((r) => setTimeout(r, 700));
    const heard = internals(el).clock!.now(performance.now()).ms;
    el.interrupt();
    const cancel = clientEvents(el, 'response.cancel');
    const truncate = clientEvents(el, 'conversation.item.truncate')[0];
    expect(cancel.length).to.equal(1);
    expect(truncate.audio_end_ms as number).to.be.closeTo(heard, 20);
    await waitFor(() => el.state === 'listening', 5000, 'listening');
    await waitFor(() => serverEvents(el, 'response.done').length, 5000, 'response.done');
    expect((serverEvents(el, 'response.done')[0].response as { status: string }).status).to.equal('cancelled');
    await finish(el);
  });
});
