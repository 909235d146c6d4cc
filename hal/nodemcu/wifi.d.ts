/** @noSelfInFile */

/**
 * NodeMCU's `wifi` module on ESP32, as far as hal/nodemcu uses it (docs/modules/wifi.md and
 * components/modules/wifi.c, wifi_sta.c on `dev-esp32`; RUNTIMES.md, NodeMCU). Every function is
 * called with `.`.
 */
declare namespace wifi {
  /** Mode: station only (1). */
  const STATION: number;
  /** Sets the Wi-Fi mode (wifi.STATION, wifi.SOFTAP, wifi.STATIONAP, wifi.NULLMODE). */
  function mode(mode: number): void;
  /** Starts the Wi-Fi driver in the configured mode. */
  function start(): void;

  namespace sta {
    /**
     * Sets the station's network: `ssid`, `pwd` ("" for open networks), and `auto` (true by
     * default: connect now; false: wait for `wifi.sta.connect()`). Raises a Lua error for a bad
     * table (an SSID over 32 bytes, a password over 64).
     */
    function config(station: WifiStationConfig): void;
    /** The station's MAC address as "xx:xx:xx:xx:xx:xx" (lowercase hex). */
    function getmac(): string;
    /** Sets the name the station gives the access point's DHCP server (1 to 32 letters, digits and '-'). */
    function sethostname(hostname: string): void;
    /** Connects with the configured network; the outcome arrives as "got_ip" or "disconnected". */
    function connect(): void;
    /** Leaves the network. */
    function disconnect(): void;
    /**
     * Registers (or, with nil, removes) the callback for a station event; it runs from the event
     * loop as `fn(event, info)`: "got_ip" with `info.ip`, `info.netmask`, `info.gw` (dotted text);
     * "disconnected" with `info.ssid`, `info.bssid` and `info.reason`, ESP-IDF's reason number
     * (201 NO_AP_FOUND, 202 AUTH_FAIL, 15 4WAY_HANDSHAKE_TIMEOUT, 200 BEACON_TIMEOUT ...).
     */
    function on(event: "got_ip", callback: ((event: string, info: WifiGotIpInfo) => void) | undefined): void;
    function on(event: "disconnected", callback: ((event: string, info: WifiDisconnectedInfo) => void) | undefined): void;
  }
}

/** The table `wifi.sta.config` reads. */
interface WifiStationConfig {
  ssid: string;
  pwd: string;
  auto: boolean;
}

/** The "got_ip" event's table. */
interface WifiGotIpInfo {
  ip: string;
  netmask: string;
  gw: string;
}

/** The "disconnected" event's table. */
interface WifiDisconnectedInfo {
  ssid: string;
  bssid: string;
  reason: number;
}
