/**
 * How csops creates files (reports, rejects, config, backups): readable by their owner only from the
 * first byte, temporary files under names nobody can guess, never through a planted symbolic link,
 * and a target replaced in one rename so a reader never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CannotCreateError, phrasesOf, type Wording } from './errors.js';
import { environmentError } from './environment-errors.js';

/** The English of the --out refusals, by key (src/i18n/messages/errors.ts spreads it and gives the other languages' words). */
export const safeFileTexts = {
  'error.out.dangling_link': (p: { file: string; target: string }) => `cannot write ${p.file}: it is a symbolic link to ${p.target}, which does not exist`,
  'error.out.dangling_link_hint': (p: { flag: string }) => `give ${p.flag} the real path, or remove the link`,
  'error.out.link': (p: { target: string }) => ` (a symbolic link to ${p.target})`,
  'error.out.not_a_file': (p: { file: string; link: string; kind: string }) => `cannot write ${p.file}${p.link}: it is ${p.kind}`,
  'error.out.kind.folder': 'a folder',
  'error.out.kind.fifo': 'a FIFO',
  'error.out.kind.device': 'a device',
  'error.out.kind.socket': 'a socket',
  'error.out.kind.other': 'not a regular file',
  'error.out.folder_hint': (p: { flag: string; example: string }) => `name a file in it, e.g. ${p.flag} ${p.example}`,
  'error.out.not_a_file_hint': (p: { flag: string }) => `csops writes ${p.flag} as a regular file, replaced whole; to send the output to a pipe or a device, leave out ${p.flag} and redirect stdout`,
};

const said = phrasesOf(safeFileTexts);

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
/** Create, never open what is there: a symbolic link or a file planted at the name makes it fail. */
const CREATE_NEW = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

/** Opens a file that must not exist yet, mode 0600 (the umask can only take bits away). */
export function createNewFile(file: string): number {
  return fs.openSync(file, CREATE_NEW, 0o600);
}

/** A new temporary file in the target's folder, `.<name>.<random>.tmp`, created 0600. */
export function createTempBeside(target: string): { fd: number; path: string } {
  const folder = path.dirname(target);
  const name = path.basename(target).slice(0, 100);
  for (let attempt = 1; ; attempt++) {
    const candidate = path.join(folder, `.${name}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      return { fd: createNewFile(candidate), path: candidate };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 5) continue;
      throw outputFault(error, target);
    }
  }
}

/**
 * Where a write to `target` lands: the path itself when it is new or a regular file, the file a
 * symbolic link points to. Anything else is refused (exit 73): a folder, a FIFO, a device, a socket,
 * a dangling link. Replacing one of those with a regular file would be a surprise; to write into a
 * pipe, leave out --out and redirect stdout.
 */
export function resolveOutputTarget(target: string, flag: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return target;
    throw outputFault(error, target);
  }
  if (stat.isFile()) return target;
  if (stat.isSymbolicLink()) {
    let pointed: fs.Stats;
    try {
      pointed = fs.statSync(target);
    } catch {
      throw new CannotCreateError(said('error.out.dangling_link', { file: target, target: fs.readlinkSync(target) }), said('error.out.dangling_link_hint', { flag }));
    }
    if (pointed.isFile()) return fs.realpathSync(target);
    throw notAFile(target, pointed, flag, said('error.out.link', { target: fs.readlinkSync(target) }));
  }
  throw notAFile(target, stat, flag, '');
}

function notAFile(target: string, stat: fs.Stats, flag: string, link: Wording): CannotCreateError {
  const kind = stat.isDirectory() ? 'folder' : stat.isFIFO() ? 'fifo' : stat.isCharacterDevice() || stat.isBlockDevice() ? 'device' : stat.isSocket() ? 'socket' : 'other';
  const hint = stat.isDirectory() ? said('error.out.folder_hint', { flag, example: path.join(target, 'report.md') }) : said('error.out.not_a_file_hint', { flag });
  return new CannotCreateError(said('error.out.not_a_file', { file: target, link, kind: said(`error.out.kind.${kind}`) }), hint);
}

/**
 * Writes through a temporary file beside the target and renames it over the target: a reader never
 * sees half a file, and a failure (disk full) leaves the old file and no temporary one. A new file is
 * 0600; a file replaced keeps its mode.
 */
export function writeFileAtomically(target: string, produce: (write: (text: string) => void) => void, flag = '--out'): string {
  const destination = resolveOutputTarget(target, flag);
  try {
    fs.mkdirSync(path.dirname(destination), { recursive: true });
  } catch (error) {
    throw outputFault(error, destination);
  }
  const keptMode = modeOf(destination);
  const temporary = createTempBeside(destination);
  let open = true;
  try {
    if (keptMode !== undefined) fs.fchmodSync(temporary.fd, keptMode);
    produce((text) => {
      fs.writeSync(temporary.fd, text);
    });
    fs.fsyncSync(temporary.fd);
    open = false;
    fs.closeSync(temporary.fd);
    fs.renameSync(temporary.path, destination);
  } catch (error) {
    if (open) fs.closeSync(temporary.fd);
    fs.rmSync(temporary.path, { force: true });
    throw outputFault(error, destination);
  }
  return destination;
}

/** The permission bits of an existing regular file, to keep them when it is replaced. */
export function modeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
}

/** An error met writing an output file, as a documented exit (73, 74, 77); other errors as they are. */
export function outputFault(error: unknown, file: string): unknown {
  return environmentError(error, { path: file, role: 'output' }) ?? error;
}
