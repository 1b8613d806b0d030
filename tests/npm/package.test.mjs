// The npm package as a user gets it: build, `npm pack`, install the tarball
// into an empty project, then validate the messy register through the
// public API with require and import and compare with `amif-check report`.
// Run: node --test tests/npm/package.test.mjs   (tests/npm/run.sh does)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const register = path.join(root, "tests/fixtures/messy_register.csv");
const referenceDate = "2026-11-22";

let project;
let packed;

function run(command, args, options = {}) {
  return execFileSync(command, args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
    ...options,
  });
}

/** Runs a script file inside the test project; its stdout is JSON. */
function script(name, source) {
  writeFileSync(path.join(project, name), source);
  return JSON.parse(run(process.execPath, [name], { cwd: project }));
}

/** What the CLI reports for the same register (exit 1: it has errors). */
function cli(format) {
  const out = spawnSync(
    "cargo",
    ["run", "--quiet", "--locked", "--", "report", register, "--reference-date", referenceDate, "--format", format],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] },
  );
  assert.ok(out.status === 0 || out.status === 1, `amif-check report exited ${out.status}`);
  return out.stdout;
}

before(() => {
  if (process.env.AMIF_NPM_PREBUILT !== "1") {
    run("bash", [path.join(root, "pkg-templates/npm/build.sh")], { stdio: ["ignore", "inherit", "inherit"] });
  }
  project = mkdtempSync(path.join(tmpdir(), "amif-check-npm-"));
  const [info] = JSON.parse(run("npm", ["pack", "--json", "--pack-destination", project], { cwd: path.join(root, "pkg") }));
  packed = info;
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "amif-check-user", private: true, type: "module" }),
  );
  // The tarball has no dependencies: nothing is fetched.
  run("npm", ["install", "--offline", "--no-audit", "--no-fund", path.join(project, info.filename)], { cwd: project });
});

after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

test("the tarball holds the three builds, typed, and nothing else", () => {
  const files = packed.files.map((f) => f.path).sort();
  for (const dir of ["node", "bundler", "web"]) {
    assert.ok(files.includes(`${dir}/amif_check_bg.wasm`), `${dir} wasm`);
    assert.ok(files.includes(`${dir}/amif_check.js`), `${dir} js`);
    assert.ok(files.includes(`${dir}/amif_check.d.ts`), `${dir} types`);
    const types = readFileSync(path.join(root, "pkg", dir, "amif_check.d.ts"), "utf8");
    assert.match(types, /export function validateRegister\(bytes: Uint8Array, options\?: Options \| null\): ValidationResult;/);
  }
  assert.ok(files.includes("node/index.mjs"));
  assert.ok(files.includes("README.md"));
  assert.ok(!files.some((f) => f.endsWith(".gitignore") || f.endsWith(".rs")), files.join(" "));
  const manifest = JSON.parse(readFileSync(path.join(project, "node_modules/amif-check/package.json"), "utf8"));
  assert.equal(manifest.name, "amif-check");
  assert.equal(manifest.license, "EUPL-1.2");
  assert.ok(!("dependencies" in manifest));
});

// The size target of the page's download, so growth is caught: 500 KB. The
// build is ~397 KB since XLSX, ODS and CSV decoding are our own and calamine
// (with encoding_rs) is native-only (README, "Size"). AMIF_WASM_GZ_BUDGET
// (bytes) overrides the ceiling.
const budget = Number(process.env.AMIF_WASM_GZ_BUDGET || 500 * 1000);

test(`the gzipped .wasm is at most ${budget} bytes`, () => {
  const wasm = readFileSync(path.join(project, "node_modules/amif-check/web/amif_check_bg.wasm"));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  console.log(`amif_check_bg.wasm: ${wasm.length} bytes, ${gzipped} gzipped`);
  assert.ok(gzipped <= budget, `${gzipped} bytes gzipped, over the budget of ${budget}`);
});

