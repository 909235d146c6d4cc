/**
 * The BME280's compensation in floating point (datasheet rev 1.6, section 8.1, "Compensation
 * formulas in double precision floating point"), and its inverse: the raw ADC count the chip
 * would report for a given temperature, humidity or pressure. The virtual BME280 uses the inverse
 * to turn a waveform into register values; the tests use the forward formulas as the reference the
 * drivers' 32-bit integer arithmetic is compared against. Nothing here allocates.
 */

/** The calibration words, as the chip's registers hold them (datasheet table 16). */
export interface Bme280CalibrationWords {
  t1: number; t2: number; t3: number;
  p1: number; p2: number; p3: number; p4: number; p5: number; p6: number; p7: number; p8: number; p9: number;
  h1: number; h2: number; h3: number; h4: number; h5: number; h6: number;
}

/** `t_fine` for the raw temperature `adcT`. */
export function fineTemperature(words: Bme280CalibrationWords, adcT: number): number {
  const var1 = (adcT / 16384 - words.t1 / 1024) * words.t2;
  const offset = adcT / 131072 - words.t1 / 8192;
  const var2 = offset * offset * words.t3;
  return var1 + var2;
}

/** Degrees Celsius for the raw temperature `adcT`. */
export function temperatureCelsius(words: Bme280CalibrationWords, adcT: number): number {
  return fineTemperature(words, adcT) / 5120;
}

/** Pascals for the raw pressure `adcP` at the temperature whose `t_fine` is `fine`. */
export function pressurePascal(words: Bme280CalibrationWords, fine: number, adcP: number): number {
  let var1 = fine / 2 - 64000;
  let var2 = (var1 * var1 * words.p6) / 32768;
  var2 = var2 + var1 * words.p5 * 2;
  var2 = var2 / 4 + words.p4 * 65536;
  var1 = ((words.p3 * var1 * var1) / 524288 + words.p2 * var1) / 524288;
  var1 = (1 + var1 / 32768) * words.p1;
  if (var1 === 0) {
    return 0;
  }
  let p = 1048576 - adcP;
  p = ((p - var2 / 4096) * 6250) / var1;
  var1 = (words.p9 * p * p) / 2147483648;
  var2 = (p * words.p8) / 32768;
  return p + (var1 + var2 + words.p7) / 16;
}

/** Percent relative humidity (0..100) for the raw humidity `adcH` at the temperature whose `t_fine` is `fine`. */
export function humidityPercent(words: Bme280CalibrationWords, fine: number, adcH: number): number {
  let h = fine - 76800;
  h = (adcH - (words.h4 * 64 + (words.h5 / 16384) * h)) * ((words.h2 / 65536) * (1 + (words.h6 / 67108864) * h * (1 + (words.h3 / 67108864) * h)));
  h = h * (1 - (words.h1 * h) / 524288);
  return Math.min(100, Math.max(0, h));
}

/**
 * The raw count in 0..`largest` whose forward value is closest to `target`, by bisection over a
 * forward formula that rises (`rising`) or falls with the count.
 */
function bisect(largest: number, target: number, rising: boolean, forward: (raw: number) => number): number {
  let low = 0;
  let high = largest;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    const above = forward(middle) > target;
    if (above === rising) {
      high = middle;
    } else {
      low = middle;
    }
  }
  return Math.abs(forward(low) - target) <= Math.abs(forward(high) - target) ? low : high;
}

/** Scratch for the bisections, so no closure is made per call. */
const scratch = { words: undefined as unknown as Bme280CalibrationWords, fine: 0 };
const temperatureOf = (raw: number): number => temperatureCelsius(scratch.words, raw);
const pressureOf = (raw: number): number => pressurePascal(scratch.words, scratch.fine, raw);
const humidityOf = (raw: number): number => humidityPercent(scratch.words, scratch.fine, raw);

/** The 20-bit raw temperature for `celsius`. */
export function rawTemperature(words: Bme280CalibrationWords, celsius: number): number {
  scratch.words = words;
  return bisect(0xfffff, celsius, true, temperatureOf);
}

/** The 20-bit raw pressure for `pascal` at the temperature whose `t_fine` is `fine` (pressure falls as the count rises). */
export function rawPressure(words: Bme280CalibrationWords, fine: number, pascal: number): number {
  scratch.words = words;
  scratch.fine = fine;
  return bisect(0xfffff, pascal, false, pressureOf);
}

/** The 16-bit raw humidity for `percent` at the temperature whose `t_fine` is `fine`. */
export function rawHumidity(words: Bme280CalibrationWords, fine: number, percent: number): number {
  scratch.words = words;
  scratch.fine = fine;
  return bisect(0xffff, percent, true, humidityOf);
}
