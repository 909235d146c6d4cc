import {
  LINK_CONNECTING,
  LINK_DOWN,
  LINK_IDLE,
  LINK_REASON_CLOSED,
  LINK_REASON_NONE,
  LINK_REASON_WRONG_PASSWORD,
  LINK_UP,
} from "./api";
import type { LinkEvents } from "./api";
import { linkReasonOfWifiCode } from "./wifi-reasons";

/**
 * The state every runtime's Wi-Fi Link keeps (hal/espruino/link.ts, hal/nodemcu/link.ts), and the
 * rules that move it, written once: an attempt starts (CONNECTING), the firmware says the station
 * has an address (UP, `onUp`) or reports an ESP-IDF disconnect reason (DOWN, `onDown` with the
 * LINK_REASON_*), `close()` ends it (IDLE, reason CLOSED). Events that do not fit the state (a late
 * event after `close()`, a second "got address") are ignored. The subset only; no allocation.
 */
export interface LinkState {
  /** LINK_IDLE, LINK_CONNECTING, LINK_UP or LINK_DOWN. */
  linkStatus: number;
  /** The last LINK_REASON_*. */
  reason: number;
  /** False once closed: every event is ignored and `join` refused. */
  open: boolean;
  events: LinkEvents;
}

/** A Link's state, idle, reporting to `events`. */
export function newLinkState(events: LinkEvents): LinkState {
  return { linkStatus: LINK_IDLE, reason: LINK_REASON_NONE, open: true, events };
}

/** An attempt has started (`started` true) or the firmware refused to start it. */
export function linkAttempted(link: LinkState, started: boolean): void {
  link.linkStatus = started ? LINK_CONNECTING : LINK_IDLE;
}

/** The firmware says the station has `address`: up, unless that does not fit the state. */
export function linkGotAddress(link: LinkState, address: string): void {
  if (!link.open || link.linkStatus === LINK_IDLE || link.linkStatus === LINK_UP) return;
  link.linkStatus = LINK_UP;
  link.reason = LINK_REASON_NONE;
  link.events.onUp(address);
}

/**
 * The firmware reports ESP-IDF disconnect reason `code`: down with its LINK_REASON_*. Returns
 * whether the Link should try again later (not after a wrong password, nor when the event did not
 * fit the state).
 */
export function linkDisconnected(link: LinkState, code: number): boolean {
  if (!link.open || link.linkStatus === LINK_IDLE || link.linkStatus === LINK_DOWN) return false;
  const reason = linkReasonOfWifiCode(code, link.linkStatus === LINK_UP);
  link.linkStatus = LINK_DOWN;
  link.reason = reason;
  link.events.onDown(reason);
  return reason !== LINK_REASON_WRONG_PASSWORD;
}

/** `close()`: returns whether the link was up (then `onDown(LINK_REASON_CLOSED)` is owed). */
export function linkClosed(link: LinkState): boolean {
  const wasUp = link.linkStatus === LINK_UP;
  link.open = false;
  link.linkStatus = LINK_IDLE;
  link.reason = LINK_REASON_CLOSED;
  return wasUp;
}
