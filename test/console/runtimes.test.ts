/**
 * One console session, byte for byte the same on every runtime: the transcript module
 * (transcript.ts: config and console compiled from their sources) on Node, in the Espruino
 * bundle's context with its `platform`, and compiled to Lua beside the Lua bundle on fengari and
 * on the native lua5.1/lua5.3 where installed. The session sets every kind of setting, hits
 * refusals, edits the line, saves, reboots, and shows what the new boot loaded.
 */
import { describe, it, expect, beforeAll } from "vitest";
import { readFileSync } from "node:fs";
import { nodePlatform } from "../../hal/sim/node-platform";
import { runShellTranscript } from "./transcript";
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import { createFengariLua, nativeLuaAvailable, runNativeLua } from "../../hal/sim/lua";
import type { NativeLua } from "../../hal/sim/lua";
import { luaStringLiteral } from "../../hal/sim/lua-literal";
import { utf8ByteString, textFromByteString } from "../../hal/sim/byte-strings";
import { ARTEFACTS } from "../../tools/build/artefacts";
import { TEST_BUNDLES } from "../runtimes/test-bundles";

const BEFORE = [
  "help",
  'set wifi.ssid "café net"',
  "set wifi.password s3cret!",
  "set mqtt.port 8883",
  "set mqtt.port 99999",
  "set mqtt.port -12",
  "set mqtt.tls yes",
  "set mqtt.version 5",
  "set mqtt.version 4",
  "set discovery.enabled nope",
  "set device.id kitchen/1",
  "set device.id kitchen",
  "get mqtt.tls",
  "get mqtt.pork",
  "frobnicate",
  'set topic.prefix "home\\\\ground',
  "set topic.prefix home/groumd\x7f\x7fnd",
  "x".repeat(70),
  "\x1b[Ashow\x1b[B",
  "status",
  "save",
  "reboot",
].join("\r\n") + "\r\n";
const AFTER = ["unset mqtt.port", "show", "status"].join("\n") + "\n";

const EXPECTED_START = [
  "load: no saved copy",
  "> help",
  "help                 this list",
];
const EXPECTED_AFTER_REBOOT = `load: ok
> unset mqtt.port
mqtt.port = 1883 (default)
> show
wifi.ssid = "café net" (user)
wifi.password = ******** (user)
mqtt.host = "broker.local" (board)
mqtt.port = 1883 (default)
mqtt.version = 5 (user)
mqtt.username = "" (default)
mqtt.password = "" (default)
mqtt.tls = true (user)
mqtt.keepalive = 60 (default)
device.id = "kitchen" (user)
topic.prefix = "home/ground" (user)
discovery.enabled = true (default)
discovery.prefix = "homeassistant" (default)
sensor.interval = 60 (default)
> status
settings: changed, not saved (type save)
link: up
> `;

let onNode = "";

describe("the console session on Node (from source)", () => {
  it("gives the expected transcript", () => {
    onNode = runShellTranscript(nodePlatform, BEFORE, AFTER);
    const text = onNode.replace(/\r\n/g, "\n");
    expect(text.startsWith(EXPECTED_START.join("\n"))).toBe(true);
    expect(text).toContain('> set mqtt.port 99999\nerror: mqtt.port: 99999 is out of range (1 to 65535)\n');
    expect(text).toContain('> set mqtt.port -12\nerror: mqtt.port: -12 is out of range (1 to 65535)\n');
    expect(text).toContain('> set discovery.enabled nope\nerror: discovery.enabled: "nope" is not true or false (or on/off, yes/no, 1/0)\n');
    expect(text).toContain('> set topic.prefix "home\\\\ground\nerror: a quote is not closed; nothing was done\n');
    expect(text).toContain("> set topic.prefix home/groumd\b \b\b \bnd\ntopic.prefix = \"home/ground\" (user)\n");
    expect(text).toContain("x".repeat(64) + "\nerror: line too long (at most 64 bytes); nothing was done\n");
    expect(text).toContain("> status\nsettings: changed, not saved (type save)\nlink: up\n> save\nsaved (generation 1); reboot to apply\n> reboot\nrebooting\n(reboot hook called)\n");
    expect(text.endsWith(EXPECTED_AFTER_REBOOT)).toBe(true);
  });
});

