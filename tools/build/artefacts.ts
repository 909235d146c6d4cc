import * as fs from "node:fs";
import * as path from "node:path";
import { EspruinoArtefact, EspruinoBundleOptions, buildEspruinoBundle } from "./espruino";
import { CLIENT_311_FEATURES, CLIENT_FEATURES } from "./features";
import { CLIENT_BUNDLE_MANGLING, FULL_BUNDLE_MANGLING } from "./mangle";
import { buildLuaBundle } from "./nodemcu";
import { Artefact, PROJECT_ROOT } from "./project";

/** The device artefacts `npm run build` makes, and the sources they are made from. */
export const ARTEFACTS = {
  /** Espruino: the codec, the client and the HAL, every export of src/index.ts. */
  espruino: path.join(PROJECT_ROOT, "dist/espruino/mote.js"),
  /** Espruino: the client API alone, MQTT 3.1, 3.1.1 and 5. */
  espruinoClient: path.join(PROJECT_ROOT, "dist/espruino/mote-client.js"),
  /** Espruino: the client API alone, MQTT 3.1 and 3.1.1 (MQTT 5 left out at build time). */
  espruinoClient311: path.join(PROJECT_ROOT, "dist/espruino/mote-client-311.js"),
  nodemcu: path.join(PROJECT_ROOT, "dist/nodemcu/mote.lua"),
};

/** The Espruino artefacts. */
type EspruinoArtefactName = "espruino" | "espruinoClient" | "espruinoClient311";

/** How each Espruino artefact is built: its entry and its options. */
export const ESPRUINO_BUILDS: { name: EspruinoArtefactName; entry: string; options: EspruinoBundleOptions }[] = [
  { name: "espruino", entry: "hal/espruino/mote.ts", options: { mangling: FULL_BUNDLE_MANGLING } },
  { name: "espruinoClient", entry: "hal/espruino/mote-client.ts", options: { featuresOff: CLIENT_FEATURES, mangling: CLIENT_BUNDLE_MANGLING } },
  { name: "espruinoClient311", entry: "hal/espruino/mote-client.ts", options: { featuresOff: CLIENT_311_FEATURES, mangling: CLIENT_BUNDLE_MANGLING } },
];

const SOURCE_FOLDERS = ["src", "hal", "firmware", "tools"];

/** The device artefacts as built, by their names in ARTEFACTS. */
export type DeviceArtefacts = Record<EspruinoArtefactName, EspruinoArtefact> & { nodemcu: Artefact };

/**
 * Builds every device artefact (see buildEspruinoBundle and buildLuaBundle); with
 * `measureSources`, the Espruino ones also count their bytes per source file.
 */
export async function buildDeviceArtefacts(measureSources = false): Promise<DeviceArtefacts> {
  const espruino: Partial<Record<EspruinoArtefactName, EspruinoArtefact>> = {};
  for (const build of ESPRUINO_BUILDS) {
    espruino[build.name] = await buildEspruinoBundle(build.entry, ARTEFACTS[build.name], { ...build.options, measureSources });
  }
  const nodemcu = buildLuaBundle("hal/nodemcu/mote.ts", ARTEFACTS.nodemcu);
  return { ...(espruino as Record<EspruinoArtefactName, EspruinoArtefact>), nodemcu };
}

/** When the newest file under src/, hal/, firmware/ and tools/, or a runtime tsconfig, was changed (ms). Only reads modification times. */
export function newestSourceMs(): number {
  const sources = SOURCE_FOLDERS.flatMap((folder) =>
    fs
      .readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true, encoding: "utf8" })
      .map((name) => path.join(PROJECT_ROOT, folder, name)),
  ).concat(["tsconfig.espruino.json", "tsconfig.nodemcu.json"].map((name) => path.join(PROJECT_ROOT, name)));
  return Math.max(...sources.map((file) => fs.statSync(file).mtimeMs));
}

/** Whether every artefact exists and is newer than every source (see newestSourceMs). Only reads modification times. */
export function deviceArtefactsAreFresh(): boolean {
  const built = Object.values(ARTEFACTS).map((file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0));
  return Math.min(...built) > newestSourceMs();
}
