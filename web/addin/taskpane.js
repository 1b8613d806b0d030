// The Excel task pane: the page's options, languages and result views, with
// the register read from the open workbook instead of a file. The check runs
// in the page's worker (same wasm core); excel.js does every workbook change.
// Nothing from the register is logged, stored or sent anywhere.

import { Cancelled, CoreClient } from '../core-client.js';
import { announce, clear, el, readPreference, savePreference } from '../dom.js';
import { DiagnosticsView } from '../diagnostics-view.js';
import {
  formatNumber, language, languages, setLanguage, t, translatePage,
} from '../i18n.js';
import {
  collectOptions, renderActionIndicators, renderActionOptions, todayLocal, updateActionVisibility,
} from '../options-form.js';
import {
  readMapping, renderColumns, renderOutcome,
} from '../results-view.js';
import {
  cellAddress, clearMarks, listSheets, locator, readWorkbook, selectCell, writeResults,
} from './excel.js';
import { connectToExcel } from './office-host.js';

/** @typedef {import('../pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('../pkg/amif_check.js').FieldInfo} FieldInfo */
/** @typedef {import('../pkg/amif_check.js').ValidationResult} ValidationResult */

const storageKeys = { lang: 'amif-check.lang', country: 'amif-check.country' };
/**
 * The pane's element with this id: taskpane.html has every id asked for.
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const $select = (id) => /** @type {HTMLSelectElement} */ ($(id));

const state = {
  /** @type {Excel.Api | null} */
  excel: null,
  /** @type {(version: string) => boolean} */
  supports: () => false,
  /** @type {Catalogue | null} */
  catalogue: null,
  /** @type {FieldInfo[]} */
  fields: [],
  /** @type {Record<string, string>} field key → header, as chosen by the user */
  mapping: {},
  /** @type {ValidationResult | null} */
  result: null,
  busy: false,
  /** @type {'outside' | 'offline' | 'tooOld' | null} */
  outsideReason: null,
  /** @type {ReturnType<typeof locator> | null} Where a diagnostic of the current result points in the sheet. */
  locate: null,
  /** @type {string | null} The sheet the column choices in `mapping` belong to. */
  mappedSheet: null,
};

/** @type {CoreClient} */
let client;
/** @type {DiagnosticsView} */
let diagnosticsView;

function translate() {
  translatePage();
  document.title = t('addin.title');
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('.lang-button'))) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === language()));
  }
  if (state.outsideReason && state.outsideReason !== 'outside') {
    // Inside Office, but office.js did not load or Excel is too old.
    /** @type {HTMLElement} */ ($('outside-excel').querySelector('h2')).textContent = t('addin.cannotStart');
    /** @type {HTMLElement} */ ($('outside-excel').querySelector('p')).textContent = t(`addin.${state.outsideReason}`);
  }
}

async function loadMeta() {
  try {
    const { catalogue, fields } = await client.meta(language());
    state.catalogue = catalogue;
    state.fields = fields;
    renderActionOptions(catalogue);
  } catch (error) {
    const tooOld = /** @type {{browserTooOld?: boolean} | undefined} */ (error)?.browserTooOld;
    if (!(error instanceof Cancelled)) showError(t(tooOld ? 'error.browser_too_old' : 'error.workerStart'), 'error.startTitle');
  }
}

/** @param {string} lang */
async function switchLanguage(lang) {
  if (lang === language()) return;
  setLanguage(lang);
  savePreference(storageKeys.lang, lang);
  translate();
  await loadMeta();
  if (state.result) renderResults();
}

/** @param {boolean} busy */
function setBusy(busy) {
  state.busy = busy;
  const usable = Boolean(state.excel) && !busy;
  for (const id of ['check-button', 'clear-button', 'mapping-rerun', 'register-sheet']) {
    /** @type {HTMLButtonElement | HTMLSelectElement} */ ($(id)).disabled = !usable;
  }
}

/**
 * @param {string} text
 * @param {number | null} [share] of the work done, 0 to 1; null when not known
 */
