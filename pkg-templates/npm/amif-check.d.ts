/**
 * amif-check: participant-register validator and indicator calculator for
 * AMIF 2021–2027 beneficiaries in Sweden and Finland. Everything runs on the
 * user's machine; nothing is sent anywhere.
 *
 * Dates are strings written `YYYY-MM-DD`. Absent values are `null`.
 * Every function throws an `Error` whose message is in the chosen language
 * when its input cannot be used; a register that cannot be checked throws a
 * {@link CheckError}, which also says why by code.
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

/**
 * Thrown when a register cannot be checked at all: the file is empty, a
 * PDF, encrypted, damaged, over the limits, or no header row was found.
 */
export interface CheckError extends Error {
  /** `header.not_found` (offer the user a choice of header row) or `file.unreadable`, `file.too_large`, …: see {@link diagnosticCodes}. */
  code: string;
  /** The sheet the problem is on, when it names one. */
  sheet: string | null;
  /** The finding's parameters, e.g. `{reason: "pdf"}`; never a cell's content. */
  params: Record<string, string>;
}

/** One column choice: the column headed `header` (as written) is `field` (`-`: not used). */
export interface ColumnChoice {
  header: string;
  field: string;
}

/** Options of {@link validateRegister} and {@link RegisterValidator}; all optional. */
export interface Options {
  /** Date ages and `date.future` are judged against (`YYYY-MM-DD`); today by default. */
  referenceDate?: string;
  /** Which country's identifiers the register holds; detected when absent. */
  country?: Country | string;
  /** Reporting period: only participants who started in it are counted. */
  period?: Period;
  /**
   * Count in each reporting period too (`aggregates.periods`), besides the
   * whole register: `quarterly`, `half-yearly` or `yearly` (from the project
   * period's start, else the first error-free start date), `"FROM..TO,FROM..TO"`, or a
   * list of periods. Not together with `period`.
   */
  periods?: "quarterly" | "half-yearly" | "yearly" | string | Period[];
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
   * Column overrides, either as a list of {@link ColumnChoice} (which can
   * leave several columns unused) or as an object: field key (as
   * {@link fields} lists, e.g. `gender`, `indicator:O.2.3.1`, `-` for not
   * used) → the column's header as written in the file.
   */
  mapping?: ColumnChoice[] | Record<string, string>;
  /** Language of messages; `sv` by default. */
  lang?: Lang | string;
  /** Finnish action code (e.g. `2D5`): indicators outside it are warned about. */
  action?: string;
  /** Keep individual-level records so {@link individualReportCsv} can run. */
  individualReport?: boolean;
  /**
   * `false`: the check does not hash the register file for
   * `stamp.register`; the caller hashes it (e.g. WebCrypto, in parallel) and
   * hands the stamp to {@link RegisterValidator.finish}. Hashing takes about
   * a fifth of a CSV check's time. `true` by default.
   */
  hashFile?: boolean;
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
    /** The `periods` option as given (`quarterly`, or `FROM..TO,…`). */
    periods: string | null;
  };
  /** The further files (evaluations, organisations, items), by name and content. */
  further_files: ({ name: string } & FileStamp)[];
}

/** One reporting period's figures: the persons (and things) whose first participation falls in it. */
export interface PeriodFigures {
  /** `YYYY-MM-DD` */
  from: string;
  /** `YYYY-MM-DD` */
  to: string;
  indicators: Indicator[];
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
  /** With the `periods` option: each period's figures; where the periods cover every first participation they add up to `indicators`. */
  periods?: PeriodFigures[];
  /** Only in `amif-check report --previous`'s output; see {@link compareWithPrevious}. */
  comparison?: Comparison;
}

/** Why a figure changed: persons, counted per reason (never listed). Then + what came − what went = now. */
export interface Reasons {
  /** Counted here now and nowhere under the indicator then (a row added or fixed). */
  now_counted: number;
  /** Counted here then and nowhere now (a row now in error, a person conflict, a row removed). */
  no_longer_counted: number;
  /** Counted here now, in a later period then (a row added or corrected with an earlier start date). */
  from_later_period: number;
  /** Counted here then, in an earlier period now. */
  to_earlier_period: number;
  /** Counted here now, in an earlier period then. */
  from_earlier_period: number;
  /** Counted here then, in a later period now. */
  to_later_period: number;
  /** Counted here then and now, in another age category (a birth date corrected). */
  age_category_changed: number;
}

export interface IndicatorChange {
  code: string;
  then: number;
  now: number;
  difference: number;
  /** `null` without the earlier register, and for what is not counted in persons. */
  reasons: Reasons | null;
}

export interface PeriodChange {
  /** `null` when the earlier file had no periods (the whole register). */
  from: string | null;
  to: string | null;
  indicators: IndicatorChange[];
}

/** Why an earlier report cannot be compared with, or why the reasons are not told. */
export type ComparisonProblem =
  | "not_json"
  | "other_tool"
  | "other_schema"
  | "other_project_period"
  | "other_country"
  | "previous_register_not_stamped";

