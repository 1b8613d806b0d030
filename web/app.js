// The page: choosing a file, options, running the check in the worker,
// showing and downloading the result. Personal data stays in memory only:
// nothing from the register is logged, stored or put in a URL; localStorage
// holds the language and the user's column choices (header texts and field
// keys).

import { $, CheckView, failureText } from './check-view.js';
import { CompareView, comparisonOf } from './compare-view.js';
import { Cancelled, CoreClient } from './core-client.js';
import {
  announce, clear, el, readPreference, savePreference,
} from './dom.js';
import { HeaderPicker, pickedMapping } from './header-picker.js';
import {
  formatNumber, formatSize, language, languages, setCodeTitles, setLanguage, t, translatePage,
} from './i18n.js';
import { ColumnChoices, MappingMemory, mappingsKey } from './mapping-memory.js';
import {
  collectOptions as readOptionsForm, columnChoices, renderActionIndicators, renderActionOptions, templateOptions, todayLocal,
  translateCustomPeriods, updateActionVisibility, watchOptions,
} from './options-form.js';
import { renderChart } from './chart.js';
import { renderPrintSummary } from './print-summary.js';
import { insertSharedMarkup } from './shared-markup.js';

/** @typedef {import('./pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('./pkg/amif_check.js').FieldInfo} FieldInfo */
/** @typedef {import('./pkg/amif_check.js').Options} Options */
/** @typedef {import('./pkg/amif_check.js').ValidationResult} ValidationResult */

// Only the language is a stored preference; column choices are kept by MappingMemory.
const storageKeys = { lang: 'amif-check.lang' };
/** The bundled made-up register of each language: a Swedish one, a Finnish one. */
const samples = {
  sv: 'sample/deltagarforteckning.csv',
  fi: 'sample/osallistujarekisteri.csv',
  en: 'sample/deltagarforteckning.csv',
};

/** @param {string} id */
const $input = (id) => /** @type {HTMLInputElement} */ ($(id));
/** @param {string} id */
const $select = (id) => /** @type {HTMLSelectElement} */ ($(id));

const state = {
  /** @type {File | null} */
  file: null,
  fileName: '',
  sheet: '',
  /** The header row the user chose in the header picker; 0: searched for. */
  headerRow: 0,
  /** @type {Options | null} */
  lastOptions: null,
  /** @type {import('./pkg/amif_check.js').ComparisonResult | null} The shown result's comparison with the last report. */
  comparison: null,
  resultGeneration: 0,
  // Counts renderResults calls: a chart drawing planned for an older result is skipped.
  drawGeneration: 0,
  chartWidth: 0,
  /** @type {Catalogue | null} */
  catalogue: null,
  /** @type {FieldInfo[]} */
  fields: [],
  /** @type {Set<string>} */
  capabilities: new Set(),
  /** @type {{aggregateEndpoint: string | null}} */
  config: { aggregateEndpoint: null },
  quietCancel: false,
  /** @type {{file: File, kind: Promise<'own' | 'new'>} | null} What the chosen file's marked copy is, once asked. */
  copyKind: null,
};

/** The user's column choices, kept in localStorage for the next check of a register with the same headers. */
const choices = new ColumnChoices(new MappingMemory({
  read: async () => readPreference(mappingsKey),
  write: async (text) => savePreference(mappingsKey, text),
}));

/** @type {CoreClient} */
let client;
/** @type {CheckView} */
let view;
/** @type {HeaderPicker} */
let picker;
/** @type {CompareView} */
let compareView;

/** The shown result, which is not null then. */
const shownResult = () => /** @type {ValidationResult} */ (view.result);

/* ---------- language ---------- */

function updateLanguageButtons() {
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('.lang-button'))) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === language()));
  }
}

/** The accessibility statement opens in the page's language. */
function linkStatement() {
  /** @type {HTMLAnchorElement} */ ($('accessibility-link')).href = `accessibility.html?lang=${language()}`;
}

