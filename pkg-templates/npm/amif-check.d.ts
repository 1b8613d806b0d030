/**
 * amif-check: participant-register validator and indicator calculator for
 * AMIF 2021–2027 beneficiaries in Sweden and Finland. Everything runs on the
 * user's machine; nothing is sent anywhere.
 *
 * Dates are strings written `YYYY-MM-DD`. Absent values are `null`.
 * Every function throws an `Error` whose message is in the chosen language
 * when its input cannot be used.
 */

/** Interface language of messages and CSV headers. Regional forms such as `sv-FI` are accepted too. */
export type Lang = "sv" | "en" | "fi";

/** `se` or `fi`; `Sverige`, `Sweden`, `Finland`, `Suomi` are accepted too. */
export type Country = "se" | "fi";

export type Severity = "error" | "warning" | "info";

/** Age category at the first registration. */
export type AgeCategory = "<18" | "18-60" | ">60";

export type Gender = "man" | "kvinna" | "icke-binär";

export type Unit = "participants" | "organisations" | "items" | "places" | "projects" | "families";

/** An inclusive period of dates. */
export interface Period {
  /** `YYYY-MM-DD` */
  from: string;
  /** `YYYY-MM-DD` */
  to: string;
}

/** A further file holding evaluations, organisations or items. */
export interface ExtraFile {
  /** File name, used only to say where a finding is. */
  name: string;
  bytes: Uint8Array;
}

/** Options of {@link validateRegister} and {@link RegisterValidator}; all optional. */
export interface Options {
  /** Date ages and `date.future` are judged against (`YYYY-MM-DD`); today by default. */
  referenceDate?: string;
  /** Which country's identifiers the register holds; detected when absent. */
  country?: Country | string;
  /** Reporting period: only participants who started in it are counted. */
  period?: Period;
  /** Project period: starts outside it give `date.outside_project` warnings. */
  projectPeriod?: Period;
  /** The participant sheet of a workbook; otherwise the first that fits. */
  sheet?: string;
  /**
   * The participant table's header row, 1-based as the sheet shows it: the
   * header is taken from that row instead of being searched for. A row
   * without an ID column gives `header.not_found` (param `header_row`).
   */
  headerRow?: number;
  /**
   * Column overrides: field key (as {@link fields} lists, e.g. `gender`,
   * `indicator:O.2.3.1`) → the column's header as written in the file.
   */
  mapping?: Record<string, string>;
  /** Language of messages; `sv` by default. */
  lang?: Lang | string;
  /** Finnish action code (e.g. `2D5`): indicators outside it are warned about. */
  action?: string;
  /** Keep individual-level records so {@link individualReportCsv} can run. */
  individualReport?: boolean;
  /** Further files: evaluations, organisations or items. */
  extraFiles?: ExtraFile[];
}

/** Persons per gender in one age category. */
export interface GenderCounts {
  man: number;
  kvinna: number;
  "icke-binär": number;
}

/** The 3 × 3 age × gender table of an indicator. */
export interface Breakdown {
  "<18": GenderCounts;
  "18-60": GenderCounts;
  ">60": GenderCounts;
}

export interface Indicator {
  /** Indicator code, e.g. `O.2.3.1`. */
  code: string;
  unit: Unit;
  total: number;
  /** `null` for organisations, items, places, projects and families (no age or gender split). */
  breakdown: Breakdown | null;
}

/** Whole-register counts. */
export interface Summary {
  /** Non-empty data rows read. */
  rows: number;
  rows_counted: number;
  rows_excluded: number;
  persons: number;
  persons_excluded: number;
  errors: number;
  warnings: number;
}

/** A file by its content. */
export interface FileStamp {
  /** Lowercase hex. */
  sha256: string;
  bytes: number;
}

/** What the figures were counted from: enough to count them again. Keys as in the CLI's JSON. */
export interface Stamp {
  /** The register file; `null` when it was not hashed (e.g. sheets handed over by Excel). */
  register: FileStamp | null;
  /** The participant table's sheet (workbooks). */
  sheet: string | null;
  catalogue_version: string;
  options: {
    reference_date: string;
    period: Period | null;
    project_period: Period | null;
    country: Country | null;
    action: string | null;
    /** The header row the user chose, if any. */
    header_row: number | null;
    /** The user's column choices: header as written → field key. */
    mapping: Record<string, string>;
  };
}

/**
 * The aggregates document: the only output meant to leave the machine. No
 * identifiers, names, dates of birth or row numbers. Exactly what
 * `amif-check report --format json` prints.
 */
export interface Aggregates {
  schema_version: 1;
  tool: { name: string; version: string };
  /** `YYYY-MM-DD` */
  reference_date: string;
  period: Period | null;
  country: Country;
  /** The user's column choices: header as written → field key (`gender`, `indicator:O.2.3.1`, `-` for a column left out). */
  mapping: Record<string, string>;
  stamp: Stamp;
  summary: Summary;
  indicators: Indicator[];
}

