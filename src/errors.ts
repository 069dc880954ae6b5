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

/**
 * People's text said by key (issue 24): the catalogue key, the values it shows, and the English words
 * (what `message` holds, and what any language lacking the key shows). A value may itself be a phrase
 * (a problem's "expected …" inside a file's refusal): each language words it in its own terms.
 */
export interface Phrase {
  readonly key: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly text: string;
}

/** A catalogue's entry: the text, or a function of the values it shows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Entry = string | ((params: any) => string);

/** A message's values as a caller gives them: where the text shows a string, a phrase may stand (worded in the language in force). */
export type Said<P> = { [K in keyof P]: P[K] extends string ? string | Phrase : P[K] extends readonly string[] ? ReadonlyArray<string | Phrase> : P[K] };
type ParamsOf<E> = E extends (params: infer P) => string ? [params: Said<P>] : [];

export function isPhrase(value: unknown): value is Phrase {
  return typeof value === 'object' && value !== null && typeof (value as Phrase).key === 'string' && typeof (value as Phrase).text === 'string';
}

/** The phrase in a catalogue's words, its nested phrases too; where the catalogue lacks a key, the English. */
export function phraseIn(phrase: Phrase, catalogue: Readonly<Record<string, Entry | undefined>>): string {
  const entry = catalogue[phrase.key];
  if (entry === undefined) return phrase.text;
  if (typeof entry === 'string') return entry;
  return entry(phrase.params === undefined ? undefined : wordedParams(phrase.params, catalogue));
}

function wordedParams(params: Readonly<Record<string, unknown>>, catalogue: Readonly<Record<string, Entry | undefined>>): Record<string, unknown> {
  const worded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    worded[name] = isPhrase(value) ? phraseIn(value, catalogue) : Array.isArray(value) ? value.map((item: unknown) => (isPhrase(item) ? phraseIn(item, catalogue) : item)) : value;
  }
  return worded;
}

/** A builder of one catalogue's phrases, typed by it: `said('import.empty_file', { file })`. */
export function phrasesOf<C extends Record<string, Entry>>(catalogue: C): <K extends keyof C & string>(key: K, ...params: ParamsOf<C[K]>) => Phrase {
  return (key, ...params) => {
    const phrase: Phrase = params[0] === undefined ? { key, text: '' } : { key, params: params[0] as Record<string, unknown>, text: '' };
    return { ...phrase, text: phraseIn(phrase, catalogue) };
  };
}

/** Text as a caller gives it: plain English (not yet in the catalogue) or a phrase. */
export type Wording = string | Phrase;

export class CsopsError extends Error {
  /** The message by key, when it is in the catalogue: the top level words it in the language in force. */
  readonly phrase?: Phrase;
  /** A line telling the user what to do about it. */
  readonly hint?: string;
  readonly hintPhrase?: Phrase;

  constructor(
    message: Wording,
    readonly exitCode: number,
    hint?: Wording,
  ) {
    super(typeof message === 'string' ? message : message.text);
    this.name = new.target.name;
    if (typeof message !== 'string') this.phrase = message;
    if (hint !== undefined) this.hint = typeof hint === 'string' ? hint : hint.text;
    if (hint !== undefined && typeof hint !== 'string') this.hintPhrase = hint;
  }
}

/** Bad flags or arguments. */
export class UsageError extends CsopsError {
  constructor(message: Wording, hint?: Wording) {
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
  /** `expected` by key, for people reading another language. */
  expectedPhrase?: Phrase;
}

/** Bad input data: nothing was written for the file concerned. */
export class DataError extends CsopsError {
  constructor(
    message: Wording,
    hint?: Wording,
    readonly problems: RowProblem[] = [],
  ) {
    super(message, ExitCode.data, hint);
  }
}

/** An input file is missing or unreadable. */
export class InputError extends CsopsError {
  constructor(message: Wording, hint?: Wording) {
    super(message, ExitCode.noInput, hint);
  }
}

/**
 * The English of the errors this layer words itself (src/i18n/messages/errors.ts spreads it into the
 * catalogue and gives the other languages' words).
 */
export const errorTexts = {
  'error.cannot_read': (p: { file: string; why: string }) => `cannot read ${p.file}: ${p.why}`,
  'error.why.no_such_file': 'no such file',
  'error.why.permission_denied': 'permission denied',
  'error.why.is_directory': 'it is a directory',
  'error.hint.check_path': 'check the path; nothing was imported',
  'error.busy_hint': 'another csops is writing to this database; try again when it has finished',
  'error.cancelled': (p: { what: string }) => `${p.what} cancelled; nothing was written`,
  'error.internal_hint': 'this is a bug in csops; please report it with the command you ran and the output of --verbose',
  'error.delivery_hint': 'they stay unsent: the next csops alerts push tries them again',
};
const errorPhrase = phrasesOf(errorTexts);

/** An input file that cannot be read (exit 66), with the system's reason in words. */
export function unreadableFile(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? errorPhrase('error.why.no_such_file') : code === 'EACCES' ? errorPhrase('error.why.permission_denied') : code === 'EISDIR' ? errorPhrase('error.why.is_directory') : String(code ?? error);
  return new InputError(errorPhrase('error.cannot_read', { file, why }), errorPhrase('error.hint.check_path'));
}

/** The database is locked by another csops (or another program). */
export class BusyError extends CsopsError {
  constructor(message: Wording, hint: Wording = errorPhrase('error.busy_hint')) {
    super(message, ExitCode.busy, hint);
  }
}

/** Alerts that could not be delivered (a webhook down, busy or refusing): they stay unsent; try again (exit 75). */
export class DeliveryError extends CsopsError {
  constructor(message: Wording, hint: Wording = errorPhrase('error.delivery_hint')) {
    super(message, ExitCode.busy, hint);
  }
}

/** An output file cannot be created where it was asked for (exit 73). */
export class CannotCreateError extends CsopsError {
  constructor(message: Wording, hint?: Wording) {
    super(message, ExitCode.cannotCreate, hint);
  }
}

/** Disk full, a failed read or write, a damaged database (exit 74). */
export class IoError extends CsopsError {
  constructor(message: Wording, hint?: Wording) {
    super(message, ExitCode.io, hint);
  }
}

/** Permission denied: a read-only file, folder or file system (exit 77). */
export class PermissionError extends CsopsError {
  constructor(message: Wording, hint?: Wording) {
    super(message, ExitCode.noPermission, hint);
  }
}

/** A `--fail-on` condition held: not an error of csops, a finding for cron. */
export class FailOnError extends CsopsError {
  constructor(message: Wording) {
    super(message, ExitCode.failOn);
  }
}

/** The user stopped at a prompt (Ctrl-C): nothing was written. */
export class CancelledError extends CsopsError {
  constructor(what: string) {
    super(errorPhrase('error.cancelled', { what }), ExitCode.cancelled);
  }
}

/** A bug in csops. */
export class InternalError extends CsopsError {
  constructor(message: string) {
    super(message, ExitCode.internal, errorPhrase('error.internal_hint'));
  }
}

/**
 * Not a failure: `--columns help` ends the command by listing the table's columns, which main.ts
 * prints on stdout with exit 0 (the keys are known only where the table is printed).
 */
export class ColumnsListing extends CsopsError {
  /** `heading`: the line above the list, worded in the language in force by main.ts; `listing`: the keys and headings. */
  constructor(readonly heading: Phrase, readonly listing: string) {
    super('the columns were listed', ExitCode.ok);
  }
}
