/**
 * NodeMCU's connection failure reason codes (docs/modules/mqtt.md, "Connection failure callback
 * reason codes"; the `mqtt.CONN_FAIL_*` and `mqtt.CONNACK_*` constants of app/modules/mqtt.c),
 * exported from the bundle under the same names so that `mqtt.CONNACK_REFUSED_BAD_USER_OR_PASS`
 * becomes `mote.CONNACK_REFUSED_BAD_USER_OR_PASS`, and the one place that maps the core's
 * reasons for a failed attempt onto them.
 */
import { Status } from "../../src/mqtt/status";

/** There is no broker listening at the address (refused, unreachable, or the name did not resolve). */
export const CONN_FAIL_SERVER_NOT_FOUND = -5;
/** The broker's answer to CONNECT was not a CONNACK (another packet, bytes that do not parse, or a close). */
export const CONN_FAIL_NOT_A_CONNACK_MSG = -4;
/** DNS lookup failed (the socket cannot tell it from an unreachable broker: -5 is reported). */
export const CONN_FAIL_DNS = -3;
/** No CONNACK came in time. */
export const CONN_FAIL_TIMEOUT_RECEIVING = -2;
/** CONNECT could not be sent in time. */
export const CONN_FAIL_TIMEOUT_SENDING = -1;
/** CONNACK return codes of MQTT 3.1.1 (an MQTT 5 broker's reason code is passed on as it is, e.g. 0x86). */
export const CONNACK_ACCEPTED = 0;
export const CONNACK_REFUSED_PROTOCOL_VER = 1;
export const CONNACK_REFUSED_ID_REJECTED = 2;
export const CONNACK_REFUSED_SERVER_UNAVAILABLE = 3;
export const CONNACK_REFUSED_BAD_USER_OR_PASS = 4;
export const CONNACK_REFUSED_NOT_AUTHORIZED = 5;

/**
 * The reason NodeMCU's "connfail" callback gets for an attempt that ended with `status` (and
 * the CONNACK's `reasonCode`): the CONNACK code when the broker refused; -5 when the link never
 * came up (`linkCameUp` false); -2 when CONNACK did not come in time; -4 for any other end before
 * CONNACK. Never allocates.
 */
export function connectFailureReason(status: Status, reasonCode: number, linkCameUp: boolean): number {
  if (status === Status.ConnectionRefused) {
    return reasonCode;
  }
  if (!linkCameUp) {
    return CONN_FAIL_SERVER_NOT_FOUND;
  }
  return status === Status.ConnectTimeout ? CONN_FAIL_TIMEOUT_RECEIVING : CONN_FAIL_NOT_A_CONNACK_MSG;
}
