/**
 * `npm start`: the simulator. Starts an embedded MQTT broker on 127.0.0.1, builds the default
 * simulator board's firmware if dist/ lacks it or it is older than its sources, boots it on a
 * simulated ESP32 (hal/sim/fleet.ts), shows the device's serial console (type on it: `status`,
 * `help`, `set ...`) and every reading as the broker receives it. Options choose the board, the
 * runtime, an outside broker, a fleet of devices and network conditions (`npm start -- --help`).
 * Ctrl-C stops everything and exits.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { BOARDS_FOLDER, loadBoard } from "./build/board";
import type { Board, Outage } from "./build/board";
import { buildFirmware, firmwareFile } from "./build/firmware";
import { newestSourceMs } from "./build/artefacts";
import { BuildError, PROJECT_ROOT } from "./build/project";
import { startEmbeddedBroker } from "./sim/embedded-broker";
import type { EmbeddedBroker } from "./sim/embedded-broker";
import { startReadingsView } from "./sim/readings-view";
import { startFleet } from "../hal/sim/fleet";
import type { NetworkConditions } from "../hal/sim/network-conditions";

const HELP = `usage: npm start [-- options]
  --board <id|file>       the board to simulate (default sim-espruino, or sim-nodemcu with --runtime nodemcu)
  --runtime <name>        espruino or nodemcu: boot the default simulator board of that runtime
  --port <n>              port of the embedded broker on 127.0.0.1 (default 1883)
  --broker <url>          use this broker instead (mqtt://host:port); nothing is embedded
  --devices <n>           run a fleet of n devices in this process (default 1)
  --latency <ms>          network latency each way, with --jitter <ms> either side
  --loss <percent>        lost segments (TCP sends them again, later)
  --cut-every <s>         cut the network every s seconds, for --cut-for <s> (default 5)
  --wifi-drop-every <s>   take the access point away every s seconds, for --wifi-drop-for <s> (default 10)
  --duration <s>          stop after s seconds (default: run until Ctrl-C)
  --flash <folder>        keep the devices' flash there (default: a new temporary folder, removed on exit)
  --help                  show this`;

/** The runtimes' default simulator boards. */
const DEFAULT_BOARDS = { espruino: "sim-espruino", nodemcu: "sim-nodemcu" };

/** What the command line asks for. */
interface StartOptions {
  board: Board;
  /** The board as given: an id in boards/ or a board file's path. */
  boardSource: string;
  port: number;
  broker: { host: string; port: number } | undefined;
  devices: number;
  network: Partial<NetworkConditions>;
  wifiDrops: Outage[] | undefined;
  durationSeconds: number | undefined;
  flashFolder: string | undefined;
}

/** A number option within bounds, or an error naming it. */
function numberOption(values: Record<string, unknown>, name: string, minimum: number, maximum: number): number | undefined {
  const text = values[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < minimum || value > maximum) {
    throw new BuildError(`--${name} ${String(text)}: give a number from ${minimum} to ${maximum}`);
  }
  return value;
}

/** The broker address of `--broker`, or an error saying what is accepted. */
function brokerAddress(text: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new BuildError(`--broker ${text}: give a URL such as mqtt://127.0.0.1:1883`);
  }
  if (url.protocol !== "mqtt:") throw new BuildError(`--broker ${text}: only mqtt:// (plain TCP) brokers are supported here`);
  return { host: url.hostname, port: url.port === "" ? 1883 : Number(url.port) };
}

/** Reads the command line; throws a BuildError naming a bad option. */
function parseCommandLine(argv: string[]): StartOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      board: { type: "string" },
      runtime: { type: "string" },
      port: { type: "string" },
      broker: { type: "string" },
      devices: { type: "string" },
      latency: { type: "string" },
      jitter: { type: "string" },
      loss: { type: "string" },
      "cut-every": { type: "string" },
      "cut-for": { type: "string" },
      "wifi-drop-every": { type: "string" },
      "wifi-drop-for": { type: "string" },
      duration: { type: "string" },
      flash: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help === true) return undefined;
  const runtime = values.runtime;
  if (runtime !== undefined && runtime !== "espruino" && runtime !== "nodemcu") throw new BuildError(`--runtime ${runtime}: espruino or nodemcu`);
  const boardSource = values.board ?? DEFAULT_BOARDS[runtime ?? "espruino"];
  const board = loadBoard(boardSource);
  if (runtime !== undefined && board.runtime !== runtime) {
    throw new BuildError(`--runtime ${runtime}: board ${board.id} runs ${board.runtime} (leave out --board for the default ${runtime} board)`);
  }
  const network: Partial<NetworkConditions> = {};
  const latency = numberOption(values, "latency", 0, 60000);
  const jitter = numberOption(values, "jitter", 0, 60000);
  const loss = numberOption(values, "loss", 0, 99);
  if (latency !== undefined) network.latencyMs = latency;
  if (jitter !== undefined) network.jitterMs = jitter;
  if (loss !== undefined) network.lossPercent = loss;
  const cutEvery = numberOption(values, "cut-every", 2, 86400);
  if (cutEvery !== undefined) {
    const cutFor = numberOption(values, "cut-for", 1, cutEvery - 1) ?? Math.min(5, cutEvery - 1);
    network.cuts = [{ atSeconds: cutEvery, forSeconds: cutFor, everySeconds: cutEvery }];
  }
  const dropEvery = numberOption(values, "wifi-drop-every", 2, 86400);
  const dropFor = dropEvery === undefined ? undefined : (numberOption(values, "wifi-drop-for", 1, dropEvery - 1) ?? Math.min(10, dropEvery - 1));
  return {
    board,
    boardSource,
    port: numberOption(values, "port", 0, 65535) ?? 1883,
    broker: values.broker === undefined ? undefined : brokerAddress(values.broker),
    devices: numberOption(values, "devices", 1, 100000) ?? 1,
    network,
    wifiDrops: dropEvery === undefined || dropFor === undefined ? undefined : [{ atSeconds: dropEvery, forSeconds: dropFor, everySeconds: dropEvery }],
    durationSeconds: numberOption(values, "duration", 1, 31536000),
    flashFolder: values.flash,
  };
}

