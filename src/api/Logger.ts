/**
 * Where the library's messages go. The library never writes to the console
 * itself; pass `console` here if that is what you want.
 *
 * @example
 * ```ts
 * const engine = await openEngine({ logger: console });
 * ```
 */
export interface Logger {
  debug?(message: string): void;
  info?(message: string): void;
  warn?(message: string): void;
  error?(message: string): void;
}

/** A logger that drops everything (the default). */
export const silentLogger: Logger = Object.freeze({});
