/**
 * The Espruino firmware's entry: boots the telemetry firmware (firmware/device.ts) on the
 * Espruino HAL with the board the build embedded as `MOTE_BOARD`. Saved as `.bootcde`, it runs
 * at every boot.
 */
import { newEspruinoDevice } from "../../hal/espruino/device";
import { bootDevice } from "../device";
import type { DeviceBoard } from "../device-board";

declare const MOTE_BOARD: DeviceBoard;

bootDevice(newEspruinoDevice(), MOTE_BOARD);