/** One finding. Never holds an identifier value. */
export interface Diagnostic {
  /** Stable code such as `id.checksum`. */
  code: string;
  severity: Severity;
  /** 1-based row as the sheet shows it; `null` for the whole file. */
  row: number | null;
  /** The column's header as written; `null` for the whole row. */
  column: string | null;
  /** In the result's language. */
  message: string;
  /** The sheet or file, for tables other than the participant table. */
  sheet?: string;
}

/** How one column of the participant table was understood. */
export interface Column {
  /** 0-based column index. */
  index: number;
  header: string;
  /** Field key (`gender`, `indicator:O.2.3.1`, …); `null` when unused. */
  field: string | null;
}

/** One line of the individual-level report (personal data). */
export interface Individual {
  id: string;
  ageCategory: AgeCategory;
  gender: Gender;
  indicator: string;
}

/** What {@link validateRegister} and {@link RegisterValidator.finish} return. */
export interface ValidationResult {
  summary: Summary;
  indicators: Indicator[];
  diagnostics: Diagnostic[];
  /** The whole aggregates document. */
  aggregates: Aggregates;
  lang: Lang;
  country: Country;
  /** Whether the country was detected rather than given. */
  countryDetected: boolean;
  /** The participant sheet; `null` for CSV. */
  sheet: string | null;
  /** Every sheet of a workbook (empty for CSV). */
  sheets: string[];
  /** 1-based row of the participant table's header. */
  headerRow: number;
  columns: Column[];
  /** Only with `individualReport: true`. */
  individuals?: Individual[];
}

/** What {@link validateId} returns. */
export interface IdResult {
  valid: boolean;
  /** Canonical form when valid. */
  canonical: string | null;
  kind:
    | "personnummer"
    | "samordningsnummer"
    | "lma"
    | "internal"
    | "henkilötunnus"
    | "organisationsnummer"
    | "y-tunnus"
    | null;
  /** Why it is invalid: `id.missing`, `id.format`, `id.checksum` or `id.date`. */
  code: "id.missing" | "id.format" | "id.checksum" | "id.date" | null;
  /** `YYYY-MM-DD` when the identifier holds one. */
  birthDate: string | null;
  /** A temporary identifier (e.g. an LMA number). */
  temporary: boolean;
}

export interface IdOptions {
  country?: Country | string;
  /** `person` (default) or `org`. */
  context?: "person" | "org";
  /** `YYYY-MM-DD`; today by default. */
  referenceDate?: string;
}

export interface CatalogueIndicator {
  code: string;
  /** Specific objective 1–4. */
  objective: number;
  name: string;
  unit: Unit;
  parent: string | null;
  /** Counts only third-country nationals (target-group rule). */
  targetGroup: boolean;
}

export interface CatalogueAction {
  code: string;
  objective: number;
  name: string;
  /** Indicator codes the action reports. */
  indicators: string[];
}

export interface Catalogue {
  indicators: CatalogueIndicator[];
  actions: CatalogueAction[];
}

export interface FieldInfo {
  /** Use as a key of {@link Options.mapping}. */
  key: string;
  label: string;
}

/** A diagnostic code with its severity and short title (see {@link diagnosticCodes}). */
export interface DiagnosticCode {
  code: string;
  severity: Severity;
  /** In the language asked for. */
  title: string;
}

/** Every diagnostic code the core can give, with its severity and a short title in `lang`. */
export function diagnosticCodes(lang?: Lang | string | null): DiagnosticCode[];

/** One row of a {@link Preview}. */
export interface PreviewRow {
  /** 1-based row as the sheet shows it. */
  number: number;
  /** Each cell as text (dates `YYYY-MM-DD`), by 0-based column index. */
  cells: string[];
}

/** What {@link previewRows} returns. */
export interface Preview {
  /** The sheet shown; `null` for CSV. */
  sheet: string | null;
  /** Every sheet of a workbook (empty for CSV). */
  sheets: string[];
  rows: PreviewRow[];
}

/**
 * The first rows of a sheet (20 unless `rows` says otherwise), for a user to
 * point at the header row when none was found. A CSV file's first bytes
 * (~256 KB) are enough; a workbook needs the whole file. Personal data:
 * show it, never store or log it.
 */
export function previewRows(bytes: Uint8Array, options?: { sheet?: string; rows?: number } | null): Preview;

/** The register file's `{sha256, bytes}` for `stamp.register`, made piece by piece as the file is read. */
export class FileHasher {
  free(): void;
  constructor();
  update(piece: Uint8Array): void;
  /** Ends the hashing; the hasher is used up. */
  finish(): FileStamp;
}

