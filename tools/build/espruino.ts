import * as fs from "node:fs";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import ts from "typescript";
import { checkEspruinoSyntax, formatSyntaxFinding } from "../espruino-syntax";
import { renameReservedNames } from "../espruino-scopes";
import { FeatureSwitches, featuresPlugin } from "./features";
import { ManglePlan, exactNamesPattern, mangledPropertyNames } from "./mangle";
import { Artefact, BuildError, PROJECT_ROOT, errorsOf, formatDiagnostics, readTsconfig } from "./project";
import { SourceMap, bytesPerSource } from "./source-sizes";

/** Options for `buildEspruinoBundle`. */
export interface EspruinoBundleOptions {
  /**
   * Module names left as `require(name)` in the bundle, for Espruino to find among its cached
   * modules (e.g. `["mote"]` for a test module that runs against the mote bundle).
   */
  external?: string[];
  /** The switches of src/mqtt/features.ts this build turns off (none by default). */
  featuresOff?: FeatureSwitches;
  /** Which records' field names the bundle may shorten (none by default). */
  mangling?: ManglePlan;
  /** Also count the bundle's bytes per source file (from a source map; nothing more is written). */
  measureSources?: boolean;
  /**
   * Build a program rather than a module: the entry's code runs when the script does, inside one
   * function (no `module.exports`), after `prelude` (plain JavaScript, e.g. the board a firmware
   * embeds). For code Espruino runs at boot (`.bootcde`).
   */
  program?: { prelude: string };
}

/** An Espruino bundle: its size, and its size gzipped (what the bundle costs to send). */
export interface EspruinoArtefact extends Artefact {
  gzipBytes: number;
  /** Bytes per source file (relative to the project root), when measured. */
  sources?: Map<string, number>;
  /** The property names that were shortened. */
  mangled: string[];
}

/**
 * The newest edition Espruino runs whole: esbuild writes nothing newer, lowering what came later
 * (`**`, object spread, `?.`, `??` ...) where it can. What it cannot lower, or lowers into
 * something Espruino also lacks (async functions become generators), the syntax check refuses.
 */
const TARGET = "es2015";

/**
 * The most times the folded bundle is bundled again (each pass drops what the previous one found
 * dead, e.g. the code after an `if` that now always returns); it stops as soon as nothing changes.
 */
const MOST_FOLDING_PASSES = 4;

/** The namespace of the folded bundle, as the next pass loads it. */
const FOLDED_NAMESPACE = "mote-folded";

/**
 * What Espruino's `require` (hal/espruino loads `net` and `tls` with it) is called between the
 * passes: an ES module output would otherwise wrap it in a shim that needs `Proxy`.
 */
const REQUIRE_BETWEEN_PASSES = "__espruinoRequire";

