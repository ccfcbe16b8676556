// The demo page: settings map onto the element's attributes; every element event is logged.
const el = document.getElementById('vla');
const $ = (id) => document.getElementById(id);
const started = performance.now();

const SIMULATOR = '/voice-live/realtime';
const RELAY = '/relay/voice-live/realtime';

function log(kind, text, cls = '') {
  const li = document.createElement('li');
  const t = document.createElement('span');
  t.className = 't';
  t.textContent = `${((performance.now() - started) / 1000).toFixed(2)}s`;
  li.className = cls;
  li.append(t, `${kind} ${text}`);
  const list = $('events');
  list.prepend(li);
  while (list.children.length > 400) list.lastChild.remove();
}

const brief = (detail) => {
  const d = { ...detail };
  delete d.respond;
  return JSON.stringify(d);
};

for (const name of [
  'vla-state-change', 'vla-connected', 'vla-disconnected', 'vla-speech-start', 'vla-speech-end', 'vla-transcript',
  'vla-word', 'vla-interrupted', 'vla-response-done', 'vla-metrics', 'vla-avatar-ready', 'vla-error', 'vla-function-call',
]) {
  el.addEventListener(name, (e) => {
    if (name === 'vla-transcript' && !e.detail.final) return; // finals only: deltas are noisy
    log(name, brief(e.detail), name === 'vla-error' ? 'error' : 'vla');
  });
}
el.addEventListener('vla-server-event', (e) => {
  const ev = e.detail.event;
  if (!$('log-audio').checked && /\.delta$/.test(ev.type)) return;
  log('←', ev.type);
});
el.addEventListener('vla-state-change', (e) => ($('m-state').textContent = e.detail.state));
el.addEventListener('vla-metrics', (e) => {
  const f = (v) => (v == null ? '–' : `${Math.round(v)} ms`);
  $('m-first').textContent = f(e.detail.speechEndToFirstAudioMs);
  $('m-audible').textContent = f(e.detail.firstAudioToAudibleMs);
  $('m-total').textContent = f(e.detail.speechEndToAudibleMs);
});

// A demo tool: the simulator calls it when a typed message names it ("what does get_local_time say?").
el.tools = [
  {
    name: 'get_local_time',
    description: "The visitor's local time",
    parameters: { type: 'object', properties: {} },
    handler: () => ({ time: new Date().toLocaleTimeString() }),
  },
];

function restartIfActive(apply) {
  const active = el.state !== 'idle' && el.state !== 'error';
  if (active) el.stop();
  apply();
  if (active) el.start();
}

function setAttr(name, value) {
  if (value === null || value === '') el.removeAttribute(name);
  else el.setAttribute(name, value);
}

$('voice').addEventListener('change', (e) => restartIfActive(() => setAttr('voice', e.target.value)));
$('turn-detection').addEventListener('change', (e) => setAttr('turn-detection', e.target.value));
$('ptt').addEventListener('change', (e) => (el.pushToTalk = e.target.checked));
$('avatar').addEventListener('change', (e) => setAttr('avatar', e.target.value));
$('framing').addEventListener('change', (e) => setAttr('framing', e.target.value));
$('offset').addEventListener('change', (e) => setAttr('lipsync-offset-ms', e.target.value));
$('download').addEventListener('click', () => {
  const blob = new Blob([el.getRecording()], { type: 'application/x-ndjson' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `voice-live-session-${Date.now()}.jsonl`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
});

function applyBackend() {
  const kind = $('backend').value;
  $('direct-fields').hidden = kind !== 'direct';
  restartIfActive(() => {
    el.apiKey = null;
    if (kind === 'simulator') setAttr('endpoint', SIMULATOR);
    else if (kind === 'relay') setAttr('endpoint', RELAY);
    else {
      setAttr('endpoint', $('direct-endpoint').value.trim());
      el.apiKey = $('direct-key').value.trim() || null;
    }
  });
  $('backend-name').textContent = { simulator: 'local simulator', relay: 'Azure through the relay', direct: 'Azure (direct)' }[kind];
}
$('backend').addEventListener('change', applyBackend);
$('direct-endpoint').addEventListener('change', applyBackend);
$('direct-key').addEventListener('change', applyBackend);

// The demo server says whether it has an Azure relay configured.
fetch('./config.json', { cache: 'no-store' })
  .then((r) => (r.ok ? r.json() : {}))
  .then((cfg) => {
    if (cfg.relay) {
      $('backend').querySelector('option[value="relay"]').disabled = false;
      $('relay-hint').textContent = `Relay to ${cfg.relayHost} is available.`;
    }
  })
  .catch(() => undefined);
