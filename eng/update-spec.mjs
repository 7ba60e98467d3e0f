#!/usr/bin/env node
// Turns the provider's OpenAPI document into ours: reads it (a file or an https:// URL; YAML or JSON; OpenAPI 3.0 or
// 3.1), brings 3.1 down to the 3.0.3 NSwag reads, applies our overlay (openapi/ugiftme.overlay.yaml, OpenAPI Overlay
// 1.0: the x-ugiftme-* extensions, our operationIds, descriptions of inferred behaviour, examples), keeps a member that
// became a oneOf/anyOf of object shapes readable, and writes the result where generation reads it.
//
//   node eng/update-spec.mjs <provider> --overlay <overlay.yaml> --out <spec.yaml> [--notes <notes.json>]
//   node eng/update-spec.mjs --extract-overlay <spec.yaml> --out <overlay.yaml>
//   node eng/update-spec.mjs --open-unions <spec.yaml>
//
// --open-unions opens, in place, the unions of object shapes edited into our spec by hand (the coverage check
// UnionCoverageTests names them); the rest of the file keeps its layout and comments.
//
// --notes writes what the step itself did, for the report of `dotnet cake --target=UpdateSpec`: each overlay value
// that replaced a different provider value (an operationId the provider renamed), each overlay target the provider's
// document no longer has, and each union kept as an open object. Exit codes: 0 done, 2 could not run.
// See docs/api-compatibility.md.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, parseDocument, stringify } from 'yaml';
import { readSource } from './spec-source.mjs';

