/**
 * The byte stream a runtime's 1-Wire module sends (reset, then a ROM command byte, then function
 * bytes), played onto a virtual bus (hal/sim/devices/onewire-bus.ts), which takes the ROM layer
 * as calls: Match ROM (0x55) and its eight ROM bytes become `select`, Skip ROM (0xCC) `skip`,
 * and everything after goes to `write`. Shared by the Espruino and NodeMCU emulations.
 */
import type { VirtualOneWireBus } from "./devices/onewire-bus";

const MATCH_ROM = 0x55;
const SKIP_ROM = 0xcc;

/** Where the stream is since the last reset. */
const enum Phase {
  /** No reset yet, or no device answered it: bytes go nowhere. */
  Idle,
  /** The next byte is a ROM command. */
  RomCommand,
  /** Collecting the eight bytes of a Match ROM. */
  Rom,
  /** Function commands and data for the addressed devices. */
  Function,
}

/** One bus's byte stream (see the module comment). */
export class OneWireByteStream {
  private phase = Phase.Idle;
  private readonly rom = new Uint8Array(8);
  private romBytes = 0;
  private readonly byte = new Uint8Array(1);

  constructor(readonly bus: VirtualOneWireBus) {}

  /** A reset pulse: true when a device answered. */
  reset(): boolean {
    const presence = this.bus.reset();
    this.phase = presence ? Phase.RomCommand : Phase.Idle;
    return presence;
  }

  /** Skip ROM sent by the module's own call. */
  skip(): void {
    this.bus.skip();
    this.phase = Phase.Function;
  }

  /** Match ROM sent by the module's own call, with the 8-byte ROM code in `rom`. */
  select(rom: Uint8Array): void {
    this.bus.select(rom, 0);
    this.phase = Phase.Function;
  }

  /** One byte the host wrote. */
  write(value: number): void {
    if (this.phase === Phase.RomCommand) {
      if (value === MATCH_ROM) {
        this.phase = Phase.Rom;
        this.romBytes = 0;
      } else if (value === SKIP_ROM) {
        this.skip();
      } else {
        this.phase = Phase.Idle;
      }
    } else if (this.phase === Phase.Rom) {
      this.rom[this.romBytes++] = value;
      if (this.romBytes === 8) this.select(this.rom);
    } else if (this.phase === Phase.Function) {
      this.byte[0] = value & 0xff;
      this.bus.write(this.byte, 0, 1);
    }
  }

  /** One byte the host read (0xFF with nothing addressed). */
  read(): number {
    if (this.phase !== Phase.Function) return 0xff;
    this.bus.read(this.byte, 0, 1);
    return this.byte[0];
  }

  /** The ROM codes a Search ROM finds, in the bus's order (at most `capacity`). */
  search(capacity: number): Uint8Array[] {
    const store = new Uint8Array(capacity * 8);
    const count = this.bus.search(store, 0, capacity);
    this.phase = Phase.Idle;
    return Array.from({ length: count }, (_, index) => store.slice(index * 8, index * 8 + 8));
  }
}
