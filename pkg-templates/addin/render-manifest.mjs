#!/usr/bin/env node
// Renders the add-in's XML manifest for where web/ is hosted.
// Usage: node pkg-templates/addin/render-manifest.mjs --base-url https://example.org/amif-check
//          [--id GUID] [--version 1.0.0.0] [--out manifest.xml]
// The id defaults to a fixed GUID derived from the base URL, so the same
// hosting always gives the same add-in; pass --id to choose your own.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packageVersion = () => {
  const cargo = readFileSync(join(here, '../../Cargo.toml'), 'utf8');
  const version = /^version\s*=\s*"(\d+)\.(\d+)\.(\d+)"/m.exec(cargo);
  return version ? `${version[1]}.${version[2]}.${version[3]}.0` : '1.0.0.0';
};

/** A version-4-shaped GUID from a hash of the base URL. */
function idFor(baseUrl) {
  const hex = createHash('sha256').update(`amif-check-addin:${baseUrl}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function renderManifest({ baseUrl, id, version }) {
  const url = new URL(baseUrl);
  if (url.protocol !== 'https:' && url.hostname !== 'localhost') {
    throw new Error('the base URL must be https:// (Office loads add-ins only over HTTPS)');
  }
  if (url.search || url.hash) throw new Error('the base URL must not have a query or fragment');
  const base = url.href.replace(/\/+$/, '');
  const guid = id ?? idFor(base);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(guid)) throw new Error('--id must be a GUID');
  const finalVersion = version ?? packageVersion();
  if (!/^\d{1,5}(\.\d{1,5}){0,3}$/.test(finalVersion)) throw new Error('--version must be n.n.n.n');
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const template = readFileSync(join(here, 'manifest.template.xml'), 'utf8');
  return template
    .replace(/\{\{BASE_URL\}\}/g, escape(base))
    .replace(/\{\{ID\}\}/g, guid)
    .replace(/\{\{VERSION\}\}/g, finalVersion)
    // The placeholders' explanation is for the template only.
    .replace(/<!-- amif-check Excel add-in\.[\s\S]*?-->\n/, '<!-- amif-check Excel add-in -->\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const args = { out: 'manifest.xml' };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 1) {
    const name = { '--base-url': 'baseUrl', '--id': 'id', '--version': 'version', '--out': 'out' }[argv[i]];
    if (!name || argv[i + 1] === undefined) {
      console.error('usage: render-manifest.mjs --base-url https://… [--id GUID] [--version n.n.n.n] [--out manifest.xml]');
      process.exit(2);
    }
    args[name] = argv[++i];
  }
  if (!args.baseUrl) {
    console.error('render-manifest: --base-url is required');
    process.exit(2);
  }
  try {
    writeFileSync(args.out, renderManifest(args));
    console.log(`render-manifest: wrote ${args.out}`);
  } catch (error) {
    console.error(`render-manifest: ${error.message}`);
    process.exit(2);
  }
}
