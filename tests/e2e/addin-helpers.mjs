// The task pane "inside Excel" for browser tests and screenshots: office.js
// is answered locally with office-stub.js over a workbook made from an XLSX
// fixture, so nothing leaves the machine.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { officeScriptUrl } from '../../web/addin/office-host.js';
import { xlsxCells } from '../addin/xlsx-cells.mjs';
import { repoRoot } from './helpers.mjs';

/** The stub's workbook: {sheets: [{name, cells: {"r,c": cell}, fills, notes, hyperlinks}], active, settings}. */
export async function stubBook(xlsxPath, extra = {}) {
  const sheets = (await xlsxCells(xlsxPath)).map(({ name, cells }) => ({
    name,
    cells: Object.fromEntries(cells.map((c) => [`${c.row},${c.column}`, {
      value: c.value,
      numberFormat: c.numberFormat,
      valueType: c.valueType ?? (typeof c.value === 'number' ? 'Double' : 'String'),
    }])),
    fills: {},
    notes: {},
    hyperlinks: {},
  }));
  return { sheets, active: sheets[0].name, settings: {}, displayLanguage: 'sv-SE', ...extra };
}

/** Opens the pane with ?office=1 and the stub in place of office.js; resolves to {page, errors, served()}. */
export async function openPaneInExcel(browser, serverUrl, book) {
  const stub = readFileSync(join(repoRoot, 'tests/e2e/office-stub.js'), 'utf8');
  const page = await browser.context.newPage();
  let served = 0;
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(`${officeScriptUrl}*`, (route) => {
    served += 1;
    return route.fulfill({ contentType: 'text/javascript', body: `globalThis.amifStubBook = ${JSON.stringify(book)};\n${stub}` });
  });
  await page.goto(`${serverUrl}addin/taskpane.html?office=1`);
  await page.waitForSelector('body[data-app-ready="true"]');
  return { page, errors, served: () => served };
}

/** A stub workbook from rows of text per sheet: {Name: [[cell, …], …]}, first sheet active. */
export function gridBook(sheetRows, extra = {}) {
  const sheets = Object.entries(sheetRows).map(([name, rows]) => ({
    name,
    cells: Object.fromEntries(rows.flatMap((row, r) => row.map((value, c) => [`${r},${c}`, {
      value, numberFormat: 'General', valueType: value === '' ? 'Empty' : 'String',
    }]))),
    fills: {},
    notes: {},
    hyperlinks: {},
  }));
  return { sheets, active: sheets[0].name, settings: {}, displayLanguage: 'sv-SE', ...extra };
}