async function loadMeta() {
  try {
    const { catalogue, fields, codes } = await client.meta(language());
    state.catalogue = catalogue;
    state.fields = fields;
    setCodeTitles(codes);
  } catch (error) {
    if (!(error instanceof Cancelled)) view.showError(startFailure(error), 'error.startTitle');
    return;
  }
  renderActionOptions(state.catalogue);
}

/** @param {string} lang */
async function switchLanguage(lang) {
  if (lang === language()) return;
  setLanguage(lang);
  savePreference(storageKeys.lang, lang);
  translatePage();
  translateCustomPeriods();
  updateLanguageButtons();
  linkStatement();
  renderCurrentFile();
  if (view.busy) {
    // Started again below in the new language: not a cancellation the user asked for.
    state.quietCancel = true;
    client.cancel();
  }
  await loadMeta();
  if (view.shown) view.shown.fields = state.fields;
  if (view.result) {
    renderResults();
    // Diagnostic messages come from the core: ask for them in the new language.
    if (state.file) await run({ moveFocus: false });
  }
}

/* ---------- running the check ---------- */

/** The page's controls that are off while a check runs. */
const busyControls = [
  'choose-file', 'sample-button', 'template-button', 'rerun-button', 'mapping-rerun', 'register-input', 'picker-run', 'mapping-forget', 'choose-header-row',
  'download-aggregates-json', 'download-aggregates-csv', 'download-diagnostics-csv', 'download-annotated',
  'download-individual', 'print-summary-button', 'upload-button', 'compare-run', 'compare-forget',
];

/** @param {boolean} busy */
function setBusy(busy) {
  view.setBusy(busy);
  $('dropzone').classList.toggle('is-disabled', busy);
}

/**
 * Why the core could not start: a browser without WebAssembly SIMD, or anything else.
 * @param {unknown} error
 */
function startFailure(error) {
  return t(/** @type {{browserTooOld?: boolean} | undefined} */ (error)?.browserTooOld ? 'error.browser_too_old' : 'error.workerStart');
}

/**
 * Checks `file` with `options`; with no column choices yet, and choices
 * kept for a register with the same headers, checks again with those.
 * @param {File} file
 * @param {Options} options
 */
async function check(file, options) {
  const progress = (/** @type {import('./core-client.js').Progress} */ p) => view.onProgress(p);
  const result = await client.run(file, options, progress);
  if (!(await choices.useKept(result.columns))) return result;
  options.mapping = columnChoices(choices.mapping);
  return client.run(file, options, progress);
}

/** Runs the check on the chosen file with the form's options. */
async function run({ moveFocus = true } = {}) {
  if (!state.file) return;
  const file = state.file;
  const options = readOptionsForm({
    lang: language(), sheet: state.sheet, mapping: choices.mapping, headerRow: state.headerRow,
  });
  if (!options) {
    view.markStale('results.staleInvalid');
    $('options-error').scrollIntoView({ block: 'center' });
    return;
  }
  view.hideMessages();
  // The worker starts on the file while the page updates itself.
  const checking = check(file, options);
  if (moveFocus) $('results').hidden = true;
  setBusy(true);
  view.showProgress(t('progress.starting'), { reveal: moveFocus });
  let checked = false;
  try {
    const result = await checking;
    checked = true;
    state.lastOptions = options;
    state.resultGeneration = client.generation;
    view.hideProgress();
    picker.hide();
    await choices.checked(result.columns);
    state.comparison = null;
    view.showResult(result, {
      source: state.fileName, catalogue: state.catalogue, fields: state.fields, mapping: choices.mapping, kept: choices.kept,
    });
    renderResults();
    announce(t('progress.announceDone'));
    if (moveFocus) view.focusSummary();
  } catch (error) {
    view.hideProgress();
    if (error instanceof Cancelled) {
      if (state.quietCancel) {
        state.quietCancel = false;
      } else if (moveFocus) {
        view.showNotice(t('progress.cancelled'));
        $('choose-file').focus();
      }
    } else {
      view.hideResult();
      preparePrintSummary();
      await explainFailure(/** @type {import('./core-client.js').CoreFailure} */ (error));
    }
  } finally {
    setBusy(false);
  }
  // The earlier report the user chose is compared with every new result, with that result's options.
  if (checked && compareView.previous) await compare({ moveFocus: false });
}

