// The protocol playground (demo/raw.html): a raw WebSocket client for Voice Live, with no library in between.
// Plain browser JavaScript on purpose: what you read here is exactly what goes over the wire.

const $ = (id) => document.getElementById(id);
const SAMPLE_RATES = { pcm16: 24000, pcm16_16000hz: 16000, pcm16_8000hz: 8000, g711_ulaw: 8000, g711_alaw: 8000 };
const NOISY = /^response\.(audio|animation_viseme|audio_timestamp)\.delta$/;

let ws = null;
let audio = null; // AudioContext, created inside a click (autoplay rules)
let outputFormat = 'pcm16';
let nextTime = 0; // when the next audio chunk starts, on the AudioContext clock
let sources = [];
let timers = [];
let items = new Map(); // item_id → { start: AudioContext time of the item's first sample }
let eventCount = 0;

$('url').value = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/voice-live/realtime?api-version=2026-07-15&model=gpt-realtime`;
$('session').value = JSON.stringify(
  {
    instructions: 'You are a friendly guide. Keep answers short.',
    voice: { type: 'azure-standard', name: 'en-US-AvaNeural' },
    output_audio_format: 'pcm16',
    animation: { outputs: ['viseme_id'] },
    output_audio_timestamp_types: ['word'],
    turn_detection: null,
  },
  null,
  2,
);

function setConnected(connected) {
  for (const id of ['send-session', 'send-text', 'greet', 'cancel', 'send-raw', 'disconnect']) $(id).disabled = !connected;
  $('connect').disabled = connected;
}

/** Shows an event in the log. Secrets in URLs are never logged: only events are. */
function log(dir, event) {
  if ($('hide-deltas').checked && NOISY.test(event.type)) return;
  const li = document.createElement('li');
  li.className = dir === '→' ? 'out' : event.type === 'error' ? 'error' : '';
  const shown = $('hide-audio').checked ? JSON.stringify(event, (k, v) => (k === 'delta' || k === 'audio') && typeof v === 'string' && v.length > 48 ? `${v.slice(0, 24)}… (${v.length} chars)` : v) : JSON.stringify(event);
  const dirSpan = document.createElement('span');
  dirSpan.className = 'dir';
  dirSpan.textContent = dir;
  li.append(dirSpan, `${++eventCount} ${shown}`);
  const list = $('log');
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
  list.append(li);
  while (list.children.length > 2000) list.firstChild.remove();
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function send(event) {
  if (!ws || ws.readyState !== WebSocket.OPEN) return;
  const withId = { event_id: `evt_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`, ...event };
  ws.send(JSON.stringify(withId));
  log('→', withId);
}

// ---- audio -------------------------------------------------------------------------------------------------

function base64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function ulaw(b) {
  const u = ~b & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return ((u & 0x80) ? 0x84 - t : t - 0x84) / 32768;
}

function alaw(b) {
  const a = b ^ 0x55;
  const seg = (a & 0x70) >> 4;
  let t = (a & 0x0f) << 4;
  t = seg === 0 ? t + 8 : (t + 0x108) << (seg - 1);
  return ((a & 0x80) ? t : -t) / 32768;
}

function decode(bytes, format) {
  if (format === 'g711_ulaw') return Float32Array.from(bytes, ulaw);
  if (format === 'g711_alaw') return Float32Array.from(bytes, alaw);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength >> 1);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(2 * i, true) / 32768;
  return out;
}

/** Schedules one audio delta right after the previous one (Web Audio resamples to the device rate). */
function play(itemId, b64) {
  if (!audio) return;
  const samples = decode(base64ToBytes(b64), outputFormat);
  if (!samples.length) return;
  const buffer = audio.createBuffer(1, samples.length, SAMPLE_RATES[outputFormat]);
  buffer.copyToChannel(samples, 0);
  const src = audio.createBufferSource();
  src.buffer = buffer;
  src.connect(audio.destination);
  const at = Math.max(nextTime, audio.currentTime + 0.05);
  if (!items.has(itemId)) items.set(itemId, { start: at });
  src.start(at);
  nextTime = at + buffer.duration;
  sources.push(src);
  src.onended = () => (sources = sources.filter((s) => s !== src));
}

/** Runs `fn` when the item's audio reaches `offsetMs` (the playback clock drives visemes and words). */
function atItemTime(itemId, offsetMs, fn) {
  const item = items.get(itemId);
  if (!item || !audio) return;
  const delay = (item.start + offsetMs / 1000 - audio.currentTime) * 1000;
  timers.push(setTimeout(fn, Math.max(0, delay)));
}

function stopAudio() {
  for (const s of sources) {
    try {
      s.stop();
    } catch {
      // already stopped
    }
  }
  sources = [];
  for (const t of timers) clearTimeout(t);
  timers = [];
  if (audio) nextTime = audio.currentTime;
  $('viseme').textContent = '0';
}

// ---- server events -------------------------------------------------------------------------------------------

function onServerEvent(e) {
  log('←', e);
  switch (e.type) {
    case 'session.created':
    case 'session.updated':
      outputFormat = e.session?.output_audio_format ?? outputFormat;
      $('status').textContent = `connected · ${e.session?.id ?? ''} · ${e.session?.model ?? ''}`;
      break;
    case 'response.created':
      $('caption').textContent = '';
      break;
    case 'response.audio.delta':
      play(e.item_id, e.delta);
      break;
    case 'response.audio_transcript.delta':
    case 'response.text.delta':
      $('caption').textContent += e.delta;
      break;
    case 'response.animation_viseme.delta':
      atItemTime(e.item_id, e.audio_offset_ms, () => ($('viseme').textContent = String(e.viseme_id)));
      break;
    case 'response.audio_timestamp.delta':
      atItemTime(e.item_id, e.audio_offset_ms, () => ($('word').textContent = e.text));
      break;
    case 'input_audio_buffer.speech_started':
      stopAudio(); // barge-in: stop what is playing right away
      break;
    case 'response.done':
      if (e.response?.status === 'cancelled') stopAudio();
      break;
    default:
      break;
  }
}

// ---- controls -----------------------------------------------------------------------------------------------

$('connect').addEventListener('click', () => {
  audio ??= new AudioContext();
  void audio.resume();
  items = new Map();
  ws = new WebSocket($('url').value.trim());
  ws.binaryType = 'arraybuffer';
  $('status').textContent = 'connecting…';
  setConnected(true);
  ws.onmessage = (m) => {
    const text = typeof m.data === 'string' ? m.data : new TextDecoder().decode(m.data);
    try {
      onServerEvent(JSON.parse(text));
    } catch {
      log('←', { type: '(not JSON)', raw: text.slice(0, 200) });
    }
  };
  ws.onclose = (c) => {
    $('status').textContent = `closed ${c.code}${c.reason ? ` (${c.reason})` : ''}${c.code === 1006 ? ' — refused or dropped (check key, model and api-version)' : ''}`;
    setConnected(false);
    stopAudio();
  };
});

$('disconnect').addEventListener('click', () => ws?.close(1000, 'user'));

$('send-session').addEventListener('click', () => {
  try {
    send({ type: 'session.update', session: JSON.parse($('session').value) });
  } catch (err) {
    log('!', { type: '(invalid JSON in the session box)', message: String(err) });
  }
});

$('send-text').addEventListener('click', () => {
  const text = $('text').value;
  send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  send({ type: 'response.create' });
});

$('greet').addEventListener('click', () => send({ type: 'response.create', additional_instructions: 'Greet the user.' }));
$('cancel').addEventListener('click', () => {
  stopAudio();
  send({ type: 'response.cancel' });
});

$('send-raw').addEventListener('click', () => {
  try {
    send(JSON.parse($('raw').value));
  } catch (err) {
    log('!', { type: '(invalid JSON)', message: String(err) });
  }
});

$('stop-audio').addEventListener('click', stopAudio);
$('clear-log').addEventListener('click', () => {
  $('log').replaceChildren();
  eventCount = 0;
});
