import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { applyTables, renderTables } from '../../scripts/readme-tables.mjs';

const root = path.resolve(import.meta.dirname, '../..');

test('the README reference tables match custom-elements.json (regenerate with scripts/readme-tables.mjs)', { skip: !existsSync(path.join(root, 'dist/custom-elements.json')) && 'needs npm run build' }, () => {
  const manifest = JSON.parse(readFileSync(path.join(root, 'dist/custom-elements.json'), 'utf8'));
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const tables = renderTables(manifest);
  assert.ok(tables.attributes.includes('`turn-detection`'), 'the manifest has the session attributes');
  assert.equal(applyTables(readme, tables), readme, 'README.md tables are out of date');
});

test('the README keeps its two set-up commands', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.match(readme, /npm ci && npm start/, 'the start command');
  assert.match(readme, /\nnpm test\n/, 'the test command');
});
