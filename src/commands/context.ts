import type { Config } from '../config/schema.js';
import type { Format } from '../render/output.js';

/** Everything a command needs from the outside world, resolved once by the CLI (flags > env > file > defaults). */
export interface CommandContext {
  cwd: string;
  config: Config;
  configSource: string | undefined;
  dbPath: string;
  /** YYYY-MM-DD: every figure is computed from data dated on or before it. */
  asOf: string;
  format: Format;
  /** Wall-clock time, only for logs such as import_runs (never for figures). */
  now: () => Date;
  version: string;
}