/**
 * Compares the shown result's register with the earlier report the user
 * chose; its figures stand whatever the earlier files hold.
 */
async function compare({ moveFocus = true } = {}) {
  const previous = compareView.previous;
  if (!previous || !view.result || !state.file || view.busy) return;
  setBusy(true);
  view.showProgress(t('compare.progress'), { share: null });
  // An earlier comparison is of other files: never shown or sent with these.
  forgetComparison();
  compareView.render(null, state.catalogue);
  let compared = false;
  try {
    const comparison = await client.compare({
      register: state.file,
      options: /** @type {Options} */ (state.lastOptions),
      previousJson: await previous.json.text(),
      previousRegister: previous.register,
    });
    state.comparison = comparison;
    shownResult().aggregates.comparison = comparisonOf(comparison);
    compareView.render(comparison, state.catalogue);
    announce(t('compare.done'));
    compared = true;
  } catch (error) {
    if (!(error instanceof Cancelled)) view.showError(t('compare.error', { message: failureText(error) }));
  } finally {
    view.hideProgress();
    setBusy(false);
  }
  // A failure keeps the focus on its message.
  if (moveFocus && compared) $('compare-result').focus();
}

/** Forgets the earlier report: the shown result no longer carries a comparison. */
function forgetComparison() {
  state.comparison = null;
  if (view.result) delete view.result.aggregates.comparison;
}

/**
 * Says why the file could not be checked. When no header row was found (an
 * ID column headed `Pers.nr`, the wrong sheet), the header picker shows the
 * sheet's first rows; a header row the user pointed at before is used again at once.
 * @param {Error & {internal?: boolean, code?: string | null, sheet?: string | null}} error
 */
async function explainFailure(error) {
  const message = failureText(error);
  const noHeader = error.code === 'header.not_found' && state.file;
  const preview = noHeader ? await previewOf(/** @type {File} */ (state.file), error.sheet || state.sheet) : null;
  if (preview && state.headerRow === 0) {
    const row = await choices.useKeptRow(preview.rows);
    if (row) {
      state.sheet = preview.sheet ?? '';
      state.headerRow = row;
      await run();
      return;
    }
  }
  view.showError(message);
  if (preview) picker.show(preview);
}

/**
 * The first rows of a sheet of `file`, or null when it has none to show.
 * @param {File} file
 * @param {string} sheet
 */
async function previewOf(file, sheet) {
  try {
    const preview = await client.preview(file, sheet || null);
    return preview.rows.some((row) => row.cells.some((cell) => cell.trim() !== '')) ? preview : null;
  } catch {
    return null;
  }
}

/** @param {File} file */
function startWithFile(file) {
  state.file = file;
  state.fileName = file.name || 'register';
  choices.clear();
  state.sheet = '';
  state.headerRow = 0;
  view.hideResult();
  preparePrintSummary();
  picker.hide();
  $('sheet-field').hidden = true;
  renderCurrentFile();
  $('rerun-button').hidden = false;
  run();
}

function renderCurrentFile() {
  const line = $('current-file');
  if (!state.file) {
    line.hidden = true;
    return;
  }
  line.textContent = t('file.current', { name: state.fileName, size: formatSize(state.file.size) });
  line.hidden = false;
}

