// Runs the wasm core off the main thread so the page stays responsive.
// Keeps the last file (a File: its bytes stay with the browser, not in this
// worker's heap) and result here: downloads are made from them without
// sending large data back and forth, and the individual-level records never
// reach the page except as the finished CSV.
//
// Messages in:  {type: 'meta', id, lang}
//               {type: 'warmUp', id, url}   (a fictitious register to check once, unseen)
//               {type: 'run', id, file: Blob, options}
//               {type: 'runGrid', id, workbook, options}   (the Excel add-in's sheets)
//               {type: 'export', id, kind, lang}
//               {type: 'individual', id, options}
// Messages out: {type: 'ready', exports: string[]}
//               {type: 'startFailed', message, browserTooOld}   (the core could not start)
//               {type: 'progress', id, phase: 'read'|'rows', done, total}
//               {type: 'done', id, value}  |  {type: 'failed', id, message, internal}

import init, * as core from './pkg/amif_check.js';

const ready = init().then(() => {
  postMessage({ type: 'ready', exports: Object.keys(core) });
});
ready.catch((error) => {
  postMessage({ type: 'startFailed', message: String(error?.message ?? error), browserTooOld: !hasWasmSimd() });
});

/** Whether this browser runs WebAssembly SIMD, which the core is built with. */
function hasWasmSimd() {
  // (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)
  const probe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  try {
    return WebAssembly.validate(probe);
  } catch {
    return false;
  }
}

let lastFile = null;
let lastResult = null;

/** A fault of this page or the core, not of the user's file. */
class InternalError extends Error {}

/** The core throws plain Errors for unusable files: their message is for the user. */
function isUserError(error) {
  return error?.constructor === Error;
}

function looksLikeText(firstBytes) {
  // XLSX/ODS are zip files ("PK"), XLS is an OLE compound file (D0 CF 11 E0).
  if (firstBytes.length < 4) return true;
  const zip = firstBytes[0] === 0x50 && firstBytes[1] === 0x4b;
  const ole = firstBytes[0] === 0xd0 && firstBytes[1] === 0xcf && firstBytes[2] === 0x11 && firstBytes[3] === 0xe0;
  return !zip && !ole;
}

/** Bytes read from the file at a time. */
const chunkBytes = 1 << 20;

/**
 * The file's bytes in chunks, read into one buffer used again and again
 * (a BYOB reader): a 100 MB file then leaves no 100 MB of spent chunks for
 * the garbage collector. Where the browser has no BYOB reader for files,
 * its own chunks.
 */
async function* fileChunks(file) {
  let reader;
  try {
    reader = file.stream().getReader({ mode: 'byob' });
  } catch {
    reader = null;
  }
  if (!reader) {
    const plain = file.stream().getReader();
    try {
      for (;;) {
        const { done, value } = await plain.read();
        if (done) return;
        yield value;
      }
    } finally {
      plain.cancel().catch(() => {});
    }
  }
  let buffer = new ArrayBuffer(chunkBytes);
  try {
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer, 0, chunkBytes));
      if (done) return;
      yield value;
      buffer = value.buffer;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/**
 * Streams the file into the validator, reporting bytes read: a CSV file's
 * rows are checked as they arrive, so it is never held whole. A workbook is
 * read when complete, with rows reported as they are checked.
 */
async function validate(id, file, options) {
  const validator = new core.RegisterValidator(options);
  const total = file.size;
  // A workbook is held in one buffer of the file's size: never grown and copied.
  validator.reserve(total);
  let textFile = null;
  let lastReport = 0;
  const chunks = fileChunks(file);
  try {
    for (;;) {
      const { done, value } = await chunks.next();
      if (done) break;
      if (textFile === null) textFile = looksLikeText(value);
      validator.push(value);
      const now = performance.now();
      if (now - lastReport > 50) {
        lastReport = now;
        postMessage({ type: 'progress', id, phase: 'read', done: validator.bytesReceived, total });
      }
    }
  } catch (error) {
    chunks.return?.();
    validator.free?.();
    throw error;
  }
  postMessage({ type: 'progress', id, phase: 'read', done: total, total });
  // Text: every row is checked already. Workbooks: the rows are still to read.
  const rowsTotal = textFile ? validator.rowsRead : null;
  postMessage({ type: 'progress', id, phase: 'rows', done: 0, total: rowsTotal });

  return validator.finish((rows) => {
    postMessage({ type: 'progress', id, phase: 'rows', done: rows, total: rowsTotal });
  });
}

/**
 * Checks the bundled fictitious register once and throws the result away.
 * V8 compiles each wasm function on its first call: afterwards the first
 * register the user drops runs compiled code (a 1 000-row file's check takes
 * ~25 ms instead of ~60 ms in the benchmark). Touches neither lastFile nor
 * lastResult. Never fails: a failure here would restart the worker (see
 * core-client.js) and cancel a check the user started meanwhile; without
 * the warm-up the first check is only slower. Returns whether it ran.
 */
async function warmUp(url) {
  try {
    const response = await fetch(url);
    if (!response.ok) return false;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const validator = new core.RegisterValidator({ lang: 'sv' });
    validator.reserve(bytes.length);
    validator.push(bytes);
    validator.finish(() => {});
    return true;
  } catch {
    return false;
  }
}

/** The last file's bytes, read again only when a download needs them. */
async function lastBytes() {
  if (!lastFile) throw new InternalError('no file');
  return new Uint8Array(await lastFile.arrayBuffer());
}

async function handle(message) {
  const { type, id } = message;
  await ready;
  switch (type) {
    case 'meta':
      return {
        catalogue: core.catalogue(message.lang),
        fields: core.fields(message.lang),
      };
    case 'warmUp':
      return warmUp(message.url);
    case 'run': {
      lastFile = null;
      lastResult = null;
      const result = await validate(id, message.file, message.options);
      delete result.individuals;
      lastFile = message.file;
      lastResult = result;
      return result;
    }
    case 'runGrid': {
      lastFile = null;
      lastResult = null;
      const result = core.validateGrid(message.workbook, message.options, (rows) => {
        postMessage({ type: 'progress', id, phase: 'rows', done: rows, total: null });
      });
      delete result.individuals;
      lastResult = result;
      return result;
    }
    case 'export':
      return exportFile(message.kind, message.lang);
    case 'individual': {
      const withPersons = core.validateRegister(await lastBytes(), { ...message.options, individualReport: true });
      return core.individualReportCsv(withPersons, message.options.lang);
    }
    default:
      throw new InternalError(`unknown message ${type}`);
  }
}

async function exportFile(kind, lang) {
  if (!lastResult) throw new InternalError('no result');
  switch (kind) {
    case 'aggregatesCsv':
      return core.aggregatesCsv(lastResult, lang);
    case 'diagnosticsCsv':
      return core.diagnosticsCsv(lastResult, lang);
    case 'aggregatesTable':
      return core.aggregatesTable(lastResult, lang);
    case 'annotatedWorkbook':
      return core.annotatedWorkbook(await lastBytes(), lastResult, lang);
    default:
      throw new InternalError(`unknown export ${kind}`);
  }
}

addEventListener('message', async (event) => {
  const { id } = event.data;
  try {
    const value = await handle(event.data);
    const transfer = value instanceof Uint8Array ? [value.buffer] : [];
    postMessage({ type: 'done', id, value }, transfer);
  } catch (error) {
    postMessage({
      type: 'failed',
      id,
      message: String(error?.message ?? error),
      internal: !isUserError(error),
    });
  }
});
