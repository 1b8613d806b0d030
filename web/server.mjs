#!/usr/bin/env node
// Static server for the amif-check page. No dependencies: Node's own http.
// Binds to 127.0.0.1 only, sends the Content-Security-Policy as a header and
// in the page's meta tag, and opens the CSP's connect-src to the aggregate
// endpoint only when config.json names one.
//
// Usage: node web/server.mjs [--port N] [--config path/to/config.json]
//   PORT=N also works; port 0 picks a free port. The first line printed is
//   "amif-check: http://127.0.0.1:<port>/" so scripts can read the port.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = resolve(fileURLToPath(new URL('.', import.meta.url)));

/** @type {Record<string, string>} */
const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=windows-1252',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.xls': 'application/vnd.ms-excel',
};

/**
 * @param {string[]} argv
 * @returns {{port: number, configPath: string}}
 */
function parseArgs(argv) {
  const args = { port: process.env.PORT ?? '8080', config: join(webRoot, 'config.json') };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--port') args.port = argv[++i];
    else if (argv[i] === '--config') args.config = resolve(argv[++i]);
    else if (/^\d+$/.test(argv[i])) args.port = argv[i];
    else {
      console.error(`amif-check server: unknown argument ${argv[i]}`);
      process.exit(2);
    }
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`amif-check server: bad port ${args.port}`);
    process.exit(2);
  }
  return { port, configPath: args.config };
}

/**
 * @typedef {{name: string | null, feedback: string | null, country: 'se' | 'fi' | null}} Deployer
 *   who runs this installation, for the accessibility statement: a name, a feedback address (e-mail or web) and the country whose supervision applies
 * @typedef {{aggregateEndpoint: string | null, deployer: Deployer}} Config
 */

/**
 * Reads config.json; an endpoint must be an absolute http(s) URL, the
 * deployer's name and feedback address text (or null), its country se or fi.
 * @param {string} path
 * @returns {Config}
 */
function loadConfig(path) {
  const config = JSON.parse(readFileSync(path, 'utf8'));
  const endpoint = config.aggregateEndpoint ?? null;
  if (endpoint !== null) {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error('aggregateEndpoint must be an http(s) URL');
    }
  }
  const given = config.deployer ?? {};
  /** @param {string} key */
  const text = (key) => {
    const value = given[key] ?? null;
    if (value !== null && typeof value !== 'string') throw new Error(`deployer.${key} must be text or null`);
    return value;
  };
  const country = given.country ?? null;
  if (country !== null && country !== 'se' && country !== 'fi') throw new Error('deployer.country must be "se", "fi" or null');
  return { aggregateEndpoint: endpoint, deployer: { name: text('name'), feedback: text('feedback'), country } };
}

/** Office refuses copies of office.js: the add-in's one external script. */
export const officeScriptOrigin = 'https://appsforoffice.microsoft.com';

/**
 * The policy; the meta-tag variant leaves out what browsers ignore there.
 * The Excel add-in (under /addin/) may load office.js and is framed by
 * Excel on the web, so it gets that script origin and no frame-ancestors.
 * @param {Config} config
 * @param {{forMeta: boolean, addin?: boolean}} where
 */
function contentSecurityPolicy(config, { forMeta, addin = false }) {
  const connect = ["'self'"];
  if (config.aggregateEndpoint) connect.push(new URL(config.aggregateEndpoint).origin);
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${addin ? ` ${officeScriptOrigin}` : ''}`,
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (!forMeta && !addin) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}

/**
 * Maps a URL path to a file under webRoot, or null when it would escape it.
 * @param {string} urlPath
 */
function resolveFile(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const full = resolve(webRoot, relative);
  if (full !== webRoot && !full.startsWith(webRoot + sep)) return null;
  return full;
}

/**
 * @param {import('node:http').ServerResponse} response
 * @param {number} status
 * @param {import('node:http').OutgoingHttpHeaders} headers
 * @param {string | Buffer} body
 */
function send(response, status, headers, body) {
  response.writeHead(status, headers);
  response.end(body);
}

/**
 * Serves web/ on 127.0.0.1 (`port` 0: a free port).
 * @param {{port?: number, configPath?: string}} [options]
 * @returns {Promise<{server: import('node:http').Server, port: number, url: string}>}
 */
export function startServer({ port = 0, configPath = join(webRoot, 'config.json') } = {}) {
  const config = loadConfig(configPath);
  const headerPolicy = contentSecurityPolicy(config, { forMeta: false });
  const metaPolicy = contentSecurityPolicy(config, { forMeta: true });
  const commonHeaders = {
    'Content-Security-Policy': headerPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  };

  const server = createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, { ...commonHeaders, Allow: 'GET, HEAD' }, '');
      return;
    }
    // A server's requests always have their URL.
    const url = new URL(/** @type {string} */ (request.url), 'http://127.0.0.1');
    let path = url.pathname;
    if (path.endsWith('/')) path += 'index.html';

    // config.json comes from the effective config so the page and the CSP agree.
    if (path === '/config.json') {
      send(response, 200, {
        ...commonHeaders,
        'Content-Type': mimeTypes['.json'],
        'Cache-Control': 'no-cache',
      }, request.method === 'HEAD' ? '' : JSON.stringify(config));
      return;
    }

    const addin = path.startsWith('/addin/');
    const headers = addin
      ? { ...commonHeaders, 'Content-Security-Policy': contentSecurityPolicy(config, { forMeta: false, addin }) }
      : commonHeaders;
    const file = resolveFile(path);
    if (!file) {
      send(response, 400, { ...commonHeaders, 'Content-Type': 'text/plain' }, 'Bad request');
      return;
    }
    try {
      const info = await stat(file);
      if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
      let body = await readFile(file);
      const type = mimeTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
      if (extname(file) === '.html') {
        body = Buffer.from(body.toString('utf8').replace(
          /(<meta http-equiv="Content-Security-Policy" content=")[^"]*(")/,
          `$1${addin ? contentSecurityPolicy(config, { forMeta: true, addin }) : metaPolicy}$2`,
        ));
      }
      send(response, 200, {
        ...headers,
        'Content-Type': type,
        'Content-Length': body.length,
        // The service worker handles offline use; the browser should revalidate.
        'Cache-Control': 'no-cache',
      }, request.method === 'HEAD' ? '' : body);
    } catch (thrown) {
      const error = /** @type {NodeJS.ErrnoException} */ (thrown);
      const status = error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 404 : 500;
      send(response, status, { ...commonHeaders, 'Content-Type': 'text/plain' },
        status === 404 ? 'Not found' : 'Server error');
    }
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      // Listening on a TCP port: the address is an AddressInfo.
      const { port: chosen } = /** @type {import('node:net').AddressInfo} */ (server.address());
      resolvePromise({ server, port: chosen, url: `http://127.0.0.1:${chosen}/` });
    });
  });
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { port, configPath } = parseArgs(process.argv.slice(2));
  try {
    const { url } = await startServer({ port, configPath });
    console.log(`amif-check: ${url}`);
  } catch (error) {
    console.error(`amif-check server: ${/** @type {Error} */ (error).message}`);
    process.exit(1);
  }
}
