import { expect } from '@esm-bundle/chai';
import { acquireAudioContext, ensureWorklet, releaseAudioContext, audioContextUsers } from '../../src/audio/audio-context.js';
import { MicCapture, openMicrophone } from '../../src/audio/capture.js';
import { decodeSamples } from '../../src/audio/codecs/formats.js';
import { Playback } from '../../src/audio/playback.js';
import { contextFrameSource } from '../../src/audio/context-frame-source.js';
import { PlaybackClock } from '../../src/audio/playback-clock.js';
import { workletUrl } from '../../src/audio/worklet-urls.js';
import type { PlaybackReport } from '../../src/audio/worklets/messages.js';
import { dominantFrequency, pcm16Tone, rms, sleep, waitFor } from './helpers.js';

const owner = {};

async function context(): Promise<AudioContext> {
  const ctx = acquireAudioContext(owner);
  await ensureWorklet(ctx, 'capture-processor', workletUrl('capture-processor'));
  await ensureWorklet(ctx, 'playback-processor', workletUrl('playback-processor'));
  return ctx;
}

function collectCapture(ctx: AudioContext, stream: MediaStream, targetRate: number, codec: 'pcm16' | 'ulaw' | 'alaw') {
  const frames: Uint8Array[] = [];
  const levels: number[] = [];
  const cap = new MicCapture(ctx, { targetRate, codec, frameMs: 20 }, {
    onFrame: (bytes) => frames.push(bytes),
    onLevel: (r) => levels.push(r),
    onDigitalSilence: () => undefined,
    onSignal: () => undefined,
    onLost: () => undefined,
    onRecovered: () => undefined,
  });
  cap.attach(stream);
  return { cap, frames, levels };
}

