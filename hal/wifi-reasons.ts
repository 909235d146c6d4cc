import { LINK_REASON_FAILED, LINK_REASON_LOST, LINK_REASON_NO_NETWORK, LINK_REASON_WRONG_PASSWORD } from "./api";

/**
 * ESP-IDF's station disconnect reasons (wifi_err_reason_t), which both Espruino (the
 * `disconnected` event's `reason`, as text) and NodeMCU (`wifi.sta.on("disconnected")`'s
 * `info.reason`) pass on unchanged, as the Link's reasons. Only the codes that say something the
 * owner acts on are listed; the rest are LINK_REASON_LOST for a link that was up and
 * LINK_REASON_FAILED for an attempt.
 */
const WIFI_REASONS: { code: number; reason: number }[] = [
  { code: 15, reason: LINK_REASON_WRONG_PASSWORD }, // 4WAY_HANDSHAKE_TIMEOUT: WPA2 with a wrong key
  { code: 202, reason: LINK_REASON_WRONG_PASSWORD }, // AUTH_FAIL
  { code: 204, reason: LINK_REASON_WRONG_PASSWORD }, // HANDSHAKE_TIMEOUT
  { code: 201, reason: LINK_REASON_NO_NETWORK }, // NO_AP_FOUND
];

/** The LINK_REASON_* for ESP-IDF reason `code`, for a link that `wasUp` or an attempt. Never allocates. */
export function linkReasonOfWifiCode(code: number, wasUp: boolean): number {
  for (let index = 0; index < WIFI_REASONS.length; index++) {
    if (WIFI_REASONS[index].code === code) return WIFI_REASONS[index].reason;
  }
  return wasUp ? LINK_REASON_LOST : LINK_REASON_FAILED;
}