test("require() gives the CLI's aggregates", () => {
  const expected = JSON.parse(cli("json"));
  const got = script(
    "check.cjs",
    `const amif = require("amif-check");
     const bytes = require("fs").readFileSync(${JSON.stringify(register)});
     const result = amif.validateRegister(bytes, { referenceDate: ${JSON.stringify(referenceDate)} });
     process.stdout.write(JSON.stringify(result.aggregates));`,
  );
  assert.deepEqual(got, expected);
  assert.equal(got.tool.name, "amif-check");
});

test("import gives the CLI's aggregates, and the same CSV", () => {
  const expected = JSON.parse(cli("json"));
  const got = script(
    "check.mjs",
    `import { readFileSync } from "node:fs";
     import { validateRegister, aggregatesCsv } from "amif-check";
     const result = validateRegister(readFileSync(${JSON.stringify(register)}), { referenceDate: ${JSON.stringify(referenceDate)} });
     process.stdout.write(JSON.stringify({ aggregates: result.aggregates, csv: aggregatesCsv(result) }));`,
  );
  assert.deepEqual(got.aggregates, expected);
  assert.equal(got.csv, cli("csv"));
});

test("the streaming validator, identifiers, catalogue and the annotated copy from Node", () => {
  const got = script(
    "more.mjs",
    `import { readFileSync } from "node:fs";
     import amif, { RegisterValidator, validateId, catalogue, fields, annotatedWorkbook, diagnosticsCsv } from "amif-check";
     const bytes = readFileSync(${JSON.stringify(register)});
     const validator = new RegisterValidator({ referenceDate: ${JSON.stringify(referenceDate)}, lang: "en" });
     for (let at = 0; at < bytes.length; at += 64) validator.push(bytes.subarray(at, at + 64));
     const progress = [];
     const result = validator.finish((rows) => progress.push(rows));
     const xlsx = annotatedWorkbook(bytes, result);
     let thrown = null;
     try { amif.validateRegister(bytes, { lang: "xx" }); } catch (e) { thrown = e instanceof Error ? e.message : String(e); }
     process.stdout.write(JSON.stringify({
       received: bytes.length,
       progress,
       errors: result.summary.errors,
       diagnostics: result.diagnostics.length,
       csvHeader: diagnosticsCsv(result).split("\\r\\n")[0],
       id: validateId("811218-9876", { referenceDate: "2026-11-22" }),
       indicators: catalogue("en").indicators.length,
       fields: fields().length,
       xlsx: Array.from(xlsx.subarray(0, 4)),
       thrown,
     }));`,
  );
  assert.ok(got.progress.length >= 1);
  assert.ok(got.errors > 0 && got.diagnostics > 0);
  assert.equal(got.csvHeader, "\ufeffRow;Column;Severity;Code;Message;Sheet");
  assert.deepEqual(got.id, {
    valid: true,
    canonical: "198112189876",
    kind: "personnummer",
    code: null,
    birthDate: "1981-12-18",
    temporary: false,
  });
  assert.ok(got.indicators > 20);
  assert.ok(got.fields > 5);
  assert.deepEqual(got.xlsx, [0x50, 0x4b, 0x03, 0x04]);
  assert.match(got.thrown, /lang/);
});

test("a file in two parts gives the CLI's aggregates", () => {
  const expected = JSON.parse(cli("json"));
  const got = script(
    "parts.mjs",
    `import { readFileSync } from "node:fs";
     import { RegisterValidator, RegisterPart } from "amif-check";
     const bytes = readFileSync(${JSON.stringify(register)});
     const options = { referenceDate: ${JSON.stringify(referenceDate)} };
     const split = bytes.indexOf(10, bytes.length >> 1) + 1;
     const first = new RegisterValidator(options);
     first.reserve(bytes.length);
     first.push(bytes.subarray(0, split));
     first.hashOnly(bytes.subarray(split));
     const part = new RegisterPart(options, bytes.subarray(0, 65536), bytes.length - split);
     part.push(bytes.subarray(split));
     const result = first.finishWithPart(part.finish());
     process.stdout.write(JSON.stringify(result === undefined ? null : result.aggregates));`,
  );
  assert.deepEqual(got, expected);
});