async function loadSample() {
  view.hideMessages();
  const url = samples[/** @type {keyof typeof samples} */ (language())] ?? samples.sv;
  try {
    const response = await fetch(url, { cache: 'no-cache' });
    if (!response.ok) throw new Error(String(response.status));
    const blob = await response.blob();
    startWithFile(new File([blob], /** @type {string} */ (url.split('/').pop()), { type: 'text/csv' }));
  } catch {
    view.showError(t('error.sample'));
  }
}

/* ---------- results ---------- */

/** @param {ValidationResult} result */
function renderSheetPicker(result) {
  const field = $('sheet-field');
  if (!result.sheets || result.sheets.length < 2) {
    field.hidden = true;
    return;
  }
  const select = clear($select('sheet'));
  for (const sheet of result.sheets) select.append(el('option', { text: sheet, attrs: { value: sheet } }));
  select.value = result.sheet ?? result.sheets[0];
  field.hidden = false;
}

/** The shown result, the page's parts with it: chart, downloads, sheet choice. */
function renderResults() {
  const result = view.result;
  if (!result) return;
  // Results appearing: the column panel's dropdowns (hundreds of options)
  // take longer to lay out than everything above them, so the panel is shown
  // in the frame after the first results; results already on screen are
  // updated in place, so nothing jumps.
  const appearing = $('results').hidden;
  const hasIndicators = view.render();
  compareView.render(state.comparison, state.catalogue);
  preparePrintSummary();
  $('chart-section').hidden = !hasIndicators;
  renderSheetPicker(result);

  const annotated = state.capabilities.has('annotatedWorkbook');
  $('download-annotated').hidden = !annotated;
  $('about-annotated').hidden = !annotated;
  if (annotated) labelMarkedCopy();
  $('upload-box').hidden = !state.config.aggregateEndpoint;
  $('upload-status').textContent = '';

  $('columns-section').hidden = appearing;
  const drawing = ++state.drawGeneration;
  afterNextPaint(() => {
    if (drawing !== state.drawGeneration) return;
    // Once the page is laid out: the chart is drawn at the width it gets.
    if (view.result) drawChart();
    $('columns-section').hidden = false;
  });
}

/** The printed summary of the shown result, dated today, in the page's language. */
function preparePrintSummary() {
  const container = $('print-summary');
  document.body.classList.toggle('has-print-summary', Boolean(view.result));
  if (!view.result) {
    clear(container);
    return;
  }
  container.lang = language();
  renderPrintSummary(container, view.result, { catalogue: state.catalogue, fields: state.fields, stale: view.staleReason });
}

/**
 * Names the marked copy for what it is: the user's own workbook with the
 * problems marked and all else kept (XLSX, XLSM), or a new workbook with
 * the participant table only (CSV, ODS).
 */
async function labelMarkedCopy() {
  const { result } = view;
  const { file } = state;
  if (!file) return;
  // Told once per file: a workbook is read whole for it.
  if (state.copyKind?.file !== file) state.copyKind = { file, kind: client.copyKind(file) };
  let kind;
  try {
    kind = await state.copyKind.kind;
  } catch {
    state.copyKind = null;
    return;
  }
  // Only for the result it was asked for.
  if (view.result !== result) return;
  const suffix = kind === 'own' ? 'Own' : 'New';
  const button = $('download-annotated');
  const about = $('about-annotated');
  button.dataset.i18n = `downloads.annotated${suffix}`;
  about.dataset.i18n = `downloads.aboutAnnotated${suffix}`;
  button.textContent = t(button.dataset.i18n);
  about.textContent = t(about.dataset.i18n);
}

/**
 * Runs `task` after the browser has painted the current changes.
 * @param {() => void} task
 */
function afterNextPaint(task) {
  requestAnimationFrame(() => setTimeout(task, 0));
}

/** Draws the chart of the shown result. */
function drawChart() {
  const container = $('chart-container');
  renderChart(container, $('chart-legend'), shownResult().indicators);
  state.chartWidth = container.clientWidth;
}

