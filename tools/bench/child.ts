/**
 * Runs a measuring program in a child Node process, bundled by esbuild the way our code ships
 * (const enums and the build-time switches of src/mqtt/features.ts inlined, "mote" resolved to
 * src/index.ts), so that what is measured is not the test runner's per-file transform and nothing
 * else in the parent's heap disturbs it. A server the measurements need (the benchmark's broker)
 * runs the same way, beside them.
 */
import { build } from "esbuild";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_ROOT } from "../build/project";

/** Bundles `source` (TypeScript, imports relative to the project root) into `folder`; returns the bundle's path. */
async function bundleChild(source: string, folder: string): Promise<string> {
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
  return bundle;
}

/**
 * Bundles `source` and runs it with `nodeFlags` and extra `environment`; returns what it
 * printed. Throws with its error output if it fails. Owns a temporary folder while it runs.
 */
export async function runBundledChild(source: string, environment: Record<string, string>, nodeFlags: string[]): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), "mote-child-"));
  try {
    const bundle = await bundleChild(source, folder);
    const child = spawnSync(process.execPath, [...nodeFlags, bundle], { env: { ...process.env, ...environment }, encoding: "utf8" });
    if (child.status !== 0) throw new Error(`measuring child failed: ${child.stderr}`);
    return child.stdout;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** How long a running child has to end after SIGTERM before it is killed. */
const STOP_GRACE_MS = 2000;

/** A child process left running beside the parent (a server), and the first line it printed. */
export interface RunningChild {
  pid: number;
  firstLine: string;
  /** Resolves with the next line it prints after the first (rejects if it exits first). */
  nextLine(): Promise<string>;
  /** Ends the child (SIGTERM) and resolves when it has exited; removes its temporary folder. */
  stop(): Promise<void>;
}

/**
 * Bundles `source` and starts it (with `nodeFlags`) without waiting for it to end; see
 * `startChild`. Its temporary folder goes when it stops.
 */
export async function startBundledChild(source: string, environment: Record<string, string>, nodeFlags: string[] = []): Promise<RunningChild> {
  const folder = mkdtempSync(join(tmpdir(), "mote-child-"));
  const removeFolder = (): void => rmSync(folder, { recursive: true, force: true });
  let bundle: string;
  try {
    bundle = await bundleChild(source, folder);
  } catch (error) {
    removeFolder();
    throw error;
  }
  return startChild([...nodeFlags, bundle], environment, removeFolder);
}

/**
 * Starts the TypeScript file `file` (relative to the project root) under tsx, as it is, with
 * `nodeFlags`; see `startChild`. For children that need the project's files where they are
 * (the simulator finds fengari's internals and the project root from its own location).
 */
export function startScriptChild(file: string, environment: Record<string, string>, nodeFlags: string[] = []): Promise<RunningChild> {
  return startChild([...nodeFlags, "--import", "tsx", join(PROJECT_ROOT, file)], environment, () => undefined);
}

/**
 * Starts Node with `args` without waiting for it to end; resolves once it has printed its first
 * line (e.g. the port it listens on); `nextLine` reads the ones after. Rejects, and ends the
 * child, if it exits or fails first. The child keeps running until `stop()` (SIGTERM, then
 * SIGKILL after two seconds), which then calls `cleanUp`; its stdin is a pipe from this process,
 * which closes if this process dies, so a child that ends when its stdin closes is never left
 * behind.
 */
async function startChild(args: string[], environment: Record<string, string>, cleanUp: () => void): Promise<RunningChild> {
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...process.env, ...environment }, stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let errors = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (text: string) => {
    errors = errors + text;
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    }
    cleanUp();
  };
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  let printed = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text: string) => {
    printed = printed + text;
    for (let end = printed.indexOf("\n"); end >= 0; end = printed.indexOf("\n")) {
      const line = printed.slice(0, end);
      printed = printed.slice(end + 1);
      const reader = waiting.shift();
      if (reader !== undefined) reader(line);
      else lines.push(line);
    }
  });
  const nextLine = (): Promise<string> =>
    new Promise<string>((resolve, reject) => {
      const line = lines.shift();
      if (line !== undefined) {
        resolve(line);
        return;
      }
      waiting.push(resolve);
      child.once("exit", (code) => reject(new Error(`child exited (${code}): ${errors}`)));
    });
  const firstLine = await nextLine().catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { pid: child.pid as number, firstLine, nextLine, stop };
}