/** `amif-check ARGS…` (the debug build `cargo test` made); stdout (exit 0 or 1: findings are no failure). */
function amif(...args) {
  const out = spawnSync("cargo", ["run", "--quiet", "--locked", "--", ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  assert.ok(out.status === 0 || out.status === 1, `amif-check ${args[0]} exited ${out.status}`);
  return out.stdout;
}

test("periods, the comparison with the last report and the template are the CLI's", () => {
  const q1 = path.join(root, "tests/fixtures/quarter1.csv");
  const q2 = path.join(root, "tests/fixtures/quarter2.csv");
  const project = ["--project-period", "2025-01-01..2025-12-31", "--periods", "quarterly"];
  const first = amif("report", q1, "--reference-date", "2025-04-05", ...project);
  const previous = path.join(tmpdir(), `amif-q1-${process.pid}.json`);
  writeFileSync(previous, first);
  const expected = JSON.parse(
    amif("report", q2, "--reference-date", "2025-07-05", ...project, "--previous", previous, "--previous-register", q1),
  );
  rmSync(previous);
  const cliTemplate = path.join(tmpdir(), `amif-template-${process.pid}.xlsx`);
  amif("template", "--country", "fi", "--lang", "fi", "--indicators", "O.2.3,O.2.2,R.2.9", cliTemplate);
  const got = script(
    "quarters.mjs",
    `import { readFileSync } from "node:fs";
     import { validateRegister, compareWithPrevious, registerTemplate } from "amif-check";
     const options = { referenceDate: "2025-07-05", projectPeriod: { from: "2025-01-01", to: "2025-12-31" }, periods: "quarterly" };
     const q2 = readFileSync(${JSON.stringify(q2)});
     const { aggregates } = validateRegister(q2, options);
     const { problem_message, ...comparison } = compareWithPrevious(q2, options, ${JSON.stringify(first)}, readFileSync(${JSON.stringify(q1)}));
     const template = registerTemplate({ country: "fi", lang: "fi", indicators: ["O.2.3", "O.2.2", "R.2.9"] });
     process.stdout.write(JSON.stringify({ aggregates, comparison, problem_message, template: Buffer.from(template).toString("base64") }));`,
  );
  const { comparison, ...counted } = expected;
  assert.deepEqual(got.aggregates, counted);
  assert.deepEqual(got.comparison, comparison);
  assert.equal(got.problem_message, null);
  assert.equal(got.template, readFileSync(cliTemplate).toString("base64"), "the same template bytes");
  rmSync(cliTemplate);
});

test("the web build loads with initSync", () => {
  const got = script(
    "web.mjs",
    `import { readFileSync } from "node:fs";
     import { initSync, validateRegister } from "amif-check/web";
     initSync({ module: readFileSync(new URL("./node_modules/amif-check/web/amif_check_bg.wasm", import.meta.url)) });
     const result = validateRegister(readFileSync(${JSON.stringify(register)}), { referenceDate: ${JSON.stringify(referenceDate)} });
     process.stdout.write(JSON.stringify(result.aggregates));`,
  );
  assert.deepEqual(got, JSON.parse(cli("json")));
});

test("tsc --noEmit --strict accepts the typed calls", () => {
  const tsc = path.join(root, "tests/node_modules/typescript/bin/tsc");
  assert.ok(existsSync(tsc), "typescript is installed by tests/tools/ensure.sh (ensure_node_deps)");
  copyFileSync(path.join(here, "types-check.ts"), path.join(project, "types-check.ts"));
  copyFileSync(path.join(here, "tsconfig.json"), path.join(project, "tsconfig.json"));
  // Node's resolution (the "node" condition) …
  run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: project });
  // … and a bundler's (the "types"/"default" conditions).
  run(process.execPath, [tsc, "-p", "tsconfig.json", "--module", "esnext", "--moduleResolution", "bundler"], { cwd: project });
});
