import { describe, it, expect } from "vitest";
import { newSession } from "./session";
import { configFind, ConfigLayer } from "../../src/config/store";
import { newConfigStore } from "../../src/config/store";
import { newConfigSlots, configLoad } from "../../src/config/slots";
import { ConfigStatus } from "../../src/config/config-status";
import { moteSettings } from "../../src/config/settings";
import { nodePlatform } from "../../hal/sim/node-platform";

/** A transcript written with "\n" line ends, as the shell writes it (CRLF). */
function crlf(text: string): string {
  return text.replace(/\n/g, "\r\n");
}

describe("the shell's commands", () => {
  it("lists its commands", () => {
    expect(newSession().type("help\r")).toBe(
      crlf(`help                 this list
get [name]           a setting's value, or every setting and what it takes
set <name> <value>   change a setting (quote a value with spaces: "my net")
unset <name>         back to the board's or the default value
save                 keep the settings in flash (they apply after reboot)
show                 every setting's value and where it comes from
status               the device's state
reboot               restart the device
> `),
    );
  });

  it("sets, gets, unsets and shows settings with their layers, secrets masked", () => {
    const session = newSession();
    const transcript = [
      'set wifi.ssid "my home net"',
      "set wifi.password hunter22",
      "set mqtt.port 8883",
      "set mqtt.tls on",
      "get mqtt.host",
      "get wifi.password",
      "unset mqtt.port",
      "show",
    ]
      .map((line) => session.type(line + "\r"))
      .join("");
    expect(transcript).toBe(
      crlf(`wifi.ssid = "my home net" (user)
> wifi.password = ******** (user)
> mqtt.port = 8883 (user)
> mqtt.tls = true (user)
> mqtt.host = "broker.local" (board)
> wifi.password = ******** (user)
> mqtt.port = 1883 (default)
> wifi.ssid = "my home net" (user)
wifi.password = ******** (user)
mqtt.host = "broker.local" (board)
mqtt.port = 1883 (default)
mqtt.version = 3.1.1 (default)
mqtt.username = "" (default)
mqtt.password = "" (default)
mqtt.tls = true (user)
mqtt.keepalive = 60 (default)
device.id = "" (default)
topic.prefix = "mote" (default)
discovery.enabled = true (default)
discovery.prefix = "homeassistant" (default)
sensor.interval = 60 (default)
> `),
    );
  });

  it("describes every setting for get with no name", () => {
    const lines = newSession().type("get\n").split("\r\n");
    expect(lines).toContain("mqtt.port (1 to 65535): MQTT broker's TCP port (1883 plain, 8883 TLS)");
    expect(lines).toContain("mqtt.version (3.1 or 3.1.1 or 5): MQTT protocol version");
    expect(lines).toContain("mqtt.tls (true or false): connect to the broker over TLS");
    expect(lines).toContain("wifi.password (secret text, at most 64 bytes): Wi-Fi password (WPA2: 8 to 63 characters; empty for an open network)");
    expect(lines.length).toBe(14 + 1);
  });

  it("reads quoted values with escapes, and shows them the same way", () => {
    const session = newSession();
    expect(session.type('set wifi.ssid "say \\"hi\\" \\\\ ok"\r')).toBe(crlf('wifi.ssid = "say \\"hi\\" \\\\ ok" (user)\n> '));
    expect(session.config.layers[ConfigLayer.User].texts[configFind(session.config, "wifi.ssid")]).toBe('say "hi" \\ ok');
    expect(session.type('set mqtt.username ""\r')).toBe(crlf('mqtt.username = "" (user)\n> '));
    expect(session.type("set wifi.ssid café☕\r")).toBe(crlf('wifi.ssid = "café☕" (user)\n> '));
  });

  it("saves to flash, says so in status, and a reboot loads what was saved", () => {
    const session = newSession();
    expect(session.type("status\r")).toBe(crlf("settings: nothing saved\nwifi: connected (-61 dBm)\nmqtt: connected to broker.local:1883\n> "));
    session.type("set mqtt.port 1884\r");
    expect(session.type("status\r")).toContain("settings: changed, not saved (type save)\r\n");
    expect(session.type("save\r")).toBe(crlf("saved (generation 1); reboot to apply\n> "));
    expect(session.type("status\r")).toContain("settings: saved (generation 1)\r\n");
    expect(session.type("reboot\r")).toBe(crlf("rebooting\n> "));
    expect(session.reboots).toBe(1);

    const booted = newConfigStore(nodePlatform, moteSettings());
    expect(configLoad(booted, newConfigSlots(booted, session.storage, "config"))).toBe(ConfigStatus.Ok);
    expect(booted.layers[ConfigLayer.User].numbers[configFind(booted, "mqtt.port")]).toBe(1884);
  });

  it("warns on reboot with unsaved changes, and reports a refused save", () => {
    const session = newSession();
    session.type("set mqtt.port 1884\r");
    session.storage.refuseWrites = true;
    expect(session.type("save\r")).toBe(crlf("error: not saved: the storage refused to write\n> "));
    expect(session.type("reboot\r")).toBe(crlf("rebooting (unsaved changes are dropped)\n> "));
  });
});

