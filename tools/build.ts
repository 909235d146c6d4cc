/**
 * `npm run build`: builds the device artefacts (dist/espruino/mote.js, mote-client.js,
 * mote-client-311.js and dist/nodemcu/mote.lua) and prints their sizes, plain and gzipped. With
 * `--sources`, also the bytes each source file takes in each Espruino bundle. Exits 1, naming
 * every problem, if the type check, a bundler or the Espruino syntax check refuses the code.
 */
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { ESPRUINO_BUILDS, buildDeviceArtefacts } from "./build/artefacts";
import { BuildError, PROJECT_ROOT } from "./build/project";

const measureSources = process.argv.includes("--sources");

buildDeviceArtefacts(measureSources).then(
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
  (error: unknown) => {
    console.error(error instanceof BuildError ? error.message : error);
    process.exit(1);
  },
);

/** Prints `rows` under `header`, the first column left-aligned and the others right-aligned. */
function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const format = (cells: string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  console.log(format(header));
  for (const row of rows) console.log(format(row));
}
