import * as path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The repository root (every path in the build is absolute, resolved from here). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A built artefact: where it is and how big. */
export interface Artefact {
  outFile: string;
  bytes: number;
}

/** Thrown when a build step refuses its input; the message lists every problem, one per line. */
export class BuildError extends Error {}

/**
 * Reads a tsconfig file of the project (compiler options, the file list, and the raw JSON for
 * tools with their own section, such as typescript-to-lua's `tstl`). Throws a BuildError if the
 * file has errors.
 */
export function readTsconfig(name: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(PROJECT_ROOT, name), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new BuildError(formatDiagnostics([diagnostic]));
    },
  });
  if (parsed === undefined) throw new BuildError(`${name}: cannot read`);
  if (parsed.errors.length > 0) throw new BuildError(formatDiagnostics(parsed.errors));
  return parsed;
}

/** Formats TypeScript diagnostics as `file:line:column: message`, one per line. */
export function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => PROJECT_ROOT,
    getNewLine: () => "\n",
  });
}

/** Only the errors among `diagnostics` (suggestions and messages are not failures). */
export function errorsOf(diagnostics: readonly ts.Diagnostic[]): ts.Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
}