function redrawChartOnResize() {
  const container = $('chart-container');
  const changed = () => {
    const width = container.clientWidth;
    return Boolean(view.result) && width > 0 && Math.abs(width - state.chartWidth) >= 16;
  };
  let timer = 0;
  new ResizeObserver(() => {
    if (!changed()) return;
    clearTimeout(timer);
    // Checked again: the width may have settled, or the chart been drawn since.
    timer = setTimeout(() => { if (changed()) drawChart(); }, 100);
  }).observe(container);
}

/* ---------- downloads ---------- */

/**
 * @param {string} name
 * @param {Blob} blob
 */
function saveFile(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { attrs: { href: url, download: name }, className: 'visually-hidden' });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: the download may start after this handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A download's name: `key`'s text and the shown result's reference date.
 * @param {string} key
 */
function baseName(key) {
  return `${t(key)}-${shownResult().aggregates.reference_date}`;
}

/**
 * A restarted worker (after Cancel) no longer holds the file: check it again first.
 * Only with a result, which came from `state.file` and `state.lastOptions`.
 */
async function ensureWorkerHoldsResult() {
  if (client.generation === state.resultGeneration) return;
  view.showProgress(t('progress.starting'), { reveal: true });
  try {
    await client.run(/** @type {File} */ (state.file), /** @type {Options} */ (state.lastOptions), (p) => view.onProgress(p));
    state.resultGeneration = client.generation;
  } finally {
    view.hideProgress();
  }
}

/**
 * @param {'aggregatesCsv' | 'diagnosticsCsv' | 'annotatedWorkbook'} kind
 * @param {string} name the file's name
 * @param {string} type its MIME type
 */
async function downloadFromWorker(kind, name, type) {
  if (!view.result || view.busy) return;
  setBusy(true);
  try {
    await ensureWorkerHoldsResult();
    const content = await client.exportFile(kind, language(), shownResult().aggregates.comparison ?? null);
    saveFile(name, new Blob([content], { type }));
  } catch (error) {
    if (!(error instanceof Cancelled)) view.showError(t('error.export', { message: failureText(error) }));
  } finally {
    setBusy(false);
  }
}

/** The aggregates document, as `amif-check report --format json` writes it. Only with a result. */
function aggregatesDocument() {
  return shownResult().aggregates;
}

function downloadAggregatesJson() {
  if (!view.result) return;
  const text = `${JSON.stringify(aggregatesDocument(), null, 2)}\n`;
  saveFile(`${baseName('downloads.fileAggregates')}.json`, new Blob([text], { type: 'application/json' }));
}

/**
 * The marked copy's file name and type: a macro workbook (.xlsm) stays one,
 * for Excel opens no macro workbook named .xlsx.
 */
function annotatedFile() {
  const stem = state.fileName.replace(/\.[^.]+$/, '') || 'register';
  const macros = /\.xlsm$/i.test(state.fileName);
  return {
    name: `${stem}-${t('downloads.fileAnnotated')}.${macros ? 'xlsm' : 'xlsx'}`,
    type: macros ? 'application/vnd.ms-excel.sheet.macroEnabled.12' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  };
}

