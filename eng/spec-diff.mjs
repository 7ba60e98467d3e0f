#!/usr/bin/env node
// Breaking-change check of the OpenAPI description: `redocly diff` (pinned in package.json) rates every change
// major / minor / patch; any major change fails unless it is listed in the accepted-breaking-changes file.
//
//   node eng/spec-diff.mjs <baseline> <revision> [--accepted <file.json> [--write-accepted]]
//
// <baseline> and <revision> are OpenAPI documents in YAML or JSON, each a file or an https:// URL (http:// only on a
// loopback address).
//
// --json <file> also writes every change as classified here (impact, rules, location, accepted), for the report of
// `dotnet cake --target=UpdateSpec`.
// --write-accepted appends every unaccepted breaking change to the accepted file with an empty "reason" and exits 0;
// the check then fails until a person writes each reason, so accepting is one command plus a reviewed edit.
// Exit codes: 0 = no unaccepted breaking change, 1 = breaking change(s), 2 = the check itself could not run.
// Used by `dotnet cake --target=SpecDiff` and by UGiftMe.Tests/SpecCompatibility (which feeds it spec mutations).
// See docs/api-compatibility.md.
//
//   node eng/spec-diff.mjs --batch <jobs.json> <results.json>
//
// Many checks in one process, for the tests: <jobs.json> is [{ "baseline", "revision", "accepted"? }, ...];
// <results.json> gets [{ "exitCode", "output" }, ...] in the same order, each what the single run of that job would
// exit with and print. Redocly is loaded once, not started per job (see redoclyInProcess). Exit code 2 when the batch
// itself could not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { isUrl, readSource } from './spec-source.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Stops one check with exit code 2, printed as `spec-diff: <message>` on stderr.
class CheckCannotRun extends Error {}

function fail(message) {
  throw new CheckCannotRun(message);
}

const redocly = join(repoRoot, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
const redoclyConfig = join(repoRoot, 'eng', 'redocly-diff.yaml');

function parseArguments(args) {
  const options = { acceptedFile: null, writeAccepted: false, jsonFile: null };
  const positional = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--write-accepted') {
      options.writeAccepted = true;
    } else if (args[i] === '--json') {
      options.jsonFile = args[++i] ?? fail('--json needs a file');
    } else if (args[i] === '--accepted') {
      options.acceptedFile = args[++i] ?? fail('--accepted needs a file');
    } else {
      positional.push(args[i]);
    }
  }
  if (options.writeAccepted && !options.acceptedFile) {
    fail('--write-accepted needs --accepted <file.json>');
  }
  if (positional.length !== 2) {
    fail('usage: node eng/spec-diff.mjs <baseline> <revision> [--accepted <file.json>] (each a file or an https:// URL)');
  }
  [options.baseline, options.revision] = positional;
  return options;
}

// accepted: [{ rule, message, location, reason }], matched on all three as printed by this script: the same rule and
// message at another place (another schema's `currency` removed) is another break.
function readAccepted(acceptedFile, writeAccepted) {
  let acceptedDocument = { accepted: [] };
  if (acceptedFile) {
    if (!existsSync(acceptedFile)) fail(`${acceptedFile} does not exist`);
    try {
      acceptedDocument = JSON.parse(readFileSync(acceptedFile, 'utf8'));
      acceptedDocument.accepted ??= [];
    } catch (error) {
      fail(`${acceptedFile} is not valid JSON: ${error.message}`);
    }
    for (const entry of acceptedDocument.accepted) {
      if (!entry.rule || !entry.message || !entry.location || (!entry.reason && !writeAccepted)) {
        fail(`${acceptedFile}: every entry needs "rule", "message", "location" and "reason": ${JSON.stringify(entry)}`);
      }
    }
  }
  return acceptedDocument;
}