function joinDecoded(frames: Uint8Array[], codec: 'pcm16' | 'ulaw' | 'alaw'): Float32Array {
  const parts = frames.map((f) => decodeSamples(codec, f));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

describe('audio worklets', function () {
  this.timeout(20_000);
  after(async () => {
    await releaseAudioContext(owner);
  });

  it('share one AudioContext per page and close it with the last user', async () => {
    const a = {};
    const b = {};
    const ctxA = acquireAudioContext(a);
    const ctxB = acquireAudioContext(b);
    expect(ctxA).to.equal(ctxB);
    expect(audioContextUsers()).to.be.greaterThanOrEqual(2);
    await releaseAudioContext(a);
    expect(ctxA.state).to.not.equal('closed');
    await releaseAudioContext(b);
    if (audioContextUsers() === 0) expect(ctxA.state).to.equal('closed');
  });

  for (const [rate, codec] of [
    [24000, 'pcm16'],
    [16000, 'pcm16'],
    [8000, 'pcm16'],
    [8000, 'ulaw'],
    [8000, 'alaw'],
  ] as const) {
    it(`capture resamples a 1 kHz tone to ${rate} Hz ${codec} in 20 ms frames`, async () => {
      const ctx = await context();
      const osc = ctx.createOscillator();
      osc.frequency.value = 1000;
      const dest = ctx.createMediaStreamDestination();
      osc.connect(dest);
      osc.start();
      const { cap, frames } = collectCapture(ctx, dest.stream, rate, codec);
      await waitFor(() => frames.length >= 40, 5000, '40 frames');
      cap.dispose();
      osc.stop();
      const bytesPerFrame = (rate * 0.02) * (codec === 'pcm16' ? 2 : 1);
      for (const f of frames) expect(f.byteLength).to.equal(bytesPerFrame);
      const x = joinDecoded(frames.slice(5, 35), codec);
      expect(dominantFrequency(x, rate, 200, 3000, 20)).to.be.within(980, 1020);
      expect(rms(x)).to.be.greaterThan(0.3);
    });
  }

  it('capture removes a tone above the target Nyquist frequency (anti-aliasing)', async () => {
    const ctx = await context();
    const osc = ctx.createOscillator();
    osc.frequency.value = 11000; // would alias to 5 kHz at 16 kHz without a filter
    const dest = ctx.createMediaStreamDestination();
    osc.connect(dest);
    osc.start();
    const { cap, frames } = collectCapture(ctx, dest.stream, 16000, 'pcm16');
    await waitFor(() => frames.length >= 30, 5000, '30 frames');
    cap.dispose();
    osc.stop();
    const x = joinDecoded(frames.slice(5, 30), 'pcm16');
    expect(rms(x)).to.be.lessThan(0.01);
  });

  it('capture hears the fake microphone speak', async () => {
    const ctx = await context();
    const stream = await openMicrophone();
    const { cap, frames, levels } = collectCapture(ctx, stream, 24000, 'pcm16');
    await waitFor(() => Math.max(0, ...levels) > 0.02, 9000, 'speech level');
    cap.dispose();
    expect(stream.getAudioTracks()[0].readyState).to.equal('ended');
    expect(frames.length).to.be.greaterThan(5);
  });

  it('playback plays, reports positions in item samples, ends and goes idle', async () => {
    const ctx = await context();
    const reports: PlaybackReport[] = [];
    const peaks: Array<{ frame: number; peak: number }> = [];
    const pb = new Playback(ctx, {
      onReport: (r) => (r.type === 'position' ? reports.push(r) : peaks.push(r)),
    });
    pb.configure({ meter: true });
    pb.push('item_1', pcm16Tone(440, 24000, 0.3), { codec: 'pcm16', sampleRate: 24000 });
    pb.push('item_1', pcm16Tone(440, 24000, 0.3), { codec: 'pcm16', sampleRate: 24000 });
    pb.end('item_1');
    await waitFor(() => reports.some((r) => r.type === 'position' && r.reason === 'idle'), 4000, 'idle');
    pb.dispose();
    const pos = reports.filter((r): r is Extract<PlaybackReport, { type: 'position' }> => r.type === 'position');
    expect(pos[0].reason).to.equal('start');
    expect(pos[0].itemId).to.equal('item_1');
    const end = pos.find((r) => r.reason === 'end')!;
    expect(end.sample).to.be.closeTo(14400, 2);
    // Frames and item samples advance together at the rate ratio.
    const ticks = pos.filter((r) => r.reason === 'tick');
    expect(ticks.length).to.be.greaterThan(3);
    for (const t of ticks) {
      const expected = ((t.frame - pos[0].frame) * 24000) / ctx.sampleRate;
      expect(t.sample).to.be.closeTo(expected, 2);
    }
    const loud = peaks.filter((p) => p.peak > 0.3);
    expect(loud.length * 128 / ctx.sampleRate).to.be.closeTo(0.6, 0.05);
  });

  it('playback decodes µ-law at 8 kHz to the right pitch and length', async () => {
    const ctx = await context();
    const reports: Array<Extract<PlaybackReport, { type: 'position' }>> = [];
    const pb = new Playback(ctx, { onReport: (r) => r.type === 'position' && reports.push(r) });
    const tone = new Float32Array(4000).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 500 * i) / 8000));
    const { encodeUlaw } = await import('../../src/audio/codecs/g711.js');
    pb.push('item_u', encodeUlaw(tone), { codec: 'ulaw', sampleRate: 8000 });
    pb.end('item_u');
    await waitFor(() => reports.some((r) => r.reason === 'idle'), 4000, 'idle');
    pb.dispose();
    const end = reports.find((r) => r.reason === 'end')!;
    expect(end.sampleRate).to.equal(8000);
    expect(end.sample).to.be.closeTo(4000, 1);
  });

  it('flush silences playback within 50 ms and the clock stops', async () => {
    const ctx = await context();
    const reports: Array<Extract<PlaybackReport, { type: 'position' }>> = [];
    const peaks: Array<{ frame: number; peak: number }> = [];
    const clock = new PlaybackClock(contextFrameSource(ctx));
    const pb = new Playback(ctx, {
      onReport: (r) => {
        if (r.type === 'position') {
          reports.push(r);
          clock.report(r);
        } else peaks.push(r);
      },
    });
    pb.configure({ meter: true });
    pb.push('item_f', pcm16Tone(300, 24000, 3), { codec: 'pcm16', sampleRate: 24000 });
    await waitFor(() => clock.now(performance.now()).playing, 3000, 'audible');
    await sleep(400);
    const heard = clock.now(performance.now());
    expect(heard.itemId).to.equal('item_f');
    expect(heard.ms).to.be.within(250, 900);
    const flushAt = ctx.currentTime * ctx.sampleRate;
    pb.flush(4);
    await waitFor(() => reports.some((r) => r.reason === 'flush'), 2000, 'flush report');
    await sleep(100);
    pb.dispose();
    const lastLoud = peaks.filter((p) => p.peak > 0.01).pop()!;
    const silentAfterMs = ((lastLoud.frame + 128 - flushAt) / ctx.sampleRate) * 1000;
    expect(silentAfterMs).to.be.lessThan(50);
    expect(clock.now(performance.now() + 200).playing).to.equal(false);
  });
});
