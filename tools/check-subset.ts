/**
 * `npm run check:subset`: checks the portable tree (`src/`, `hal/drivers/` and the files directly in
 * `hal/`) against the rules of SUBSET.md with the TypeScript compiler API, and prints
 * `file:line: rule N: message` per finding.
 * With file or folder arguments it checks those instead. Exits 1 when anything is found.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { checkHotPath } from "./subset/allocation";
import { checkCondition } from "./subset/conditions";
import type { FileContext, FileRule, Finding, NodeRule } from "./subset/context";
import { checkLoadOrder } from "./subset/load-order";
import { checkLoopClosure } from "./subset/loop-closures";
import { checkModuleFile } from "./subset/module-file";
import { checkName } from "./subset/names";
import { checkNegativeModulo, checkNumericLiteral } from "./subset/numbers";
import { checkOperator } from "./subset/operators";
import { checkSyntax } from "./subset/syntax";

export type { Finding } from "./subset/context";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The folders whose code must keep to the subset. */
const PORTABLE_FOLDERS = ["src", "hal/drivers"];

/**
 * The folders whose own files (not their runtime subfolders) are portable: the HAL's interfaces
 * and what both runtimes' HALs share, and the firmware written once for every runtime.
 */
const SHARED_FOLDERS = ["hal", "firmware"];

const NODE_RULES: NodeRule[] = [
  checkNumericLiteral,
  checkNegativeModulo,
  checkOperator,
  checkName,
  checkCondition,
  checkSyntax,
  checkLoopClosure,
  checkHotPath,
];

const FILE_RULES: FileRule[] = [checkModuleFile, checkLoadOrder];

/** Every `.ts` file (not `.d.ts`) under `target` recursively, sorted; a file is itself. */
function typeScriptFiles(target: string): string[] {
  if (!existsSync(target) || !statSync(target).isDirectory()) {
    return [target];
  }
  return readdirSync(target, { withFileTypes: true })
    .flatMap((entry) => {
      const entryPath = path.join(target, entry.name);
      if (entry.isDirectory()) {
        return typeScriptFiles(entryPath);
      }
      return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [entryPath] : [];
    })
    .sort();
}

/** The .ts files (not .d.ts) directly in `folder`, sorted; none when it does not exist. */
function ownFiles(folder: string): string[] {
  return existsSync(folder)
    ? readdirSync(folder, { withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
        .map((entry) => path.join(folder, entry.name))
        .sort()
    : [];
}

/**
 * The files `npm run check:subset` checks by default: everything under the portable folders, and
 * the .ts files directly in hal/ (api.ts and the pieces both runtimes' HALs share) and firmware/
 * (the firmware; its runtime entries are checked by the device builds).
 */
export function portableFiles(): string[] {
  return PORTABLE_FOLDERS.map((folder) => path.join(REPO_ROOT, folder))
    .filter((folder) => existsSync(folder))
    .flatMap(typeScriptFiles)
    .concat(SHARED_FOLDERS.flatMap((folder) => ownFiles(path.join(REPO_ROOT, folder))));
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(REPO_ROOT, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, REPO_ROOT).options;
}

/** Parsed lib and package declarations, shared by every program this process makes (they never change). */
const installedFiles = new Map<string, ts.SourceFile | undefined>();

function compilerHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const readSourceFile = host.getSourceFile;
  host.getSourceFile = (fileName, languageVersion, onError) => {
    if (!fileName.includes("/node_modules/")) {
      return readSourceFile(fileName, languageVersion, onError);
    }
    if (!installedFiles.has(fileName)) {
      installedFiles.set(fileName, readSourceFile(fileName, languageVersion, onError));
    }
    return installedFiles.get(fileName);
  };
  return host;
}

function checkFile(program: ts.Program, sourceFile: ts.SourceFile, findings: Finding[]): void {
  const file = path.relative(REPO_ROOT, sourceFile.fileName).split(path.sep).join("/");
  const seen = new Set<string>();
  const context: FileContext = {
    program,
    checker: program.getTypeChecker(),
    sourceFile,
    report(node, rule, message) {
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      const key = `${line}:${rule}:${message}`;
      if (!seen.has(key)) {
        seen.add(key);
        findings.push({ file, line, rule, message });
      }
    },
  };
  const visit = (node: ts.Node): void => {
    NODE_RULES.forEach((rule) => rule(node, context));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  FILE_RULES.forEach((rule) => rule(context));
}

/**
 * Checks `paths` (files, relative to the working directory or absolute) against SUBSET.md and
 * returns the findings sorted by file, line and rule. The files are type-checked together as one
 * program with the project's compiler options.
 */
export function checkFiles(paths: string[]): Finding[] {
  const rootNames = paths.map((file) => path.resolve(file));
  const options = compilerOptions();
  const program = ts.createProgram(rootNames, options, compilerHost(options));
  const findings: Finding[] = [];
  for (const rootName of rootNames) {
    const sourceFile = program.getSourceFile(rootName);
    if (sourceFile === undefined) {
      throw new Error(`check-subset: cannot read ${rootName}`);
    }
    checkFile(program, sourceFile, findings);
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule - b.rule);
}

function main(args: string[]): number {
  const files = args.length > 0 ? args.flatMap((arg) => typeScriptFiles(path.resolve(arg))) : portableFiles();
  const findings = checkFiles(files);
  for (const finding of findings) {
    console.log(`${finding.file}:${finding.line}: rule ${finding.rule}: ${finding.message}`);
  }
  if (findings.length > 0) {
    console.error(`subset: ${findings.length} findings in ${files.length} files`);
    return 1;
  }
  console.log(`subset: ${files.length} files clean`);
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv.slice(2));
}
