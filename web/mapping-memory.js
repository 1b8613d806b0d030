// The user's column choices, kept for the next check of a register with the
// same headers: the page keeps them in localStorage, the add-in in the
// workbook's settings. Only header texts and field keys are kept, never a
// cell value: a register's header row names its columns, not its people.
// Choices are header → field key (`-`: not used), so any number of columns
// can be left unused.

/** @typedef {import('./pkg/amif_check.js').Column} Column */
/** @typedef {import('./pkg/amif_check.js').PreviewRow} PreviewRow */
/**
 * Where the choices are kept: text in, text out; null when nothing is kept.
 * @typedef {{read: () => Promise<string | null>, write: (text: string | null) => Promise<void>}} Store
 */
/** @typedef {Record<string, string>} Choices The user's column choices: header as written → field key (`-`: not used). */
/** @typedef {{headers: string[], mapping: Choices}} Entry One header row's headers by column, and the choices made for it. */

/** The key under which the page (localStorage) and the add-in (workbook settings) keep the choices. */
export const mappingsKey = 'amif-check.mappings';
/** Registers remembered; the least recently used is forgotten first. */
const maxEntries = 20;

/**
 * A header row's signature: each column's header text (trimmed) at its
 * column's place, empty where a column has none, without trailing empties.
 * @param {{index: number, text: string}[]} cells
 * @returns {string[]}
 */
function signature(cells) {
  /** @type {string[]} */
  const headers = [];
  for (const { index, text } of cells) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    while (headers.length < index) headers.push('');
    headers[index] = trimmed;
  }
  for (let i = 0; i < headers.length; i += 1) headers[i] ??= '';
  return headers;
}

/**
 * The signature of the header row a check found.
 * @param {Column[]} columns
 */
export function columnsSignature(columns) {
  return signature(columns.map((column) => ({ index: column.index, text: column.header })));
}

/**
 * The signature a preview row would have as the header row.
 * @param {PreviewRow} row
 */
export function rowSignature(row) {
  return signature(row.cells.map((text, index) => ({ index, text })));
}

/**
 * Whether a header text looks like a cell of a person's row: six digits in
 * a row (an identity number, a date written YYMMDD) or a written date.
 * @param {string} header
 */
function looksLikeData(header) {
  return /\d{6}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}\.\d{1,2}\.\d{4}/.test(header.replace(/\s/g, ''));
}

/**
 * @param {string[]} a
 * @param {string[]} b
 */
function sameHeaders(a, b) {
  return a.length === b.length && a.every((header, i) => header === b[i]);
}

/**
 * One entry's choices as header → field key. Entries kept before choices
 * were keyed by header were field key → header: read either way, by which
 * side names one of the entry's own headers.
 * @param {Record<string, unknown>} mapping
 * @param {string[]} headers
 * @returns {Choices}
 */
function choicesOf(mapping, headers) {
  /** @type {Choices} */
  const choices = {};
  for (const [key, value] of Object.entries(mapping)) {
    if (typeof value !== 'string' || key === '' || value === '') continue;
    if (headers.includes(key.trim())) choices[key] = value;
    else if (headers.includes(value.trim())) choices[value] = key;
  }
  return choices;
}

/**
 * Entries read back from the store, where anything may have changed them:
 * only well-formed ones, and only choices naming one of their own headers.
 * @param {string | null} text
 * @returns {Entry[]}
 */
