/**
 * The simulator's virtual Wi-Fi: access points with an SSID and a password, which stations (the
 * emulated `Wifi` of Espruino, hal/sim/espruino-wifi.ts, and `wifi` of NodeMCU,
 * hal/sim/nodemcu-wifi.ts) join. A join succeeds or fails by SSID and password, with ESP-IDF's
 * reason codes, after `joinDelayMs` (events are never synchronous, as on the chip). `drop()` takes
 * the access points off the air — every joined station is told BEACON_TIMEOUT and later joins find
 * NO_AP_FOUND — and `restore()` brings them back; `schedule` does either at set times. Stations
 * are not rejoined by the air: the firmware (or the HAL above it) tries again.
 */

/** ESP-IDF's station disconnect reasons that the virtual air produces. */
export const WIFI_REASON = {
  BEACON_TIMEOUT: 200,
  NO_AP_FOUND: 201,
  AUTH_FAIL: 202,
  ASSOC_LEAVE: 8,
} as const;

/** ESP-IDF's names for those reasons (Espruino's `msg`). */
export const WIFI_REASON_NAMES: Record<number, string> = {
  200: "BEACON_TIMEOUT",
  201: "NO_AP_FOUND",
  202: "AUTH_FAIL",
  8: "ASSOC_LEAVE",
};

/** One access point. */
export interface VirtualNetwork {
  ssid: string;
  password: string;
}

/** A station as the air sees it: told how its join ended and when it is dropped. */
export interface VirtualStation {
  /** The join succeeded: the station's address, netmask and gateway. */
  joined(address: string, netmask: string, gateway: string): void;
  /** The join failed, or the joined station lost its access point, with an ESP-IDF reason. */
  left(reason: number): void;
}

/** One step of a schedule: after `atMs` from `schedule()`, drop or restore the air. */
export interface VirtualWifiStep {
  atMs: number;
  action: "drop" | "restore";
}

/** Options for `createVirtualWifi`. */
export interface VirtualWifiOptions {
  networks: VirtualNetwork[];
  /** Time a join takes, in ms; 10 by default. */
  joinDelayMs?: number;
  /** The first address handed out is `<subnet>.2`; "192.168.4" by default. */
  subnet?: string;
}

/** The virtual air (see the module comment). */
export interface VirtualWifi {
  /** Starts `station` joining `ssid` with `password`; the outcome comes later, through `station`. */
  join(station: VirtualStation, ssid: string, password: string): void;
  /** The station leaves (no event follows for it). */
  leave(station: VirtualStation): void;
  /** Takes the access points off the air: joined stations are told BEACON_TIMEOUT. */
  drop(): void;
  /** Puts them back on the air (stations rejoin by themselves). */
  restore(): void;
  /** Runs `steps` at their times from now; returns a function that cancels those not yet run. */
  schedule(steps: VirtualWifiStep[]): () => void;
  /** Whether the access points are on the air. */
  readonly onAir: boolean;
  /** The stations joined now. */
  readonly joined: number;
  /** Cancels every pending join and scheduled step (clean-up for tests). */
  stopAll(): void;
}

/** Makes the virtual air (see the module comment). */
export function createVirtualWifi(options: VirtualWifiOptions): VirtualWifi {
  const delay = options.joinDelayMs ?? 10;
  const subnet = options.subnet ?? "192.168.4";
  const pending = new Set<NodeJS.Timeout>();
  const stations = new Map<VirtualStation, string>();
  /** Each station's current attempt: a join that is left or superseded ends silently. */
  const attempts = new Map<VirtualStation, number>();
  let attemptCount = 0;
  let onAir = true;
  let nextHost = 2;

  const later = (action: () => void, ms: number): void => {
    const timer = setTimeout(() => {
      pending.delete(timer);
      action();
    }, ms);
    pending.add(timer);
  };

  const air: VirtualWifi = {
    join(station, ssid, password) {
      stations.delete(station);
      const attempt = ++attemptCount;
      attempts.set(station, attempt);
      later(() => {
        if (attempts.get(station) !== attempt) return;
        const network = options.networks.find((candidate) => candidate.ssid === ssid);
        if (!onAir || network === undefined) return station.left(WIFI_REASON.NO_AP_FOUND);
        if (network.password !== password) return station.left(WIFI_REASON.AUTH_FAIL);
        const address = `${subnet}.${nextHost++}`;
        stations.set(station, address);
        station.joined(address, "255.255.255.0", `${subnet}.1`);
      }, delay);
    },
    leave(station) {
      stations.delete(station);
      attempts.delete(station);
    },
    drop() {
      onAir = false;
      const lost = [...stations.keys()];
      stations.clear();
      for (const station of lost) later(() => station.left(WIFI_REASON.BEACON_TIMEOUT), 0);
    },
    restore() {
      onAir = true;
    },
    schedule(steps) {
      const timers = steps.map((step) =>
        setTimeout(() => (step.action === "drop" ? air.drop() : air.restore()), step.atMs),
      );
      timers.forEach((timer) => pending.add(timer));
      return () => timers.forEach((timer) => {
        clearTimeout(timer);
        pending.delete(timer);
      });
    },
    get onAir() {
      return onAir;
    },
    get joined() {
      return stations.size;
    },
    stopAll() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
    },
  };
  return air;
}