async function createIndividualReport() {
  if (!view.result || view.busy) return;
  setBusy(true);
  view.showProgress(t('progress.individual'), { share: null, reveal: true });
  try {
    await ensureWorkerHoldsResult();
    view.showProgress(t('progress.individual'), { share: null });
    const csv = await client.individualReport({ ...state.lastOptions, lang: language() });
    saveFile(`${baseName('downloads.fileIndividual')}.csv`, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  } catch (error) {
    if (!(error instanceof Cancelled)) view.showError(t('error.export', { message: failureText(error) }));
  } finally {
    view.hideProgress();
    setBusy(false);
  }
}

/** The register template for the chosen country and action, in the page's language. */
async function downloadTemplate() {
  const options = templateOptions(language());
  try {
    const { bytes } = await client.template(options);
    const name = [t('downloads.fileTemplate'), options.country, options.action].filter(Boolean).join('-');
    saveFile(`${name}.xlsx`, new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  } catch (error) {
    if (!(error instanceof Cancelled)) view.showError(t('error.export', { message: failureText(error) }));
  }
}

/* ---------- sending aggregates ---------- */

async function loadConfig() {
  try {
    const response = await fetch('config.json', { cache: 'no-cache' });
    if (!response.ok) return;
    const config = await response.json();
    const endpoint = typeof config.aggregateEndpoint === 'string' ? new URL(config.aggregateEndpoint) : null;
    if (endpoint && (endpoint.protocol === 'https:' || endpoint.protocol === 'http:')) {
      state.config.aggregateEndpoint = endpoint.href;
      $('upload-target').textContent = t('upload.target', { origin: endpoint.origin });
      $('privacy-upload-note').hidden = false;
    }
  } catch {
    // Without a readable config there is simply no upload.
  }
}

async function uploadAggregates() {
  const endpoint = state.config.aggregateEndpoint;
  if (!endpoint || !view.result) return;
  const status = $('upload-status');
  const button = /** @type {HTMLButtonElement} */ ($('upload-button'));
  button.disabled = true;
  status.className = 'upload-status';
  status.textContent = t('upload.sending');
  try {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(aggregatesDocument()),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
    });
    const answer = (await response.text()).trim().slice(0, 500);
    const code = `${response.status} ${response.statusText}`.trim();
    status.textContent = answer
      ? t('upload.answer', { status: code, text: answer })
      : t('upload.answerEmpty', { status: code });
    status.classList.add(response.ok ? 'tone-ok' : 'tone-error');
  } catch (error) {
    status.textContent = t('upload.failed', { message: /** @type {Error} */ (error).message });
    status.classList.add('tone-error');
  } finally {
    button.disabled = false;
  }
}

/* ---------- wiring ---------- */

function wireFileChoice() {
  const input = $input('register-input');
  $('choose-file').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    // A file input always has a file list.
    const [file] = /** @type {FileList} */ (input.files);
    // Clearing lets the same file be chosen again after the user edits it.
    input.value = '';
    if (file) startWithFile(file);
  });
  $('sample-button').addEventListener('click', loadSample);
  $('template-button').addEventListener('click', downloadTemplate);

  const zone = $('dropzone');
  const zoneText = /** @type {HTMLElement} */ (zone.querySelector('.dropzone-text'));
  let depth = 0;
  zone.addEventListener('dragenter', (event) => {
    event.preventDefault();
    depth += 1;
    zone.classList.add('is-dragging');
    zoneText.textContent = t('file.dropActive');
  });
  zone.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) {
      zone.classList.remove('is-dragging');
      zoneText.textContent = t('file.drop');
    }
  });
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    // A drag the browser makes always carries its data.
    /** @type {DataTransfer} */ (event.dataTransfer).dropEffect = view.busy ? 'none' : 'copy';
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove('is-dragging');
    zoneText.textContent = t('file.drop');
    if (view.busy) return;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 1) {
      view.showError(t('file.tooMany'));
      return;
    }
    if (files.length === 1) startWithFile(files[0]);
  });
  // A file dropped beside the zone would make the browser open it instead.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
}

