/**
 * The NodeMCU firmware's entry: boots the telemetry firmware (firmware/device.ts) on the NodeMCU
 * HAL with the board the build embedded as the global `MOTE_BOARD`. Run from init.lua at every
 * boot.
 */
import { newNodemcuDevice } from "../../hal/nodemcu/device";
import { bootDevice } from "../device";
import type { DeviceBoard } from "../device-board";

declare const MOTE_BOARD: DeviceBoard;

bootDevice(newNodemcuDevice(), MOTE_BOARD);