describe("a bad line gets one clear error and changes nothing", () => {
  const cases: Array<[string, string]> = [
    ["frobnicate", 'error: unknown command "frobnicate" (type help for the list)'],
    ["set", "error: usage: set <name> <value>   change a setting (quote a value with spaces: \"my net\")"],
    ["set mqtt.port", "error: usage: set <name> <value>   change a setting (quote a value with spaces: \"my net\")"],
    ["set wifi.ssid my home", 'error: too many words (quote a value with spaces: set wifi.ssid "my net"); nothing was done'],
    ["get a b", "error: usage: get [name]           a setting's value, or every setting and what it takes"],
    ["get a b c", 'error: too many words (quote a value with spaces: set wifi.ssid "my net"); nothing was done'],
    ["help me", "error: usage: help                 this list"],
    ["set mqtt.prot 1883", 'error: unknown setting "mqtt.prot" (type get for the list)'],
    ["get nothing", 'error: unknown setting "nothing" (type get for the list)'],
    ["unset nothing", 'error: unknown setting "nothing" (type get for the list)'],
    ["set mqtt.port 70000", "error: mqtt.port: 70000 is out of range (1 to 65535)"],
    ["set mqtt.port eighty", 'error: mqtt.port: "eighty" is not a whole number'],
    ["set mqtt.tls maybe", 'error: mqtt.tls: "maybe" is not true or false (or on/off, yes/no, 1/0)'],
    ["set mqtt.version 4", 'error: mqtt.version: "4" is not one of 3.1, 3.1.1, 5'],
    ["set wifi.password " + "x".repeat(65), "error: wifi.password: too long (at most 64 bytes)"],
    ["set device.id a/b", 'error: device.id: "/", "+" and "#" are not allowed in a topic level'],
    ['set wifi.ssid "open', "error: a quote is not closed; nothing was done"],
    ['set wifi.ssid "a\\tb"', 'error: a backslash in quotes must be followed by ", \\, n or r; nothing was done'],
    ['set wifi.ssid "a"b', "error: a closing quote must be followed by a space; nothing was done"],
  ];
  for (const [line, reply] of cases) {
    it(`${line.length > 40 ? line.slice(0, 40) + "..." : line} -> ${reply.slice(0, 60)}`, () => {
      const session = newSession();
      session.type("set mqtt.port 1884\r");
      const before = JSON.stringify(session.config.layers);
      expect(session.type(line + "\r")).toBe(reply + "\r\n> ");
      expect(JSON.stringify(session.config.layers)).toBe(before);
    });
  }

  it("refuses a line that is not UTF-8", () => {
    const session = newSession();
    expect(session.type(Uint8Array.from([...Buffer.from("set wifi.ssid "), 0xff, 0xfe, 0x0d]))).toBe("error: the line is not UTF-8 text; nothing was done\r\n> ");
    expect(session.config.layers[ConfigLayer.User].present.some((present) => present)).toBe(false);
  });
});

describe("reading typed bytes", () => {
  it("ends lines on CR, LF and CRLF alike, one command each, whatever the chunking", () => {
    for (const chunk of [1, 2, 3, 1000]) {
      const session = newSession();
      expect(session.type("get mqtt.port\rget mqtt.port\nget mqtt.port\r\nget mqtt.port\n\r", chunk)).toBe(
        crlf("mqtt.port = 1883 (default)\n> ".repeat(4) + "> "),
      );
    }
  });

  it("answers an empty line with a prompt", () => {
    expect(newSession().type("\r   \r")).toBe("> > ");
  });

  it("takes back characters on backspace and DEL, a multi-byte character whole", () => {
    const session = newSession();
    expect(session.type("get mqtt.pory\x08t\r")).toBe(crlf("mqtt.port = 1883 (default)\n> "));
    expect(session.type("set wifi.ssid caf☕\x7fé\r")).toBe(crlf('wifi.ssid = "café" (user)\n> '));
    expect(session.type("\x08\x08get mqtt.port\r")).toBe(crlf("mqtt.port = 1883 (default)\n> "));
  });

  it("ignores arrow keys and other control bytes, reads a tab as a space", () => {
    const session = newSession();
    expect(session.type("\x1b[Aget\x1b[D\x1bOB\x00\x07\tmqtt.port\r")).toBe(crlf("mqtt.port = 1883 (default)\n> "));
  });

  it("drops the line on Ctrl-C", () => {
    const session = newSession({ echo: true });
    expect(session.type("set mqtt.port 1\x03")).toBe("set mqtt.port 1^C\r\n> ");
    expect(session.config.layers[ConfigLayer.User].present.some((present) => present)).toBe(false);
  });

  it("refuses an overlong line whole, and reads the next one as usual", () => {
    const session = newSession({ lineCapacity: 32 });
    const long = "set wifi.ssid " + "x".repeat(40);
    expect(session.type(long + "\r")).toBe(crlf("error: line too long (at most 32 bytes); nothing was done\n> "));
    expect(session.config.layers[ConfigLayer.User].present.some((present) => present)).toBe(false);
    expect(session.type(long + "\x08".repeat(30) + "\rget mqtt.port\r")).toBe(
      crlf("error: line too long (at most 32 bytes); nothing was done\n> mqtt.port = 1883 (default)\n> "),
    );
    expect(session.type("x".repeat(32) + "\r")).toBe(crlf('error: unknown command "' + "x".repeat(32) + '" (type help for the list)\n> '));
  });

  it("echoes what it keeps when it echoes: typed bytes, erasures, line ends", () => {
    const session = newSession({ echo: true });
    expect(session.type("get mqtt.pory\x7ft\r")).toBe("get mqtt.pory\b \bt\r\nmqtt.port = 1883 (default)\r\n> ");
  });

  it("survives random garbage, then still answers (property)", () => {
    const session = newSession({ echo: true, lineCapacity: 40 });
    let seed = 12345;
    const garbage = Uint8Array.from({ length: 20000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % 256;
    });
    session.type(garbage, 7);
    session.type("\x03");
    expect(session.type("\rget mqtt.host\r")).toContain('mqtt.host = "broker.local"');
  });

  it("sends a reply in few writes, not one per byte", () => {
    const session = newSession();
    session.writeSizes.length = 0;
    session.type("show\r");
    expect(session.writeSizes.length).toBe(15);
  });
});
