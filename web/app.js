// The page: choosing a file, options, running the check in the worker,
// showing and downloading the result. Personal data stays in memory only:
// nothing from the register is logged, stored or put in a URL.

import { Cancelled, CoreClient } from './core-client.js';
import { announce, clear, el, readPreference, savePreference } from './dom.js';
import { DiagnosticsView } from './diagnostics-view.js';
import {
  collectOptions as readOptionsForm, renderActionIndicators, renderActionOptions, todayLocal, updateActionVisibility,
} from './options-form.js';
import { renderChart } from './chart.js';
import {
  formatSize, language, languages, setLanguage, t, translatePage,
} from './i18n.js';
import {
  readMapping, renderColumns, renderOutcome,
} from './results-view.js';

/** @typedef {import('./core-client.js').Progress} Progress */
/** @typedef {import('./pkg/amif_check.js').Catalogue} Catalogue */
/** @typedef {import('./pkg/amif_check.js').FieldInfo} FieldInfo */
/** @typedef {import('./pkg/amif_check.js').Options} Options */
/** @typedef {import('./pkg/amif_check.js').ValidationResult} ValidationResult */

// Only non-personal preferences are kept between visits.
const storageKeys = { lang: 'amif-check.lang', country: 'amif-check.country' };
const sampleUrl = 'sample/deltagarforteckning.csv';

/**
 * The page's element with this id: index.html has every id asked for.
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** @param {string} id */
const $input = (id) => /** @type {HTMLInputElement} */ ($(id));
/** @param {string} id */
const $select = (id) => /** @type {HTMLSelectElement} */ ($(id));
/** @param {string} id */
const $progress = (id) => /** @type {HTMLProgressElement} */ ($(id));

const state = {
  /** @type {File | null} */
  file: null,
  fileName: '',
  /** @type {Record<string, string>} field key → header, as chosen by the user */
  mapping: {},
  sheet: '',
  /** @type {ValidationResult | null} */
  result: null,
  /** @type {Options | null} */
  lastOptions: null,
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
  busy: false,
  quietCancel: false,
  /** @type {Progress | null} */
  progress: null,
  progressFrame: 0,
  progressPhase: '',
};

/** @type {CoreClient} */
let client;
/** @type {DiagnosticsView} */
let diagnosticsView;

/* ---------- language ---------- */

function updateLanguageButtons() {
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('.lang-button'))) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === language()));
  }
}

async function loadMeta() {
  try {
    const { catalogue, fields } = await client.meta(language());
    state.catalogue = catalogue;
    state.fields = fields;
  } catch (error) {
    if (!(error instanceof Cancelled)) showError(startFailure(error), 'error.startTitle');
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
  updateLanguageButtons();
  renderCurrentFile();
  if (state.busy) {
    // Started again below in the new language: not a cancellation the user asked for.
    state.quietCancel = true;
    client.cancel();
  }
  await loadMeta();
  if (state.result) {
    renderResults();
    // Diagnostic messages come from the core: ask for them in the new language.
    if (state.file) await run({ moveFocus: false });
  }
}

/* ---------- running the check ---------- */

/** @param {boolean} busy */
function setBusy(busy) {
  state.busy = busy;
  for (const id of ['choose-file', 'sample-button', 'rerun-button', 'mapping-rerun', 'register-input']) {
    /** @type {HTMLButtonElement | HTMLInputElement} */ ($(id)).disabled = busy;
  }
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('.download-list button, #upload-button'))) {
    button.disabled = busy;
  }
  $('dropzone').classList.toggle('is-disabled', busy);
}

/**
 * @param {string} text
 * @param {{reveal?: boolean}} [how] `reveal`: scroll the progress into view
 */
function showProgress(text, { reveal = true } = {}) {
  const section = $('progress-section');
  section.hidden = false;
  if (reveal) section.scrollIntoView({ block: 'nearest' });
  const bar = $progress('progress-bar');
  bar.value = 0;
  $('progress-text').textContent = text;
  state.progressPhase = '';
}

function hideProgress() {
  $('progress-section').hidden = true;
  cancelAnimationFrame(state.progressFrame);
  state.progressFrame = 0;
  state.progress = null;
}

