/**
 * The telemetry firmware, written once for every runtime: boot reads the board (embedded by the
 * build) and the settings (board presets, then the user's saved copy), takes the serial console
 * for the shell, makes the sensors' drivers, the MQTT client and the telemetry layer, joins the
 * network and connects. From then on one periodic tick drives everything: sensors due are started
 * and read, readings published (or kept while the client's queue is full, so a Wi-Fi drop loses
 * nothing), the client polled. On each connection the retained status `online` and the Home
 * Assistant discovery configs go out; the will says `offline`. Commands arrive on
 * `<prefix>/<device-id>/cmd/<name>` and are answered on the MQTT 5 response topic.
 */
import type { Link, Serial, Socket } from "../hal/api";
import type { DeviceHal } from "../hal/device-hal";
import type { Bytes } from "../src/bytes/bytes";
import { newClient, clientConnect, clientPoll, clientSetWill, clientReconnectNow } from "../src/mqtt/client";
import { defaultClientOptions } from "../src/mqtt/client-state";
import type { Client } from "../src/mqtt/client-state";
import { clientSubscribe } from "../src/mqtt/client-subscriptions";
import type { PacketView } from "../src/mqtt/codec-decode";
import { Status, statusName } from "../src/mqtt/status";
import { configFind, configText, configInteger, configBoolean } from "../src/config/store";
import { newShell } from "../src/console/shell-state";
import type { Shell } from "../src/console/shell-state";
import { shellStart, shellFeed } from "../src/console/shell";
import { shellWriteLine } from "../src/console/output";
import { newTelemetry, telemetryWill, TelemetryCommand } from "../src/telemetry/telemetry-state";
import type { Telemetry, SensorReading } from "../src/telemetry/telemetry-state";
import { telemetryAnnounce, telemetryPoll } from "../src/telemetry/schedule";
import { telemetryCommand, telemetryAnswer } from "../src/telemetry/commands";
import { TelemetryStatus, telemetryStatusName } from "../src/telemetry/status";
import { deviceIdFromChipId } from "../src/telemetry/device-id";
import type { SensorSpec } from "../src/telemetry/sensor-spec";
import type { DeviceBoard } from "./device-board";
import { newDeviceConfig } from "./device-config";
import type { DeviceConfig } from "./device-config";
import { newSensorBank, bankPrepare, bankRead, bankStartAhead } from "./sensor-bank";
import type { SensorBank } from "./sensor-bank";
import { writeDeviceStatus } from "./device-status";
import { discoveryStoreSize } from "./store-sizes";
import { telemetryTopicsSize } from "../src/telemetry/topics";

/** How often the firmware's tick runs: sensors, telemetry and the client's deadlines. */
const TICK_MS = 100;
/** Longest console line. */
const LINE_CAPACITY = 160;
/** How many readings may wait while the client's queue is full (a Wi-Fi drop of a few minutes at the usual intervals). */
const PENDING_READINGS = 64;
/** Readings and announcements go with QoS 1: the broker acknowledges each, and unacknowledged ones go again. */
const READING_QOS = 1;
/** Bytes for a command's reply. */
const REPLY_SIZE = 256;
/** How long after a `reboot` command the device restarts, so that its answer leaves first. */
const REBOOT_DELAY_MS = 500;

/** The running firmware: what boot made, and what the console's `status` shows. */
export interface Device {
  hal: DeviceHal;
  board: DeviceBoard;
  settings: DeviceConfig;
  bank: SensorBank;
  serial: Serial;
  shell: Shell;
  deviceId: string;
  socket: Socket;
  client: Client;
  telemetry: Telemetry;
  /** The Wi-Fi station; undefined on the simulator's "sim" link, which is always up. */
  link: Link | undefined;
  linkUp: boolean;
  address: string;
  /** Connections made, and why the last one ended. */
  connections: number;
  lastClose: Status;
  replyStore: Bytes;
}

/** Where the setting called `name` is in the settings (the firmware reads them by name at boot). */
function setting(settings: DeviceConfig, name: string): number {
  return configFind(settings.config, name);
}

/** The text of setting `name`. Allocates nothing (the store keeps its strings). */
function settingText(settings: DeviceConfig, name: string): string {
  return configText(settings.config, setting(settings, name));
}

/** The sensors' specs with each sensor's interval from the settings. Allocates. */
function sensorSpecs(bank: SensorBank, settings: DeviceConfig): SensorSpec[] {
  const specs: SensorSpec[] = [];
  for (let s = 0; s < bank.slots.length; s++) {
    const spec = bank.slots[s].spec;
    spec.intervalSeconds = configInteger(settings.config, settings.intervalSettings[s]);
    specs.push(spec);
  }
  return specs;
}

