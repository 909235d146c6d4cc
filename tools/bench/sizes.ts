/**
 * Artefact sizes for the benchmark: our device bundles as built, and mqtt-packet (the reference
 * codec) bundled and minified the same way, with Node's built-ins left out.
 */
import { gzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import * as esbuild from "esbuild";
import { ARTEFACTS } from "../build/artefacts";
import { buildFirmware } from "../build/firmware";

/** Bytes of a text, minified and then gzipped. */
export interface Size {
  bytes: number;
  gzipBytes: number;
}

/** The size of a file as it stands, and gzipped. */
function sizeOfFile(file: string): Size {
  const content = readFileSync(file);
  return { bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}

/** Every device artefact (the Espruino ones minified), as `npm run build` wrote them. */
export function artefactSizes(): Record<keyof typeof ARTEFACTS, Size> {
  return {
    espruino: sizeOfFile(ARTEFACTS.espruino),
    espruinoClient: sizeOfFile(ARTEFACTS.espruinoClient),
    espruinoClient311: sizeOfFile(ARTEFACTS.espruinoClient311),
    nodemcu: sizeOfFile(ARTEFACTS.nodemcu),
  };
}

/** The boards whose firmware the benchmark weighs: the ESP32 DevKitC on each runtime. */
export const FIRMWARE_BOARDS = ["esp32-devkitc-espruino", "esp32-devkitc-nodemcu"];

/** Builds the firmware of each of FIRMWARE_BOARDS and returns its file and size, by board. */
export async function firmwareSizes(): Promise<{ board: string; file: string; size: Size }[]> {
  const sizes: { board: string; file: string; size: Size }[] = [];
  for (const board of FIRMWARE_BOARDS) {
    const firmware = await buildFirmware(board);
    sizes.push({ board, file: firmware.outFile, size: sizeOfFile(firmware.outFile) });
  }
  return sizes;
}

/**
 * The MQTT clients Espruino users have today, minified, as espruino.com/modules serves them
 * (MQTT.min.js, tinyMQTT.min.js): the sizes the client bundles are held against.
 */
export const ESPRUINO_MQTT_CLIENTS = [
  { name: "Espruino MQTT module", bytes: 5114 },
  { name: "tinyMQTT", bytes: 1614 },
];

/** mqtt-packet bundled by esbuild, minified, its dependencies in, Node's built-ins out. */
export async function mqttPacketSize(): Promise<Size> {
  const result = await esbuild.build({
    stdin: { contents: `module.exports = require("mqtt-packet");`, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    minify: true,
    platform: "node",
    format: "cjs",
    write: false,
    logLevel: "silent",
  });
  const content = result.outputFiles[0].contents;
  return { bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
}
