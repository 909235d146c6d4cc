import type { I2c } from "../../api";
import type { Bytes } from "../../../src/bytes/bytes";

/**
 * A device on a virtual I2C bus, as the bus sees it: each transfer is one addressed write or read
 * between a start and a stop. Returning false is a NACK of the address (missing, busy, measuring).
 */
export interface VirtualI2cDevice {
  /** Takes `length` bytes from `store` at `offset`; false to NACK. */
  receive(store: Bytes, offset: number, length: number): boolean;
  /** Fills `length` bytes of `store` at `offset`; false to NACK. */
  transmit(store: Bytes, offset: number, length: number): boolean;
}

/**
 * An I2C bus on Node for the drivers' tests and the simulator: devices attach at 7-bit addresses,
 * and every transfer goes to the one at the address, or is not acknowledged. Implements `I2c`
 * directly, without allocating per transfer, and counts transfers for tests.
 */
export class VirtualI2cBus implements I2c {
  private readonly devices = new Map<number, VirtualI2cDevice>();
  private readonly registerStore = new Uint8Array(1);
  private closed = false;
  /** Transfers attempted, acknowledged or not. */
  transfers = 0;

  /** Attaches `device` at `address` (replacing any other there). */
  attach(address: number, device: VirtualI2cDevice): void {
    this.devices.set(address, device);
  }

  /** Takes the device at `address` off the bus: transfers to it are no longer acknowledged. */
  detach(address: number): void {
    this.devices.delete(address);
  }

  write(address: number, store: Bytes, offset: number, length: number): number {
    const device = this.addressed(address);
    return device !== undefined && device.receive(store, offset, length) ? length : -1;
  }

  read(address: number, store: Bytes, offset: number, length: number): number {
    const device = this.addressed(address);
    return device !== undefined && device.transmit(store, offset, length) ? length : -1;
  }

  readRegisters(address: number, register: number, store: Bytes, offset: number, length: number): number {
    this.registerStore[0] = register;
    return this.write(address, this.registerStore, 0, 1) === 1 ? this.read(address, store, offset, length) : -1;
  }

  close(): void {
    this.closed = true;
  }

  private addressed(address: number): VirtualI2cDevice | undefined {
    if (this.closed) {
      throw new Error("VirtualI2cBus: used after close()");
    }
    this.transfers++;
    return this.devices.get(address);
  }
}