// Redocly diffs schemas as written: the same object written as an `allOf` of parts, or as one schema, reads as
// "all properties removed" plus an added `allOf`, so composing a schema from a shared part (or adding `required` to
// a response through `allOf`) would fail the check though no message changed. Both descriptions are compared with
// every `allOf` merged into one schema first: the parts' `$ref`s resolved, `properties` joined, `required` joined,
// the schema's own keywords kept. What a message may hold is compared, not how the description composes it.
function mergeAllOf(document) {
  const components = document.components?.schemas ?? {};
  const resolveRef = (node, trail) => {
    const match = /^#\/components\/schemas\/(.+)$/.exec(node?.$ref ?? '');
    if (!match) return node;
    const name = match[1].replaceAll('~1', '/').replaceAll('~0', '~');
    if (trail.includes(name)) fail(`allOf cycle through ${[...trail, name].join(' -> ')}`);
    return flatten(components[name] ?? fail(`unresolved $ref ${node.$ref}`), [...trail, name]);
  };
  const flatten = (schema, trail) => {
    if (!schema || typeof schema !== 'object' || !Array.isArray(schema.allOf)) return schema;
    const { allOf, ...own } = schema;
    const merged = {};
    for (const part of [...allOf.map((p) => resolveRef(p, trail)).map((p) => flatten(p, trail)), own]) {
      for (const [key, value] of Object.entries(part)) {
        if (key === 'properties') merged.properties = { ...merged.properties, ...value };
        else if (key === 'required') merged.required = [...new Set([...(merged.required ?? []), ...value])];
        else if (part === own || !(key in merged)) merged[key] = value;
      }
    }
    return merged;
  };
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const flat = flatten(node, []);
    return Object.fromEntries(Object.entries(flat).map(([key, value]) => [key, walk(value)]));
  };
  return walk(document);
}

// The object a local `$ref` (#/...) leads to, through further `$ref`s; the node itself when it is none or leads nowhere.
function follow(document, node, hops = 0) {
  if (typeof node?.$ref !== 'string' || !node.$ref.startsWith('#/') || hops > 16) return node;
  const found = node.$ref.slice(2).split('/').reduce((at, part) => at?.[part.replaceAll('~1', '/').replaceAll('~0', '~')], document);
  return found && typeof found === 'object' ? follow(document, found, hops + 1) : node;
}

// Other ways of writing the same operations, each of which redocly reads as a change (found by the tests), are brought
// to one form on both sides first:
// * parameters written on the path item instead of each operation ("all parameters removed", "required parameter
//   added"): each operation gets the path item's parameters it does not override (same `name` and `in`);
// * an operation's `security` written out the same as the document's ("authentication became required"): dropped;
// * `application/json; charset=utf-8` for `application/json` ("media type removed"): JSON is UTF-8 either way.
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
function writeOperationsAlike(document) {
  const sameParameter = (a, b) => follow(document, a).name === follow(document, b).name && follow(document, a).in === follow(document, b).in;
  for (const item of Object.values(document.paths ?? {})) {
    if (!item || typeof item !== 'object') continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of methods.filter((m) => item[m] && typeof item[m] === 'object')) {
      const operation = item[method];
      const own = Array.isArray(operation.parameters) ? operation.parameters : [];
      const inherited = shared.filter((parameter) => !own.some((o) => sameParameter(o, parameter)));
      if (inherited.length > 0) operation.parameters = [...inherited, ...own];
      if (operation.security !== undefined && JSON.stringify(operation.security) === JSON.stringify(document.security)) delete operation.security;
    }
    delete item.parameters;
  }
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'content' && value && typeof value === 'object' && !Array.isArray(value)) {
        for (const mediaType of Object.keys(value)) {
          const plain = /^\s*([^;\s]+)\s*;\s*charset\s*=\s*"?utf-8"?\s*$/i.exec(mediaType)?.[1];
          if (plain && !(plain in value)) {
            value[plain] = value[mediaType];
            delete value[mediaType];
          }
        }
      }
      if (key !== 'example' && key !== 'examples') walk(value);
    }
  };
  walk(document.paths);
  walk(document.components);
  return document;
}

