import { LINK_DOWN, LINK_REASON_CLOSED } from "../api";
import type { Link, LinkEvents } from "../api";
import { linkAttempted, linkClosed, linkDisconnected, linkGotAddress, newLinkState } from "../link-state";

/**
 * The Link for NodeMCU on ESP32, over its `wifi` module (RUNTIMES.md, NodeMCU; docs/modules/wifi.md
 * on `dev-esp32`): `wifi.mode(wifi.STATION)` and `wifi.start()` at creation, then per `join`
 * `wifi.sta.config{ssid, pwd, auto = false}` and `wifi.sta.connect()`. The "got_ip" event (with
 * `info.ip`) says the link is up; "disconnected" (with ESP-IDF's `info.reason`) says an attempt
 * failed or the link was lost. The state and the reasons follow hal/link-state.ts.
 *
 * Rejoining: `rejoinMs` after any loss or failure other than a wrong password or `close()`, the
 * Link calls `wifi.sta.connect()` again (from one `tmr` timer made at creation), until it is up
 * again or closed. A wrong password is final until the next `join`.
 *
 * Allocation: the config table, the state and the timer are made once, at creation; events hand
 * on the firmware's own address string. Call the methods with `:` from Lua.
 */

/** How long after a loss or failure the Link tries again, by default. */
const DEFAULT_REJOIN_MS = 5000;

/** Options for `newNodemcuLink`: the events, how long to wait before rejoining, and the station's host name. */
export interface NodemcuLinkOptions extends LinkEvents {
  rejoinMs?: number;
  /** The name given to the access point's DHCP server (`wifi.sta.sethostname`); left out or "", the firmware's own. */
  hostname?: string;
}

/**
 * Makes the NodeMCU Link (see the module comment): puts the Wi-Fi in station mode, starts it and
 * registers its event callbacks. The options are read now, not kept.
 */
export function newNodemcuLink(options: NodemcuLinkOptions): Link {
  const link = newLinkState({ onUp: options.onUp, onDown: options.onDown });
  const rejoinMs = options.rejoinMs !== undefined ? options.rejoinMs : DEFAULT_REJOIN_MS;
  const station: WifiStationConfig = { ssid: "", pwd: "", auto: false };
  const rejoinTimer = tmr.create();

  function start(): boolean {
    const [configured] = pcall(wifi.sta.config, station);
    let started = configured;
    if (configured) {
      const [connecting] = pcall(wifi.sta.connect);
      started = connecting;
    }
    linkAttempted(link, started);
    return started;
  }

  function onRejoin(this: void): void {
    if (link.open && link.linkStatus === LINK_DOWN) start();
  }

  function onGotIp(this: void, _event: string, info: WifiGotIpInfo): void {
    linkGotAddress(link, info.ip);
  }

  function onDisconnected(this: void, _event: string, info: WifiDisconnectedInfo): void {
    if (linkDisconnected(link, info.reason)) rejoinTimer.start();
  }

  rejoinTimer.register(rejoinMs, tmr.ALARM_SEMI, onRejoin);
  wifi.mode(wifi.STATION);
  wifi.start();
  if (options.hostname !== undefined && options.hostname !== "") pcall(wifi.sta.sethostname, options.hostname);
  wifi.sta.on("got_ip", onGotIp);
  wifi.sta.on("disconnected", onDisconnected);

  function join(this: unknown, network: string, password: string): boolean {
    if (!link.open) return false;
    rejoinTimer.stop();
    station.ssid = network;
    station.pwd = password;
    return start();
  }

  function linkStatus(this: unknown): number {
    return link.linkStatus;
  }

  function reason(this: unknown): number {
    return link.reason;
  }

  function reportClosed(this: void): void {
    link.events.onDown(LINK_REASON_CLOSED);
  }

  function close(this: unknown): void {
    if (!link.open) return;
    rejoinTimer.unregister();
    wifi.sta.on("got_ip", undefined);
    wifi.sta.on("disconnected", undefined);
    const wasUp = linkClosed(link);
    pcall(wifi.sta.disconnect);
    if (wasUp) node.task.post(reportClosed);
  }

  return { join, linkStatus, reason, close };
}