function paintProgress() {
  state.progressFrame = 0;
  const progress = state.progress;
  if (!progress) return;
  const bar = $progress('progress-bar');
  const text = $('progress-text');
  // Reading is the short first quarter of the bar; checking rows the rest.
  if (progress.phase === 'read') {
    // Reading always knows the file's size.
    const total = /** @type {number} */ (progress.total);
    const share = total > 0 ? progress.done / total : 1;
    bar.value = 25 * share;
    text.textContent = t('progress.reading', {
      percent: Math.floor(100 * share),
      done: formatSize(progress.done),
      total: formatSize(total),
    });
  } else if (progress.total) {
    bar.value = 25 + 75 * Math.min(1, progress.done / progress.total);
    text.textContent = t('progress.rowsOf', {
      rows: progress.done.toLocaleString(document.documentElement.lang),
      total: progress.total.toLocaleString(document.documentElement.lang),
    });
  } else {
    bar.removeAttribute('value');
    text.textContent = t('progress.rows', { rows: progress.done.toLocaleString(document.documentElement.lang) });
  }
  if (progress.phase !== state.progressPhase) {
    state.progressPhase = progress.phase;
    announce(t(progress.phase === 'read' ? 'progress.announceReading' : 'progress.announceRows'));
  }
}

/** @param {Progress} progress */
function onProgress(progress) {
  state.progress = progress;
  if (!state.progressFrame) state.progressFrame = requestAnimationFrame(paintProgress);
}

function hideMessages() {
  $('error-box').hidden = true;
  $('cancelled-notice').hidden = true;
}

/**
 * Shows `message` under the heading `title` (an i18n key): a file's problem, or the checker's own.
 * @param {string} message
 * @param {string} [title]
 */
function showError(message, title = 'error.title') {
  const box = $('error-box');
  const heading = $('error-title');
  heading.dataset.i18n = title;
  heading.textContent = t(title);
  $('error-message').textContent = message;
  box.hidden = false;
  box.focus();
}

/**
 * Why the core could not start: a browser without WebAssembly SIMD, or anything else.
 * @param {unknown} error
 */
function startFailure(error) {
  return t(/** @type {{browserTooOld?: boolean} | undefined} */ (error)?.browserTooOld ? 'error.browser_too_old' : 'error.workerStart');
}

/** @param {Error & {browserTooOld?: boolean, internal?: boolean}} error a CoreFailure, or another Error */
function messageFor(error) {
  if (error.browserTooOld) return t('error.browser_too_old');
  if (error.internal) return t('error.internal');
  return error.message;
}

/** Runs the check on the chosen file with the form's options. */
async function run({ moveFocus = true } = {}) {
  if (!state.file) return;
  const options = readOptionsForm({ lang: language(), sheet: state.sheet, mapping: state.mapping });
  if (!options) {
    $('options-error').scrollIntoView({ block: 'center' });
    return;
  }
  hideMessages();
  // The worker starts on the file while the page updates itself.
  const checking = client.run(state.file, options, onProgress);
  if (moveFocus) $('results').hidden = true;
  setBusy(true);
  showProgress(t('progress.starting'), { reveal: moveFocus });
  try {
    const result = await checking;
    state.result = result;
    state.lastOptions = options;
    state.resultGeneration = client.generation;
    hideProgress();
    renderResults();
    announce(t('progress.announceDone'));
    if (moveFocus) $('results-title').focus();
  } catch (error) {
    hideProgress();
    if (error instanceof Cancelled) {
      if (state.quietCancel) {
        state.quietCancel = false;
      } else if (moveFocus) {
        $('cancelled-notice').hidden = false;
        $('choose-file').focus();
      }
    } else {
      state.result = null;
      $('results').hidden = true;
      showError(messageFor(/** @type {Error} */ (error)));
    }
  } finally {
    setBusy(false);
  }
}

