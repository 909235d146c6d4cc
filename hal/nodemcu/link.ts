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
 * The Link for NodeMCU on ESP32, over its `wifi` module (RUNTIMES.md, NodeMCU; docs/modules/wifi.md
 * on `dev-esp32`): `wifi.mode(wifi.STATION)` and `wifi.start()` at creation, then per `join`
 * `wifi.sta.config{ssid, pwd, auto = false}` and `wifi.sta.connect()`. The "got_ip" event (with
 * `info.ip`) says the link is up; "disconnected" (with ESP-IDF's `info.reason`) says an attempt
 * failed or the link was lost, as a LINK_REASON_* (hal/wifi-reasons.ts).
 *
 * Rejoining: `rejoinMs` after any loss or failure other than a wrong password or `close()`, the
 * Link calls `wifi.sta.connect()` again (from one `tmr` timer made at creation), until it is up
 * again or closed. A wrong password is final until the next `join`.
 *
 * Allocation: the config table and the timer are made once, at creation; events hand on the
 * firmware's own address string. Call the methods with `:` from Lua.
 */

/** How long after a loss or failure the Link tries again, by default. */
const DEFAULT_REJOIN_MS = 5000;

/** Options for `newNodemcuLink`: the events, and how long to wait before rejoining. */
export interface NodemcuLinkOptions extends LinkEvents {
  rejoinMs?: number;
}

/**
 * Makes the NodeMCU Link (see the module comment): puts the Wi-Fi in station mode, starts it and
 * registers its event callbacks. The options are read now, not kept.
 */
export function newNodemcuLink(options: NodemcuLinkOptions): Link {
  const onUp = options.onUp;
  const onDown = options.onDown;
  const rejoinMs = options.rejoinMs !== undefined ? options.rejoinMs : DEFAULT_REJOIN_MS;
  const station: WifiStationConfig = { ssid: "", pwd: "", auto: false };
  const rejoinTimer = tmr.create();
  let state = LINK_IDLE;
  let lastReason = LINK_REASON_NONE;
  let listening = true;

  function start(): boolean {
    state = LINK_CONNECTING;
    const [configured] = pcall(wifi.sta.config, station);
    if (!configured) {
      state = LINK_IDLE;
      return false;
    }
    const [connecting] = pcall(wifi.sta.connect);
    if (!connecting) state = LINK_IDLE;
    return connecting;
  }

  function onRejoin(this: void): void {
    if (listening && state === LINK_DOWN) start();
  }

  function onGotIp(this: void, _event: string, info: WifiGotIpInfo): void {
    if (!listening || state === LINK_IDLE || state === LINK_UP) return;
    state = LINK_UP;
    lastReason = LINK_REASON_NONE;
    onUp(info.ip);
  }

  function onDisconnected(this: void, _event: string, info: WifiDisconnectedInfo): void {
    if (!listening || state === LINK_IDLE || state === LINK_DOWN) return;
    const reason = linkReasonOfWifiCode(info.reason, state === LINK_UP);
    state = LINK_DOWN;
    lastReason = reason;
    if (reason !== LINK_REASON_WRONG_PASSWORD) rejoinTimer.start();
    onDown(reason);
  }

  rejoinTimer.register(rejoinMs, tmr.ALARM_SEMI, onRejoin);
  wifi.mode(wifi.STATION);
  wifi.start();
  wifi.sta.on("got_ip", onGotIp);
  wifi.sta.on("disconnected", onDisconnected);

  function join(this: unknown, network: string, password: string): boolean {
    if (!listening) return false;
    rejoinTimer.stop();
    station.ssid = network;
    station.pwd = password;
    return start();
  }

  function status(this: unknown): number {
    return state;
  }

  function reason(this: unknown): number {
    return lastReason;
  }

  function reportClosed(this: void): void {
    onDown(LINK_REASON_CLOSED);
  }

  function close(this: unknown): void {
    if (!listening) return;
    listening = false;
    rejoinTimer.unregister();
    wifi.sta.on("got_ip", undefined);
    wifi.sta.on("disconnected", undefined);
    const wasUp = state === LINK_UP;
    state = LINK_IDLE;
    lastReason = LINK_REASON_CLOSED;
    pcall(wifi.sta.disconnect);
    if (wasUp) node.task.post(reportClosed);
  }

  return { join, status, reason, close };
}
