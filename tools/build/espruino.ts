import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import ts from "typescript";
import { checkEspruinoSyntax, formatSyntaxFinding } from "../espruino-syntax";
import { Artefact, BuildError, PROJECT_ROOT, errorsOf, formatDiagnostics, readTsconfig } from "./project";

/** Options for `buildEspruinoBundle`. */
export interface EspruinoBundleOptions {
  /**
   * Module names left as `require(name)` in the bundle, for Espruino to find among its cached
   * modules (e.g. `["mote"]` for a test module that runs against the mote bundle).
   */
  external?: string[];
}

/** An Espruino bundle: its size, and its size gzipped (what the bundle costs to send). */
export interface EspruinoArtefact extends Artefact {
  gzipBytes: number;
}

/**
 * The newest edition Espruino runs whole: esbuild writes nothing newer, lowering what came later
 * (`**`, object spread, `?.`, `??` ...) where it can. What it cannot lower, or lowers into
 * something Espruino also lacks (async functions become generators), the syntax check refuses.
 */
const TARGET = "es2015";

/**
 * Builds `entry` (a TypeScript module) into `outFile`: one minified CommonJS script that
 * Espruino's `Modules.addCached(name, source)` accepts. It assigns `module.exports` a plain
 * object holding the entry's exports (esbuild's own CommonJS output defines them as getters,
 * which Espruino breaks) and reaches other modules only through `require` (the `external` ones).
 *
 * First type-checks the entry against tsconfig.espruino.json (Espruino's globals, "mote" mapped
 * to hal/espruino/mote.ts); after bundling, the syntax check (tools/espruino-syntax.ts) must find
 * nothing. Throws a BuildError listing every problem, writing nothing; otherwise writes only
 * `outFile` (creating its folder).
 */
export async function buildEspruinoBundle(
  entry: string,
  outFile: string,
  options: EspruinoBundleOptions = {},
): Promise<EspruinoArtefact> {
  const entryPath = path.resolve(PROJECT_ROOT, entry);
  const external = options.external ?? [];
  typecheck(entryPath);
  const exportNames = await listExports(entryPath, external);
  const result = await esbuild.build({
    stdin: {
      contents: exportingWrapper(entryPath, exportNames),
      resolveDir: PROJECT_ROOT,
      sourcefile: `${path.basename(outFile)} (exports)`,
      loader: "js",
    },
    bundle: true,
    format: "cjs",
    platform: "neutral",
    target: TARGET,
    minify: true,
    external,
    write: false,
    logLevel: "silent",
  });
  const text = result.outputFiles[0].text;
  const findings = checkEspruinoSyntax(text);
  if (findings.length > 0) {
    throw new BuildError(
      [
        `${outFile}: Espruino cannot run this bundle:`,
        ...findings.map((finding) => formatSyntaxFinding(outFile, finding)),
      ].join("\n"),
    );
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, text);
  return {
    outFile,
    bytes: Buffer.byteLength(text),
    gzipBytes: gzipSync(text, { level: 9 }).length,
  };
}

/** Type-checks the entry and everything it imports as Espruino code. */
function typecheck(entryPath: string): void {
  const config = readTsconfig("tsconfig.espruino.json");
  const globals = path.join(PROJECT_ROOT, "hal/espruino/globals.d.ts");
  const program = ts.createProgram([entryPath, globals], config.options);
  const errors = errorsOf(ts.getPreEmitDiagnostics(program));
  if (errors.length > 0) throw new BuildError(formatDiagnostics(errors));
}

/** The names the entry module exports, as esbuild sees them once it has bundled it. */
async function listExports(entryPath: string, external: string[]): Promise<string[]> {
  const result = await esbuild.build({
    entryPoints: [entryPath],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: TARGET,
    external,
    write: false,
    metafile: true,
    outfile: "exports.js",
    logLevel: "silent",
  });
  return Object.values(result.metafile.outputs)[0].exports;
}

/** A module that imports each export of the entry and assigns them all to `module.exports`. */
function exportingWrapper(entryPath: string, exportNames: string[]): string {
  const imports = exportNames.map((name, index) => `${JSON.stringify(name)} as export${index}`);
  const fields = exportNames.map((name, index) => `${JSON.stringify(name)}: export${index}`);
  return [
    `import { ${imports.join(", ")} } from ${JSON.stringify(entryPath)};`,
    `module.exports = { ${fields.join(", ")} };`,
  ].join("\n");
}
