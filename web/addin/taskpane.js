// The Excel task pane: the page's options, languages and result views, with
// the register read from the open workbook instead of a file. The check runs
// in the page's worker (same wasm core); excel.js does every workbook change.
// Nothing from the register is logged, stored or sent anywhere; the
// workbook's settings keep the column choices (header texts and field keys),
// the marks (cell addresses and fills) and whether to check again on changes.

import { $, CheckView, failureText } from '../check-view.js';
import { CompareView, comparisonOf } from '../compare-view.js';
import { Cancelled, CoreClient } from '../core-client.js';
import {
  announce, clear, el, readPreference, savePreference,
} from '../dom.js';
import { HeaderPicker, pickedMapping } from '../header-picker.js';
import {
  formatNumber, language, languages, setCodeTitles, setLanguage, t, translatePage,
} from '../i18n.js';
import { ColumnChoices, MappingMemory, mappingsKey } from '../mapping-memory.js';
import {
  collectOptions, columnChoices, renderActionIndicators, renderActionOptions, templateOptions, todayLocal, translateCustomPeriods,
  updateActionVisibility, watchOptions,
} from '../options-form.js';
import { periodSheetRows } from '../periods-view.js';
import { insertSharedMarkup } from '../shared-markup.js';
import {
  base64Of, cellAddress, clearMarks, insertSheets, insertSheetsApi, listSheets, locator, previewSheet, readSetting, readWorkbook,
  rewriteIndicatorSheet, selectCell, watchSheet, writeResults, writeSetting,
} from './excel.js';
import { connectToExcel } from './office-host.js';

/** @typedef {import('../pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('../pkg/amif_check.js').FieldInfo} FieldInfo */
/** @typedef {import('../pkg/amif_check.js').Options} Options */
/** @typedef {import('../pkg/amif_check.js').ValidationResult} ValidationResult */

const storageKeys = { lang: 'amif-check.lang' };
/** Workbook setting: whether to check again when the register's sheet changes. */
const autoCheckKey = 'amif-check.autoCheck';
/** The pause after the last change before checking again. */
const autoCheckDelay = 1500;

/** @param {string} id */
const $select = (id) => /** @type {HTMLSelectElement} */ ($(id));

const state = {
  /** @type {Excel.Api | null} */
  excel: null,
  /** @type {Options | null} The options of the shown result's check (its sheet, header row and column choices too). */
  lastOptions: null,
  /** @type {import('../pkg/amif_check.js').ComparisonResult | null} The shown result's comparison with the last report. */
  comparison: null,
  /** @type {(version: string) => boolean} */
  supports: () => false,
  /** @type {Catalogue | null} */
  catalogue: null,
  /** @type {FieldInfo[]} */
  fields: [],
  /** The header row chosen in the header picker; 0: searched for. */
  headerRow: 0,
  /** @type {'outside' | 'offline' | 'tooOld' | null} */
  outsideReason: null,
  /** @type {ReturnType<typeof locator> | null} Where a diagnostic of the current result points in the sheet. */
  locate: null,
  /** @type {string | null} The sheet the column choices belong to. */
  mappedSheet: null,
  autoCheck: false,
  /** Sheets whose changes the pane listens to (a listener stays once added). */
  watched: new Set(),
  autoTimer: 0,
  /** A change came while a check ran: check again after it. */
  changedWhileBusy: false,
};

/** @type {CoreClient} */
let client;
/** @type {CheckView} */
let view;
/** @type {HeaderPicker} */
let picker;
/** @type {CompareView} */
let compareView;

/** The user's column choices, kept in the workbook's settings for the next check of a register with the same headers. */
const choices = new ColumnChoices(new MappingMemory({
  read: async () => (state.excel ? readSetting(state.excel, mappingsKey) : null),
  write: async (text) => { if (state.excel) await writeSetting(state.excel, mappingsKey, text); },
}));

function translate() {
  translatePage();
  translateCustomPeriods();
  document.title = t('addin.title');
  // Opened in the system's browser, which knows nothing of the pane's language.
  /** @type {HTMLAnchorElement} */ ($('accessibility-link')).href = `../accessibility.html?lang=${language()}`;
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
    const { catalogue, fields, codes } = await client.meta(language());
    state.catalogue = catalogue;
    state.fields = fields;
    setCodeTitles(codes);
    renderActionOptions(catalogue);
  } catch (error) {
    const tooOld = /** @type {{browserTooOld?: boolean} | undefined} */ (error)?.browserTooOld;
    if (!(error instanceof Cancelled)) view.showError(t(tooOld ? 'error.browser_too_old' : 'error.workerStart'), 'error.startTitle');
  }
}