function wireOptions() {
  $select('country').addEventListener('change', updateActionVisibility);
  $('action').addEventListener('change', () => renderActionIndicators(state.catalogue));
  watchOptions(() => view.markStale('results.staleOptions'));
  $('sheet').addEventListener('change', () => {
    state.sheet = $select('sheet').value;
    // Column choices and a chosen header row belong to a sheet's header row.
    choices.clear();
    state.headerRow = 0;
    run();
  });
  $('options-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  view.onColumnChoices(choices, () => run());
  $('cancel-button').addEventListener('click', () => client.cancel());
  $('choose-header-row').addEventListener('click', async () => {
    const result = view.result;
    const preview = result && state.file && !view.busy ? await previewOf(state.file, result.sheet ?? '') : null;
    if (!preview || !result) return;
    picker.show(preview, result.headerRow);
    picker.focus();
  });
}

function wireComparison() {
  compareView = new CompareView({ onCompare: () => compare(), onForget: forgetComparison });
}

function wireHeaderPicker() {
  picker = new HeaderPicker({
    onSheet: async (sheet) => {
      const preview = state.file ? await previewOf(state.file, sheet) : null;
      if (preview) picker.show(preview);
    },
    onRun: (choice) => {
      state.sheet = choice.sheet ?? '';
      state.headerRow = choice.headerRow;
      choices.choose(pickedMapping(choice, choices.mapping));
      run();
    },
  });
}

function wireDownloads() {
  $('download-aggregates-json').addEventListener('click', downloadAggregatesJson);
  $('download-aggregates-csv').addEventListener('click', () => downloadFromWorker(
    'aggregatesCsv', `${baseName('downloads.fileAggregates')}.csv`, 'text/csv;charset=utf-8',
  ));
  $('download-diagnostics-csv').addEventListener('click', () => downloadFromWorker(
    'diagnosticsCsv', `${baseName('downloads.fileDiagnostics')}.csv`, 'text/csv;charset=utf-8',
  ));
  $('download-annotated').addEventListener('click', () => {
    const { name, type } = annotatedFile();
    downloadFromWorker('annotatedWorkbook', name, type);
  });
  const dialog = /** @type {HTMLDialogElement} */ ($('individual-dialog'));
  $('download-individual').addEventListener('click', () => {
    const { rows_excluded: rows, persons_excluded: persons } = shownResult().summary;
    $('individual-excluded').textContent = rows > 0 || persons > 0
      ? t('individual.excluded', { rows: formatNumber(rows), persons: formatNumber(persons) })
      : t('individual.noneExcluded');
    dialog.returnValue = '';
    dialog.showModal();
    $('individual-cancel').focus();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'confirm') createIndividualReport();
  });
  $('upload-button').addEventListener('click', uploadAggregates);
  $('print-summary-button').addEventListener('click', () => {
    preparePrintSummary();
    window.print();
  });
  // Printed from the browser's menu too: dated the day it is printed.
  window.addEventListener('beforeprint', preparePrintSummary);
}

function wireLanguage() {
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('.lang-button'))) {
    // Every language button has its data-lang.
    button.addEventListener('click', () => switchLanguage(/** @type {string} */ (button.dataset.lang)));
  }
}

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('sw.js').catch(() => {
    // Offline use is a convenience; the page works without it.
  });
}

async function main() {
  insertSharedMarkup({ page: true });
  const storedLanguage = readPreference(storageKeys.lang);
  setLanguage(storedLanguage !== null && languages.includes(storedLanguage) ? storedLanguage : 'sv');
  translatePage();
  updateLanguageButtons();
  linkStatement();

  updateActionVisibility();
  $input('reference-date').value = todayLocal();

  view = new CheckView({ controls: busyControls, errorTitle: 'error.title', notice: 'cancelled-notice' });

  wireLanguage();
  wireFileChoice();
  wireOptions();
  wireHeaderPicker();
  wireDownloads();
  wireComparison();
  redrawChartOnResize();

  client = new CoreClient();
  client.capabilities().then((names) => {
    state.capabilities = names;
    document.body.dataset.coreReady = 'true';
  }, (error) => view.showError(startFailure(error), 'error.startTitle'));
  await Promise.all([loadConfig(), loadMeta()]);
  // Never fails by itself; a Cancel meanwhile rejects it, and the first check is then only slower.
  await client.warmUp(new URL(samples.sv, document.baseURI).href).catch(() => {});
  registerServiceWorker();
  document.body.dataset.appReady = 'true';
}

main();
