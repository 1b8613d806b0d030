// The Excel task pane opened in a browser, outside Excel: it loads nothing
// from outside 127.0.0.1 (office.js is fetched only when Excel opens it),
// says clearly in Swedish, Finnish and English that it needs Excel, keeps
// its buttons off, and axe-core finds no WCAG 2.1 A/AA violations, also at
// Excel's task-pane width.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { launchBrowser, openPage, startServer } from './helpers.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const outside = {
  sv: 'Öppna tillägget i Excel',
  fi: 'Avaa apuohjelma Excelissä',
  en: 'Open the add-in in Excel',
};

let server;
let browser;

before(async () => {
  server = await startServer();
  // Only axe is injected past the CSP; the pane itself runs under its own policy first.
  browser = await launchBrowser({ bypassCSP: true, viewport: { width: 350, height: 900 } });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  assert.deepEqual(browser.foreign, [], 'requests left 127.0.0.1');
});

async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const results = await page.evaluate((runOnly) => window.axe.run(document, {
    runOnly: { type: 'tag', values: runOnly },
    resultTypes: ['violations'],
  }), tags);
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

test('outside Excel the pane says it needs Excel, in every language, and fetches nothing foreign', async () => {
  const { page, errors } = await openPage(browser, `${server.url}addin/taskpane.html`);
  for (const lang of ['sv', 'fi', 'en']) {
    if (lang !== 'sv') {
      await page.click(`.lang-button[data-lang="${lang}"]`);
      await page.waitForFunction((wanted) => document.documentElement.lang === wanted, lang);
    }
    const notice = page.getByTestId('outside-excel');
    assert.equal(await notice.isVisible(), true);
    assert.equal(await notice.getAttribute('role'), 'alert');
    assert.match(await notice.innerText(), new RegExp(outside[lang]));
    assert.equal(await page.getByTestId('check').isDisabled(), true);
    assert.equal(await page.getByTestId('clear-marks').isDisabled(), true);
    assert.deepEqual(await violations(page), [], `axe in ${lang}`);
  }
  // The options still work: the catalogue came from the wasm core in the worker.
  await page.selectOption('#country', 'fi');
  assert.ok(await page.locator('#action option').count() > 1);
  assert.deepEqual(errors, []);
  assert.ok(!browser.requests.some((url) => url.includes('appsforoffice')), 'office.js not requested outside Excel');
  await page.close();
});

test('the pane is served with a policy allowing only office.js beyond its own origin', async () => {
  const response = await fetch(`${server.url}addin/taskpane.html`);
  const policy = response.headers.get('content-security-policy');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' https:\/\/appsforoffice\.microsoft\.com;/);
  assert.match(policy, /connect-src 'self';/);
  assert.doesNotMatch(policy, /frame-ancestors/);
  const page = await (await fetch(server.url)).headers.get('content-security-policy');
  assert.doesNotMatch(page, /appsforoffice/);
});