function showProgress(text, share = null) {
  $('progress-section').hidden = false;
  const bar = /** @type {HTMLProgressElement} */ ($('progress-bar'));
  if (share === null) bar.removeAttribute('value');
  else bar.value = 100 * share;
  $('progress-text').textContent = text;
}

function hideProgress() {
  $('progress-section').hidden = true;
}

/** @param {string} text */
function showStatus(text) {
  const notice = $('status-notice');
  notice.textContent = text;
  notice.hidden = false;
}

function hideMessages() {
  $('error-box').hidden = true;
  $('status-notice').hidden = true;
}

/**
 * Shows `message` under the heading `title` (an i18n key): the register's problem, or the checker's own.
 * @param {string} message
 * @param {string} [title]
 */
function showError(message, title = 'addin.errorTitle') {
  const heading = $('error-title');
  heading.dataset.i18n = title;
  heading.textContent = t(title);
  $('error-message').textContent = message;
  $('error-box').hidden = false;
  $('error-box').focus();
}

/**
 * The core's errors for unusable registers are for the user; Excel's are shown with their message.
 * @param {unknown} thrown a CoreFailure, or Office's error
 */
function messageFor(thrown) {
  const error = /** @type {{browserTooOld?: boolean, internal?: boolean, message: string} | null | undefined} */ (thrown);
  if (error?.browserTooOld) return t('error.browser_too_old');
  if (error?.internal) return t('error.internal');
  if (error?.internal === false) return error.message;
  return t('addin.excelError', { message: error?.message ?? String(error) });
}

/** @returns {import('./excel.js').Words} */
function words() {
  const col = (/** @type {string} */ name) => t(`addin.col.${name}`);
  return {
    cell: col('cell'),
    row: col('row'),
    column: col('column'),
    severity: col('severity'),
    code: col('code'),
    message: col('message'),
    sheet: col('sheet'),
    severities: { error: t('severity.error'), warning: t('severity.warning'), info: t('severity.info') },
  };
}

/**
 * Fills the sheet choice: "the active sheet" first, then every sheet (new
 * ones appear after the next check). Keeps the choice while it exists.
 * Returns the name of the active sheet. Only with Excel connected.
 */
async function renderSheetChoice() {
  const { names, active } = await listSheets(/** @type {Excel.Api} */ (state.excel));
  const select = $select('register-sheet');
  const chosen = select.value;
  const activeOption = select.options[0];
  clear(select).append(activeOption);
  for (const name of names) select.append(el('option', { text: name, attrs: { value: name } }));
  select.value = names.includes(chosen) ? chosen : '';
  return active;
}

async function check() {
  if (!state.excel || state.busy) return;
  const options = collectOptions({ lang: language(), sheet: '', mapping: state.mapping });
  if (!options) {
    // The settings are folded away by default: show the problem.
    /** @type {HTMLDetailsElement} */ ($('options-details')).open = true;
    $('options-error').scrollIntoView({ block: 'center' });
    return;
  }
  hideMessages();
  setBusy(true);
  showProgress(t('progress.starting'));
  try {
    const active = await renderSheetChoice();
    const sheet = $select('register-sheet').value || active;
    if (sheet !== state.mappedSheet) state.mapping = {};
    if (sheet) options.sheet = sheet;
    if (Object.keys(state.mapping).length === 0) delete options.mapping;
    else options.mapping = { ...state.mapping };
    state.mappedSheet = sheet;
    const workbook = await readWorkbook(state.excel, {
      supports: state.supports,
      onProgress: ({ sheet: name, done, total }) => showProgress(t('addin.reading', {
        sheet: name, done: formatNumber(done), total: formatNumber(total),
      }), done / total),
    });
    showProgress(t('progress.announceRows'));
    const result = await client.runGrid(workbook, options, ({ done }) => {
      showProgress(t('progress.rows', { rows: formatNumber(done) }));
    });
    const table = await client.exportFile('aggregatesTable', language());
    showProgress(t('addin.writing'));
    const { marked, capped } = await writeResults(state.excel, {
      result, table, words: words(), supports: state.supports,
    });
    state.result = result;
    state.locate = locator(result);
    hideProgress();
    renderResults();
    const done = t(capped ? 'addin.capped' : 'addin.done', { marked: formatNumber(marked) });
    showStatus(done);
    announce(done);
    $('results-title').focus();
  } catch (error) {
    hideProgress();
    if (!(error instanceof Cancelled)) showError(messageFor(error));
  } finally {
    setBusy(false);
  }
}

