/**
 * `npm run build`: builds the device artefacts (dist/espruino/mote.js, mote-client.js,
 * mote-client-311.js and dist/nodemcu/mote.lua) and prints their sizes, plain and gzipped. With
 * `--sources`, also the bytes each source file takes in each Espruino bundle. Then builds the
 * telemetry firmware of every board in boards/ into dist/<board>/ (tools/build/firmware.ts).
 * With `--board <id or board file>` (once or more), builds only that board's firmware. Exits 1, naming every problem, if a board
 * file, the type check, a bundler or the Espruino syntax check refuses the code.
 */
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { ESPRUINO_BUILDS, buildDeviceArtefacts } from "./build/artefacts";
import { BuildError, PROJECT_ROOT } from "./build/project";
import { buildFirmware } from "./build/firmware";
import { listBoards } from "./build/board";

const measureSources = process.argv.includes("--sources");
const boards = process.argv.flatMap((argument, index) => (argument === "--board" ? [process.argv[index + 1] ?? ""] : []));

/** Reports a failed build and exits 1. */
function fail(error: unknown): never {
  console.error(error instanceof BuildError ? error.message : error);
  process.exit(1);
}

if (boards.length > 0) {
  buildBoards(boards).catch(fail);
} else {
  buildLibraries().then(() => buildBoards(listBoards()), fail).catch(fail);
}

/** Builds the firmware of each board, one after the other, and prints what it wrote. */
async function buildBoards(boards: string[]): Promise<void> {
  const rows: string[][] = [];
  for (const board of boards) {
    if (board === "" || board.startsWith("--")) throw new BuildError("--board needs a board id (see boards/) or a board file's path");
    const firmware = await buildFirmware(board);
    const gzipBytes = gzipSync(readFileSync(firmware.outFile), { level: 9 }).length;
    rows.push([path.relative(PROJECT_ROOT, firmware.outFile), firmware.board.runtime, firmware.bytes.toLocaleString("en-US"), gzipBytes.toLocaleString("en-US")]);
  }
  console.log("");
  printTable(["firmware", "runtime", "bytes", "gzipped"], rows);
}

/** Builds the library artefacts (see the module comment). */
function buildLibraries(): Promise<void> {
  return buildDeviceArtefacts(measureSources).then(
    (built) => {
      const rows = [...ESPRUINO_BUILDS.map((build) => built[build.name]), built.nodemcu].map((artefact) => {
        const gzipBytes = gzipSync(readFileSync(artefact.outFile), { level: 9 }).length;
        return [path.relative(PROJECT_ROOT, artefact.outFile), artefact.bytes.toLocaleString("en-US"), gzipBytes.toLocaleString("en-US")];
      });
      printTable(["artefact", "bytes", "gzipped"], rows);
      if (!measureSources) return;
      for (const build of ESPRUINO_BUILDS) {
        const artefact = built[build.name];
        const sources = [...(artefact.sources ?? new Map<string, number>())].sort((a, b) => b[1] - a[1]);
        console.log(`\n${path.relative(PROJECT_ROOT, artefact.outFile)} by source (${artefact.mangled.length} property names shortened):`);
        printTable(["source", "bytes"], sources.map(([name, bytes]) => [name, bytes.toLocaleString("en-US")]));
      }
    },
  );
}

/** Prints `rows` under `header`, the first column left-aligned and the others right-aligned. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (cells: string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  console.log(format(header));
  for (const row of rows) console.log(format(row));
}
