import type { VirtualOneWireDevice } from "./onewire-bus";
import type { Environment } from "./environment";
import { maximCrc } from "./crc8";

const CONVERT_T = 0x44;
const READ_SCRATCHPAD = 0xbe;
const WRITE_SCRATCHPAD = 0x4e;
const FAMILY = 0x28;
/** The temperature register at power-up: +85 degrees (datasheet, "Operation - measuring temperature"). */
const POWER_UP_RAW = 0x0550;

/** Makes a DS18B20 ROM code: family 0x28, the 48-bit `serial` (least significant byte first), CRC. */
export function ds18b20Rom(serial: number): Uint8Array {
  const rom = new Uint8Array(8);
  rom[0] = FAMILY;
  let rest = serial;
  for (let index = 1; index <= 6; index++) {
    rom[index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  rom[7] = maximCrc(rom, 0, 7);
  return rom;
}

/**
 * A DS18B20 at the function-command level (datasheet, "DS18B20 function commands"): Convert T
 * measures `environment` at the configured resolution (12-bit at power-up) into the scratchpad,
 * Read Scratchpad streams its 9 bytes (the last the CRC-8 of the first eight, then 0xFF), Write
 * Scratchpad sets TH, TL and the configuration. The temperature saturates at the datasheet's
 * -55..+125 degrees. `corruptScratchpad` flips one bit of a temperature byte after the CRC is
 * computed. Never allocates per transfer.
 */
export class VirtualDs18b20 implements VirtualOneWireDevice {
  present = true;
  corruptScratchpad = false;
  /** Conversions done. */
  conversions = 0;
  readonly scratchpad = new Uint8Array([POWER_UP_RAW & 0xff, POWER_UP_RAW >> 8, 0x4b, 0x46, 0x7f, 0xff, 0x0c, 0x10, 0]);
  private command = -1;
  private position = 0;

  constructor(readonly rom: Uint8Array, readonly environment: Environment) {
    this.scratchpad[8] = maximCrc(this.scratchpad, 0, 8);
  }

  reset(): void {
    this.command = -1;
    this.position = 0;
  }

  receive(byte: number): void {
    if (this.command === WRITE_SCRATCHPAD && this.position < 3) {
      this.scratchpad[2 + this.position] = this.position === 2 ? (byte & 0x60) | 0x1f : byte;
      this.position++;
      this.scratchpad[8] = maximCrc(this.scratchpad, 0, 8);
      return;
    }
    this.command = byte;
    this.position = 0;
    if (byte === CONVERT_T) {
      this.convert();
    }
  }

  transmit(): number {
    if (this.command !== READ_SCRATCHPAD) {
      return 0xff;
    }
    const byte = this.position < 9 ? this.scratchpad[this.position] : 0xff;
    this.position++;
    return this.position === 1 && this.corruptScratchpad ? byte ^ 0x04 : byte;
  }

  private convert(): void {
    this.conversions++;
    const bits = 9 + ((this.scratchpad[4] >> 5) & 3);
    const step = 1 << (12 - bits);
    const celsius = Math.min(125, Math.max(-55, this.environment.celsius));
    const raw = Math.floor(Math.round(celsius * 16) / step) * step;
    this.scratchpad[0] = raw & 0xff;
    this.scratchpad[1] = (raw >> 8) & 0xff;
    this.scratchpad[8] = maximCrc(this.scratchpad, 0, 8);
  }
}
