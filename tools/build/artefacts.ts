import * as fs from "node:fs";
import * as path from "node:path";
import { EspruinoArtefact, buildEspruinoBundle } from "./espruino";
import { buildLuaBundle } from "./nodemcu";
import { Artefact, PROJECT_ROOT } from "./project";

/** The device artefacts `npm run build` makes, and the sources they are made from. */
export const ARTEFACTS = {
  espruino: path.join(PROJECT_ROOT, "dist/espruino/mote.js"),
  nodemcu: path.join(PROJECT_ROOT, "dist/nodemcu/mote.lua"),
};

const SOURCE_FOLDERS = ["src", "hal", "tools"];

/** Builds both device artefacts (see buildEspruinoBundle and buildLuaBundle). */
export async function buildDeviceArtefacts(): Promise<{ espruino: EspruinoArtefact; nodemcu: Artefact }> {
  const espruino = await buildEspruinoBundle("hal/espruino/mote.ts", ARTEFACTS.espruino);
  const nodemcu = buildLuaBundle("hal/nodemcu/mote.ts", ARTEFACTS.nodemcu);
  return { espruino, nodemcu };
}

/**
 * Whether both artefacts exist and are newer than every file under src/, hal/ and tools/ and
 * the runtime tsconfigs. Only reads modification times.
 */
export function deviceArtefactsAreFresh(): boolean {
  const built = Object.values(ARTEFACTS).map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0));
  const sources = SOURCE_FOLDERS.flatMap((folder) =>
    fs
      .readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true, encoding: "utf8" })
      .map((name) => path.join(PROJECT_ROOT, folder, name)),
  ).concat(["tsconfig.espruino.json", "tsconfig.nodemcu.json"].map((name) => path.join(PROJECT_ROOT, name)));
  const newestSource = Math.max(...sources.map((file) => fs.statSync(file).mtimeMs));
  return Math.min(...built) > newestSource;
}
