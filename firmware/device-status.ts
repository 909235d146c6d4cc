/**
 * What the console's `status` shows: the board and device, the link, the broker connection, the
 * readings' counters and each sensor's last reading status.
 */
import { LINK_IDLE, LINK_CONNECTING, LINK_UP } from "../hal/api";
import { statusName } from "../src/mqtt/status";
import { ClientState } from "../src/mqtt/client-state";
import { configIntegerText } from "../src/config/store";
import type { Shell } from "../src/console/shell-state";
import { shellWriteLine } from "../src/console/output";
import type { Device } from "./device";

/** The link's states (LINK_*), as `status` names them. */
const LINK_STATE_NAMES = ["idle", "joining", "up", "down"];
/** The reasons a link goes down (LINK_REASON_*), as `status` names them. */
const LINK_REASON_NAMES = ["", "wrong password", "no such network", "lost", "closed", "failed"];
/** Reading statuses (ReadingStatus), as `status` names them. */
const READING_STATUS_NAMES = ["ok", "no device", "bad checksum", "out of range", "wrong device", "incomplete"];

/** The link's line. Allocates the text. */
function linkLine(device: Device): string {
  const link = device.link;
  if (link === undefined) {
    return "link: simulator network (always up)";
  }
  const state = link.linkStatus();
  if (state === LINK_UP) {
    return "link: up, address " + device.address;
  }
  if (state === LINK_IDLE || state === LINK_CONNECTING) {
    return "link: " + LINK_STATE_NAMES[state];
  }
  return "link: down (" + LINK_REASON_NAMES[link.reason()] + "), rejoining";
}

/** The broker's line. Allocates the text. */
function brokerLine(device: Device): string {
  const client = device.client;
  const options = client.options;
  const where = options.host + ":" + configIntegerText(device.settings.config, options.port);
  if (client.state === ClientState.Connected) {
    return "mqtt: connected to " + where + " (connections: " + configIntegerText(device.settings.config, device.connections) + ")";
  }
  return "mqtt: not connected to " + where + " (last: " + statusName(device.lastClose) + ")";
}

/** Writes the device's state on the console, one line per subject. Allocates its lines (console only). */
export function writeDeviceStatus(device: Device, shell: Shell): void {
  const config = device.settings.config;
  const telemetry = device.telemetry;
  shellWriteLine(shell, "board: " + device.board.id + " (" + device.hal.runtime + "), device " + device.deviceId);
  shellWriteLine(shell, linkLine(device));
  shellWriteLine(shell, brokerLine(device));
  shellWriteLine(
    shell,
    "readings: " +
      configIntegerText(config, telemetry.published) +
      " published, " +
      configIntegerText(config, telemetry.pendingCount) +
      " waiting, " +
      configIntegerText(config, telemetry.readErrors) +
      " failed reads",
  );
  for (let s = 0; s < device.bank.slots.length; s++) {
    const slot = device.bank.slots[s];
    const every = s < telemetry.intervalsMs.length ? configIntegerText(config, telemetry.intervalsMs[s] / 1000) + " s" : "-";
    const last = slot.readCount === 0 ? "not read yet" : READING_STATUS_NAMES[slot.lastStatus];
    shellWriteLine(shell, "sensor " + slot.spec.name + ": every " + every + ", last reading " + last);
  }
}
