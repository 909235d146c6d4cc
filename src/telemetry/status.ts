/**
 * The statuses of the telemetry layer: setting it up (names that would break a topic), running
 * it (readings kept for later), and commands from the broker (unknown names, bad arguments).
 * Errors are values, never exceptions; `telemetryStatusName` gives the words for humans.
 */
export const enum TelemetryStatus {
  Success = 0,
  /** The topic prefix is empty, starts with `$`, has an empty level, or holds `+`, `#`, U+0000 or bad UTF-8. */
  BadPrefix = 1,
  /** The device id is empty, or holds `/`, `+`, `#`, U+0000 or bad UTF-8. */
  BadDeviceId = 2,
  /** A sensor name is empty, or holds `/`, `+`, `#`, U+0000 or bad UTF-8. */
  BadSensorName = 3,
  /** A quantity name is empty, or holds `/`, `+`, `#`, U+0000 or bad UTF-8. */
  BadQuantityName = 4,
  /** Two sensors share a name, or one sensor names a quantity twice. */
  DuplicateName = 5,
  /** A caller's store is too small for the topics, the payload or the reply. */
  NoRoom = 6,
  /** A name used in a Home Assistant object id holds a byte other than a-z, A-Z, 0-9, `_` or `-`. */
  BadDiscoveryId = 7,
  /** A sensor interval is not a whole number of seconds from 1 to MAX_INTERVAL_SECONDS. */
  BadInterval = 8,
  /** A reading's value or decimals are out of range: it was not published. */
  BadReading = 9,
  /** The client's queue has no room now: the reading waits and goes on a later poll. */
  Deferred = 10,
  /** The message is not on this device's command topic. */
  NotACommand = 11,
  /** The command name is not one this device knows. */
  UnknownCommand = 12,
  /** The command names a sensor this device does not have. */
  UnknownSensor = 13,
  /** The command's arguments are missing, extra, or not what it takes. */
  BadArgument = 14,
}

/** Human names for every status, indexed by value. */
const TELEMETRY_STATUS_NAMES = [
  "Success",
  "BadPrefix",
  "BadDeviceId",
  "BadSensorName",
  "BadQuantityName",
  "DuplicateName",
  "NoRoom",
  "BadDiscoveryId",
  "BadInterval",
  "BadReading",
  "Deferred",
  "NotACommand",
  "UnknownCommand",
  "UnknownSensor",
  "BadArgument",
];

/** The name of `status` ("Unknown" for a value outside the enum). Never allocates. @hotpath */
export function telemetryStatusName(status: TelemetryStatus): string {
  if (status < 0 || status >= TELEMETRY_STATUS_NAMES.length) {
    return "Unknown";
  }
  return TELEMETRY_STATUS_NAMES[status];
}