/** Anything holding the parts of a {@link ValidationResult} a helper needs. */
export type ResultLike = Partial<ValidationResult>;

/** Validates a register (CSV, XLSX or ODS bytes; XLS and XLSB give `file.unreadable`, reason `legacy_format`) and counts the indicators. */
export function validateRegister(bytes: Uint8Array, options?: Options | null): ValidationResult;

/** One sheet as Office.js gives a range (values, numberFormat, valueTypes of the same shape), with its 0-based start. */
export interface GridSheet {
  name: string;
  top?: number;
  left?: number;
  values: (string | number | boolean | null)[][];
  numberFormat?: (string | null)[][];
  valueTypes?: (string | null)[][];
}

/** Validates a register held as sheets of cells (the Excel add-in); number formats decide dates as in a saved workbook. */
export function validateGrid(
  workbook: { sheets: GridSheet[]; date1904?: boolean },
  options?: Options | null,
  onProgress?: ((rows: number) => void) | null,
): ValidationResult;

/** The indicator table of aggregatesCsv as rows of text, header first (without the stamp rows below it). */
export function aggregatesTable(result: ResultLike, lang?: Lang | string | null): string[][];

/** Checks one identifier. */
export function validateId(text: string, options?: IdOptions | null): IdResult;

/** The indicator catalogue with names in `lang` (sv by default). */
export function catalogue(lang?: Lang | string | null): Catalogue;

/** The fields a participant column can be mapped to, with labels in `lang`. */
export function fields(lang?: Lang | string | null): FieldInfo[];

/** The aggregates as semicolon CSV (formulas neutralised): headers, units and genders in `lang`, the stamp's rows below the table. */
export function aggregatesCsv(result: ResultLike, lang?: Lang | string | null): string;

/** The diagnostics as semicolon CSV (formulas neutralised); a workbook's participant findings name its sheet. */
export function diagnosticsCsv(result: ResultLike, lang?: Lang | string | null): string;

/** The individual-level report (personal data); needs `individualReport: true`. */
export function individualReportCsv(result: ResultLike, lang?: Lang | string | null): string;

/**
 * An annotated copy of the participant sheet as XLSX bytes: values copied
 * unchanged, problem cells filled and noted, and a sheet listing every
 * finding with a link to its cell. Holds the register's personal data.
 */
export function annotatedWorkbook(
  bytes: Uint8Array,
  result: ResultLike,
  lang?: Lang | string | null,
): Uint8Array;

/**
 * The streaming form: feed the file in chunks, then `finish()`. A CSV
 * file's rows are checked as the chunks arrive, so it is never held whole;
 * a workbook is kept until `finish()`.
 */
export class RegisterValidator {
  free(): void;
  constructor(options?: Options | null);
  /**
   * Says the file will be `total` bytes (e.g. `file.size`), so a workbook is
   * held in one buffer, never grown and copied; optional.
   */
  reserve(total: number): void;
  /**
   * Adds the next chunk; throws as soon as the file is over the size limit
   * or shows no header row.
   */
  push(chunk: Uint8Array): void;
  /** Bytes received so far. */
  readonly bytesReceived: number;
  /** Participant rows checked so far (CSV; a workbook's are read by `finish`). */
  readonly rowsRead: number;
  /**
   * Validates what was pushed; the validator is used up. `onProgress` is
   * called with the number of rows read so far.
   */
  finish(onProgress?: ((rows: number) => void) | null): ValidationResult;
  /**
   * `finish` for the first part of a large CSV file, pushed up to and
   * including a line break, whose rest a {@link RegisterPart} checked at the
   * same time (`part`: what its `finish` returned): the result for the whole
   * file. `undefined` when the two do not fit together (the first part did
   * not end outside quotes, or the part was refused): check the file whole
   * then. `reserve` must have been told the whole file's size.
   */
  finishWithPart(part: Uint8Array, onProgress?: ((rows: number) => void) | null): ValidationResult | undefined;
}

/**
 * The rest of a large CSV register, from a line break past its header,
 * checked (e.g. in a second worker) while a {@link RegisterValidator} reads
 * the part before it; join the two with {@link RegisterValidator.finishWithPart}.
 */
export class RegisterPart {
  free(): void;
  /**
   * `firstBytes`: the file's first 64 KB (the whole file if shorter);
   * `size`: the part's size in bytes, if known. Throws when the file cannot
   * be checked in parts (not CSV text, UTF-16, or no header in its first
   * 64 KB): check it whole then.
   */
  constructor(options: Options | null | undefined, firstBytes: Uint8Array, size?: number | null);
  /** Adds the next chunk of the part. */
  push(chunk: Uint8Array): void;
  /** Participant rows checked so far. */
  readonly rowsRead: number;
  /** Ends the part: its checked rows, for {@link RegisterValidator.finishWithPart}. */
  finish(): Uint8Array;
}
