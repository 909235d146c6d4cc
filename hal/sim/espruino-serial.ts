/**
 * Espruino's console UART (`Serial1`), its loopback (`LoopbackA`) and `E.setConsole`, emulated
 * for the Espruino VM (hal/sim/espruino-vm.ts): the serial port's other end is the host,
 * which types bytes in (`type`) and reads what the device wrote (`output`).
 *
 * What it follows (RUNTIMES.md, Espruino: the console (REPL) is on a serial device;
 * `E.setConsole(device)` moves it, e.g. to `LoopbackA`, and moving it back returns the REPL):
 * while the console is on `Serial1`, typed bytes go to the interpreter (kept in `replInput`, not
 * run) and no `data` event fires; once it is elsewhere, they arrive as `Serial1`'s `data` events
 * (byte strings, queued through the VM's `emit`). `Serial1.write(data)` appends the byte string to
 * the output; `setup(baud)` records the speed. Not emulated: `LoopbackB`, pins, flow control,
 * `print` following the console.
 */

/** Options for `createEspruinoSerial`. */
export interface EspruinoSerialOptions {
  /** The VM's global object: the devices are made in its realm and installed on it. */
  realm: Record<string, any>;
}

/** The host's end of the emulated console UART. */
export interface EspruinoSerialPort {
  /** Bytes typed on the port (a byte string). */
  type(data: string): void;
  /** Everything the device wrote to `Serial1`, as a byte string. */
  output(): string;
  /** What was typed while the interpreter held the console. */
  replInput(): string;
  /** The console's device: "Serial1" or "LoopbackA". */
  consoleOn(): string;
  /** Whether the last `E.setConsole` forced the console there (`{force: true}`: connections do not move it). */
  consoleForced(): boolean;
  /** The speed `Serial1.setup` set (0 before). */
  baud(): number;
}

/** Installs `Serial1`, `LoopbackA` and `E.setConsole` on the VM's global (see the module comment). */
export function installEspruinoSerial(options: EspruinoSerialOptions): EspruinoSerialPort {
  const { realm } = options;
  const devices: Record<string, Record<string, any>> = {};
  let written = "";
  let interpreter = "";
  let consoleDevice = "Serial1";
  let consoleForced = false;
  let speed = 0;
  for (const name of ["Serial1", "LoopbackA"]) {
    const device = new realm.Object();
    device.setup = (baud: unknown): void => {
      if (name === "Serial1") speed = Number(baud);
    };
    device.write = (data: unknown): void => {
      const text = String(data);
      for (let index = 0; index < text.length; index++) {
        if (text.charCodeAt(index) > 255) throw new realm.Error(`${name}.write: not a byte string`);
      }
      if (name === "Serial1") written += text;
    };
    devices[name] = device;
    realm[name] = device;
  }
  realm.E.setConsole = (device: unknown, options?: { force?: unknown }): void => {
    const name = Object.keys(devices).find((candidate) => devices[candidate] === device);
    if (name === undefined) throw new realm.Error("E.setConsole: not a serial device");
    consoleDevice = name;
    consoleForced = options?.force === true;
  };
  return {
    type: (data) => {
      if (consoleDevice === "Serial1") interpreter += data;
      else devices.Serial1.emit("data", data);
    },
    output: () => written,
    replInput: () => interpreter,
    consoleOn: () => consoleDevice,
    consoleForced: () => consoleForced,
    baud: () => speed,
  };
}
