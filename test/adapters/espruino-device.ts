/**
 * A simulated Espruino device for the adapter's tests: the built bundle (dist/espruino/mote.js)
 * cached as module "mote" in the Espruino-only context, with Espruino's timers, events and the
 * simulator's `net` and `tls` emulation, running scripts written as users write them against
 * Espruino's MQTT module. A recorder in the script logs every event the module emits, with its
 * arguments, so tests read back exactly what listeners saw.
 */
import { loadEspruinoBundle } from "../../hal/sim/espruino-vm";
import type { EspruinoVm } from "../../hal/sim/espruino-vm";
import { createEspruinoNet } from "../../hal/sim/espruino-net";
import { ARTEFACTS } from "../../tools/build/artefacts";

/** Every event Espruino's MQTT module emits (EspruinoDocs modules/MQTT.js). */
export const MODULE_EVENTS = [
  "connected", "connect", "disconnected", "close", "publish", "message", "puback", "pubcomp",
  "subscribed", "subscribed_fail", "unsubscribed", "ping_reply", "error",
];

/**
 * Defines `record(mqtt)` in the device: adds a listener for every module event that logs
 * `[event, ...arguments]` into the global `log`, and returns `mqtt`. Plain Espruino JavaScript.
 */
const RECORDER = `
var log = [];
function record(mqtt) {
  ${JSON.stringify(MODULE_EVENTS)}.forEach(function (name) {
    mqtt.on(name, function () {
      log.push([name].concat(Array.prototype.slice.call(arguments)));
    });
  });
  return mqtt;
}
`;

/** One logged event: its name, then the arguments its listener got. */
export type LoggedEvent = [string, ...unknown[]];

/** A running device. */
export interface Device {
  espruino: EspruinoVm;
  /** Runs `code` in the device, as typed at its REPL; returns its value. */
  run(code: string): unknown;
  /** The events logged so far (a copy). */
  events(): LoggedEvent[];
  /** The logged events named `name`, as their argument lists. */
  eventsNamed(name: string): unknown[][];
  /** Stops the device: `mqtt.disconnect()` if the script made one, then sockets and timers. */
  stop(): void;
}

/**
 * Boots a device and runs `script` after the recorder. TLS material comes from the script's own
 * options, as on the device.
 */
export function bootDevice(script: string): Device {
  const espruino = loadEspruinoBundle(ARTEFACTS.espruino, "mote", { timers: true });
  const emulation = createEspruinoNet({ realm: espruino.global, onError: espruino.report });
  espruino.addBuiltin("net", emulation.net);
  espruino.addBuiltin("tls", emulation.tls);
  const events = (): LoggedEvent[] => JSON.parse(espruino.run("JSON.stringify(log)") as string) as LoggedEvent[];
  espruino.run(RECORDER);
  espruino.run(script);
  return {
    espruino,
    run: (code) => espruino.run(code),
    events,
    eventsNamed: (name) => events().filter((event) => event[0] === name).map((event) => event.slice(1)),
    stop: () => {
      espruino.run(`if (typeof mqtt !== "undefined") mqtt.disconnect();`);
      emulation.destroyAll();
      espruino.clearTimers();
    },
  };
}