/** Writes each of `lines` on the console. */
function writeLines(shell: Shell, lines: string[]): void {
  for (let index = 0; index < lines.length; index++) {
    shellWriteLine(shell, lines[index]);
  }
}

/** Makes the client for the settings and the board's sizes. Allocates. */
function makeClient(hal: DeviceHal, board: DeviceBoard, settings: DeviceConfig, deviceId: string, socket: Socket, device: Device): Client {
  const config = settings.config;
  const options = defaultClientOptions(settingText(settings, "mqtt.host"), configInteger(config, setting(settings, "mqtt.port")), "mote-" + deviceId);
  options.version = configInteger(config, setting(settings, "mqtt.version")) + 3;
  options.secure = configBoolean(config, setting(settings, "mqtt.tls"));
  options.keepAliveSeconds = configInteger(config, setting(settings, "mqtt.keepalive"));
  const username = settingText(settings, "mqtt.username");
  const password = settingText(settings, "mqtt.password");
  options.username = username !== "" ? username : undefined;
  options.password = password !== "" ? password : undefined;
  options.maximumPacketSize = board.maximumPacketSize;
  options.queueCapacity = board.queueCapacity;
  options.maximumQueuedMessages = board.maximumQueuedMessages;
  options.maximumInflight = board.maximumInflight;
  return newClient(hal.platform, socket, options, {
    onConnect(this: void, _sessionPresent: boolean): void {
      device.connections = device.connections + 1;
      telemetryAnnounce(device.telemetry);
    },
    onClose(this: void, status: Status, _reasonCode: number): void {
      device.lastClose = status;
    },
    onMessage(this: void, message: PacketView): void {
      answerCommand(device, message);
    },
    onPublished(this: void, _packetId: number, _reasonCode: number): void {
      return;
    },
    onSubscribed(this: void, _packetId: number, _ack: PacketView): void {
      return;
    },
    onUnsubscribed(this: void, _packetId: number, _ack: PacketView): void {
      return;
    },
    onPingResponse(this: void): void {
      return;
    },
    onAuth(this: void, _view: PacketView): void {
      return;
    },
  });
}

/** Carries out a command from the broker and answers it; a `reboot` restarts the device once the answer is out. */
function answerCommand(device: Device, message: PacketView): void {
  const telemetry = device.telemetry;
  if (telemetryCommand(telemetry, message, device.replyStore, 0, REPLY_SIZE) === TelemetryStatus.NotACommand) {
    return;
  }
  telemetryAnswer(telemetry, message, READING_QOS);
  if (telemetry.command === TelemetryCommand.Reboot) {
    device.hal.after(REBOOT_DELAY_MS, device.hal.reboot);
  }
}

/** Makes the telemetry layer (topics, discovery, schedule) over the client. Allocates. */
function makeTelemetry(device: Device, board: DeviceBoard): Telemetry {
  const hal = device.hal;
  const settings = device.settings;
  const prefix = settingText(settings, "topic.prefix");
  const specs = sensorSpecs(device.bank, settings);
  const discoveryPrefix = settingText(settings, "discovery.prefix");
  const discoveryOn = configBoolean(settings.config, setting(settings, "discovery.enabled"));
  const bank = device.bank;
  return newTelemetry(hal.platform, device.client, {
    prefix: prefix,
    deviceId: device.deviceId,
    sensors: specs,
    qos: READING_QOS,
    pendingCapacity: PENDING_READINGS,
    topicStoreSize: telemetryTopicsSize(hal.platform, prefix, device.deviceId, specs),
    discovery: discoveryOn ? { discoveryPrefix: discoveryPrefix, name: device.deviceId, model: board.name, manufacturer: "Espressif" } : undefined,
    discoveryStoreSize: discoveryOn ? discoveryStoreSize(hal.platform, prefix, device.deviceId, discoveryPrefix, board.name, specs) : 0,
    readSensor(this: void, sensor: number, reading: SensorReading): void {
      bankRead(bank, sensor, reading);
    },
    prepareSensor(this: void, sensor: number, nowMs: number): boolean {
      return bankPrepare(bank, sensor, nowMs);
    },
  });
}

