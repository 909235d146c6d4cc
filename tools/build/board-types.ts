/**
 * What a board file holds, as TypeScript types matching boards/schema.json (after its defaults are
 * filled in), and the shape of one problem found in one.
 */

export type Runtime = "espruino" | "nodemcu";
export type Chip = "esp32" | "esp32-c3" | "esp32-s3";

export interface I2cBus {
  sda: number;
  scl: number;
  /** Clock in Hz. */
  frequency: number;
}

export interface OneWireBus {
  pin: number;
}

export interface AdcBus {
  /** ADC1 pins only (ADC2 cannot be read while Wi-Fi is on). */
  pins: number[];
  attenuation: "0db" | "2.5db" | "6db" | "11db";
}

export interface Buses {
  i2c?: I2cBus;
  onewire?: OneWireBus;
  adc?: AdcBus;
}

export interface WifiLink {
  type: "wifi";
  hostname?: string;
}

export interface CellularLink {
  type: "cellular";
  modem: "sim7000" | "sim800";
  apn: string;
  username?: string;
  password?: string;
  baud: 9600 | 19200 | 38400 | 57600 | 115200;
  /** The modem's UART (tx and rx as seen from the ESP32) and control lines. */
  pins: { tx: number; rx: number; power?: number; reset?: number };
}

/** The simulator's network as is, with no join step (simulator boards only). */
export interface SimLink {
  type: "sim";
}

export type Link = WifiLink | CellularLink | SimLink;

interface SensorBase {
  /** The sensor's topic level. */
  name: string;
  /** Seconds between readings. */
  interval: number;
}

export interface Bme280Sensor extends SensorBase {
  driver: "bme280";
  bus: "i2c";
  address: number;
}

export interface Sht3xSensor extends SensorBase {
  driver: "sht3x";
  bus: "i2c";
  address: number;
}

export interface Ds18b20Sensor extends SensorBase {
  driver: "ds18b20";
  bus: "onewire";
  /** The device's 64-bit ROM code in hex, needed when the bus has several. */
  rom?: string;
}

export interface Dht22Sensor extends SensorBase {
  driver: "dht22";
  pin: number;
}

/** Two points of a straight line: `millivolts[i]` reads as `values[i]`. */
export interface AnalogCalibration {
  quantity: string;
  unit: string;
  decimals: number;
  millivolts: [number, number];
  values: [number, number];
}

export interface AnalogSensor extends SensorBase {
  driver: "analog";
  bus: "adc";
  pin: number;
  calibration?: AnalogCalibration;
}

export interface InternalTemperatureSensor extends SensorBase {
  driver: "internal-temperature";
}

export type Sensor = Bme280Sensor | Sht3xSensor | Ds18b20Sensor | Dht22Sensor | AnalogSensor | InternalTemperatureSensor;
export type Driver = Sensor["driver"];

/** Sizes the client takes once, at start (the client's option names). */
export interface Buffers {
  maximumPacketSize: number;
  queueCapacity: number;
  maximumQueuedMessages: number;
  maximumInflight: number;
}

export interface MqttSettings {
  /** 3 (MQTT 3.1), 4 (3.1.1) or 5 (5.0). */
  version: 3 | 4 | 5;
  host: string;
  /** From the file, else 8883 with TLS and 1883 without. */
  port: number;
  tls: boolean;
  keepAliveSeconds: number;
  topicPrefix: string;
  /** Absent: derived from the chip id. */
  deviceId?: string;
  discovery: { enabled: boolean; prefix: string };
}

/** A time the simulator takes something away, in seconds after boot. */
export interface Outage {
  atSeconds: number;
  forSeconds: number;
  everySeconds?: number;
}

/** A virtual sensor's value over time; units as in VirtualSensor. */
export interface Waveform {
  shape: "constant" | "sine" | "triangle" | "square" | "random-walk";
  mean: number;
  amplitude: number;
  periodSeconds: number;
  noise: number;
}

/** The virtual chip behind one sensor: temperature in °C, humidity in %RH, pressure in hPa. */
export interface VirtualSensor {
  fault?: "absent" | "bad-crc";
  temperature?: Waveform;
  humidity?: Waveform;
  pressure?: Waveform;
  millivolts?: Waveform;
}

export type SimQuantity = Exclude<keyof VirtualSensor, "fault">;

export interface SimSettings {
  seed: number;
  wifi: { ssid: string; password: string; drops: Outage[] };
  network: { latencyMs: number; jitterMs: number; lossPercent: number; cuts: Outage[] };
  /** By sensor name. */
  sensors: Record<string, VirtualSensor>;
}

/** A board file with every default filled in. */
export interface Board {
  id: string;
  name: string;
  notes?: string[];
  runtime: Runtime;
  chip: Chip;
  /** Named GPIO numbers outside the buses (status LED, button). */
  pins: Record<string, number>;
  buses: Buses;
  link: Link;
  sensors: Sensor[];
  buffers: Buffers;
  mqtt: MqttSettings;
  /** Present on simulator boards only. */
  sim?: SimSettings;
}

/** One finding: the field it is about (`sensors[1].address`) and what is wrong with it. */
export interface Problem {
  field: string;
  text: string;
}
