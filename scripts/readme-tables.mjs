// Generates the README's reference tables (attributes, properties, methods, events, parts, slots, CSS
// properties) from dist/custom-elements.json, between <!-- name:start --> and <!-- name:end --> markers.
//   node scripts/readme-tables.mjs          rewrite README.md
//   node scripts/readme-tables.mjs --check  exit 1 if README.md is out of date (used by the tests)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function renderTables(manifest) {
  const d = manifest.modules.flatMap((m) => m.declarations ?? []).find((x) => x.kind === 'class' && x.tagName);
  const cell = (s) => String(s ?? '').replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
  const props = (d.members ?? []).filter((m) => m.kind === 'field' && !m.privacy && !m.static);
  const attrs = d.attributes.map((a) => {
    const field = props.find((p) => p.name === a.fieldName);
    return `| \`${a.name}\` | ${a.fieldName ? `\`${a.fieldName}\`` : '—'} | ${cell(a.description ?? field?.description)} |`;
  });
  const propertyOnly = props.filter((p) => !d.attributes.some((a) => a.fieldName === p.name));
  const methods = (d.members ?? []).filter((m) => m.kind === 'method' && !m.privacy && !m.static);
  const sig = (m) => `${m.name}(${(m.parameters ?? []).map((p) => p.name).join(', ')})`;
  return {
    attributes: ['| Attribute | Property | Meaning |', '|---|---|---|', ...attrs].join('\n'),
    properties: [
      '| Property | Type | Meaning |',
      '|---|---|---|',
      ...propertyOnly.map((p) => `| \`${p.name}\` | \`${cell(p.type?.text ?? '')}\` | ${p.readonly ? '(read-only) ' : ''}${cell(p.description)} |`),
    ].join('\n'),
    methods: ['| Method | Meaning |', '|---|---|', ...methods.map((m) => `| \`${sig(m)}\` | ${cell(m.description)} |`)].join('\n'),
    events: ['| Event | `detail` |', '|---|---|', ...d.events.map((e) => `| \`${e.name}\` | ${cell(e.description)} |`)].join('\n'),
    styling: [
      '| Kind | Name | Meaning |',
      '|---|---|---|',
      ...d.cssParts.map((p) => `| part | \`${p.name}\` | ${cell(p.description)} |`),
      ...d.slots.map((s) => `| slot | \`${s.name}\` | ${cell(s.description)} |`),
      ...d.cssProperties.map((p) => `| CSS property | \`${p.name}\` | ${cell(p.description)} |`),
    ].join('\n'),
  };
}

export function applyTables(readme, tables) {
  let out = readme;
  for (const [name, table] of Object.entries(tables)) {
    const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> block`);
    out = out.replace(re, `$1\n${table}\n$2`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const manifest = JSON.parse(readFileSync(path.join(root, 'dist/custom-elements.json'), 'utf8'));
  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const next = applyTables(readme, renderTables(manifest));
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md tables are out of date: run `node scripts/readme-tables.mjs` after `npm run build`.');
      process.exit(1);
    }
  } else if (next !== readme) {
    writeFileSync(readmePath, next);
    console.log('README.md tables updated');
  }
}
