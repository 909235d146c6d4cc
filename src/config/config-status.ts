/**
 * What a config operation says back: every setting, parsing, loading and saving function returns
 * one of these (errors are values, as in the MQTT core). `configErrorMessage` (config-message.ts)
 * turns one into a sentence naming the setting.
 */
export const enum ConfigStatus {
  Ok = 0,
  /** No setting has that name. */
  UnknownSetting = 1,
  /** An integer setting was given something that is not a whole number. */
  NotANumber = 2,
  /** An integer setting was given a whole number outside its range. */
  OutOfRange = 3,
  /** A text setting was given more bytes than it holds. */
  TooLong = 4,
  /** A boolean setting was given something other than true/false, on/off, yes/no, 1/0. */
  NotABoolean = 5,
  /** An enum setting was given something that is not one of its choices. */
  NotAChoice = 6,
  /** A text setting was given a character its rule refuses ("/", "+" or "#" in a topic level). */
  BadCharacter = 7,
  /** A text setting was given bytes that are not UTF-8, or a NUL. */
  NotUtf8 = 8,
  /** The storage holds no copy under that name. */
  NoCopy = 9,
  /** A saved copy ends before its checksum line. */
  Truncated = 10,
  /** A saved copy does not start with the config header. */
  BadHeader = 11,
  /** A saved copy was written in a format version this firmware does not read. */
  WrongVersion = 12,
  /** A saved copy's checksum does not match its contents. */
  BadChecksum = 13,
  /** A saved copy has a line that is not `name=value` or a bad escape. */
  BadLine = 14,
  /** The storage refused to write. */
  WriteFailed = 15,
}
