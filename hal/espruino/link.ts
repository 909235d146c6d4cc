import {
  LINK_CONNECTING,
  LINK_DOWN,
  LINK_IDLE,
  LINK_REASON_CLOSED,
  LINK_REASON_NONE,
  LINK_REASON_WRONG_PASSWORD,
  LINK_UP,
} from "../api";
import type { Link, LinkEvents } from "../api";
import { linkReasonOfWifiCode } from "../wifi-reasons";

/**
 * The Link for Espruino on ESP32, over its `Wifi` library (RUNTIMES.md, Espruino: `connect(ssid,
 * {password}, cb)`, `on("connected"|"disconnected", fn)`, `getIP()`; jswrap_esp32_network.c).
 *
 * `join` calls `Wifi.connect`; the `connected` event (ESP-IDF's STA_GOT_IP, with `{ip}`) says the
 * link is up, and `disconnected` (with ESP-IDF's reason number as text) says an attempt failed or
 * the link was lost — the connect callback alone would not: the firmware calls it only on
 * success, so the Link passes none. The reason number becomes a LINK_REASON_* (hal/wifi-reasons.ts).
 *
 * Rejoining. The firmware gives up after its own few retries, so the Link rejoins by itself:
 * `rejoinMs` after any loss or failure other than a wrong password or `close()`, with the same
 * SSID and password, until it is up again or closed. A wrong password is final until the next
 * `join`.
 *
 * Allocation: the options object for `connect` is made once, at creation; events hand on the
 * firmware's own address string. Listeners check a serial number, so a `close()`d Link ignores
 * late events.
 */

/** How long after a loss or failure the Link tries again, by default. */
const DEFAULT_REJOIN_MS = 5000;

/** Options for `newEspruinoLink`: the events, and how long to wait before rejoining. */
export interface EspruinoLinkOptions extends LinkEvents {
  rejoinMs?: number;
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
  const onUp = options.onUp;
  const onDown = options.onDown;
  const rejoinMs = options.rejoinMs !== undefined ? options.rejoinMs : DEFAULT_REJOIN_MS;
  const connectOptions = { password: "" };
  let ssid = "";
  let state = LINK_IDLE;
  let lastReason = LINK_REASON_NONE;
  let listening = true;
  let rejoinTimer: EspruinoTimer | undefined = undefined;

  function cancelRejoin(): void {
    if (rejoinTimer !== undefined) {
      clearTimeout(rejoinTimer);
      rejoinTimer = undefined;
    }
  }

  function start(): boolean {
    state = LINK_CONNECTING;
    try {
      wifi.connect(ssid, connectOptions);
    } catch (error) {
      state = LINK_IDLE;
      return false;
    }
    return true;
  }

  function onRejoin(): void {
    rejoinTimer = undefined;
    if (listening && state === LINK_DOWN) start();
  }

  function onConnected(details: { ip: string }): void {
    if (!listening || state === LINK_IDLE || state === LINK_UP) return;
    state = LINK_UP;
    lastReason = LINK_REASON_NONE;
    onUp(details.ip);
  }

  function onDisconnected(details: { reason: string }): void {
    if (!listening || state === LINK_IDLE || state === LINK_DOWN) return;
    const reason = linkReasonOfWifiCode(parseInt(details.reason, 10), state === LINK_UP);
    state = LINK_DOWN;
    lastReason = reason;
    if (reason !== LINK_REASON_WRONG_PASSWORD) rejoinTimer = setTimeout(onRejoin, rejoinMs);
    onDown(reason);
  }

  wifi.on("connected", onConnected);
  wifi.on("disconnected", onDisconnected);

  function join(this: unknown, network: string, password: string): boolean {
    if (!listening) return false;
    cancelRejoin();
    ssid = network;
    connectOptions.password = password;
    return start();
  }

  function status(this: unknown): number {
    return state;
  }

  function reason(this: unknown): number {
    return lastReason;
  }

  function reportClosed(): void {
    onDown(LINK_REASON_CLOSED);
  }

  function close(this: unknown): void {
    if (!listening) return;
    cancelRejoin();
    listening = false;
    wifi.removeListener("connected", onConnected);
    wifi.removeListener("disconnected", onDisconnected);
    const wasUp = state === LINK_UP;
    state = LINK_IDLE;
    lastReason = LINK_REASON_CLOSED;
    wifi.disconnect();
    if (wasUp) setTimeout(reportClosed, 0);
  }

  return { join, status, reason, close };
}
