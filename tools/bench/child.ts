/**
 * Runs a measuring program in a child Node process, bundled by esbuild the way our code ships
 * (const enums and the build-time switches of src/mqtt/features.ts inlined, "mote" resolved to
 * src/index.ts), so that what is measured is not the test runner's per-file transform and nothing
 * else in the parent's heap disturbs it.
 */
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../build/project";

/**
 * Bundles `source` (TypeScript, imports relative to the project root) and runs it with
 * `nodeFlags` and extra `environment`; returns what it printed. Throws with its error output if
 * it fails. Owns a temporary folder while it runs.
 */
export async function runBundledChild(source: string, environment: Record<string, string>, nodeFlags: string[]): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), "mote-child-"));
  try {
    const bundle = join(folder, "child.cjs");
    await build({
      stdin: { contents: source, resolveDir: PROJECT_ROOT, loader: "ts" },
      bundle: true,
      minifySyntax: true,
      format: "cjs",
      platform: "node",
      outfile: bundle,
      alias: { mote: join(PROJECT_ROOT, "src/index.ts") },
      logLevel: "silent",
    });
    const child = spawnSync(process.execPath, [...nodeFlags, bundle], { env: { ...process.env, ...environment }, encoding: "utf8" });
    if (child.status !== 0) throw new Error(`measuring child failed: ${child.stderr}`);
    return child.stdout;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
