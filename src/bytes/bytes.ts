/**
 * A byte store: a `Uint8Array` on JavaScript runtimes, a table indexed from 0 on Lua.
 *
 * Typescript-to-lua compiles indexing on an index-signature interface without the `+1` it adds
 * for arrays, so the same 0-based code runs on both. Only integers 0-255 are ever stored (a Lua
 * table does not wrap). The store's length never travels inside it: every function that takes a
 * store also takes an offset and a length, and the owner remembers the capacity.
 */
export interface Bytes {
  [index: number]: number;
}