function fail(message) {
  console.error(`update-spec: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  if (index < 0) return null;
  const value = args[index + 1] ?? fail(`${name} needs a value`);
  args.splice(index, 2);
  return value;
};
const extractFrom = option('--extract-overlay');
const unionsIn = option('--open-unions');
const overlayFile = option('--overlay');
const out = option('--out') ?? unionsIn ?? fail('--out <file> is required');
const notesFile = option('--notes');

async function readDocument(source) {
  try {
    return parse(await readSource(source, fail)); // YAML 1.2 reads JSON too
  } catch (error) {
    fail(`${source} is not valid YAML or JSON: ${error.message}`);
  }
}

// ---- JSONPath, the subset overlays need: $, .name, ['name'], ["name"], [index], [?@.name=='value'] ----
// A list item is addressed by what it is (a parameter's or a tag's name, a server's URL), not by where it is: the
// provider may reorder a list, and an index would then put our addition on another item.
function segments(path) {
  if (!path.startsWith('$')) fail(`overlay target ${path} must start with $`);
  const parts = [];
  const pattern = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[\?\(?@\.([A-Za-z_$][\w$-]*)\s*==\s*'((?:[^'\\]|\\.)*)'\)?\]/y;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path);
    if (!match) fail(`overlay target ${path}: only $, .name, ['name'], [index] and [?@.key=='value'] are supported`);
    if (match[5] !== undefined) {
      parts.push({ key: match[5], value: match[6].replace(/\\(.)/g, '$1') });
      continue;
    }
    parts.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (match[3] ?? match[4]).replace(/\\(.)/g, '$1')));
  }
  return parts;
}

const quoted = (text) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const pathOf = (parts) =>
  '$' +
  parts
    .map((p) =>
      typeof p === 'object' ? `[?@.${p.key}==${quoted(p.value)}]`
      : typeof p === 'number' ? `[${p}]`
      : /^[A-Za-z_$][\w$-]*$/.test(p) ? `.${p}`
      : `[${quoted(p)}]`)
    .join('');

// The key of `node` a part names: a filter names the index of the one item whose `key` is `value`.
function keyIn(node, part) {
  if (typeof part !== 'object') return part;
  if (!Array.isArray(node)) return undefined;
  const index = node.findIndex((item) => item?.[part.key] === part.value);
  return index < 0 ? undefined : index;
}

function locate(document, parts) {
  let node = document;
  for (const part of parts) {
    const key = node === null || typeof node !== 'object' ? undefined : keyIn(node, part);
    if (key === undefined || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

// How extraction addresses item `index` of `list`: by its name, or a server by its URL, when no other item shares it.
function itemPart(list, index) {
  for (const key of ['name', 'url']) {
    const value = list[index]?.[key];
    if (typeof value === 'string' && list.filter((item) => item?.[key] === value).length === 1) return { key, value };
  }
  return index;
}

// ---- extracting our additions from our spec into an overlay ----
// A standard keyword is ours too where the schema lists it in `x-ugiftme-inferred`: a constraint the SDK infers and
// enforces (a currency pattern) that the provider's document does not state.
const ours = (key, value, parts, node) =>
  key.startsWith('x-ugiftme-') ||
  (Array.isArray(node?.['x-ugiftme-inferred']) && node['x-ugiftme-inferred'].includes(key)) ||
  key === 'x-enum-descriptions' ||
  key === 'example' ||
  (key === 'operationId' && parts[0] === 'paths') ||
  (key === 'description' && typeof value === 'string' && value.includes('[inferred'));

function extractOverlay(spec) {
  const actions = [];
  const walk = (node, parts) => {
    if (node === null || typeof node !== 'object') return;
    if (!Array.isArray(node)) {
      const update = Object.fromEntries(Object.entries(node).filter(([key, value]) => ours(key, value, parts, node)));
      if (Object.keys(update).length > 0) actions.push({ target: pathOf(parts), update });
    }
    for (const [key, value] of Object.entries(node)) {
      if (ours(key, value, parts, node) && key !== 'operationId') continue; // its content is ours as a whole
      walk(value, [...parts, Array.isArray(node) ? itemPart(node, Number(key)) : key]);
    }
  };
  walk(spec, []);
  return {
    overlay: '1.0.0',
    info: {
      title: 'UGiftMe .NET SDK additions to the UGiftMe Business API description',
      version: '1.0.0',
    },
    actions,
  };
}

// ---- applying an overlay ----
const notes = { pinned: [], missingTargets: [], unionsKeptOpen: [] };

function merge(target, update, parts) {
  for (const [key, value] of Object.entries(update)) {
    const before = target[key];
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && before && typeof before === 'object' && !Array.isArray(before)) {
      merge(before, value, [...parts, key]);
      continue;
    }
    // A constraint we only inferred yields to one the provider now documents; the spec diff then names the change.
    if (before !== undefined && Array.isArray(update['x-ugiftme-inferred']) && update['x-ugiftme-inferred'].includes(key)) {
      continue;
    }
    if (before !== undefined && JSON.stringify(before) !== JSON.stringify(value) && (key === 'operationId' || key.startsWith('x-ugiftme-'))) {
      notes.pinned.push({ location: pathOf([...parts, key]), provider: before, ours: value });
    }
    target[key] = value;
  }
}

function applyOverlay(document, overlay) {
  if (!/^1\.\d+\.\d+$/.test(String(overlay?.overlay ?? ''))) fail('the overlay must be an OpenAPI Overlay 1.x document (`overlay: 1.0.0`)');
  for (const action of overlay.actions ?? []) {
    const parts = segments(action.target);
    const parent = locate(document, parts.slice(0, -1));
    const target = parts.length === 0 ? document : locate(document, parts);
    if (target === undefined || (parts.length > 0 && parent === undefined)) {
      notes.missingTargets.push(action.target);
      continue;
    }
    if (action.remove === true) {
      if (Array.isArray(parent)) parent.splice(keyIn(parent, parts.at(-1)), 1);
      else delete parent[parts.at(-1)];
    } else if (action.update !== undefined) {
      if (typeof target !== 'object' || target === null || Array.isArray(target)) fail(`overlay target ${action.target} is not an object`);
      merge(target, action.update, parts);
    }
  }
}

// ---- OpenAPI 3.1 down to the 3.0.3 NSwag reads ----
function downgrade(document) {
  if (!String(document.openapi ?? '').startsWith('3.1')) return;
  document.openapi = '3.0.3';
  if (document.webhooks) {
    document['x-webhooks'] = document.webhooks;
    delete document.webhooks;
  }
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node.type)) {
      const types = node.type.filter((t) => t !== 'null');
      if (types.length < node.type.length) node.nullable = true;
      if (types.length === 1) node.type = types[0];
      else delete node.type;
    }
    // 3.1 allows an inclusive bound beside the exclusive one: the stricter of the two is kept.
    for (const [bound, flag, stricter] of [['exclusiveMinimum', 'minimum', (a, b) => a > b], ['exclusiveMaximum', 'maximum', (a, b) => a < b]]) {
      if (typeof node[bound] !== 'number') continue;
      if (typeof node[flag] === 'number' && stricter(node[flag], node[bound])) {
        delete node[bound];
      } else {
        node[flag] = node[bound];
        node[bound] = true;
      }
    }
    if (Array.isArray(node.examples) && node.example === undefined && (node.type || node.properties)) {
      node.example = node.examples[0];
      delete node.examples;
    }
    Object.values(node).forEach(walk);
  };
  walk(document);
}

// ---- a member that is a oneOf/anyOf of object shapes (no discriminator) stays an open object ----
// NSwag generates such a member as its first variant, so the other shapes read as that one with every field null. Our
// spec keeps it an open object (read as raw JSON, as the facade does) and names the variants in its description.
function keepUnionsOpen(document) {
  const schemas = document.components?.schemas ?? {};
  const isObjectShape = (variant) => {
    const resolved = variant?.$ref ? schemas[variant.$ref.split('/').pop()] : variant;
    return resolved && (resolved.type === 'object' || resolved.properties || resolved.allOf);
  };
  const walk = (node, parts) => {
    if (Array.isArray(node)) return node.forEach((item, index) => walk(item, [...parts, index]));
    if (!node || typeof node !== 'object') return;
    for (const keyword of ['oneOf', 'anyOf']) {
      const variants = node[keyword];
      if (Array.isArray(variants) && variants.length > 1 && !node.discriminator && variants.every(isObjectShape)) {
        const names = variants.map((v) => (v.$ref ? v.$ref.split('/').pop() : 'an inline object'));
        delete node[keyword];
        node.type = 'object';
        node.additionalProperties = true;
        const listed = `One of: ${names.join(', ')} (kept as raw JSON).`;
        node.description = node.description ? `${node.description} ${listed}` : listed;
        node['x-ugiftme-one-of'] = names;
        notes.unionsKeptOpen.push({ location: pathOf(parts), variants: names, parts });
      }
    }
    for (const [key, value] of Object.entries(node)) walk(value, [...parts, key]);
  };
  walk(document, []);
}

if (unionsIn) {
  // Only the text of each union changes: the rest of the file keeps its layout, wrapping and comments.
  let text = readFileSync(resolve(unionsIn), 'utf8');
  const document = parseDocument(text);
  if (document.errors.length > 0) fail(`${unionsIn} is not valid YAML: ${document.errors[0].message}`);
  const plain = document.toJS();
  keepUnionsOpen(plain);
  const edits = notes.unionsKeptOpen.map((union) => {
    const [start, valueEnd] = document.getIn(union.parts, true).range;
    const end = start + text.slice(start, valueEnd).trimEnd().length; // a block node's range runs into the next line's indentation
    const opened = locate(plain, union.parts);
    const indent = start - text.lastIndexOf('\n', start - 1) - 1;
    const block = text.slice(text.lastIndexOf('\n', start - 1) + 1, start).trim() === '';
    const rendered = block
      ? stringify(opened, { lineWidth: Math.max(40, 120 - indent) }).trimEnd().split('\n').join(`\n${' '.repeat(indent)}`)
      : JSON.stringify(opened);
    console.log(`update-spec: opened ${union.location}: one of ${union.variants.join(', ')}`);
    return { start, end, rendered };
  });
  for (const edit of edits.sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.rendered + text.slice(edit.end);
  if (edits.length > 0) writeFileSync(resolve(out), text);
  console.log(`update-spec: ${edits.length} union(s) opened in ${out}.`);
  process.exit(0);
}

if (extractFrom) {
  const overlay = extractOverlay(await readDocument(extractFrom));
  writeFileSync(resolve(out), `# Generated by \`node eng/update-spec.mjs --extract-overlay openapi/ugiftme-business.yaml\`; edit by hand after that.\n${stringify(overlay, { lineWidth: 0 })}`);
  console.log(`update-spec: ${overlay.actions.length} overlay action(s) written to ${out}.`);
  process.exit(0);
}

if (args.length !== 1) fail('usage: node eng/update-spec.mjs <provider file or URL> --overlay <overlay.yaml> --out <spec.yaml> [--notes <notes.json>]');
const document = await readDocument(args[0]);
if (!document || typeof document !== 'object' || !String(document.openapi ?? '').startsWith('3.')) {
  fail(`${args[0]} is not an OpenAPI 3.0 or 3.1 document`);
}
downgrade(document);
if (overlayFile) applyOverlay(document, await readDocument(overlayFile));
keepUnionsOpen(document);
writeFileSync(resolve(out), stringify(document, { lineWidth: 120 }));
if (notesFile) writeFileSync(resolve(notesFile), `${JSON.stringify(notes, (key, value) => (key === 'parts' ? undefined : value), 2)}\n`);
console.log(
  `update-spec: wrote ${out}: ${notes.pinned.length} value(s) pinned by the overlay, ${notes.missingTargets.length} overlay target(s) ` +
    `missing from the provider's document, ${notes.unionsKeptOpen.length} union(s) kept as open objects.`,
);
for (const pin of notes.pinned) console.log(`  pinned    ${pin.location}: provider ${JSON.stringify(pin.provider)}, ours ${JSON.stringify(pin.ours)}`);
for (const target of notes.missingTargets) console.log(`  missing   ${target}: the provider's document has no such element; our addition is dropped`);
for (const union of notes.unionsKeptOpen) console.log(`  open      ${union.location}: one of ${union.variants.join(', ')}`);
