// web/server.mjs and the page's privacy promises: headers and CSP, MIME
// types, no directory traversal, no network unless an aggregate endpoint is
// configured, the upload sending exactly the aggregates, and offline use.

import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, openPage, readSummary, startServer } from './helpers.mjs';

/** A raw GET, so paths like /../ reach the server unnormalised. */
function rawGet(port, path) {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static server', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.stop(); });

  test('sends the CSP, nosniff and the right MIME types', async () => {
    const page = await rawGet(server.port, '/');
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    const csp = page.headers['content-security-policy'];
    for (const directive of [
      "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'", "worker-src 'self'",
      "style-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'none'",
      "form-action 'none'", "frame-ancestors 'none'",
    ]) assert.ok(csp.includes(directive), `CSP has ${directive}`);
    assert.match(csp, /connect-src 'self';/, 'connect-src is only self without an endpoint');
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.match(page.body, /<meta http-equiv="Content-Security-Policy" content="[^"]*connect-src 'self';/);
    assert.doesNotMatch(page.body, /<script>|<style>|\sstyle="|\son[a-z]+="/i, 'no inline script or style');

    assert.match((await rawGet(server.port, '/app.js')).headers['content-type'], /^text\/javascript/);
    assert.match((await rawGet(server.port, '/server.mjs')).headers['content-type'], /^text\/javascript/);
    assert.equal((await rawGet(server.port, '/pkg/amif_check_bg.wasm')).headers['content-type'], 'application/wasm');
    assert.match((await rawGet(server.port, '/style.css')).headers['content-type'], /^text\/css/);
    assert.equal((await rawGet(server.port, '/no-such-file.js')).status, 404);
  });

  test('refuses paths outside web/', async () => {
    for (const path of ['/../Cargo.toml', '/..%2fCargo.toml', '/%2e%2e/%2e%2e/etc/passwd', '/pkg/../../Cargo.toml', '/..\\Cargo.toml', '/%00']) {
      const response = await rawGet(server.port, path);
      assert.ok([400, 404].includes(response.status), `${path} → ${response.status}`);
      assert.doesNotMatch(response.body, /\[package\]|root:x:/);
    }
  });

  test('listens on 127.0.0.1 only', () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  });
});

describe('network use of the page', () => {
  test('without an endpoint: no upload button and no request beyond the page\'s own server', async () => {
    const server = await startServer();
    const browser = await launchBrowser();
    try {
      const { page } = await openPage(browser, server.url);
      await page.click('#sample-button');
      await readSummary(page);
      assert.equal(await page.isVisible('#upload-button'), false);
      const origins = new Set(browser.requests.map((url) => new URL(url).origin));
      assert.deepEqual([...origins], [new URL(server.url).origin]);
      await page.close();
    } finally {
      await browser.close();
      await server.stop();
    }
    assert.deepEqual(browser.foreign, []);
  });

  test('with an endpoint: CSP allows just that origin and "Skicka aggregat" posts exactly the aggregates', async () => {
    const received = [];
    const receiver = createServer((req, res) => {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
      res.setHeader('Access-Control-Allow-Methods', 'POST');
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ method: req.method, path: req.url, type: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(201, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Mottaget, ärende 42');
      });
    });
    await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${receiver.address().port}/aggregat`;
    const dir = mkdtempSync(join(tmpdir(), 'amif-config-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ aggregateEndpoint: endpoint }));

    const server = await startServer({ config });
    const browser = await launchBrowser();
    try {
      const csp = (await rawGet(server.port, '/')).headers['content-security-policy'];
      assert.match(csp, new RegExp(`connect-src 'self' ${new URL(endpoint).origin.replace(/[.]/g, '\\.')};`));

      const { page, errors } = await openPage(browser, server.url);
      await page.click('#sample-button');
      await readSummary(page);
      assert.equal(received.length, 0, 'nothing is sent before the user asks');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-aggregates-json"]')]);
      const { readFileSync } = await import('node:fs');
      const aggregates = JSON.parse(readFileSync(await download.path(), 'utf8'));

      await page.click('#upload-button');
      await page.waitForFunction(() => /42/.test(document.getElementById('upload-status').textContent));
      assert.equal(received.length, 1);
      assert.equal(received[0].method, 'POST');
      assert.equal(received[0].path, '/aggregat');
      assert.match(received[0].type, /^application\/json/);
      assert.deepEqual(JSON.parse(received[0].body), aggregates);
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await browser.close();
      await server.stop();
      receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(browser.foreign, []);
  });
});

describe('offline', () => {
  test('after one visit the page and the check work without the server', async () => {
    const server = await startServer();
    const browser = await launchBrowser({ serviceWorkers: 'allow' });
    let stopped = false;
    try {
      const { page } = await openPage(browser, server.url);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // The first load is not yet controlled: reload once so the shell is cached in full.
      await page.reload();
      await page.waitForSelector('body[data-app-ready="true"]');
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.click('#sample-button');
      await readSummary(page);

      await server.stop();
      stopped = true;
      await page.reload();
      await page.waitForSelector('body[data-app-ready="true"]');
      await page.click('#sample-button');
      const summary = await readSummary(page);
      assert.ok(summary.rows > 0);
      await page.close();
    } finally {
      await browser.close();
      if (!stopped) await server.stop();
    }
    assert.deepEqual(browser.foreign, []);
  });
});