/** What changed since an earlier report (see {@link compareWithPrevious}). */
export interface Comparison {
  previous_reference_date: string | null;
  problem: ComparisonProblem | null;
  /** Whether the reasons were told (the earlier register was given and is the stamped one). */
  reasons_known: boolean;
  periods: PeriodChange[];
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
export function previewRows(
  bytes: Uint8Array,
  options?: { sheet?: string; rows?: number; lang?: Lang | string } | null,
): Preview;

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

/** The rows of {@link aggregatesCsv} as text: the indicator table (header first), then each period's table, the comparison and the stamp, each after an empty row. */
export function aggregatesTable(result: ResultLike, lang?: Lang | string | null): string[][];

/** Checks one identifier. */
export function validateId(text: string, options?: IdOptions | null): IdResult;

/** The indicator catalogue with names in `lang` (sv by default). */
export function catalogue(lang?: Lang | string | null): Catalogue;

/** The fields a participant column can be mapped to, with labels in `lang`. */
export function fields(lang?: Lang | string | null): FieldInfo[];

/** The aggregates as semicolon CSV (formulas neutralised): headers, units and genders in `lang`; periods, comparison and the stamp's rows below the table. */
export function aggregatesCsv(result: ResultLike, lang?: Lang | string | null): string;

/** The diagnostics as semicolon CSV (formulas neutralised); a workbook's participant findings name its sheet. */
export function diagnosticsCsv(result: ResultLike, lang?: Lang | string | null): string;

/** The individual-level report (personal data); needs `individualReport: true`. */
export function individualReportCsv(result: ResultLike, lang?: Lang | string | null): string;

/**
 * The register with its findings marked, as XLSX bytes; holds the
 * register's personal data. For an XLSX or XLSM file it is the user's own
 * workbook: problem cells of the participant sheet filled (errors red,
 * warnings yellow) and noted, a sheet listing every finding added, every
 * other part copied unchanged; a workbook that cannot be marked safely
 * throws, never half copied. For CSV and ODS it is a new workbook holding
 * the participant table only (see {@link annotatedWorkbookKind}).
 */
export function annotatedWorkbook(
  bytes: Uint8Array,
  result: ResultLike,
  lang?: Lang | string | null,
): Uint8Array;

/** What {@link annotatedWorkbook} makes of these bytes: `own` (the user's workbook, marked) or `new` (a new workbook with the participant table only). */
export function annotatedWorkbookKind(bytes: Uint8Array): "own" | "new";

/** Options of {@link registerTemplate}; as `amif-check template` takes them. */
export interface TemplateOptions {
  /** Whose identifiers and words the template uses; `se` by default. */
  country?: Country | string;
  /** Finnish action code (e.g. `2D5`): one column per indicator of the action. */
  action?: string;
  /** Indicator codes to give a column each, added to the action's; neither gives O.2.3 with R.2.9. */
  indicators?: string[];
  /** Language of headers and instructions; `sv` by default. */
  lang?: Lang | string;
}

/**
 * A register template as XLSX bytes: a participant sheet with the headers
 * the reader recognises (ID column as text, lists for gender and yes/no,
 * date checks), one column per indicator, an evaluation or organisations
 * sheet when the indicators need one, and an instructions sheet.
 */
export function registerTemplate(options?: TemplateOptions | null): Uint8Array;

/** What {@link compareWithPrevious} returns: a {@link Comparison} with its problem in words. */
export interface ComparisonResult extends Comparison {
  /** The problem in the options' language. */
  problem_message: string | null;
}

/**
 * What changed since an earlier report: `register` counted with `options`
 * in the periods of `previousJson` (the aggregates JSON an earlier check
 * wrote), figure for figure; with `previousRegister` (that check's register
 * file) the reasons too, counted, never listed by person. An earlier file
 * that cannot be compared with gives its `problem`, never a throw.
 */
export function compareWithPrevious(
  register: Uint8Array,
  options: Options | null | undefined,
  previousJson: string,
  previousRegister?: Uint8Array | null,
): ComparisonResult;

/**
 * {@link compareWithPrevious} for a register held as sheets of cells, in the
 * shape {@link validateGrid} takes (the Excel add-in's open workbook).
 */
export function compareGridWithPrevious(
  workbook: { sheets: GridSheet[]; date1904?: boolean },
  options: Options | null | undefined,
  previousJson: string,
  previousRegister?: Uint8Array | null,
): ComparisonResult;

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
  /**
   * The rest of the file, which a {@link RegisterPart} checks: hashed for
   * `stamp.register`, not read. Without it `finishWithPart`'s stamp has no
   * `register`.
   */
  hashOnly(chunk: Uint8Array): void;
  /** Bytes received so far. */
  readonly bytesReceived: number;
  /** Participant rows checked so far (CSV; a workbook's are read by `finish`). */
  readonly rowsRead: number;
  /**
   * Validates what was pushed; the validator is used up. `onProgress` is
   * called with the number of rows read so far. `stamp`: the file's, when
   * the caller hashed it (`hashFile: false`); its `bytes` must be the size
   * pushed (for `finishWithPart`, the whole file's).
   */
  finish(onProgress?: ((rows: number) => void) | null, stamp?: FileStamp | null): ValidationResult;
  /**
   * `finish` for the first part of a large CSV file, pushed up to and
   * including a line break, whose rest a {@link RegisterPart} checked at the
   * same time (`part`: what its `finish` returned): the result for the whole
   * file. `undefined` when the two do not fit together (the first part did
   * not end outside quotes, or the part was refused): check the file whole
   * then. `reserve` must have been told the whole file's size.
   */
  finishWithPart(
    part: Uint8Array,
    onProgress?: ((rows: number) => void) | null,
    stamp?: FileStamp | null,
  ): ValidationResult | undefined;
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
