// Compiled with `tsc --noEmit --strict` against the installed package
// (tests/npm/package.test.mjs): every input and output of the public API
// must type-check as a user would write it.
import {
  aggregatesCsv,
  aggregatesTable,
  annotatedWorkbook,
  annotatedWorkbookKind,
  catalogue,
  compareWithPrevious,
  diagnosticCodes,
  FileHasher,
  previewRows,
  registerTemplate,
  diagnosticsCsv,
  fields,
  individualReportCsv,
  RegisterValidator,
  validateId,
  validateRegister,
} from "amif-check";
import type {
  Aggregates,
  CheckError,
  ComparisonResult,
  PeriodFigures,
  Breakdown,
  Catalogue,
  Diagnostic,
  FieldInfo,
  IdResult,
  Indicator,
  Options,
  Summary,
  ValidationResult,
} from "amif-check";

const bytes: Uint8Array = new TextEncoder().encode("Personnummer;Kön\n811218-9876;M\n");

const options: Options = {
  referenceDate: "2026-11-22",
  country: "se",
  period: { from: "2024-01-01", to: "2026-12-31" },
  projectPeriod: { from: "2024-01-01", to: "2027-06-30" },
  mapping: { gender: "Kön" },
  lang: "en",
  individualReport: true,
  extraFiles: [{ name: "evaluations.csv", bytes }],
};

const result: ValidationResult = validateRegister(bytes, options);
validateRegister(bytes);
const summary: Summary = result.summary;
const rows: number = summary.rows + summary.rows_counted + summary.errors;
const aggregates: Aggregates = result.aggregates;
const version: string = aggregates.tool.version;
const schema: 1 = aggregates.schema_version;
const from: string | undefined = aggregates.period?.from;

for (const indicator of result.indicators as Indicator[]) {
  const code: string = indicator.code;
  const breakdown: Breakdown | null = indicator.breakdown;
  if (breakdown !== null) {
    const young: number = breakdown["<18"].kvinna + breakdown["18-60"]["icke-binär"] + breakdown[">60"].man;
    console.log(code, young);
  }
}

for (const d of result.diagnostics as Diagnostic[]) {
  const where: string = `${d.row ?? "-"}:${d.column ?? "-"}:${d.sheet ?? ""}`;
  const bad: boolean = d.severity === "error";
  console.log(where, bad, d.code, d.message);
}

const header: number = result.headerRow;
const sheet: string | null = result.sheet;
const mapped: (string | null)[] = result.columns.map((c) => c.field);
const people: string[] = (result.individuals ?? []).map((i) => `${i.id} ${i.ageCategory} ${i.gender} ${i.indicator}`);

const validator = new RegisterValidator({ referenceDate: "2026-11-22" });
validator.push(bytes.subarray(0, 10));
validator.push(bytes.subarray(10));
const received: number = validator.bytesReceived;
const streamed: ValidationResult = validator.finish((rowsRead: number) => console.log(rowsRead));
new RegisterValidator().finish();

const id: IdResult = validateId("811218-9876", { country: "se", context: "person", referenceDate: "2026-11-22" });
const canonical: string | null = id.canonical;
const kind: string | null = id.kind;
if (!id.valid && id.code === "id.checksum") console.log("check digit");
validateId("5560360793", { context: "org" });

const list: Catalogue = catalogue("fi");
const names: string[] = list.indicators.filter((i) => i.targetGroup && i.parent === null).map((i) => i.name);
const actionIndicators: string[] = list.actions.flatMap((a) => a.indicators);
const fieldList: FieldInfo[] = fields("sv");
const keys: string[] = fieldList.map((f) => f.key + f.label);
catalogue();

const csv: string = aggregatesCsv(result) + aggregatesCsv(result, "en") + diagnosticsCsv(streamed, "fi");
const individual: string = individualReportCsv(result);
const xlsx: Uint8Array = annotatedWorkbook(bytes, result, "sv");

// Wrong use must not type-check.
// @ts-expect-error lang is one of the known codes or a string, never a number
validateRegister(bytes, { lang: 1 });
// @ts-expect-error the register is bytes, not a string
validateRegister("Personnummer;Kön");
// @ts-expect-error individualReport is a boolean
validateRegister(bytes, { individualReport: "yes" });
// @ts-expect-error severity is error, warning or info
const nope: Diagnostic["severity"] = "fatal";

// Periods, the comparison, the template, the stamp and the thrown error.
const quarters: ValidationResult = validateRegister(bytes, { periods: "quarterly", projectPeriod: { from: "2024-01-01", to: "2024-12-31" } });
validateRegister(bytes, { periods: [{ from: "2024-01-01", to: "2024-06-30" }], mapping: [{ header: "Kön", field: "-" }] });
const periodTotals: number[] = (quarters.aggregates.periods ?? []).map((p: PeriodFigures) => p.indicators.length);
const change: ComparisonResult = compareWithPrevious(bytes, { lang: "fi" }, JSON.stringify(quarters.aggregates), bytes);
compareWithPrevious(bytes, null, "{}");
const why: string = change.problem_message ?? change.periods.map((p) => p.indicators.map((i) => `${i.code} ${i.then} ${i.now} ${i.reasons?.now_counted ?? "?"}`).join()).join();
const template: Uint8Array = registerTemplate({ country: "fi", action: "2D5", indicators: ["R.2.9"], lang: "fi" });
registerTemplate();
const markKind: "own" | "new" = annotatedWorkbookKind(bytes);
const sheetRows: string[][] = aggregatesTable(result, "fi");
const titles: string[] = diagnosticCodes("en").map((c) => `${c.code} ${c.severity} ${c.title}`);
const preview: number[] = previewRows(bytes, { rows: 5, lang: "en" }).rows.map((r) => r.number);
const hasher = new FileHasher();
hasher.update(bytes);
const sha: string = hasher.finish().sha256;
const stamped: string | undefined = result.aggregates.stamp.register?.sha256;
try {
  validateRegister(new Uint8Array());
} catch (e) {
  const thrown = e as CheckError;
  if (thrown.code === "header.not_found") console.log(thrown.sheet, thrown.params);
}
const parts = new RegisterValidator();
parts.hashOnly(bytes);

console.log(periodTotals, why, template, markKind, sheetRows, titles, preview, sha, stamped);
console.log(rows, version, schema, from, header, sheet, mapped, people, received, canonical, kind, names, actionIndicators, keys, csv, individual, xlsx, nope);
