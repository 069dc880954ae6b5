/**
 * The error classes that decide what the user sees and the exit code (SPEC §2).
 * Everything below the CLI throws one of these; src/cli/main.ts has the one catch.
 */

export const ExitCode = {
  ok: 0,
  failOn: 1,
  usage: 2,
  data: 65,
  noInput: 66,
  internal: 70,
  /** sysexits EX_CANTCREAT: an output file (report, rejects, a new database) cannot be created. */
  cannotCreate: 73,
  /** sysexits EX_IOERR: the disk is full, a read or write failed, or the database is damaged. */
  io: 74,
  busy: 75,
  /** sysexits EX_NOPERM: a read-only file, folder or file system, or no permission. */
  noPermission: 77,
  /** Ctrl-C at a question: the shell's convention for SIGINT (128 + 2). */
  cancelled: 130,
} as const;

export class CsopsError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** A line telling the user what to do about it. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags or arguments. */
export class UsageError extends CsopsError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** One problem with one value of an input file. */
export interface RowProblem {
  file: string;
  line: number;
  column?: string;
  value?: string;
  expected: string;
}

/** Bad input data: nothing was written for the file concerned. */
export class DataError extends CsopsError {
  constructor(
    message: string,
    hint?: string,
    readonly problems: RowProblem[] = [],
  ) {
    super(message, ExitCode.data, hint);
  }
}

/** An input file is missing or unreadable. */
export class InputError extends CsopsError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.noInput, hint);
  }
}

/** An input file that cannot be read (exit 66), with the system's reason in words. */
export function unreadableFile(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : String(code ?? error);
  return new InputError(`cannot read ${file}: ${why}`, 'check the path; nothing was imported');
}

/** The database is locked by another csops (or another program). */
export class BusyError extends CsopsError {
  constructor(message: string, hint = 'another csops is writing to this database; try again when it has finished') {
    super(message, ExitCode.busy, hint);
  }
}

/** Alerts that could not be delivered (a webhook down, busy or refusing): they stay unsent; try again (exit 75). */
export class DeliveryError extends CsopsError {
  constructor(message: string, hint = 'they stay unsent: the next csops alerts push tries them again') {
    super(message, ExitCode.busy, hint);
  }
}

/** An output file cannot be created where it was asked for (exit 73). */
export class CannotCreateError extends CsopsError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.cannotCreate, hint);
  }
}

/** Disk full, a failed read or write, a damaged database (exit 74). */
export class IoError extends CsopsError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.io, hint);
  }
}

/** Permission denied: a read-only file, folder or file system (exit 77). */
export class PermissionError extends CsopsError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.noPermission, hint);
  }
}

/** A `--fail-on` condition held: not an error of csops, a finding for cron. */
export class FailOnError extends CsopsError {
  constructor(message: string) {
    super(message, ExitCode.failOn);
  }
}

/** The user stopped at a prompt (Ctrl-C): nothing was written. */
export class CancelledError extends CsopsError {
  constructor(what: string) {
    super(`${what} cancelled; nothing was written`, ExitCode.cancelled);
  }
}

/** A bug in csops. */
export class InternalError extends CsopsError {
  constructor(message: string) {
    super(message, ExitCode.internal, 'this is a bug in csops; please report it with the command you ran and the output of --verbose');
  }
}

/**
 * Not a failure: `--columns help` ends the command by listing the table's columns, which main.ts
 * prints on stdout with exit 0 (the keys are known only where the table is printed).
 */
export class ColumnsListing extends CsopsError {
  constructor(readonly listing: string) {
    super('the columns were listed', ExitCode.ok);
  }
}