/** The board's firmware file, built first when it is missing or older than its sources or board file. */
async function firmwareFor(board: Board, boardSource: string): Promise<string> {
  const file = firmwareFile(board);
  const boardFile = boardSource.endsWith(".json") ? path.resolve(boardSource) : path.join(BOARDS_FOLDER, `${board.id}.json`);
  const builtAt = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
  if (builtAt <= Math.max(newestSourceMs(), fs.statSync(boardFile).mtimeMs)) {
    console.log(`building the firmware for ${board.id} ...`);
    await buildFirmware(boardSource);
  }
  return file;
}

/** Runs the simulator until Ctrl-C or `--duration`. */
async function start(options: StartOptions): Promise<void> {
  const board = options.board;
  const artefact = await firmwareFor(board, options.boardSource);
  let embedded: EmbeddedBroker | undefined;
  if (options.broker === undefined) embedded = await startEmbeddedBroker(options.port);
  const broker = options.broker ?? { host: "127.0.0.1", port: (embedded as EmbeddedBroker).port };
  const url = `mqtt://${broker.host}:${broker.port}`;
  const flashRoot = options.flashFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), "mote-flash-"));
  const fleetMode = options.devices > 1;

  console.log(`mote simulator: ${options.devices} × ${board.name} (${board.id}), ${board.runtime} firmware ${path.relative(PROJECT_ROOT, artefact)} (${fs.statSync(artefact).size.toLocaleString("en-US")} bytes)`);
  console.log(embedded !== undefined ? `broker: embedded aedes on ${url} (subscribe with: mosquitto_sub -h 127.0.0.1 -p ${broker.port} -t '#' -v)` : `broker: ${url}`);
  if (board.mqtt.host !== broker.host || board.mqtt.port !== broker.port) {
    console.log(`the board's broker ${board.mqtt.host}:${board.mqtt.port} is routed to ${broker.host}:${broker.port}`);
  }
  console.log(fleetMode ? "a line every 5 s sums the fleet up; Ctrl-C stops" : "device console below (type status, help, set <name> <value>); readings as the broker gets them; Ctrl-C stops");

  /** The console's unfinished last line (the prompt and what is typed after it), redrawn below each reading. */
  let consoleLine = "";
  const writeConsole = (text: string): void => {
    const end = text.lastIndexOf("\n");
    consoleLine = end < 0 ? consoleLine + text : text.slice(end + 1);
    process.stdout.write(Buffer.from(text, "latin1"));
  };
  const view = await startReadingsView({
    url,
    prefix: board.mqtt.topicPrefix,
    discoveryPrefix: board.mqtt.discovery.prefix,
    mode: fleetMode ? "summary" : "lines",
    write: (line) => {
      if (!process.stdout.isTTY) {
        process.stdout.write(`${consoleLine === "" ? "" : "\n"}[mqtt] ${line}\n`);
        consoleLine = "";
        return;
      }
      process.stdout.write(`\r\x1b[K\x1b[2m[mqtt]\x1b[22m ${line}\n`);
      process.stdout.write(Buffer.from(consoleLine, "latin1"));
    },
  });
  const fleet = startFleet({
    board,
    artefact,
    devices: options.devices,
    flashRoot,
    route: (host, port) => (host === board.mqtt.host && port === board.mqtt.port ? broker : { host, port }),
    network: options.network,
    wifiDrops: options.wifiDrops,
    bootSpreadMs: fleetMode ? 1000 : 0,
    onOutput: fleetMode ? undefined : (_device, text) => writeConsole(text),
  });

  const console0 = fleet.devices[0];
  const onInput = (data: Buffer): void => {
    if (data.includes(3)) {
      stop();
      return;
    }
    console0.type(data.toString("latin1"));
  };
  if (!fleetMode) {
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    process.stdin.on("data", onInput);
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    process.stdin.off("data", onInput);
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    process.stdin.pause();
    fleet.stop();
    const uncaught = fleet.devices.reduce((sum, device) => sum + device.uncaught().length, 0);
    console.log(`\nstopped: ${view.readings().toLocaleString("en-US")} readings seen${uncaught > 0 ? `, ${uncaught} errors the firmware did not catch` : ""}`);
    void view
      .stop()
      .then(() => embedded?.close())
      .then(() => {
        if (options.flashFolder === undefined) fs.rmSync(flashRoot, { recursive: true, force: true });
        process.exit(0);
      });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  if (options.durationSeconds !== undefined) setTimeout(stop, options.durationSeconds * 1000);
}

try {
  const options = parseCommandLine(process.argv.slice(2));
  if (options === undefined) {
    console.log(HELP);
  } else {
    start(options).catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(HELP);
  process.exit(2);
}
