/**
 * Simulated devices of one board, one or a thousand, in this process: each boots the board's
 * built firmware (dist/<board>/firmware.js on Espruino, firmware.lua on NodeMCU) on its own
 * virtual board (the board file's sensors and waveforms, seeded per device), flash folder and
 * serial number (so its MAC, chip id and default device id differ), all joining one virtual
 * access point and reaching the broker through one simulated network. The board file's `sim`
 * section sets the access point, its drops, and the network's latency, jitter, loss and cuts; the
 * caller may override them and routes the broker address the board names to a real one.
 * `npm start`, the end-to-end tests and the fleet benchmark all run devices through this.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { Board, Outage } from "../../tools/build/board-types";
import { createVirtualWifi } from "./virtual-wifi";
import type { VirtualWifi } from "./virtual-wifi";
import { createVirtualBoard } from "./virtual-board";
import type { VirtualBoard } from "./virtual-board";
import { createNetworkShaper } from "./network-conditions";
import type { NetworkConditions, NetworkShaper } from "./network-conditions";
import { bootEspruinoDevice, loadEspruinoArtefact } from "./espruino-device";
import { bootNodemcuDevice, loadNodemcuArtefact } from "./nodemcu-device";

/** Where a device's connection goes instead of the address it asked for. */
export type Route = (host: string, port: number) => { host: string; port: number };

/** Options for `startFleet`. */
export interface FleetOptions {
  /** The board (loaded with tools/build/board.ts), a simulator board with a `sim` section or not. */
  board: Board;
  /** The firmware built for it. */
  artefact: string;
  /** How many devices (1 by default). */
  devices?: number;
  /** The first device's serial number; the others follow (1 by default). */
  firstSerial?: number;
  /** The folder holding each device's flash folder (`<folder>/<serial>`), created if missing. */
  flashRoot: string;
  /** Where the broker really is; the address the device asked for by default. */
  route?: Route;
  /** Network conditions over the board's `sim.network`. */
  network?: Partial<NetworkConditions>;
  /** Access point drops instead of the board's `sim.wifi.drops`. */
  wifiDrops?: Outage[];
  /** Spreads the boots over this many ms, as devices powered up together still start apart (0: all at once). */
  bootSpreadMs?: number;
  /** Told each piece of a device's console output. */
  onOutput?: (device: SimulatedDevice, text: string) => void;
}

/** One simulated device, whichever its runtime. */
export interface SimulatedDevice {
  readonly index: number;
  readonly serialNumber: number;
  /** Its virtual hardware (change a value or set a fault at run time). */
  readonly hardware: VirtualBoard;
  /** Its console so far (a byte string), and typing on it. */
  output(): string;
  type(data: string): void;
  reboot(): void;
  readonly reboots: number;
  /** What the firmware threw (Espruino) or raised (NodeMCU) without catching, across boots. */
  uncaught(): unknown[];
}

/** The running devices and what they share. */
export interface Fleet {
  readonly devices: SimulatedDevice[];
  readonly air: VirtualWifi;
  readonly network: NetworkShaper;
  /** Stops every device, the access point's schedule and the network's: nothing of the fleet is left running. */
  stop(): void;
}

/** The runtime-specific part of a device: what it boots and how it stops. */
interface RunningDevice {
  output(): string;
  type(data: string): void;
  reboot(): void;
  stop(): void;
  readonly reboots: number;
  readonly uncaught: unknown[];
}

/** Takes the access point off the air for each outage, repeating those with `everySeconds`; returns a stop function. */
function scheduleDrops(air: VirtualWifi, drops: Outage[]): () => void {
  const timers = new Set<NodeJS.Timeout>();
  const at = (ms: number, action: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, ms);
    timers.add(timer);
  };
  const plan = (drop: Outage, startMs: number): void => {
    at(startMs, () => {
      air.drop();
      at(drop.forSeconds * 1000, () => air.restore());
      if (drop.everySeconds !== undefined) plan(drop, drop.everySeconds * 1000);
    });
  };
  for (const drop of drops) plan(drop, drop.atSeconds * 1000);
  return () => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}

/** Boots the fleet (see the module comment). Devices start booting at once or over `bootSpreadMs`. */
export function startFleet(options: FleetOptions): Fleet {
  const board = options.board;
  const count = options.devices ?? 1;
  const firstSerial = options.firstSerial ?? 1;
  const sim = board.sim;
  const startedAt = performance.now();
  const air = createVirtualWifi({ networks: sim === undefined ? [] : [{ ssid: sim.wifi.ssid, password: sim.wifi.password }] });
  const stopDrops = scheduleDrops(air, options.wifiDrops ?? sim?.wifi.drops ?? []);
  const network = createNetworkShaper({
    latencyMs: sim?.network.latencyMs ?? 0,
    jitterMs: sim?.network.jitterMs ?? 0,
    lossPercent: sim?.network.lossPercent ?? 0,
    cuts: sim?.network.cuts ?? [],
    seed: sim?.seed ?? 1,
    ...options.network,
  });
  const route = options.route;
  const espruino = board.runtime === "espruino" ? loadEspruinoArtefact(options.artefact) : undefined;
  const nodemcu = board.runtime === "nodemcu" ? loadNodemcuArtefact(options.artefact) : undefined;
  const devices: SimulatedDevice[] = [];
  const running: (RunningDevice | undefined)[] = [];
  const pending = new Set<NodeJS.Timeout>();

  const boot = (index: number, hardware: VirtualBoard, device: SimulatedDevice): RunningDevice => {
    const serialNumber = firstSerial + index;
    const flashFolder = path.join(options.flashRoot, String(serialNumber));
    fs.mkdirSync(flashFolder, { recursive: true });
    const onOutput = options.onOutput === undefined ? undefined : (text: string) => options.onOutput?.(device, text);
    if (espruino !== undefined) {
      return bootEspruinoDevice({ artefact: espruino, board: hardware, air, flashFolder, serialNumber, net: { conditions: network, route }, onOutput });
    }
    return bootNodemcuDevice({ artefact: nodemcu!, board: hardware, air, flashFolder, serialNumber, net: { conditions: network, route }, onOutput });
  };

  for (let index = 0; index < count; index++) {
    const hardware = createVirtualBoard(board, { seed: (sim?.seed ?? 1) + index, clock: () => (performance.now() - startedAt) / 1000 });
    const started = (): RunningDevice => {
      const current = running[index];
      if (current === undefined) throw new Error(`device ${index} has not booted yet`);
      return current;
    };
    const device: SimulatedDevice = {
      index,
      serialNumber: firstSerial + index,
      hardware,
      output: () => running[index]?.output() ?? "",
      type: (data) => started().type(data),
      reboot: () => started().reboot(),
      get reboots() {
        return running[index]?.reboots ?? 0;
      },
      uncaught: () => running[index]?.uncaught ?? [],
    };
    devices.push(device);
    running.push(undefined);
    const delayMs = count > 1 && options.bootSpreadMs !== undefined ? Math.round((options.bootSpreadMs * index) / count) : 0;
    if (delayMs === 0) {
      running[index] = boot(index, hardware, device);
    } else {
      const timer = setTimeout(() => {
        pending.delete(timer);
        running[index] = boot(index, hardware, device);
      }, delayMs);
      pending.add(timer);
    }
  }

  return {
    devices,
    air,
    network,
    stop: () => {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      for (const device of running) device?.stop();
      stopDrops();
      air.stopAll();
      network.stop();
    },
  };
}
