import type { OneWire } from "../../api";
import type { Bytes } from "../../../src/bytes/bytes";

/**
 * A device on a virtual 1-Wire bus, at the byte level: the bus handles the ROM layer (reset,
 * Match ROM, Skip ROM, search); the device sees the function commands and data of the
 * transactions that address it.
 */
export interface VirtualOneWireDevice {
  /** The 8-byte ROM code: family, serial, CRC. */
  readonly rom: Uint8Array;
  /** False makes the device silent: no presence pulse, never addressed. */
  readonly present: boolean;
  /** A reset pulse: any transaction in progress ends. */
  reset(): void;
  /** The host wrote `byte` to the addressed device. */
  receive(byte: number): void;
  /** The host reads a byte from the addressed device (0xFF when it has nothing to say). */
  transmit(): number;
}

/**
 * A 1-Wire bus on Node for the drivers' tests and the simulator. Implements `OneWire` directly.
 * Several addressed devices reading at once pull the line together (a wired AND of their bytes),
 * and with none addressed the line floats high and reads 0xFF, as on a real bus. Never allocates
 * per transfer except in `search`.
 */
export class VirtualOneWireBus implements OneWire {
  readonly devices: VirtualOneWireDevice[] = [];
  private readonly addressed: boolean[] = [];
  private closed = false;
  /** Reset pulses sent. */
  resets = 0;

  /** Puts `device` on the bus. */
  attach(device: VirtualOneWireDevice): void {
    this.devices.push(device);
    this.addressed.push(false);
  }

  reset(): boolean {
    this.checkOpen();
    this.resets++;
    let presence = false;
    for (let index = 0; index < this.devices.length; index++) {
      const device = this.devices[index];
      this.addressed[index] = false;
      if (device.present) {
        device.reset();
        presence = true;
      }
    }
    return presence;
  }

  select(store: Bytes, offset: number): void {
    this.checkOpen();
    for (let index = 0; index < this.devices.length; index++) {
      const device = this.devices[index];
      let matches = device.present;
      for (let byte = 0; byte < 8 && matches; byte++) {
        matches = device.rom[byte] === store[offset + byte];
      }
      this.addressed[index] = matches;
    }
  }

  skip(): void {
    this.checkOpen();
    for (let index = 0; index < this.devices.length; index++) {
      this.addressed[index] = this.devices[index].present;
    }
  }

  write(store: Bytes, offset: number, length: number): void {
    this.checkOpen();
    for (let byte = 0; byte < length; byte++) {
      for (let index = 0; index < this.devices.length; index++) {
        if (this.addressed[index]) {
          this.devices[index].receive(store[offset + byte]);
        }
      }
    }
  }

  read(store: Bytes, offset: number, length: number): void {
    this.checkOpen();
    for (let byte = 0; byte < length; byte++) {
      let line = 0xff;
      for (let index = 0; index < this.devices.length; index++) {
        if (this.addressed[index]) {
          line &= this.devices[index].transmit();
        }
      }
      store[offset + byte] = line;
    }
  }

  search(store: Bytes, offset: number, capacity: number): number {
    this.checkOpen();
    const found = this.devices.filter((device) => device.present).map((device) => device.rom);
    found.sort(compareRomBits);
    const count = Math.min(capacity, found.length);
    for (let index = 0; index < count; index++) {
      for (let byte = 0; byte < 8; byte++) {
        store[offset + index * 8 + byte] = found[index][byte];
      }
    }
    return count;
  }

  close(): void {
    this.closed = true;
  }

  private checkOpen(): void {
    if (this.closed) {
      throw new Error("VirtualOneWireBus: used after close()");
    }
  }
}

/** The order Search ROM finds devices in: by ROM bits from the least significant, 0 before 1. */
function compareRomBits(left: Uint8Array, right: Uint8Array): number {
  for (let bit = 0; bit < 64; bit++) {
    const a = (left[bit >> 3] >> (bit & 7)) & 1;
    const b = (right[bit >> 3] >> (bit & 7)) & 1;
    if (a !== b) {
      return a - b;
    }
  }
  return 0;
}
