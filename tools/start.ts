/**
 * `npm start`: builds the device artefacts, then sends one MQTT 5 PUBLISH through the codec on
 * each runtime (the TypeScript source on Node, the Espruino bundle in its emulated context, the
 * Lua bundle on fengari) and shows that all three write the same bytes and read back the same
 * fields. The simulator with an embedded broker takes this command's place when it lands.
 */
import { readFileSync } from "node:fs";
import { buildDeviceArtefacts, ARTEFACTS } from "./build/artefacts";
import { TEST_BUNDLES, buildTestBundles } from "../test/runtimes/test-bundles";
import { nodePlatform } from "../hal/sim/node-platform";
import { encodeVector, decodeVector } from "../test/vectors/adapter";
import type { VectorFields } from "../test/vectors/adapter";
import { loadEspruinoBundle } from "../hal/sim/espruino-vm";
import { createFengariLua } from "../hal/sim/lua";
import { luaLiteral } from "../hal/sim/lua-literal";
import { textFromByteString, utf8ByteString } from "../hal/sim/byte-strings";

const CAPACITY = 1024;
const READING: VectorFields = {
  type: "PUBLISH",
  dup: false,
  qos: 1,
  retain: true,
  topic: "home/ground-floor/living-room/temperature",
  packetId: 7,
  payload: Buffer.from("21.5").toString("hex"),
  properties: { payloadFormatIndicator: 1, contentType: "text/plain", userProperty: ["unit", "°C"] },
};

/** One runtime's answer: the bytes it wrote and what it read back from them. */
interface Exchange {
  runtime: string;
  hex: string;
  decoded: string;
}

function onNode(): Exchange {
  const hex = encodeVector(nodePlatform, 5, READING, CAPACITY);
  return { runtime: "Node (TypeScript source)", hex, decoded: decodeVector(nodePlatform, 5, hex, 1, CAPACITY) };
}

function onEspruino(): Exchange {
  const espruino = loadEspruinoBundle(ARTEFACTS.espruino);
  espruino.addCached("adapter", readFileSync(TEST_BUNDLES.adapter.espruino, "utf8"));
  const platform = espruino.require("mote").platform;
  const adapter = espruino.require("adapter");
  const fields = espruino.run(`(${utf8ByteString(JSON.stringify(READING))})`);
  const hex = adapter.encodeVector(platform, 5, fields, CAPACITY) as string;
  return { runtime: "Espruino bundle", hex, decoded: textFromByteString(adapter.decodeVector(platform, 5, hex, 1, CAPACITY)) };
}

function onLua(): Exchange {
  const lua = createFengariLua({ mote: ARTEFACTS.nodemcu, adapter: TEST_BUNDLES.adapter.lua });
  const prelude = `local mote = require("mote") local adapter = require("adapter")`;
  const hex = lua.run(`${prelude} return adapter.encodeVector(mote.platform, 5, ${luaLiteral(READING)}, ${CAPACITY})`).values[0] as string;
  const decoded = lua.run(`${prelude} return adapter.decodeVector(mote.platform, 5, ${luaLiteral(hex)}, 1, ${CAPACITY})`).values[0] as string;
  return { runtime: "Lua bundle (fengari, 32-bit integers)", hex, decoded: textFromByteString(decoded) };
}

async function start(): Promise<void> {
  const built = await buildDeviceArtefacts();
  await buildTestBundles();
  console.log(`built ${built.espruino.outFile} (${built.espruino.bytes} bytes, ${built.espruino.gzipBytes} gzipped)`);
  console.log(`built ${built.nodemcu.outFile} (${built.nodemcu.bytes} bytes)\n`);
  console.log(`one MQTT 5 PUBLISH, encoded and decoded byte by byte on every runtime:\n${JSON.stringify(READING)}\n`);
  const exchanges = [onNode(), onEspruino(), onLua()];
  for (const exchange of exchanges) {
    console.log(`${exchange.runtime}\n  wrote ${exchange.hex}\n  read  ${exchange.decoded}`);
  }
  const agree = exchanges.every((exchange) => exchange.hex === exchanges[0].hex && exchange.decoded === exchanges[0].decoded);
  console.log(agree ? "\nall three runtimes agree." : "\nthe runtimes disagree: run npm test to see where.");
  console.log("npm test runs the whole suite; the simulator with an embedded broker arrives with the device firmware.");
  if (!agree) process.exit(1);
}

start().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
