import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRealtimeUrl, redactUrl, scrubSecrets } from '../../src/protocol/url.js';

const url = (o: Parameters<typeof buildRealtimeUrl>[0]) => {
  const r = buildRealtimeUrl(o);
  assert.ok(r.ok, JSON.stringify(r));
  return new URL(r.url);
};

test('https resource endpoints become wss with the realtime path, model and api-version', () => {
  const u = url({ endpoint: 'https://contoso.services.ai.azure.com/some/path' });
  assert.equal(u.protocol, 'wss:');
  assert.equal(u.host, 'contoso.services.ai.azure.com');
  assert.equal(u.pathname, '/voice-live/realtime');
  assert.equal(u.searchParams.get('api-version'), '2026-07-15');
  assert.equal(u.searchParams.get('model'), 'gpt-realtime');
  const legacy = url({ endpoint: 'https://contoso.cognitiveservices.azure.com', model: 'gpt-4.1', apiVersion: '2026-04-10' });
  assert.equal(legacy.host, 'contoso.cognitiveservices.azure.com');
  assert.equal(legacy.searchParams.get('model'), 'gpt-4.1');
  assert.equal(legacy.searchParams.get('api-version'), '2026-04-10');
});

test('ws(s) URLs keep their path and parameters; ours are added unless present', () => {
  const u = url({ endpoint: 'ws://localhost:8080/relay/voice-live/realtime?model=mine&debug=on', auth: { kind: 'api-key', key: 'k1' } });
  assert.equal(u.pathname, '/relay/voice-live/realtime');
  assert.equal(u.searchParams.get('model'), 'mine');
  assert.equal(u.searchParams.get('debug'), 'on');
  assert.equal(u.searchParams.get('api-key'), 'k1');
  const given = url({ endpoint: 'wss://x/voice-live/realtime?api-key=already', auth: { kind: 'bearer', token: 't' } });
  assert.equal(given.searchParams.get('api-key'), 'already');
  assert.equal(given.searchParams.get('authorization'), null);
});

test('relative paths resolve against the page and follow its scheme', () => {
  assert.equal(url({ endpoint: '/voice-live/realtime', baseUrl: 'https://app.example/chat' }).origin, 'wss://app.example');
  assert.equal(url({ endpoint: '/voice-live/realtime', baseUrl: 'http://localhost:8080/demo/' }).origin, 'ws://localhost:8080');
  assert.equal(buildRealtimeUrl({ endpoint: '/x' }).ok, false);
  assert.equal(buildRealtimeUrl({ endpoint: '' }).ok, false);
  assert.equal(buildRealtimeUrl({ endpoint: 'ftp://x' }).ok, false);
});

test('bearer tokens and agent mode', () => {
  const u = url({
    endpoint: 'https://r.services.ai.azure.com',
    agentName: 'guide',
    agentProjectName: 'museum',
    agentVersion: '3',
    conversationId: 'conv_1',
    auth: { kind: 'bearer', token: 'eyJ.abc' },
  });
  assert.equal(u.searchParams.get('model'), null);
  assert.equal(u.searchParams.get('agent-name'), 'guide');
  assert.equal(u.searchParams.get('agent-project-name'), 'museum');
  assert.equal(u.searchParams.get('agent-version'), '3');
  assert.equal(u.searchParams.get('conversation-id'), 'conv_1');
  assert.equal(u.searchParams.get('authorization'), 'Bearer eyJ.abc');
});

test('redaction removes every credential', () => {
  const r = buildRealtimeUrl({ endpoint: 'https://r.services.ai.azure.com', auth: { kind: 'api-key', key: 'supersecretkey' } });
  assert.ok(r.ok);
  const red = redactUrl(r.url);
  assert.ok(!red.includes('supersecretkey'));
  assert.match(red, /api-key=REDACTED/);
  const b = buildRealtimeUrl({ endpoint: 'https://r.services.ai.azure.com', auth: { kind: 'bearer', token: 'tok.en/with+chars' } });
  assert.ok(b.ok);
  assert.ok(!redactUrl(b.url).includes('tok.en'));
  assert.equal(scrubSecrets('key supersecretkey and super%2Fkey', ['supersecretkey', 'super/key']), 'key REDACTED and REDACTED');
});
