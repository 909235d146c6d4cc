/**
 * NodeMCU's `file` module, as far as hal/nodemcu uses it (docs/modules/file.md on `release` and
 * `dev-esp32-idf3-final`; RUNTIMES.md, NodeMCU). The module functions are called with `.`; a file
 * object's methods with `:` (each declares its `this`). SPIFFS is flat: names are whole paths.
 * (The newest `dev-esp32` moved file contents to Lua's `io` module, whose file objects have the
 * same `:read(n)`, `:write(s)`, `:close()`.)
 */

/** @noSelf */
declare namespace file {
  /**
   * Opens `name` in `mode` ("r", "w" truncates or creates, "a", "r+", "w+", "a+") and returns a
   * file object, or nil when it cannot (no such file for "r", no room).
   */
  function open(name: string, mode: string): NodemcuFile | undefined;
  /** Whether a file `name` exists (even empty). */
  function exists(name: string): boolean;
  /** Removes `name` (nothing happens when there is none). */
  function remove(name: string): void;
  /** Renames `from` to `to`; false when `from` is missing or `to` exists already. */
  function rename(from: string, to: string): boolean;
  /** A table of every file: name -> size in bytes. */
  function list(): LuaTable<string, number>;
}

/** An open file (`file.open`'s object). */
interface NodemcuFile {
  /** Up to `count` bytes from the current position as a byte string, or nil at the end. */
  read(this: NodemcuFile, count: number): string | undefined;
  /** Writes `data` (a byte string) at the current position; true on success, nil when it fails. */
  write(this: NodemcuFile, data: string): boolean | undefined;
  /** Closes the file, writing out what is buffered. */
  close(this: NodemcuFile): void;
}