async function clearMarkings() {
  if (!state.excel || state.busy) return;
  hideMessages();
  setBusy(true);
  try {
    const count = await clearMarks(state.excel, { supports: state.supports });
    const text = count > 0 ? t('addin.cleared', { count: formatNumber(count) }) : t('addin.nothingToClear');
    showStatus(text);
    announce(text);
  } catch (error) {
    showError(messageFor(error));
  } finally {
    setBusy(false);
  }
}

function renderResults() {
  const result = state.result;
  if (!result) return;
  renderOutcome(result, t('addin.thisWorkbook'), state.catalogue);
  $('columns-intro').textContent = t('columns.intro', { row: result.headerRow });
  renderColumns(/** @type {HTMLTableElement} */ ($('columns-table')).tBodies[0], result.columns, state.fields, state.mapping);
  diagnosticsView.set(result.diagnostics);
  const tool = result.aggregates.tool;
  $('footer-version').textContent = t('footer.version', { name: tool.name, version: tool.version });
  $('results').hidden = false;
}

function wire() {
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('.lang-button'))) {
    // Every language button has its data-lang.
    button.addEventListener('click', () => switchLanguage(/** @type {string} */ (button.dataset.lang)));
  }
  const country = $select('country');
  country.addEventListener('change', () => {
    savePreference(storageKeys.country, country.value);
    updateActionVisibility();
  });
  $('action').addEventListener('change', () => renderActionIndicators(state.catalogue));
  $('options-form').addEventListener('submit', (event) => {
    event.preventDefault();
    check();
  });
  $('check-button').addEventListener('click', check);
  $('clear-button').addEventListener('click', clearMarkings);
  $('mapping-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.mapping = readMapping(/** @type {HTMLTableElement} */ ($('columns-table')).tBodies[0], state.mapping);
    check();
  });
}

/**
 * Excel's display language (fi-FI, en-US, …) when the user has not chosen one.
 * @param {string | undefined} displayLanguage
 */
function initialLanguage(displayLanguage) {
  const stored = readPreference(storageKeys.lang);
  if (stored !== null && languages.includes(stored)) return stored;
  const office = String(displayLanguage ?? '').slice(0, 2).toLowerCase();
  return languages.includes(office) ? office : 'sv';
}

async function main() {
  setLanguage(initialLanguage(''));
  translate();
  const storedCountry = readPreference(storageKeys.country);
  if (storedCountry !== null && ['auto', 'se', 'fi'].includes(storedCountry)) $select('country').value = storedCountry;
  updateActionVisibility();
  /** @type {HTMLInputElement} */ ($('reference-date')).value = todayLocal();
  diagnosticsView = DiagnosticsView.ofDocument({
    cellLink: (diagnostic) => {
      const place = state.excel && state.result ? state.locate?.(diagnostic) : null;
      if (!place) return null;
      const address = cellAddress(place.row, place.column);
      // A place only with Excel and a result, which names its sheet (validateGrid's always does).
      const sheet = /** @type {string} */ (/** @type {ValidationResult} */ (state.result).sheet);
      return {
        address,
        go: () => selectCell(/** @type {Excel.Api} */ (state.excel), sheet, address)
          .catch((error) => showError(messageFor(error))),
      };
    },
  });
  wire();
  setBusy(false);
  client = new CoreClient();

  const connection = await connectToExcel();
  if (connection.displayLanguage) setLanguage(initialLanguage(connection.displayLanguage));
  if (connection.excel) {
    state.excel = connection.excel;
    state.supports = connection.supports;
    translate();
    setBusy(false);
    try {
      await renderSheetChoice();
    } catch (error) {
      showError(messageFor(error));
    }
  } else {
    state.outsideReason = connection.reason;
    $('outside-excel').hidden = false;
    translate();
  }
  await loadMeta();
  document.body.dataset.appReady = 'true';
}

main();
