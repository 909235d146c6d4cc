/**
 * A repeatable random stream for the simulator's faults: xorshift32 from a seed mixed with a
 * connection's number and a stream number (a direction, say), so that each connection and each
 * direction of it gets its own sequence, the same for the same seed on every run.
 */

/** Returns a function giving floats in [0, 1) from `seed`, `connection` and `stream`; it owns only its 32-bit state. */
export function seededRandom(seed: number, connection: number, stream: number): () => number {
  let state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(connection + 1, 0xc2b2ae35) ^ Math.imul(stream + 7, 0x27d4eb2f)) >>> 0;
  if (state === 0) state = 0x6d2b79f5;
  for (let i = 0; i < 8; i++) next();
  function next(): number {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  }
  return next;
}