// Redocly pairs the items of a list (parameters, servers, tags, `oneOf`/`anyOf` variants) across the two descriptions
// by likeness: the edit distance of their JSON must be under half their length. So an item whose description grows or
// shrinks a lot reads as removed and added again: a description added to `orderId` of GET /orders/{orderId} failed CI
// as "parameter removed" plus "required parameter added", and a server whose description is rewritten reads as
// "server removed". Both descriptions are compared with every such item that has an identity on both sides marked
// with it, so that likeness is identity and redocly's own rules judge what changed in the item:
// * a parameter by its name (case-insensitive; a move to another `in` is then a change redocly names);
// * a server by its URL, a tag by its name;
// * a `oneOf`/`anyOf` variant by the schema it `$ref`s, or by its content without annotations (description, examples,
//   x-*) with the one `$ref` it may be resolved to on either side, so an inlined or re-described variant stays itself.
// The mark is one character per identity (unused anywhere else), repeated 4 times the longest marked item: two items of
// one identity are then always more than half alike, two of different identities never. An item whose identity is on
// one side only is left to redocly's likeness (a renamed parameter is still paired, and named as renamed).
const identityKey = 'x-spec-diff-identity';
const annotation = (key) => key === 'description' || key === 'example' || key === 'examples' || key.startsWith('x-');
const withoutAnnotations = (node) => {
  if (Array.isArray(node)) return node.map(withoutAnnotations);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([key]) => !annotation(key)).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => [key, withoutAnnotations(value)]));
};
function markIdentities(documents) {
  const lists = (document) => {
    const found = { variant: new Map(), parameter: new Map(), server: new Map(), tag: new Map() };
    const kinds = { oneOf: 'variant', anyOf: 'variant', parameters: 'parameter', servers: 'server' };
    const walk = (node, key, pointer) => {
      if (Array.isArray(node)) {
        if (kinds[key]) found[kinds[key]].set(pointer, node);
        node.forEach((child, index) => walk(child, null, `${pointer}/${index}`));
      } else if (node && typeof node === 'object') {
        for (const [childKey, child] of Object.entries(node)) {
          if (childKey !== 'example' && childKey !== 'examples' && childKey !== 'enum' && childKey !== 'default') walk(child, childKey, `${pointer}/${childKey}`);
        }
      }
    };
    walk(document, null, '#');
    if (Array.isArray(document.tags)) found.tag.set('#/tags', document.tags);
    return found;
  };
  const found = documents.map(lists);
  // A variant written as a $ref, on either side, names the inline variants with its content.
  const refByContent = new Map();
  documents.forEach((document, side) => [...found[side].variant.values()].flat().filter((v) => typeof v?.$ref === 'string')
    .forEach((v) => refByContent.set(JSON.stringify(withoutAnnotations(follow(document, v))), v.$ref)));
  const identities = {
    // A variant holding variants of its own is left unmarked: its length would include their marks.
    variant: (document, item) => {
      const content = JSON.stringify(withoutAnnotations(follow(document, item)));
      if (/"(oneOf|anyOf)"/.test(content)) return null;
      return item.$ref ?? refByContent.get(content) ?? content;
    },
    parameter: (document, item) => (typeof follow(document, item)?.name === 'string' ? follow(document, item).name.toLowerCase() : null),
    server: (document, item) => (typeof item?.url === 'string' ? item.url.replace(/\/+$/, '') : null),
    tag: (document, item) => (typeof item?.name === 'string' ? item.name : null),
  };
  let nextCharacter = 0xe000;
  for (const kind of ['variant', 'parameter', 'server', 'tag']) {
    // An identity is marked where the same list (the same JSON pointer) has it on both sides.
    const shared = [...found[0][kind]].filter(([pointer]) => found[1][kind].has(pointer)).flatMap(([pointer, list]) => {
      const sides = [list, found[1][kind].get(pointer)].map((items, side) => items
        .map((item) => ({ node: follow(documents[side], item), identity: identities[kind](documents[side], item) }))
        .filter(({ node, identity }) => identity !== null && node && typeof node === 'object'));
      return sides.flat().filter((m) => sides.every((items) => items.some((other) => other.identity === m.identity)));
    });
    const length = 4 * Math.max(0, ...shared.map(({ node }) => JSON.stringify(node).length)) + 8;
    const characters = new Map([...new Set(shared.map((m) => m.identity))].map((identity) => [identity, String.fromCharCode(nextCharacter++)]));
    for (const { node, identity } of shared) node[identityKey] = characters.get(identity).repeat(length);
  }
}

// A description as compared (every allOf merged, operations written alike). A batch passes a cache, keyed by the text:
// its jobs mostly share one baseline, which is then read once.
async function readFlat(source, cache) {
  const text = await readSource(source, fail);
  if (cache?.has(text)) return cache.get(text);
  let document;
  try {
    document = parse(text); // YAML 1.2 reads JSON too
  } catch (error) {
    fail(`${source} is not valid YAML or JSON: ${error.message}`);
  }
  if (!document || typeof document !== 'object' || !(document.openapi || document.swagger)) {
    fail(`${source} is not an OpenAPI document (no \`openapi\` field)`);
  }
  const flat = writeOperationsAlike(mergeAllOf(document));
  cache?.set(text, flat);
  return flat;
}

// `redocly diff` as a process of its own: a single run's (`dotnet cake --target=SpecDiff`'s).
function redoclyProcess(flatBaseline, flatRevision, reportFile) {
  const run = spawnSync(
    process.execPath,
    [
      redocly, 'diff', flatBaseline, flatRevision,
      '--config', redoclyConfig,
      '--format', 'json', '--fail-on', 'none', '--output', reportFile,
    ],
    { encoding: 'utf8', env: { ...process.env, REDOCLY_TELEMETRY: 'off', NO_COLOR: '1' } },
  );
  return { status: run.status ?? run.signal, stdout: run.stdout, stderr: run.stderr };
}