/** @param {string} lang */
async function switchLanguage(lang) {
  if (lang === language()) return;
  setLanguage(lang);
  savePreference(storageKeys.lang, lang);
  translate();
  await loadMeta();
  if (view.shown) view.shown.fields = state.fields;
  view.render();
  compareView.render(state.comparison, state.catalogue);
}

/** The pane's controls that are off while a check runs (and without Excel). */
const controls = ['check-button', 'clear-button', 'insert-template', 'compare-run', 'compare-forget', 'mapping-rerun', 'register-sheet', 'picker-run', 'mapping-forget', 'choose-header-row'];

/** @param {boolean} busy */
function setBusy(busy) {
  view.setBusy(busy || !state.excel);
  // The toggle stays usable during a check: switching it off then stops the next one.
  /** @type {HTMLInputElement} */ ($('auto-check')).disabled = !state.excel;
}

/**
 * The core's errors for unusable registers are for the user; Excel's are shown with their message.
 * @param {unknown} thrown a CoreFailure, or Office's error
 */
function messageFor(thrown) {
  return failureText(thrown, (error) => t('addin.excelError', { message: error?.message ?? String(error) }));
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

/**
 * Reads the workbook and checks it; with no column choices yet, and choices
 * kept in the workbook for the same headers, checks again with those.
 * @param {Excel.Api} excel
 * @param {Options} options
 */
async function checkWorkbook(excel, options) {
  const workbook = await readWorkbook(excel, {
    supports: state.supports,
    onProgress: ({ sheet: name, done, total }) => view.showProgress(t('addin.reading', {
      sheet: name, done: formatNumber(done), total: formatNumber(total),
    }), { share: done / total }),
  });
  view.showProgress(t('progress.announceRows'), { share: null });
  const progress = (/** @type {import('../core-client.js').Progress} */ { done }) => {
    view.showProgress(t('progress.rows', { rows: formatNumber(done) }), { share: null });
  };
  const result = await client.runGrid(workbook, options, progress);
  if (!(await choices.useKept(result.columns))) return result;
  return client.runGrid(workbook, { ...options, mapping: columnChoices(choices.mapping) }, progress);
}

/**
 * Checks the register and writes the result into the workbook. `auto`: after
 * the user changed the sheet; the focus then stays where the user is.
 */
async function check({ auto = false, comparing = false } = {}) {
  if (!state.excel) return;
  if (view.busy) {
    if (auto) state.changedWhileBusy = true;
    return;
  }
  const excel = state.excel;
  // A check after the user's change must not move the focus: a control
  // turned off while it runs would drop it, so it goes back afterwards.
  const focused = auto && document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const options = collectOptions({ lang: language(), sheet: '', mapping: {}, headerRow: 0 });
  if (!options) {
    if (auto) return;
    view.markStale('results.staleInvalid');
    // The settings are folded away by default: show the problem.
    /** @type {HTMLDetailsElement} */ ($('options-details')).open = true;
    $('options-error').scrollIntoView({ block: 'center' });
    return;
  }
  view.hideMessages();
  setBusy(true);
  view.showProgress(t('progress.starting'));
  try {
    const active = await renderSheetChoice();
    const sheet = $select('register-sheet').value || active;
    if (sheet !== state.mappedSheet) {
      choices.clear();
      state.headerRow = 0;
    }
    state.mappedSheet = sheet;
    if (sheet) options.sheet = sheet;
    if (state.headerRow > 0) options.headerRow = state.headerRow;
    if (Object.keys(choices.mapping).length > 0) options.mapping = columnChoices(choices.mapping);
    let result;
    try {
      result = await checkWorkbook(excel, options);
    } catch (error) {
      const failure = /** @type {import('../core-client.js').CoreFailure} */ (error);
      if (failure?.code !== 'header.not_found' || !sheet) throw error;
      view.hideProgress();
      view.hideResult();
      setBusy(false);
      await explainFailure(excel, failure.sheet || sheet, messageFor(error));
      return;
    }
    state.lastOptions = {
      ...options, sheet: result.sheet ?? undefined, ...(Object.keys(choices.mapping).length > 0 ? { mapping: columnChoices(choices.mapping) } : {}),
    };
    state.comparison = null;
    const { comparison, failed: compareFailed } = await compareWorkbook(result, state.lastOptions);
    const table = await client.exportFile('aggregatesTable', language(), comparison);
    view.showProgress(t('addin.writing'), { share: null });
    const {
      marked, errors, warnings, capped,
    } = await writeResults(excel, {
      result, table, periods: periodSheetRows(result, state.catalogue), words: words(), supports: state.supports,
    });
    await choices.checked(result.columns);
    state.locate = locator(result);
    view.hideProgress();
    picker.hide();
    view.showResult(result, {
      source: t('addin.thisWorkbook'), catalogue: state.catalogue, fields: state.fields, mapping: choices.mapping, kept: choices.kept,
    });
    compareView.render(state.comparison, state.catalogue);
    const done = t(auto ? 'addin.autoChecked' : capped ? 'addin.capped' : 'addin.done', {
      marked: formatNumber(marked), errors: formatNumber(errors), warnings: formatNumber(warnings),
    });
    view.showNotice(done);
    announce(done);
    // A comparison that failed keeps the focus on its message.
    if (!auto && !compareFailed) view.focusSummary();
    if (state.autoCheck) await watch();
    // After Jämför the reader goes on at the comparison (a failure keeps the focus on its message).
    if (comparing && state.comparison) $('compare-result').focus();
  } catch (error) {
    view.hideProgress();
    if (!(error instanceof Cancelled)) view.showError(messageFor(error));
  } finally {
    setBusy(false);
    if (focused?.isConnected && document.activeElement !== focused && document.hasFocus()) focused.focus({ preventScroll: true });
    if (state.changedWhileBusy) {
      state.changedWhileBusy = false;
      scheduleAutoCheck();
    }
  }
}

/**
 * No header row: the sheet's first rows in the header picker, or at once a
 * header row the user pointed at before for a register with these headers.
 * @param {Excel.Api} excel
 * @param {string} sheet
 * @param {string} message
 */
async function explainFailure(excel, sheet, message) {
  let preview = null;
  try {
    preview = await previewSheet(excel, sheet);
  } catch {
    preview = null;
  }
  const hasRows = preview?.rows.some((row) => row.cells.some((cell) => cell.trim() !== ''));
  if (preview && hasRows && state.headerRow === 0) {
    const row = await choices.useKeptRow(preview.rows);
    if (row) {
      state.headerRow = row;
      await check();
      return;
    }
  }
  view.showError(message);
  if (preview && hasRows) picker.show(preview);
}

async function clearMarkings() {
  if (!state.excel || view.busy) return;
  view.hideMessages();
  setBusy(true);
  try {
    const count = await clearMarks(state.excel, { supports: state.supports });
    const text = count > 0 ? t('addin.cleared', { count: formatNumber(count) }) : t('addin.nothingToClear');
    view.showNotice(text);
    announce(text);
  } catch (error) {
    view.showError(messageFor(error));
  } finally {
    setBusy(false);
  }
}

/**
 * Compares the workbook now with the earlier report the user chose, within
 * a check: the sheets the check just read, as the worker keeps them. Shown
 * in the pane; the caller writes it below the figures. The figures stand
 * whatever the earlier files hold: a failure is shown (`failed`) and the
 * comparison left out. A cancellation stops the check.
 * @param {ValidationResult} result
 * @param {Options} options the check's
 * @returns {Promise<{comparison: import('../pkg/amif_check.js').Comparison | null, failed: boolean}>}
 */
async function compareWorkbook(result, options) {
  const previous = compareView.previous;
  if (!previous) return { comparison: null, failed: false };
  view.showProgress(t('compare.progress'), { share: null });
  try {
    const comparison = await client.compare({
      register: null,
      options,
      previousJson: await previous.json.text(),
      previousRegister: previous.register,
    });
    state.comparison = comparison;
    result.aggregates.comparison = comparisonOf(comparison);
    return { comparison: result.aggregates.comparison, failed: false };
  } catch (error) {
    if (error instanceof Cancelled) throw error;
    view.showError(t('compare.error', { message: messageFor(error) }));
    return { comparison: null, failed: true };
  }
}

/** Forgets the earlier report: the shown result and AMIF-indikatorer no longer carry a comparison. */
async function forgetComparison() {
  state.comparison = null;
  const result = view.result;
  if (!result || !state.excel || !result.aggregates.comparison || view.busy) return;
  delete result.aggregates.comparison;
  // Busy while it writes: a check after a change must not write the sheet at the same time.
  setBusy(true);
  try {
    await rewriteIndicatorSheet(state.excel, await client.exportFile('aggregatesTable', language(), null));
  } catch (error) {
    view.showError(messageFor(error));
  } finally {
    setBusy(false);
    if (state.changedWhileBusy) {
      state.changedWhileBusy = false;
      scheduleAutoCheck();
    }
  }
}

/**
 * Inserts the register template's sheets at the end of the workbook, for
 * the chosen country and action, in the pane's language. Never replaces a
 * sheet: with a name taken, nothing is inserted and the pane says which.
 */
async function insertTemplate() {
  if (!state.excel || view.busy) return;
  view.hideMessages();
  if (!state.supports(insertSheetsApi)) {
    view.showError(t('addin.insertNeedsApi'), 'addin.insertTitle');
    return;
  }
  setBusy(true);
  try {
    const { bytes, sheets } = await client.template(templateOptions(language()));
    const { inserted, inTheWay } = await insertSheets(state.excel, { base64: base64Of(bytes), sheets });
    if (inTheWay.length > 0) {
      view.showError(t('addin.insertCollision', { sheets: inTheWay.join(', ') }), 'addin.insertTitle');
      return;
    }
    await renderSheetChoice();
    const text = t('addin.inserted', { sheets: inserted.join(', '), first: inserted[0] });
    view.showNotice(text);
    announce(text);
  } catch (error) {
    view.showError(messageFor(error), 'addin.insertTitle');
  } finally {
    setBusy(false);
  }
}

/* ---------- checking again on changes ---------- */

function scheduleAutoCheck() {
  clearTimeout(state.autoTimer);
  // Each change starts the pause again: a run of edits is checked once, after the last.
  state.autoTimer = setTimeout(() => check({ auto: true }), autoCheckDelay);
}

/** Listens to the register's sheet (the shown result's), once per sheet. */
async function watch() {
  const sheet = view.result?.sheet;
  if (!state.excel || !sheet || state.watched.has(sheet)) return;
  state.watched.add(sheet);
  await watchSheet(state.excel, sheet, (event) => {
    // The add-in's own writes, a switched-off toggle or another sheet's result: nothing to do.
    if (!state.autoCheck || event.triggerSource === 'ThisLocalAddin' || view.result?.sheet !== sheet) return;
    scheduleAutoCheck();
  });
}

/** @param {boolean} on */
async function setAutoCheck(on) {
  state.autoCheck = on;
  if (!on) clearTimeout(state.autoTimer);
  if (!state.excel) return;
  try {
    await writeSetting(state.excel, autoCheckKey, on ? 'on' : null);
    if (on) await watch();
  } catch (error) {
    view.showError(messageFor(error));
  }
}

function wire() {
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('.lang-button'))) {
    // Every language button has its data-lang.
    button.addEventListener('click', () => switchLanguage(/** @type {string} */ (button.dataset.lang)));
  }
  $select('country').addEventListener('change', updateActionVisibility);
  $('action').addEventListener('change', () => renderActionIndicators(state.catalogue));
  watchOptions(() => view.markStale('results.staleOptions'));
  $('register-sheet').addEventListener('change', () => view.markStale('results.staleOptions'));
  $('options-form').addEventListener('submit', (event) => {
    event.preventDefault();
    check();
  });
  $('check-button').addEventListener('click', () => check());
  $('clear-button').addEventListener('click', clearMarkings);
  $('insert-template').addEventListener('click', insertTemplate);
  view.onColumnChoices(choices, () => check());
  $('choose-header-row').addEventListener('click', async () => {
    const result = view.result;
    if (!state.excel || !result?.sheet || view.busy) return;
    try {
      picker.show(await previewSheet(state.excel, result.sheet), result.headerRow);
      picker.focus();
    } catch (error) {
      view.showError(messageFor(error));
    }
  });
  const toggle = /** @type {HTMLInputElement} */ ($('auto-check'));
  toggle.addEventListener('change', () => setAutoCheck(toggle.checked));
  // Comparing is checking with the earlier report: the workbook is read and counted afresh.
  compareView = new CompareView({ onCompare: () => check({ comparing: true }), onForget: forgetComparison });
  picker = new HeaderPicker({
    onSheet: async (sheet) => {
      if (!state.excel) return;
      try {
        picker.show(await previewSheet(state.excel, sheet));
      } catch (error) {
        view.showError(messageFor(error));
      }
    },
    onRun: (choice) => {
      const sheet = choice.sheet ?? '';
      $select('register-sheet').value = sheet;
      state.mappedSheet = sheet;
      state.headerRow = choice.headerRow;
      choices.choose(pickedMapping(choice, choices.mapping));
      check();
    },
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
  insertSharedMarkup({ page: false });
  setLanguage(initialLanguage(''));
  translate();
  updateActionVisibility();
  /** @type {HTMLInputElement} */ ($('reference-date')).value = todayLocal();
  view = new CheckView({
    controls,
    errorTitle: 'addin.errorTitle',
    notice: 'status-notice',
    cellLink: (diagnostic) => {
      const place = state.excel && view.result ? state.locate?.(diagnostic) : null;
      if (!place) return null;
      const address = cellAddress(place.row, place.column);
      // A place only with Excel and a result, which names its sheet (validateGrid's always does).
      const sheet = /** @type {string} */ (/** @type {ValidationResult} */ (view.result).sheet);
      return {
        address,
        go: () => selectCell(/** @type {Excel.Api} */ (state.excel), sheet, address)
          .catch((error) => view.showError(messageFor(error))),
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
      const on = (await readSetting(connection.excel, autoCheckKey)) === 'on';
      /** @type {HTMLInputElement} */ ($('auto-check')).checked = on;
      state.autoCheck = on;
    } catch (error) {
      view.showError(messageFor(error));
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
