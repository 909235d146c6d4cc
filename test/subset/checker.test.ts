import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFiles, portableFiles } from "../../tools/check-subset";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const REPO_ROOT = path.resolve(FIXTURES, "../../..");

/** Each bad fixture is named `rule-NN-what.ts` and marks the lines it expects with `// expect rule NN`. */
const RULE_FIXTURES = readdirSync(FIXTURES)
  .filter((name) => name.startsWith("rule-"))
  .sort();

function ruleOf(fixture: string): number {
  return Number(fixture.slice("rule-".length, "rule-".length + 2));
}

function expectedLines(fixture: string): number[] {
  const lines = readFileSync(path.join(FIXTURES, fixture), "utf8").split("\n");
  return lines.flatMap((line, index) => (/\/\/ expect rule \d+/.test(line) ? [index + 1] : []));
}

describe("check-subset on one bad fixture per rule", () => {
  it.each(RULE_FIXTURES)("%s breaks only its own rule, on the marked lines", (fixture) => {
    const findings = checkFiles([path.join(FIXTURES, fixture)]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((finding) => finding.rule !== ruleOf(fixture))).toEqual([]);
    const lines = [...new Set(findings.map((finding) => finding.line))];
    expect(lines).toEqual(expectedLines(fixture));
    expect(findings.every((finding) => finding.file === `test/subset/fixtures/${fixture}`)).toBe(true);
  });

  it("covers every rule the checker enforces", () => {
    const rules = new Set(RULE_FIXTURES.map(ruleOf));
    expect([...rules]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
  });
});

describe("check-subset on subset code", () => {
  it("finds nothing in a realistic clean file", () => {
    expect(checkFiles([path.join(FIXTURES, "clean.ts")])).toEqual([]);
  });

  it("finds nothing in the real portable tree (src/, hal/drivers/ and the files directly in hal/)", () => {
    const files = portableFiles();
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((file) => path.relative(REPO_ROOT, file))).toContain(path.join("hal", "api.ts"));
    expect(checkFiles(files)).toEqual([]);
  });
});

describe("check-subset on the command line", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "tools/check-subset.ts", ...args], { cwd: REPO_ROOT, encoding: "utf8" });

  it("prints file:line: rule N: message per finding and exits 1", () => {
    const result = run(["test/subset/fixtures/rule-11-for-in.ts"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("test/subset/fixtures/rule-11-for-in.ts:4: rule 11: `for...in` is not in the subset\n");
  });

  it("prints a one-line summary and exits 0 when clean", () => {
    const result = run(["test/subset/fixtures/clean.ts"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe("subset: 1 files clean\n");
  });
});
