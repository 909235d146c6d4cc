/**
 * The air around the virtual sensors: what they measure, in physical units (floating point).
 * Tests set it directly; `followWaveform` moves it along a deterministic day-like waveform so a
 * simulated board shows readings that change. Nothing here allocates after creation.
 */
export interface Environment {
  celsius: number;
  humidityPercent: number;
  pascal: number;
}

/** Makes an environment at 20 degrees, 50 %RH and 101325 Pa (standard pressure). */
export function newEnvironment(): Environment {
  return { celsius: 20, humidityPercent: 50, pascal: 101325 };
}

/** How many steps one waveform period takes (a step is one measurement, or one second). */
export const WAVEFORM_PERIOD = 3600;

/**
 * Sets `environment` to the waveform's value at `step`: temperature 15..25 degrees, humidity
 * 40..60 %RH in opposite phase, pressure 100,500..102,100 Pa over a slower period — smooth,
 * periodic and reproducible.
 */
export function followWaveform(environment: Environment, step: number): void {
  const phase = (2 * Math.PI * (step % WAVEFORM_PERIOD)) / WAVEFORM_PERIOD;
  const slowPhase = (2 * Math.PI * (step % (WAVEFORM_PERIOD * 4))) / (WAVEFORM_PERIOD * 4);
  environment.celsius = 20 + 5 * Math.sin(phase);
  environment.humidityPercent = 50 - 10 * Math.sin(phase);
  environment.pascal = 101300 + 800 * Math.sin(slowPhase);
}
