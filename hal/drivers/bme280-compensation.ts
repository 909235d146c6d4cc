/**
 * The BME280's compensation: its factory calibration words and the datasheet's 32-bit integer
 * formulas (BME280 datasheet rev 1.6, section 4.2.3 for temperature and humidity, section 8.2 for
 * pressure in 32 bits) turning raw ADC counts into centi-degrees Celsius, 1/1024 %RH and pascals.
 *
 * Each C `a >> k` on a signed value is `floorDivide(a, 2^k)` (exact on every runtime); each
 * `a << k` a product. The formulas were written for C's int32: for the calibration Bosch
 * programs and raw values in the operating range every intermediate stays within ±2^31, so they
 * are exact on NodeMCU's 32-bit integers too, and on doubles (Node, Espruino, Lua 5.1) they stay
 * exact well beyond (no intermediate comes near 2^53). The one place the datasheet leans on
 * unsigned 32-bit wrap-around, `p = (1048576 - adc_P - (var2 >> 12)) * 3125` and the division
 * after it, is computed here without any product above 2^31, choosing the same branch as the
 * datasheet so the result is identical.
 * @hotpath-module
 */
import { floorDivide } from "./fixed-point";

/** The eighteen calibration words (registers 0x88..0xA1 and 0xE1..0xE7), and `t_fine`. */
export interface Bme280Calibration {
  t1: number;
  t2: number;
  t3: number;
  p1: number;
  p2: number;
  p3: number;
  p4: number;
  p5: number;
  p6: number;
  p7: number;
  p8: number;
  p9: number;
  h1: number;
  h2: number;
  h3: number;
  h4: number;
  h5: number;
  h6: number;
  /** The temperature in the datasheet's fine resolution, set by `compensateTemperature`. */
  fineTemperature: number;
}

/** Makes a zeroed calibration record. Allocates: call at creation time. */
export function newBme280Calibration(): Bme280Calibration {
  return { t1: 0, t2: 0, t3: 0, p1: 0, p2: 0, p3: 0, p4: 0, p5: 0, p6: 0, p7: 0, p8: 0, p9: 0, h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0, fineTemperature: 0 };
}

/**
 * Temperature in centi-degrees Celsius from the 20-bit `adcT`; stores `t_fine` in the
 * calibration record for the humidity and pressure formulas. Never allocates.
 */
export function compensateTemperature(calibration: Bme280Calibration, adcT: number): number {
  const coarse = floorDivide(adcT, 8) - calibration.t1 * 2;
  const var1 = floorDivide(coarse * calibration.t2, 2048);
  const fine = floorDivide(adcT, 16) - calibration.t1;
  const var2 = floorDivide(floorDivide(fine * fine, 4096) * calibration.t3, 16384);
  calibration.fineTemperature = var1 + var2;
  return floorDivide(calibration.fineTemperature * 5 + 128, 256);
}

/**
 * Relative humidity in 1/1024 %RH (0..102400) from the 16-bit `adcH`, using the `t_fine` of the
 * temperature compensated just before. Never allocates.
 */
export function compensateHumidity(calibration: Bme280Calibration, adcH: number): number {
  const v = calibration.fineTemperature - 76800;
  const offset = floorDivide(adcH * 16384 - calibration.h4 * 1048576 - calibration.h5 * v + 16384, 32768);
  const curve = floorDivide(floorDivide(v * calibration.h6, 1024) * (floorDivide(v * calibration.h3, 2048) + 32768), 1024) + 2097152;
  const gain = floorDivide(curve * calibration.h2 + 8192, 16384);
  let x = offset * gain;
  const root = floorDivide(x, 32768);
  x = x - floorDivide(floorDivide(root * root, 128) * calibration.h1, 16);
  if (x < 0) {
    x = 0;
  }
  if (x > 419430400) {
    x = 419430400;
  }
  return floorDivide(x, 4096);
}

/** floor(`value` * `factor` / `divisor`) for 0 <= `value` < 2^21, 0 < `factor` < 2^13, 0 < `divisor` < 2^18, without a product above 2^31. */
function scaledQuotient(value: number, factor: number, divisor: number): number {
  const whole = floorDivide(value, divisor);
  const rest = value - whole * divisor;
  return whole * factor + floorDivide(rest * factor, divisor);
}

/** The largest `a` for which the datasheet's unsigned `a * 3125` stays below 2^31. */
const LARGEST_SMALL_PRODUCT = 687194;

/** Above this the datasheet's `(p >> 3) * (p >> 3)` would leave 32 bits; no real pressure gets near it. */
const LARGEST_PRESSURE_STEP = 131071;

/**
 * Pressure in pascals from the 20-bit `adcP`, using the `t_fine` of the temperature compensated
 * just before; -1 when the formula has no answer (a zero divisor, or raw values no pressure can
 * give). Never allocates.
 */
export function compensatePressure(calibration: Bme280Calibration, adcP: number): number {
  let var1 = floorDivide(calibration.fineTemperature, 2) - 64000;
  const quarter = floorDivide(var1, 4);
  const square = quarter * quarter;
  let var2 = floorDivide(square, 2048) * calibration.p6;
  var2 = var2 + var1 * calibration.p5 * 2;
  var2 = floorDivide(var2, 4) + calibration.p4 * 65536;
  var1 = floorDivide(floorDivide(calibration.p3 * floorDivide(square, 8192), 8) + floorDivide(calibration.p2 * var1, 2), 262144);
  var1 = floorDivide((32768 + var1) * calibration.p1, 32768);
  const difference = 1048576 - adcP - floorDivide(var2, 4096);
  if (var1 <= 0 || difference <= 0) {
    return -1;
  }
  let p = difference <= LARGEST_SMALL_PRODUCT ? scaledQuotient(difference, 6250, var1) : scaledQuotient(difference, 3125, var1) * 2;
  if (p > LARGEST_PRESSURE_STEP) {
    return -1;
  }
  const eighth = floorDivide(p, 8);
  var1 = floorDivide(calibration.p9 * floorDivide(eighth * eighth, 8192), 4096);
  var2 = floorDivide(floorDivide(p, 4) * calibration.p8, 8192);
  p = p + floorDivide(var1 + var2 + calibration.p7, 16);
  return p;
}