describe("the same session on the device runtimes", () => {
  beforeAll(() => {
    if (onNode === "") onNode = runShellTranscript(nodePlatform, BEFORE, AFTER);
  });

  it("in the Espruino bundle's context", () => {
    const espruino = loadEspruinoBundle(ARTEFACTS.espruino);
    espruino.addCached("shellTranscript", readFileSync(TEST_BUNDLES.shellTranscript.espruino, "utf8"));
    const platform = espruino.require("mote").platform;
    const transcript = espruino.require("shellTranscript").runShellTranscript(platform, utf8ByteString(BEFORE), utf8ByteString(AFTER));
    expect(textFromByteString(transcript)).toBe(onNode);
  });

  const modules = { mote: ARTEFACTS.nodemcu, shellTranscript: TEST_BUNDLES.shellTranscript.lua };
  const chunk = `local mote = require("mote") return require("shellTranscript").runShellTranscript(mote.platform, ${luaStringLiteral(utf8ByteString(BEFORE))}, ${luaStringLiteral(utf8ByteString(AFTER))})`;

  it("on the Lua bundle on fengari", () => {
    const transcript = createFengariLua(modules).run(chunk).values[0] as string;
    expect(textFromByteString(transcript)).toBe(onNode);
  });

  for (const interpreter of ["lua5.1", "lua5.3"] as NativeLua[]) {
    it.skipIf(!nativeLuaAvailable(interpreter))(`on the Lua bundle on ${interpreter}`, () => {
      const printed = runNativeLua(interpreter, modules, chunk.replace(/^(.*) return (.*)$/, "$1 io.write($2)"));
      expect(textFromByteString(printed)).toBe(onNode);
    });
  }
});

describe("typing allocates nothing per byte (Lua heap, collector stopped)", () => {
  const modules = { mote: ARTEFACTS.nodemcu, shellTranscript: TEST_BUNDLES.shellTranscript.lua };
  const ROUNDS = 2000;

  /** Bytes the Lua heap grows by per round of keystrokes (least of three); with `control`, each round also keeps a table. */
  function measure(interpreter: NativeLua, control: boolean): { bytesPerRound: number; echoed: number } {
    const chunk = `
      local mote = require("mote") local typing = require("shellTranscript")
      local workload = typing.newTypingWorkload(mote.platform)
      local kept = {}
      local function typeRounds(rounds)
        for round = 1, rounds do
          typing.typeKeys(workload, 1)
          if ${control} then kept[round] = { round } end
        end
      end
      typeRounds(100)
      local function growth(rounds)
        kept = {}
        collectgarbage("collect") collectgarbage("stop")
        local before = collectgarbage("count")
        typeRounds(rounds)
        local grown = collectgarbage("count") - before
        collectgarbage("restart")
        return grown
      end
      local least = math.huge
      for round = 1, 3 do
        local perRound = (growth(2 * ${ROUNDS}) - growth(${ROUNDS})) * 1024 / ${ROUNDS}
        if perRound < least then least = perRound end
      end
      io.write(string.format("%.1f %d", least, typing.typeKeys(workload, 0)))`;
    const [bytesPerRound, echoed] = runNativeLua(interpreter, modules, chunk).split(" ").map(Number);
    return { bytesPerRound, echoed };
  }

  for (const interpreter of ["lua5.1", "lua5.3"] as NativeLua[]) {
    it.skipIf(!nativeLuaAvailable(interpreter))(`on ${interpreter}: the meter sees a round that keeps one table`, () => {
      expect(measure(interpreter, true).bytesPerRound).toBeGreaterThan(16);
    });
    it.skipIf(!nativeLuaAvailable(interpreter))(`on ${interpreter}: letters, tab, arrow keys, backspaces, echo allocate 0 bytes`, () => {
      const { bytesPerRound, echoed } = measure(interpreter, false);
      expect(echoed).toBeGreaterThan(ROUNDS * 20);
      expect(bytesPerRound).toBeLessThanOrEqual(0);
    });
  }
});