function parse(text) {
  let data;
  try {
    data = JSON.parse(text ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  /** @type {Entry[]} */
  const entries = [];
  for (const item of data) {
    const headers = item?.headers;
    const mapping = item?.mapping;
    if (!Array.isArray(headers) || !headers.every((h) => typeof h === 'string')) continue;
    if (!mapping || typeof mapping !== 'object') continue;
    const choices = choicesOf(mapping, headers);
    if (Object.keys(choices).length > 0) entries.push({ headers, mapping: choices });
  }
  return entries;
}

export class MappingMemory {
  /** @param {Store} store */
  constructor(store) {
    this.store = store;
  }

  async entries() {
    try {
      return parse(await this.store.read());
    } catch {
      // Storage refused (private mode, a protected workbook): nothing is kept.
      return [];
    }
  }

  /** @param {Entry[]} entries */
  async save(entries) {
    try {
      await this.store.write(entries.length > 0 ? JSON.stringify(entries.slice(0, maxEntries)) : null);
    } catch {
      // Keeping the choices is a convenience; the check works without it.
    }
  }

  /**
   * The choices kept for this header row, or null.
   * @param {string[]} headers a signature
   */
  async find(headers) {
    if (headers.length === 0) return null;
    const entry = (await this.entries()).find((candidate) => sameHeaders(candidate.headers, headers));
    return entry ? { ...entry.mapping } : null;
  }

  /**
   * The first of `rows` that is the header row of a register whose choices
   * are kept, with those choices (a header row the core did not find by
   * itself, such as `Pers.nr`); or null.
   * @param {PreviewRow[]} rows
   */
  async findRow(rows) {
    const entries = await this.entries();
    for (const row of rows) {
      const headers = rowSignature(row);
      const entry = headers.length > 0 && entries.find((candidate) => sameHeaders(candidate.headers, headers));
      if (entry) return { row: row.number, mapping: { ...entry.mapping } };
    }
    return null;
  }

  /**
   * Keeps `mapping` (header → field key) for this header row, first in
   * line; an empty mapping forgets it.
   * @param {string[]} headers a signature
   * @param {Choices} mapping
   */
  async remember(headers, mapping) {
    if (headers.length === 0) return;
    // A data row taken for the header row (the user may point at one) holds
    // identifiers and dates: such "headers" are never kept.
    if (headers.some(looksLikeData)) return;
    const others = (await this.entries()).filter((entry) => !sameHeaders(entry.headers, headers));
    const kept = Object.fromEntries(Object.entries(mapping).filter(([header]) => headers.includes(header.trim())));
    await this.save(Object.keys(kept).length > 0 ? [{ headers, mapping: kept }, ...others] : others);
  }

  /** @param {string[]} headers a signature */
  async forget(headers) {
    await this.remember(headers, {});
  }
}

/**
 * The user's column choices for the register being checked, held alike by
 * the page and the add-in: chosen in the column panel or the header picker,
 * or kept from an earlier check of a register with the same headers.
 */
export class ColumnChoices {
  /** @param {MappingMemory} memory */
  constructor(memory) {
    this.memory = memory;
    /** @type {Choices} */
    this.mapping = {};
    /** Whether `mapping` was kept from an earlier check rather than chosen now. */
    this.kept = false;
    /** Whether the user chose since the last check: kept once a check has run with it. */
    this.changed = false;
  }

  /** @param {Choices} mapping the user's choices, which replace any others */
  choose(mapping) {
    this.mapping = mapping;
    this.kept = false;
    this.changed = true;
  }

  /** Another file or sheet: its header row has choices of its own. */
  clear() {
    this.mapping = {};
    this.kept = false;
    this.changed = false;
  }

  /**
   * Forgets the choices kept for a register with these columns, and the ones in use.
   * @param {Column[]} columns
   */
  async forget(columns) {
    await this.memory.forget(columnsSignature(columns));
    this.clear();
  }

  /**
   * Takes the choices kept for a register with these columns, unless the
   * user chose (choosing none at all too): whether there were any.
   * @param {Column[]} columns
   */
  async useKept(columns) {
    if (Object.keys(this.mapping).length > 0 || this.changed) return false;
    const kept = await this.memory.find(columnsSignature(columns));
    if (!kept) return false;
    this.mapping = kept;
    this.kept = true;
    return true;
  }

  /**
   * Where no header row was found: the row of `rows` that is the header row
   * of a register whose choices are kept, taking those choices; or null.
   * @param {PreviewRow[]} rows
   */
  async useKeptRow(rows) {
    const known = await this.memory.findRow(rows);
    if (!known) return null;
    this.mapping = known.mapping;
    this.kept = true;
    return known.row;
  }

  /**
   * After a check with these choices: the ones just made are kept for the next.
   * @param {Column[]} columns the checked register's
   */
  async checked(columns) {
    if (!this.changed) return;
    this.changed = false;
    await this.memory.remember(columnsSignature(columns), this.mapping);
  }
}