/** Joins the network the settings name (or says on the console why it cannot). */
function startLink(device: Device): void {
  const board = device.board;
  if (board.link !== "wifi") {
    device.linkUp = true;
    clientConnect(device.client);
    return;
  }
  const link = device.hal.newLink(
    {
      onUp(this: void, address: string): void {
        device.linkUp = true;
        device.address = address;
        if (clientConnect(device.client) !== Status.Success) {
          clientReconnectNow(device.client, device.hal.platform.nowMs());
        }
      },
      onDown(this: void, _reason: number): void {
        device.linkUp = false;
        device.socket.close();
      },
    },
    board.hostname,
  );
  device.link = link;
  const ssid = settingText(device.settings, "wifi.ssid");
  if (ssid === "") {
    shellWriteLine(device.shell, "wifi.ssid is not set: type  set wifi.ssid <network>  and  set wifi.password <password>, then  save  and  reboot");
    return;
  }
  if (!link.join(ssid, settingText(device.settings, "wifi.password"))) {
    shellWriteLine(device.shell, "the Wi-Fi station could not start joining " + ssid);
  }
}

/** One tick: sensors due soon start measuring, telemetry reads and publishes, the client meets its deadlines. Never allocates. @hotpath */
function tick(device: Device): void {
  const now = device.hal.platform.nowMs();
  const telemetry = device.telemetry;
  if (telemetry.started) {
    bankStartAhead(device.bank, telemetry.nextDueMs, now);
  }
  telemetryPoll(telemetry, now);
  clientPoll(device.client, now);
}

/**
 * Boots the firmware for `board` on `hal` (see the module comment) and returns the running
 * device. Problems found on the way (a refused preset, a bad saved copy, a sensor this runtime
 * cannot read, settings the topics refuse) are written on the console; the device keeps running
 * with the console, so they can be fixed there. Allocates everything the device will use.
 */
export function bootDevice(hal: DeviceHal, board: DeviceBoard): Device {
  const bank = newSensorBank(hal, board);
  const names: string[] = [];
  for (let s = 0; s < bank.slots.length; s++) {
    names.push(bank.slots[s].spec.name);
  }
  const settings = newDeviceConfig(hal, board, names);
  const configuredId = settingText(settings, "device.id");
  const socket = hal.newSocket();
  const device: Device = {
    hal: hal,
    board: board,
    settings: settings,
    bank: bank,
    serial: hal.newSerial({
      onData(this: void, store: Bytes, offset: number, length: number): void {
        shellFeed(device.shell, store, offset, length);
      },
    }),
    /* The shell, the client and the telemetry layer are made just below, before any event can arrive. */
    shell: undefined as unknown as Shell,
    deviceId: configuredId !== "" ? configuredId : deviceIdFromChipId(hal.platform, hal.chipId()),
    socket: socket,
    client: undefined as unknown as Client,
    telemetry: undefined as unknown as Telemetry,
    link: undefined,
    linkUp: false,
    address: "",
    connections: 0,
    lastClose: Status.Success,
    replyStore: hal.platform.newBytes(REPLY_SIZE),
  };
  device.shell = newShell(hal.platform, settings.config, settings.slots, {
    lineCapacity: LINE_CAPACITY,
    echo: true,
    write(this: void, store: Bytes, offset: number, length: number): void {
      device.serial.write(store, offset, length);
    },
    status(this: void, shell: Shell): void {
      writeDeviceStatus(device, shell);
    },
    reboot(this: void): void {
      hal.after(REBOOT_DELAY_MS, hal.reboot);
    },
  });
  device.client = makeClient(hal, board, settings, device.deviceId, socket, device);
  device.telemetry = makeTelemetry(device, board);
  shellWriteLine(device.shell, "mote on " + board.name + " (" + board.id + ", " + hal.runtime + "), device " + device.deviceId);
  writeLines(device.shell, settings.messages);
  writeLines(device.shell, bank.problems);
  const telemetry = device.telemetry;
  if (telemetry.status !== TelemetryStatus.Success) {
    shellWriteLine(device.shell, "telemetry is off: " + telemetryStatusName(telemetry.status) + " (check topic.prefix, device.id and the sensor names)");
  } else {
    clientSetWill(device.client, telemetryWill(telemetry));
    const subscribed = clientSubscribe(device.client, telemetry.commandFilter, READING_QOS, false, false, 0, undefined);
    if (subscribed !== Status.Success) {
      shellWriteLine(device.shell, "commands are off: subscribing to " + telemetry.commandFilter + " gave " + statusName(subscribed));
    }
  }
  startLink(device);
  hal.every(TICK_MS, function (this: void): void {
    tick(device);
  });
  shellStart(device.shell);
  return device;
}
