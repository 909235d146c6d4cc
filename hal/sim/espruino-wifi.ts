/**
 * Espruino's `Wifi` library (ESP32) emulated over the simulator's virtual air
 * (hal/sim/virtual-wifi.ts), to install as `require("Wifi")` in the Espruino VM
 * (hal/sim/espruino-vm.ts, `addBuiltin`).
 *
 * What it follows (RUNTIMES.md, Espruino; libs/network/esp32/jswrap_esp32_network.c):
 * - `connect(ssid, {password}, callback)` throws "No SSID provided" for a non-string SSID and
 *   starts joining; on success the `connected` event ({ip, netmask, gw}) fires and then
 *   `callback(null)`; a failed attempt calls nothing and fires `disconnected` ({ssid, mac, reason,
 *   msg}, `reason` being ESP-IDF's number as text, `msg` its name), as the firmware does once its
 *   retries are spent.
 * - A station that loses its access point gets `disconnected` with reason "200" (BEACON_TIMEOUT)
 *   and stays off until `connect` is called again.
 * - `disconnect(callback)` leaves (a joined station gets `disconnected` "8", ASSOC_LEAVE);
 *   `getIP()` gives {ip, netmask, gw, mac}, ip "0.0.0.0" while off.
 * Events go through the VM's own `emit` (queued, `this` the module). Not emulated: access point
 * mode, scans, `getDetails`, `save`/`restore`, `ping`; `setHostname(name)` only records the name (`module.hostname`).
 */
import { WIFI_REASON, WIFI_REASON_NAMES } from "./virtual-wifi";
import type { VirtualStation, VirtualWifi } from "./virtual-wifi";

/** Options for `createEspruinoWifi`. */
export interface EspruinoWifiOptions {
  /** The VM's global object: the module and event details are made in its realm. */
  realm: Record<string, any>;
  /** The air to join. */
  air: VirtualWifi;
  /** Where exceptions thrown by the connect callback go (Espruino prints them). */
  onError?: (error: unknown) => void;
}

const MAC = "24:0a:c4:00:00:01";

/** Makes the emulated `Wifi` module (see the module comment). */
export function createEspruinoWifi(options: EspruinoWifiOptions): Record<string, any> {
  const { realm, air } = options;
  const report = options.onError ?? ((error: unknown) => setImmediate(() => { throw error; }));
  const module = new realm.Object();
  let ssid = "";
  let address = { ip: "0.0.0.0", netmask: "0.0.0.0", gw: "0.0.0.0" };
  let joined = false;
  let callback: Function | undefined;

  const details = (fields: Record<string, string>): Record<string, string> => Object.assign(new realm.Object(), fields);
  const disconnected = (reason: number): void => {
    module.emit("disconnected", details({ ssid, mac: MAC, reason: String(reason), msg: WIFI_REASON_NAMES[reason] ?? "UNKNOWN" }));
  };
  const station: VirtualStation = {
    joined(ip, netmask, gw) {
      joined = true;
      address = { ip, netmask, gw };
      module.emit("connected", details(address));
      const done = callback;
      callback = undefined;
      if (done !== undefined) {
        setImmediate(() => {
          try {
            done(null);
          } catch (error) {
            report(error);
          }
        });
      }
    },
    left(reason) {
      joined = false;
      address = { ip: "0.0.0.0", netmask: "0.0.0.0", gw: "0.0.0.0" };
      disconnected(reason);
    },
  };

  module.connect = (network: unknown, connectOptions?: Record<string, unknown>, done?: unknown): void => {
    if (typeof network !== "string") throw new realm.Error("No SSID provided");
    const password = connectOptions?.password ?? "";
    if (typeof password !== "string") throw new realm.Error("Expecting options.password to be a string");
    ssid = network;
    callback = typeof done === "function" ? done : undefined;
    joined = false;
    air.join(station, network, password);
  };
  module.disconnect = (done?: unknown): void => {
    air.leave(station);
    callback = undefined;
    if (joined) station.left(WIFI_REASON.ASSOC_LEAVE);
    if (typeof done === "function") setImmediate(() => done());
  };
  module.getIP = (): Record<string, string> => details({ ...address, mac: MAC });
  module.setHostname = (hostname: unknown, done?: unknown): void => {
    if (typeof hostname !== "string") throw new realm.Error("Wifi.setHostname: hostname must be a string");
    module.hostname = hostname;
    if (typeof done === "function") setImmediate(() => done());
  };
  return module;
}
