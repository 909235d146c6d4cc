import { LINK_DOWN, LINK_REASON_CLOSED } from "../api";
import type { Link, LinkEvents } from "../api";
import { linkAttempted, linkClosed, linkDisconnected, linkGotAddress, newLinkState } from "../link-state";

/**
 * The Link for Espruino on ESP32, over its `Wifi` library (RUNTIMES.md, Espruino: `connect(ssid,
 * {password}, cb)`, `on("connected"|"disconnected", fn)`, `getIP()`; jswrap_esp32_network.c).
 *
 * `join` calls `Wifi.connect`; the `connected` event (ESP-IDF's STA_GOT_IP, with `{ip}`) says the
 * link is up, and `disconnected` (with ESP-IDF's reason number as text) says an attempt failed or
 * the link was lost — the connect callback alone would not: the firmware calls it only on
 * success, so the Link passes none. The state and the reasons follow hal/link-state.ts.
 *
 * Rejoining. The firmware gives up after its own few retries, so the Link rejoins by itself:
 * `rejoinMs` after any loss or failure other than a wrong password or `close()`, with the same
 * SSID and password, until it is up again or closed. A wrong password is final until the next
 * `join`.
 *
 * Allocation: the options object for `connect` and the state are made once, at creation; events
 * hand on the firmware's own address string. A `close()`d Link ignores late events.
 */

/** How long after a loss or failure the Link tries again, by default. */
const DEFAULT_REJOIN_MS = 5000;

/** Options for `newEspruinoLink`: the events, how long to wait before rejoining, and the station's host name. */
export interface EspruinoLinkOptions extends LinkEvents {
  rejoinMs?: number;
  /** The name given to the access point's DHCP server (`Wifi.setHostname`); left out or "", the firmware's own. */
  hostname?: string;
}

/** Loads the `Wifi` library; the name arrives as a parameter so the bundler leaves the `require` alone. */
function loadWifi(name: "Wifi"): EspruinoWifiModule {
  return require(name);
}

/**
 * Makes the Espruino Link (see the module comment) and starts listening to the `Wifi` library's
 * events. Throws when the firmware has no `Wifi` library. The options are read now, not kept.
 */
export function newEspruinoLink(options: EspruinoLinkOptions): Link {
  const wifi = loadWifi("Wifi");
  const link = newLinkState({ onUp: options.onUp, onDown: options.onDown });
  const rejoinMs = options.rejoinMs !== undefined ? options.rejoinMs : DEFAULT_REJOIN_MS;
  const connectOptions = { password: "" };
  let ssid = "";
  let rejoinTimer: EspruinoTimer | undefined = undefined;

  function cancelRejoin(): void {
    if (rejoinTimer !== undefined) {
      clearTimeout(rejoinTimer);
      rejoinTimer = undefined;
    }
  }

  function start(): boolean {
    let started = true;
    try {
      wifi.connect(ssid, connectOptions);
    } catch (error) {
      started = false;
    }
    linkAttempted(link, started);
    return started;
  }

  function onRejoin(): void {
    rejoinTimer = undefined;
    if (link.open && link.linkStatus === LINK_DOWN) start();
  }

  function onConnected(details: { ip: string }): void {
    linkGotAddress(link, details.ip);
  }

  function onDisconnected(details: { reason: string }): void {
    if (linkDisconnected(link, parseInt(details.reason, 10))) rejoinTimer = setTimeout(onRejoin, rejoinMs);
  }

  if (options.hostname !== undefined && options.hostname !== "") wifi.setHostname(options.hostname);
  wifi.on("connected", onConnected);
  wifi.on("disconnected", onDisconnected);

  function join(this: unknown, network: string, password: string): boolean {
    if (!link.open) return false;
    cancelRejoin();
    ssid = network;
    connectOptions.password = password;
    return start();
  }

  function linkStatus(this: unknown): number {
    return link.linkStatus;
  }

  function reason(this: unknown): number {
    return link.reason;
  }

  function reportClosed(): void {
    link.events.onDown(LINK_REASON_CLOSED);
  }

  function close(this: unknown): void {
    if (!link.open) return;
    cancelRejoin();
    wifi.removeListener("connected", onConnected);
    wifi.removeListener("disconnected", onDisconnected);
    const wasUp = linkClosed(link);
    wifi.disconnect();
    if (wasUp) setTimeout(reportClosed, 0);
  }

  return { join, linkStatus, reason, close };
}