/**
 * Builds `entry` (a TypeScript module) into `outFile`: one minified CommonJS script that
 * Espruino's `Modules.addCached(name, source)` accepts. It assigns `module.exports` a plain
 * object holding the entry's exports (esbuild's own CommonJS output defines them as getters,
 * which Espruino breaks) and reaches other modules only through `require` (the `external` ones).
 * With `options.program`, a script that runs the entry instead (see EspruinoBundleOptions).
 *
 * In passes. The first bundles the entry with the build's feature switches and inlines them;
 * esbuild decides what is reachable before it folds imported constants, so the output is bundled
 * again (up to MOST_FOLDING_PASSES times, until it no longer changes): one pass drops the branches
 * a switch that is off made dead, the next the functions and tables only they used. The last pass
 * minifies and shortens the internal property names of `options.mangling`; an identifier the
 * minifier called `of` or `static` (reserved words to Espruino's lexer) is then renamed.
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
  const program = typecheck(entryPath);
  const mangled = options.mangling === undefined ? [] : mangledPropertyNames(program, options.mangling);
  const sourcemap = options.measureSources === true;
  const folded = await esbuild.build({
    entryPoints: [entryPath],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: TARGET,
    minifySyntax: true,
    define: { require: REQUIRE_BETWEEN_PASSES },
    external,
    plugins: [featuresPlugin(options.featuresOff ?? [])],
    sourcemap: sourcemap ? "inline" : false,
    write: false,
    metafile: true,
    outfile: path.join(path.dirname(outFile), "folded.js"),
    logLevel: "silent",
  });
  const foldedFile = folded.outputFiles[0].path;
  const exportNames = Object.values(folded.metafile.outputs)[0].exports;
  let foldedText = folded.outputFiles[0].text;
  for (let pass = 0; pass < MOST_FOLDING_PASSES; pass++) {
    const again = await esbuild.build({
      entryPoints: [foldedFile],
      bundle: true,
      format: "esm",
      platform: "neutral",
      target: TARGET,
      minifySyntax: true,
      external,
      plugins: [foldedModulePlugin(foldedFile, foldedText)],
      sourcemap: sourcemap ? "inline" : false,
      outfile: foldedFile,
      write: false,
      logLevel: "silent",
    });
    if (again.outputFiles[0].text === foldedText) break;
    foldedText = again.outputFiles[0].text;
  }
  const result = await esbuild.build({
    stdin: {
      contents: options.program !== undefined ? `import ${JSON.stringify(foldedFile)};` : exportingWrapper(foldedFile, exportNames),
      resolveDir: PROJECT_ROOT,
      sourcefile: `${path.basename(outFile)} (exports)`,
      loader: "js",
    },
    bundle: true,
    format: "cjs",
    banner: options.program !== undefined ? { js: `${options.program.prelude}\n(function(){` } : undefined,
    footer: options.program !== undefined ? { js: "})();" } : undefined,
    platform: "neutral",
    target: TARGET,
    minify: true,
    mangleProps: mangled.length > 0 ? exactNamesPattern(mangled) : undefined,
    define: { [REQUIRE_BETWEEN_PASSES]: "require" },
    external,
    plugins: [foldedModulePlugin(foldedFile, foldedText)],
    sourcemap: sourcemap ? "external" : false,
    outfile: outFile,
    write: false,
    logLevel: "silent",
  });
  const code = result.outputFiles.find((file) => !file.path.endsWith(".map"));
  if (code === undefined) throw new BuildError(`${outFile}: esbuild wrote no bundle`);
  const text = renameReservedNames(code.text);
  const findings = checkEspruinoSyntax(text);
  if (findings.length > 0) {
    throw new BuildError(
      [
        `${outFile}: Espruino cannot run this bundle:`,
        ...findings.map((finding) => formatSyntaxFinding(outFile, finding)),
      ].join("\n"),
    );
  }
  const map = result.outputFiles.find((file) => file.path.endsWith(".map"));
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, text);
  return {
    outFile,
    bytes: Buffer.byteLength(text),
    gzipBytes: gzipSync(text, { level: 9 }).length,
    sources: map === undefined ? undefined : bytesPerSource(text, JSON.parse(map.text) as SourceMap, path.dirname(outFile)),
    mangled,
  };
}

/** Type-checks the entry and everything it imports as Espruino code; returns the program. */
function typecheck(entryPath: string): ts.Program {
  const config = readTsconfig("tsconfig.espruino.json");
  const globals = path.join(PROJECT_ROOT, "hal/espruino/globals.d.ts");
  const program = ts.createProgram([entryPath, globals], config.options);
  const errors = errorsOf(ts.getPreEmitDiagnostics(program));
  if (errors.length > 0) throw new BuildError(formatDiagnostics(errors));
  return program;
}

/** An esbuild plugin that serves the first pass's output (`text`, at `file`) to the second. */
function foldedModulePlugin(file: string, text: string): esbuild.Plugin {
  return {
    name: "mote-folded",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => (args.path === file ? { path: file, namespace: FOLDED_NAMESPACE } : undefined));
      build.onLoad({ filter: /.*/, namespace: FOLDED_NAMESPACE }, () => ({ contents: text, loader: "js", resolveDir: path.dirname(file) }));
    },
  };
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