// `redocly diff` inside this process: a batch's. Redocly has no programmatic diff, and starting it (node and its 15 MB
// bundle) costs as much as a diff; so a batch loads once the two functions its `diff` command calls, the config
// loader and `handleDiff`, and calls them per job with the arguments redoclyProcess passes. Their chunks' file names
// are hashed per release, so they are found as the command finds them, in lib/index.js. What redocly prints is
// captured as a process's output would be. The tests check that a batch prints what single runs print.
async function redoclyInProcess() {
  const lib = join(repoRoot, 'node_modules', '@redocly', 'cli', 'lib');
  if (!existsSync(join(lib, 'index.js'))) {
    fail(`${redocly} is missing: run \`npm ci\` at the repository root (the Cake task NpmInstall does).`);
  }
  const index = readFileSync(join(lib, 'index.js'), 'utf8');
  const diffChunk = /\{handleDiff:[\w$]+\}=await import\("\.\/chunks\/([\w.-]+\.js)"\)/.exec(index)?.[1];
  const loaderName = /[\w$]+=await ([\w$]+)\(\{configPath:/.exec(index)?.[1];
  const loader = [...index.matchAll(/import\{([^}]*)\}from"\.\/chunks\/([\w.-]+\.js)"/g)]
    .flatMap(([, names, chunk]) => names.split(',').map((name) => name.trim().split(/\s+as\s+/)).map(([exported, local]) => ({ exported, local: local ?? exported, chunk })))
    .find(({ local }) => local === loaderName);
  const load = async (chunk) => import(pathToFileURL(join(lib, 'chunks', chunk)).href);
  const handleDiff = diffChunk ? (await load(diffChunk)).handleDiff : undefined;
  const loadConfig = loader ? (await load(loader.chunk))[loader.exported] : undefined;
  if (typeof handleDiff !== 'function' || typeof loadConfig !== 'function') {
    const { version } = JSON.parse(readFileSync(join(lib, '..', 'package.json'), 'utf8'));
    fail(`--batch found no diff handler and config loader in @redocly/cli ${version} (lib/index.js): ` +
      'redoclyInProcess in eng/spec-diff.mjs needs updating to its bundle (single runs are not affected).');
  }
  return async (flatBaseline, flatRevision, reportFile) => {
    const argv = {
      base: flatBaseline, revision: flatRevision, config: redoclyConfig,
      format: 'json', 'fail-on': 'none', output: reportFile, 'check-version': false, 'lint-config': 'warn',
    };
    const captured = { stdout: '', stderr: '' };
    const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
    for (const stream of ['stdout', 'stderr']) {
      process[stream].write = (chunk, ...rest) => {
        captured[stream] += chunk;
        rest.find((callback) => typeof callback === 'function')?.();
        return true;
      };
    }
    let status = 0;
    try {
      await handleDiff({ argv, config: await loadConfig({ configPath: redoclyConfig }) });
    } catch (error) {
      status = 1;
      captured.stderr += `${error?.stack ?? error}\n`;
    } finally {
      process.stdout.write = writes.stdout;
      process.stderr.write = writes.stderr;
    }
    return { status, ...captured };
  };
}

// Both descriptions as compared, for the rules below that look at the schemas themselves: those of the check that is
// running (a batch runs one at a time).
let flatDocuments = {};

async function diffReport(baseline, revision, diff, cache) {
  flatDocuments = { baseline: await readFlat(baseline, cache), revision: await readFlat(revision) };
  const work = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  const reportFile = join(work, 'diff.json');
  try {
    const compared = [structuredClone(flatDocuments.baseline), structuredClone(flatDocuments.revision)];
    markIdentities(compared);
    const [flatBaseline, flatRevision] = ['baseline', 'revision'].map((side, index) => {
      const flat = join(work, `${side}.json`);
      writeFileSync(flat, JSON.stringify(compared[index]));
      return flat;
    });
    const run = await diff(flatBaseline, flatRevision, reportFile);
    if (run.status !== 0 || !existsSync(reportFile)) {
      fail(`redocly diff exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
    }
    // Without diff rules every change rates as a patch and the check would pass anything (found by the tests).
    if (/No diff rules are on/.test(run.stdout + run.stderr)) {
      fail(`redocly diff ran without diff rules; eng/redocly-diff.yaml must extend diff-recommended.\n${run.stderr}`);
    }
    return JSON.parse(readFileSync(reportFile, 'utf8'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const where = (pointer) =>
  pointer
    .replace(/^#\/paths\//, '')
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join(' ');

// Our corrections to redocly's verdicts, for what a client generated from this spec actually depends on:
// * response-enum-closed (major): a response string that gains an `enum` was open and now is closed. Redocly rates it
//   a patch, but a generated client turns the enum into a closed type, so any value outside it (which the old
//   description allowed) can no longer be read. The spec's own modelling rules forbid closed enums in responses.
// * error-response-removed (minor, not breaking): a documented 4xx/5xx status was dropped. Redocly's
//   response-removed rates it major, but a client must handle undocumented error statuses anyway (the SDK maps any
//   status to an exception), so nothing that worked stops working. Removing a 2xx or `default` stays breaking.
// * default-changed (major): the documented `default` of a parameter or member changed. Redocly rates it a patch, but
//   a caller who omits the parameter (or a reader of a message that omits the member) silently gets different results.
//   A default documented where there was none describes what already happened, and stays a patch.
// * union-of-known-shapes (minor, not breaking): a schema became a `oneOf`/`anyOf` whose every variant the old schema
//   already allowed (an open object, or the same schema). Redocly's schema-type-changed rates it major, but no message
//   on the wire changes. A variant the old schema did not allow keeps the major verdict.
// * parameter-moved (major): redocly's parameter-removed when only a parameter's `in` changed (query -> header, say).
//   Still breaking (an older client sends it where the server no longer reads it), named apart because the next step
//   differs: the regenerated factory sends it in the new place, and the facade's call and the release note need a look.
// * response-member-nullable (minor, not breaking): redocly's schema-type-changed when a response member only became
//   nullable. Every response model reads a null member as null (see tolerantResponseMember); a member of a strict
//   schema (a webhook payload) keeps the major verdict.
// * response-member-optional (minor, not breaking): redocly's required-properties-removed in a response. For the same
//   reason a missing required member already reads as null; a strict schema keeps the major verdict.
// * type-documented (minor, not breaking): redocly's schema-type-changed ("narrowed from 'any'") when a schema without a
//   `type` gains the one its keywords already implied (an object's `properties`, an array's `items`).
// * integer-format-documented (minor, not breaking): redocly's schema-constraint-changed when an integer without a
//   format gains int32 or int64: the generated client sends a C# int, which both hold.
// * response-format-typed (major): a response string gains (or changes to) a format a generator parses (date-time,
//   uuid, uri, ...). Redocly rates it a patch, as it does a closed enum, but a client generated from it parses the value
//   and fails the whole answer on any other text, which the old description allowed; the C# type changes too.
// * operation-id-renamed (minor, not breaking): redocly's operation-id-changed. Operations are matched by path and
//   method, so the rename itself changes no request or response (their own changes get their own verdicts). The C#
//   names are generated from the operationId, so our overlay (openapi/ugiftme.overlay.yaml) pins ours.
const lastSegment = (pointer) => pointer.split('/').pop().replaceAll('~1', '/').replaceAll('~0', '~');
const decode = (part) => part.replaceAll('~1', '/').replaceAll('~0', '~');

// The node a JSON pointer (#/a/b) names in a flattened description, following a `$ref` where the pointer ends.
function at(document, pointer) {
  let node = document;
  for (const part of (pointer ?? '').replace(/^#\/?/, '').split('/').filter((p) => p.length > 0)) {
    node = node?.[decode(part)];
  }
  return resolveRef(document, node);
}

function resolveRef(document, node, seen = new Set()) {
  if (typeof node?.$ref !== 'string' || seen.has(node.$ref)) return node;
  seen.add(node.$ref);
  return resolveRef(document, at(document, node.$ref), seen);
}

// Whether every value `variant` allows was already allowed by `old`: the same schema, or an open object (no
// `additionalProperties: false`) whose declared members keep their types and whose required members stay required.
function allows(old, variant) {
  if (JSON.stringify(old) === JSON.stringify(variant)) return true;
  const openObject = (old.type === 'object' || old.type === undefined) && old.additionalProperties !== false && !old.oneOf && !old.anyOf && !old.enum;
  const objectVariant = variant.type === 'object' || (variant.type === undefined && variant.properties !== undefined);
  if (!openObject || !objectVariant) return false;
  const oldProperties = old.properties ?? {};
  const sameTypes = Object.entries(oldProperties).every(([name, schema]) => {
    const other = variant.properties?.[name];
    if (other === undefined) return variant.additionalProperties !== false;
    const [a, b] = [resolveRef(flatDocuments.baseline, schema), resolveRef(flatDocuments.revision, other)];
    return a?.type === undefined || a.type === b?.type;
  });
  return sameTypes && (old.required ?? []).every((name) => (variant.required ?? []).includes(name));
}

function unionOfKnownShapes(change, verdict) {
  if (verdict.ruleId !== 'schema-type-changed') return null;
  const schema = at(flatDocuments.revision, change.revision?.pointer);
  const variants = schema?.oneOf ?? schema?.anyOf;
  if (!Array.isArray(variants)) return null;
  const basePointer = change.property && change.base?.pointer?.endsWith(`/${change.property}`)
    ? change.base.pointer.slice(0, -(change.property.length + 1))
    : change.base?.pointer;
  const old = at(flatDocuments.baseline, basePointer);
  if (!old || !variants.every((variant) => allows(old, resolveRef(flatDocuments.revision, variant)))) return null;
  const names = variants.map((variant) => (variant.$ref ? lastSegment(variant.$ref) : variant.type ?? 'an inline schema'));
  const name = lastSegment(basePointer ?? change.path);
  return {
    ruleId: 'union-of-known-shapes',
    impact: 'minor',
    message: `\`${name}\` became a ${schema.oneOf ? 'oneOf' : 'anyOf'} of ${names.join(', ')}, each already allowed by its old schema.`,
  };
}

function defaultChanged(change) {
  const [before, after] = [change.base?.value, change.revision?.value];
  if (change.property !== 'default' || before === undefined || after === undefined) return null;
  if (JSON.stringify(before) === JSON.stringify(after)) return null;
  const parts = (change.base.pointer ?? change.path).split('/').map(decode).filter((p) => p !== 'default' && p !== 'schema');
  return {
    ruleId: 'default-changed',
    impact: 'major',
    message: `Default of \`${parts.pop()}\` changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}: a message that omits it now means something else.`,
  };
}

// Whether a response member is read as null when null or missing: every response model is generated tolerantly (nullable C#
// types, see UGiftMe.Generated/Templates/Class.liquid); only a member of a schema marked `x-ugiftme-strict` (request
// bodies, webhook payloads) is refused when null or missing.
function tolerantResponseMember(change) {
  if (!/\/responses\//.test(change.path)) return false;
  const pointer = change.revision?.pointer ?? '';
  const owner = pointer.lastIndexOf('/properties/') >= 0 ? pointer.slice(0, pointer.lastIndexOf('/properties/')) : pointer.replace(/\/required$/, '');
  return at(flatDocuments.revision, owner)?.['x-ugiftme-strict'] !== true;
}

// Whether a schema without a `type` gained the one its own keywords already gave it (`properties`, `required` or
// `additionalProperties`: object; `items`: array): the generated client already sent and read it as that.
function typeItAlreadyHad(change) {
  if (change.property !== 'type' || change.base?.value !== undefined || typeof change.revision?.value !== 'string') return false;
  const old = at(flatDocuments.baseline, change.base?.pointer?.replace(/\/type$/, ''));
  const implied = old?.properties || old?.required || old?.additionalProperties !== undefined ? 'object' : old?.items ? 'array' : undefined;
  return implied !== undefined && implied === change.revision.value && !old.oneOf && !old.anyOf;
}

// Whether an integer without a format gained int32 or int64: a generated client sends a C# int (NJsonSchema's integer
// without a format), which both hold.
function integerFormatDocumented(change) {
  if (change.property !== 'format' || change.base?.value !== undefined || !['int32', 'int64'].includes(change.revision?.value)) return false;
  return at(flatDocuments.revision, change.revision?.pointer?.replace(/\/format$/, ''))?.type === 'integer';
}

// Formats that make a generated client parse a string into another type (DateTimeOffset, TimeSpan, Guid, Uri, byte[]).
const typedFormats = new Set(['date-time', 'date', 'time', 'duration', 'uuid', 'guid', 'uri', 'byte']);

function verdictsOf(change) {
  const verdicts = (change.verdicts ?? []).map((verdict) => {
    if (verdict.ruleId === 'response-removed' && /^[45](\d\d|XX)$/i.test(lastSegment(change.path))) {
      return { ...verdict, ruleId: 'error-response-removed', impact: 'minor' };
    }
    if (verdict.ruleId === 'parameter-removed' && change.property === 'in') {
      return { ...verdict, ruleId: 'parameter-moved' };
    }
    if (verdict.ruleId === 'operation-id-changed') {
      return { ...verdict, ruleId: 'operation-id-renamed', impact: 'minor' };
    }
    if (verdict.ruleId === 'schema-type-changed' && /widened from '([^']+)' to '\1 \| null'/.test(verdict.message) && tolerantResponseMember(change)) {
      return { ...verdict, ruleId: 'response-member-nullable', impact: 'minor' };
    }
    if (verdict.ruleId === 'required-properties-removed' && tolerantResponseMember(change)) {
      return { ...verdict, ruleId: 'response-member-optional', impact: 'minor' };
    }
    if (verdict.ruleId === 'schema-type-changed' && typeItAlreadyHad(change)) {
      return { ...verdict, ruleId: 'type-documented', impact: 'minor' };
    }
    if (verdict.ruleId === 'schema-constraint-changed' && integerFormatDocumented(change)) {
      return { ...verdict, ruleId: 'integer-format-documented', impact: 'minor' };
    }
    return unionOfKnownShapes(change, verdict) ?? verdict;
  });
  const changedDefault = defaultChanged(change);
  if (changedDefault) verdicts.push(changedDefault);
  const closedResponseEnum =
    change.property === 'enum' &&
    change.kind !== 'removed' &&
    change.base?.value === undefined &&
    Array.isArray(change.revision?.value) &&
    /\/responses\//.test(change.path) &&
    !verdicts.some((verdict) => verdict.impact === 'major');
  const typedFormat =
    change.property === 'format' &&
    typedFormats.has(change.revision?.value) &&
    change.base?.value !== change.revision.value &&
    /\/responses\//.test(change.path) &&
    !verdicts.some((verdict) => verdict.impact === 'major');
  if (typedFormat) {
    const name = /\/properties\/([^/]+)$/.exec(change.path)?.[1] ?? lastSegment(change.path);
    verdicts.push({
      ruleId: 'response-format-typed',
      impact: 'major',
      message: `Response value \`${name}\` became format '${change.revision.value}': a generated client parses it and fails on any other text.`,
    });
  }
  if (closedResponseEnum) {
    const name = /\/properties\/([^/]+)$/.exec(change.path)?.[1] ?? lastSegment(change.path);
    verdicts.push({
      ruleId: 'response-enum-closed',
      impact: 'major',
      message: `Response value \`${name}\` was closed into an enum: ${change.revision.value.map((v) => `'${v}'`).join(', ')}.`,
    });
  }
  return verdicts;
}

// Where a change is defined (a JSON pointer into the description, e.g. #/components/schemas/Wallet/properties/balance):
// what an accepted break is matched on besides rule and message. Redocly reports a change shared through a `$ref`
// under one operation it picks; the definition is the same whichever operation reaches it.
function locationOf(change) {
  const pointer = change.kind === 'added' ? change.revision?.pointer : change.base?.pointer ?? change.revision?.pointer;
  return pointer ?? change.path;
}

// One check: the exit code (0, 1 or 2 as above); what it prints goes to out.log and out.error (the console, or a
// batch's record of the job). diff runs redocly (redoclyProcess or redoclyInProcess); cache is a batch's (readFlat).
async function check(options, out, diff, cache) {
  try {
    return await compare(options, out, diff, cache);
  } catch (error) {
    if (!(error instanceof CheckCannotRun)) throw error;
    out.error(`spec-diff: ${error.message}`);
    return 2;
  }
}

async function compare({ baseline, revision, acceptedFile, writeAccepted, jsonFile }, out, diff, cache) {
  [baseline, revision] = [baseline, revision].map((p) => (isUrl(p) ? p : resolve(p)));
  for (const source of [baseline, revision]) {
    if (!isUrl(source) && !existsSync(source)) fail(`${source} does not exist`);
  }
  if (!existsSync(redocly)) {
    fail(`${redocly} is missing: run \`npm ci\` at the repository root (the Cake task NpmInstall does).`);
  }
  const acceptedDocument = readAccepted(acceptedFile, writeAccepted);
  const { accepted } = acceptedDocument;
  const report = await diffReport(baseline, revision, diff, cache);

  const used = new Set();
  const classified = [];
  const unacceptedBreaks = [];
  let unaccepted = 0;
  let acknowledged = 0;
  let major = 0;
  let minor = 0;
  let patch = 0;
  for (const change of (report.changes ?? []).filter((c) => c.property !== identityKey)) {
    const verdicts = verdictsOf(change);
    const impact = verdicts.some((v) => v.impact === 'major')
      ? 'major'
      : verdicts.some((v) => v.impact === 'minor') || change.impact === 'minor' ? 'minor' : 'patch';
    if (impact === 'major') major++;
    else if (impact === 'minor') minor++;
    else patch++;
    // A deprecation breaks no one (the member is still sent), but the facade should move to its successor: say so.
    if (change.property === 'deprecated' && change.revision?.value === true) {
      out.log(`  deprecated  ${locationOf(change).replace(/\/deprecated$/, '')}  [${where(change.path)}]`);
    }
    if (impact === 'minor') {
      const rules = verdicts.filter((v) => v.impact === 'minor').map((v) => ` ${v.ruleId}: ${v.message}`).join(';');
      out.log(`  minor     ${change.kind}${rules} [${where(change.path)}]`);
    }
    const location = locationOf(change);
    classified.push({
      impact,
      kind: change.kind,
      property: change.property ?? null,
      where: where(change.path),
      location,
      deprecated: change.property === 'deprecated' && change.revision?.value === true,
      rules: verdicts.filter((v) => v.impact === impact).map((v) => ({ rule: v.ruleId, message: v.message, accepted: false })),
    });
    for (const verdict of verdicts) {
      if (verdict.impact !== 'major') continue;
      const index = accepted.findIndex((a) => a.rule === verdict.ruleId && a.message === verdict.message && a.location === location);
      if (index >= 0) {
        used.add(index);
        acknowledged++;
        classified.at(-1).rules.find((r) => r.rule === verdict.ruleId && r.message === verdict.message).accepted = true;
        out.log(`  accepted  ${verdict.ruleId}: ${verdict.message}  [${where(change.path)}]  at ${location}  reason: ${accepted[index].reason}`);
      } else {
        unaccepted++;
        unacceptedBreaks.push({ rule: verdict.ruleId, message: verdict.message, location, reason: '' });
        out.log(`  BREAKING  ${verdict.ruleId}: ${verdict.message}  [${where(change.path)}]  at ${location}`);
      }
    }
  }
  accepted.forEach((entry, index) => {
    if (!used.has(index)) {
      out.log(`  note: accepted entry no longer matches any change (remove it): ${entry.rule}: ${entry.message} at ${entry.location}`);
    }
  });

  out.log(
    `spec-diff: ${major} major (${acknowledged} accepted), ${minor} minor, ${patch} patch change(s) ` +
      `between ${report.infoVersions?.base ?? '?'} (baseline) and ${report.infoVersions?.revision ?? '?'}.`,
  );
  if (jsonFile) {
    writeFileSync(jsonFile, `${JSON.stringify({ major, minor, patch, accepted: acknowledged, changes: classified }, null, 2)}\n`);
  }
  if (writeAccepted) {
    const added = unacceptedBreaks.filter(
      (b, i) => unacceptedBreaks.findIndex((o) => o.rule === b.rule && o.message === b.message && o.location === b.location) === i,
    );
    accepted.push(...added);
    writeFileSync(acceptedFile, `${JSON.stringify(acceptedDocument, null, 2)}\n`);
    out.log(
      `spec-diff: added ${added.length} entr${added.length === 1 ? 'y' : 'ies'} to ${acceptedFile}; ` +
        'write each "reason" (the check fails while one is empty), then commit it for review.',
    );
    return 0;
  }
  if (unaccepted > 0) {
    out.log(
      `spec-diff: FAILED: ${unaccepted} breaking change(s). If intentional, add each as ` +
        '{ "rule", "message", "location", "reason" } to openapi/accepted-breaking-changes.json (see docs/api-compatibility.md).',
    );
    return 1;
  }
  out.log('spec-diff: no unaccepted breaking change.');
  return 0;
}

// A batch: every job checked in this process, one after another, each printing into its own record.
async function batch(args) {
  if (args.length !== 2) fail('usage: node eng/spec-diff.mjs --batch <jobs.json> <results.json>');
  const [jobsFile, resultsFile] = args;
  let jobs;
  try {
    jobs = JSON.parse(readFileSync(jobsFile, 'utf8'));
  } catch (error) {
    fail(`${jobsFile} is not a readable JSON list of jobs: ${error.message}`);
  }
  if (!Array.isArray(jobs) || !jobs.every((job) => typeof job?.baseline === 'string' && typeof job?.revision === 'string')) {
    fail(`${jobsFile} must be a list of { "baseline", "revision", "accepted"? }`);
  }
  const diff = await redoclyInProcess();
  const cache = new Map();
  const results = [];
  for (const job of jobs) {
    let output = '';
    const record = (text) => {
      output += `${text}\n`;
    };
    const options = { baseline: job.baseline, revision: job.revision, acceptedFile: job.accepted ?? null, writeAccepted: false, jsonFile: null };
    const exitCode = await check(options, { log: record, error: record }, diff, cache);
    results.push({ exitCode, output });
  }
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
}

const args = process.argv.slice(2);
try {
  if (args[0] === '--batch') {
    await batch(args.slice(1));
  } else {
    process.exitCode = await check(parseArguments(args), console, redoclyProcess);
  }
} catch (error) {
  if (!(error instanceof CheckCannotRun)) throw error;
  console.error(`spec-diff: ${error.message}`);
  process.exitCode = 2;
}
