/**
 * `npm run build`: builds the two device artefacts, dist/espruino/mote.js and
 * dist/nodemcu/mote.lua, and prints their sizes. Exits 1, naming every problem, if the type
 * check, a bundler or the Espruino syntax check refuses the code.
 */
import * as path from "node:path";
import { buildDeviceArtefacts } from "./build/artefacts";
import { BuildError, PROJECT_ROOT } from "./build/project";

buildDeviceArtefacts().then(
  ({ espruino, nodemcu }) => {
    const name = (file: string): string => path.relative(PROJECT_ROOT, file);
    console.log(`${name(espruino.outFile)}: ${espruino.bytes} bytes, ${espruino.gzipBytes} gzipped`);
    console.log(`${name(nodemcu.outFile)}: ${nodemcu.bytes} bytes`);
  },
  (error: unknown) => {
    console.error(error instanceof BuildError ? error.message : error);
    process.exit(1);
  },
);
