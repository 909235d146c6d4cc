import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import tstl from "typescript-to-lua";
import type { Plugin } from "typescript-to-lua";
import { Artefact, BuildError, PROJECT_ROOT, errorsOf, formatDiagnostics } from "./project";

/** Options for `buildLuaBundle`. */
export interface LuaBundleOptions {
  /**
   * Module names left as `require(name)` in the bundle, for Lua to find (through
   * `package.preload` or `package.path`) at run time, e.g. `["mote"]` for a test module that runs
   * against the mote bundle. Their types still come from tsconfig.nodemcu.json's `paths`.
   */
  external?: string[];
}

const NODEMCU_DECLARATIONS = path.join(PROJECT_ROOT, "hal/nodemcu");

/**
 * Builds `entry` (a TypeScript module) into `outFile` with typescript-to-lua: one Lua file that,
 * run as a chunk (or loaded through `require`), returns the entry's exports table. The options
 * come from tsconfig.nodemcu.json (`luaTarget: "universal"`, the lualib helpers the bundle uses
 * and no others, `noImplicitSelf`); the bundle holds only the modules the entry reaches at run
 * time, stopping at the `external` ones.
 *
 * Type errors and transpiler diagnostics throw a BuildError listing them, writing nothing;
 * otherwise writes only `outFile` (creating its folder).
 */
export function buildLuaBundle(entry: string, outFile: string, options: LuaBundleOptions = {}): Artefact {
  const entryPath = path.resolve(PROJECT_ROOT, entry);
  const external = options.external ?? [];
  const config = tstl.parseConfigFileWithSystem(path.join(PROJECT_ROOT, "tsconfig.nodemcu.json"));
  if (config.errors.length > 0) throw new BuildError(formatDiagnostics(config.errors));
  const declarations = fs
    .readdirSync(NODEMCU_DECLARATIONS)
    .filter((name) => name.endsWith(".d.ts"))
    .map((name) => path.join(NODEMCU_DECLARATIONS, name));
  let code: string | undefined;
  const result = tstl.transpileFiles(
    [entryPath, ...declarations],
    {
      ...config.options,
      noEmit: false,
      outDir: path.dirname(outFile),
      luaBundle: path.basename(outFile),
      luaBundleEntry: entryPath,
      noResolvePaths: external,
      luaPlugins: [{ plugin: keepReachableModules(entryPath, external) }],
    },
    (_fileName, text) => {
      code = text;
    },
  );
  const errors = errorsOf(result.diagnostics);
  if (errors.length > 0) throw new BuildError(formatDiagnostics(errors));
  if (code === undefined) throw new BuildError(`${outFile}: typescript-to-lua wrote no bundle`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, code);
  return { outFile, bytes: Buffer.byteLength(code) };
}

/**
 * A typescript-to-lua plugin that drops from the bundle every module the entry does not reach
 * through the `require` calls typescript-to-lua printed. Without it the bundle would hold every
 * file of the program: type-only and erased imports, and whatever the `external` modules' type
 * mapping pulled in.
 */
function keepReachableModules(entryPath: string, external: string[]): Plugin {
  return {
    afterPrint(_program, options, _emitHost, files) {
      const byName = new Map(files.map((file) => [path.resolve(file.fileName), file]));
      const reached = new Set<string>();
      const queue = [entryPath];
      while (queue.length > 0) {
        const fileName = queue.pop() as string;
        const file = byName.get(fileName);
        if (file === undefined || reached.has(fileName)) continue;
        reached.add(fileName);
        for (const match of file.code.matchAll(/\brequire\("([^"]+)"\)/g)) {
          const specifier = match[1];
          if (external.includes(specifier)) continue;
          const resolved = ts.resolveModuleName(specifier, fileName, options, ts.sys).resolvedModule;
          if (resolved !== undefined) queue.push(path.resolve(resolved.resolvedFileName));
        }
      }
      for (let index = files.length - 1; index >= 0; index--) {
        if (!reached.has(path.resolve(files[index].fileName))) files.splice(index, 1);
      }
    },
  };
}