/** @param {File} file */
function startWithFile(file) {
  state.file = file;
  state.fileName = file.name || 'register';
  state.mapping = {};
  state.sheet = '';
  state.result = null;
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
  hideMessages();
  try {
    const response = await fetch(sampleUrl, { cache: 'no-cache' });
    if (!response.ok) throw new Error(String(response.status));
    const blob = await response.blob();
    startWithFile(new File([blob], 'deltagarforteckning.csv', { type: 'text/csv' }));
  } catch {
    showError(t('error.sample'));
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

function renderResults() {
  const result = state.result;
  if (!result) return;
  const hasIndicators = renderOutcome(result, state.fileName, state.catalogue);
  $('chart-section').hidden = !hasIndicators;

  $('columns-intro').textContent = t('columns.intro', { row: result.headerRow });
  renderColumns(/** @type {HTMLTableElement} */ ($('columns-table')).tBodies[0], result.columns, state.fields, state.mapping);
  diagnosticsView.set(result.diagnostics);
  renderSheetPicker(result);

  $('download-annotated').hidden = !state.capabilities.has('annotatedWorkbook');
  $('upload-box').hidden = !state.config.aggregateEndpoint;
  $('upload-status').textContent = '';
  const tool = result.aggregates.tool;
  $('footer-version').textContent = t('footer.version', { name: tool.name, version: tool.version });

  // Results appearing: the column panel's dropdowns (hundreds of options)
  // take longer to lay out than everything above them, so the panel is shown
  // in the frame after the first results; results already on screen are
  // updated in place, so nothing jumps.
  const appearing = $('results').hidden;
  $('columns-section').hidden = appearing;
  $('results').hidden = false;
  const drawing = ++state.drawGeneration;
  afterNextPaint(() => {
    if (drawing !== state.drawGeneration) return;
    // Once the page is laid out: the chart is drawn at the width it gets.
    if (state.result) drawChart();
    $('columns-section').hidden = false;
  });
}

/**
 * Runs `task` after the browser has painted the current changes.
 * @param {() => void} task
 */
function afterNextPaint(task) {
  requestAnimationFrame(() => setTimeout(task, 0));
}

/** Draws the chart of `state.result`, which is not null then. */
function drawChart() {
  const container = $('chart-container');
  renderChart(container, $('chart-legend'), /** @type {ValidationResult} */ (state.result).indicators);
  state.chartWidth = container.clientWidth;
}

function redrawChartOnResize() {
  const container = $('chart-container');
  const changed = () => {
    const width = container.clientWidth;
    return Boolean(state.result) && width > 0 && Math.abs(width - state.chartWidth) >= 16;
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
 * A download's name: `key`'s text and the reference date of `state.result`, which is not null then.
 * @param {string} key
 */
function baseName(key) {
  return `${t(key)}-${/** @type {ValidationResult} */ (state.result).aggregates.reference_date}`;
}

/**
 * A restarted worker (after Cancel) no longer holds the file: check it again first.
 * Only with a result, which came from `state.file` and `state.lastOptions`.
 */
async function ensureWorkerHoldsResult() {
  if (client.generation === state.resultGeneration) return;
  showProgress(t('progress.starting'));
  try {
    await client.run(/** @type {File} */ (state.file), /** @type {Options} */ (state.lastOptions), onProgress);
    state.resultGeneration = client.generation;
  } finally {
    hideProgress();
  }
}

/**
 * @param {'aggregatesCsv' | 'diagnosticsCsv' | 'annotatedWorkbook'} kind
 * @param {string} name the file's name
 * @param {string} type its MIME type
 */
async function downloadFromWorker(kind, name, type) {
  if (!state.result || state.busy) return;
  setBusy(true);
  try {
    await ensureWorkerHoldsResult();
    const content = await client.exportFile(kind, language());
    saveFile(name, new Blob([content], { type }));
  } catch (error) {
    if (!(error instanceof Cancelled)) showError(t('error.export', { message: messageFor(/** @type {Error} */ (error)) }));
  } finally {
    setBusy(false);
  }
}

/**
 * The aggregates document as the CLI writes it. Values crossing from wasm
 * drop fields that are None; the schema has them as null. Only with a result.
 */
function aggregatesDocument() {
  const aggregates = /** @type {ValidationResult} */ (state.result).aggregates;
  return {
    ...aggregates,
    period: aggregates.period ?? null,
    indicators: aggregates.indicators.map((indicator) => ({ ...indicator, breakdown: indicator.breakdown ?? null })),
  };
}

function downloadAggregatesJson() {
  if (!state.result) return;
  const text = `${JSON.stringify(aggregatesDocument(), null, 2)}\n`;
  saveFile(`${baseName('downloads.fileAggregates')}.json`, new Blob([text], { type: 'application/json' }));
}

function annotatedName() {
  const stem = state.fileName.replace(/\.[^.]+$/, '') || 'register';
  return `${stem}-${t('downloads.fileAnnotated')}.xlsx`;
}

async function createIndividualReport() {
  if (!state.result || state.busy) return;
  setBusy(true);
  showProgress(t('progress.individual'));
  $('progress-bar').removeAttribute('value');
  try {
    await ensureWorkerHoldsResult();
    showProgress(t('progress.individual'));
    $('progress-bar').removeAttribute('value');
    const csv = await client.individualReport({ ...state.lastOptions, lang: language() });
    saveFile(`${baseName('downloads.fileIndividual')}.csv`, new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  } catch (error) {
    if (!(error instanceof Cancelled)) showError(t('error.export', { message: messageFor(/** @type {Error} */ (error)) }));
  } finally {
    hideProgress();
    setBusy(false);
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
  if (!endpoint || !state.result) return;
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
    /** @type {DataTransfer} */ (event.dataTransfer).dropEffect = state.busy ? 'none' : 'copy';
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    depth = 0;
    zone.classList.remove('is-dragging');
    zoneText.textContent = t('file.drop');
    if (state.busy) return;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 1) {
      showError(t('file.tooMany'));
      return;
    }
    if (files.length === 1) startWithFile(files[0]);
  });
  // A file dropped beside the zone would make the browser open it instead.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());
}

function wireOptions() {
  const country = $select('country');
  country.addEventListener('change', () => {
    savePreference(storageKeys.country, country.value);
    updateActionVisibility();
  });
  $('action').addEventListener('change', () => renderActionIndicators(state.catalogue));
  $('sheet').addEventListener('change', () => {
    state.sheet = $select('sheet').value;
    // Column choices belong to a sheet's header row.
    state.mapping = {};
    run();
  });
  $('options-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  $('mapping-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.mapping = readMapping(/** @type {HTMLTableElement} */ ($('columns-table')).tBodies[0], state.mapping);
    run();
  });
  $('cancel-button').addEventListener('click', () => client.cancel());
}

function wireDownloads() {
  $('download-aggregates-json').addEventListener('click', downloadAggregatesJson);
  $('download-aggregates-csv').addEventListener('click', () => downloadFromWorker(
    'aggregatesCsv', `${baseName('downloads.fileAggregates')}.csv`, 'text/csv;charset=utf-8',
  ));
  $('download-diagnostics-csv').addEventListener('click', () => downloadFromWorker(
    'diagnosticsCsv', `${baseName('downloads.fileDiagnostics')}.csv`, 'text/csv;charset=utf-8',
  ));
  $('download-annotated').addEventListener('click', () => downloadFromWorker(
    'annotatedWorkbook', annotatedName(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ));
  const dialog = /** @type {HTMLDialogElement} */ ($('individual-dialog'));
  $('download-individual').addEventListener('click', () => {
    dialog.returnValue = '';
    dialog.showModal();
    $('individual-cancel').focus();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'confirm') createIndividualReport();
  });
  $('upload-button').addEventListener('click', uploadAggregates);
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
  const storedLanguage = readPreference(storageKeys.lang);
  setLanguage(storedLanguage !== null && languages.includes(storedLanguage) ? storedLanguage : 'sv');
  translatePage();
  updateLanguageButtons();

  const storedCountry = readPreference(storageKeys.country);
  if (storedCountry !== null && ['auto', 'se', 'fi'].includes(storedCountry)) $select('country').value = storedCountry;
  updateActionVisibility();
  $input('reference-date').value = todayLocal();

  diagnosticsView = DiagnosticsView.ofDocument();

  wireLanguage();
  wireFileChoice();
  wireOptions();
  wireDownloads();
  redrawChartOnResize();

  client = new CoreClient();
  client.capabilities().then((names) => {
    state.capabilities = names;
    document.body.dataset.coreReady = 'true';
  }, (error) => showError(startFailure(error), 'error.startTitle'));
  await Promise.all([loadConfig(), loadMeta()]);
  // Never fails by itself; a Cancel meanwhile rejects it, and the first check is then only slower.
  await client.warmUp(new URL(sampleUrl, document.baseURI).href).catch(() => {});
  registerServiceWorker();
  document.body.dataset.appReady = 'true';
}

main();
