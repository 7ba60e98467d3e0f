// Reads an OpenAPI document's text from a file, or from a URL: https, or http on a loopback address only (a local
// server or a test), never following redirects. Failures go to the caller's `fail` with a message naming the source.
import { readFileSync, existsSync } from 'node:fs';

export const isUrl = (source) => /^https?:\/\//i.test(source);

export async function readSource(source, fail) {
  if (!isUrl(source)) {
    if (!existsSync(source)) fail(`${source} does not exist`);
    return readFileSync(source, 'utf8');
  }
  const url = new URL(source);
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname);
  if (url.protocol !== 'https:' && !loopback) fail(`${source}: only https:// URLs are read (http:// only on a loopback address)`);
  let response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    fail(`${source} could not be read: ${error.cause?.message ?? error.message}`);
  }
  if (!response.ok) fail(`${source} answered ${response.status} ${response.statusText}`);
  return response.text();
}
