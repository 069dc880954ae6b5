import { CommanderError } from 'commander';
import { ColumnsListing, ExitCode, InternalError, type Phrase } from '../errors.js';
import type { Language } from '../i18n/languages.js';
import { buildProgram } from './program.js';
import { colorLevel, forgetLanguageSpoken, labels, languageSpoken, type Io } from './runtime.js';
import { terminalText } from '../render/terminal-text.js';

/** The one top-level catch (STYLE §3): prints `csops: …` and a hint, returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  forgetLanguageSpoken();
  let commanderText: string | undefined;
  const program = buildProgram(io, (text) => (commanderText = text));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return ExitCode.ok;
      // A value an action parses itself (risk --since) is refused as Commander refuses one, but outside its parse: Commander said nothing.
      if (commanderText === undefined && error.code === 'commander.invalidArgument') commanderText = error.message;
    }
    // In the language of the command, or, when it failed before knowing it (a config that does not
    // load), the one --lang, CSOPS_LANG or the locale asks for. A message not yet in the catalogue stays English.
    const language = languageSpoken() ?? (await languageAsked(argv, io.env));
    if (error instanceof CommanderError) {
      if (commanderText !== undefined) io.stderr.write(terminalText(await commanderErrorText(commanderText, language)));
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const { messagesFor, phraseInLanguage } = await import('../i18n/messages.js');
    if (error instanceof ColumnsListing) {
      io.stdout.write(`${phraseInLanguage(error.heading, language)}\n${error.listing}`);
      return ExitCode.ok;
    }
    const verbose = argv.includes('--verbose');
    // A fault of the machine that reached here (a busy or damaged database, a full disk) is a documented exit, not a bug.
    const { environmentError } = await import('../environment-errors.js');
    const known = environmentError(error);
    const shown = known ?? new InternalError(error instanceof Error ? error.message : String(error));
    const colorFlag = argv.includes('--no-color') ? false : argv.includes('--color') ? true : undefined;
    const { Chalk } = await import('chalk');
    const color = new Chalk({ level: colorLevel(colorFlag, io.env, Boolean(io.stderr.isTTY)) });
    // A message quoting a bad value shows its control characters as escapes, never raw (terminal-text.ts).
    // A password in a database URL never reaches the terminal, whatever error carried it (database-url.ts).
    const { maskSecrets } = await import('../config/database-url.js');
    const worded = (text: string, phrase: Phrase | undefined) => (phrase && language !== 'en' ? phraseInLanguage(phrase, language) : text);
    const label = labels(messagesFor(language));
    io.stderr.write(`${color.red('csops:')} ${terminalText(maskSecrets(worded(shown.message, shown.phrase)))}\n`);
    if (shown.hint) io.stderr.write(`${color.dim(label.hint)}${label.gap}${terminalText(maskSecrets(worded(shown.hint, shown.hintPhrase)))}\n`);
    if ((verbose || !known) && error instanceof Error && error.stack) io.stderr.write(`${color.dim(maskSecrets(error.stack))}\n`);
    return shown.exitCode;
  }
}

/**
 * Commander's refusal of the command line in csops's one style (`csops: …` and a hint line): as
 * Commander words it in English, in the language asked for when csops knows its form.
 */
async function commanderErrorText(text: string, language: Language): Promise<string> {
  const { usageErrorText } = await import('./program.js');
  if (language === 'en') return usageErrorText(text);
  const { commanderPhrase } = await import('./commander-errors.js');
  const phrase = commanderPhrase(text);
  if (phrase === undefined) return usageErrorText(text);
  const { messagesFor, phraseInLanguage } = await import('../i18n/messages.js');
  const messages = messagesFor(language);
  const label = labels(messages);
  return `csops: ${phraseInLanguage(phrase, language)}\n${label.hint}${label.gap}${messages.t('error.usage_hint')}\n`;
}

/**
 * The language asked for by --lang (or --lang=…), else CSOPS_LANG, else the locale: what an error
 * that came before the config was read (or from it) is worded in. One csops does not speak is English
 * here (the error about it is what is being printed).
 */
async function languageAsked(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Language> {
  const { resolveLanguage } = await import('../i18n/languages.js');
  const at = argv.lastIndexOf('--lang');
  const joined = [...argv].reverse().find((arg) => arg.startsWith('--lang='));
  const flag = joined !== undefined && argv.lastIndexOf(joined) > at ? joined.slice('--lang='.length) : at >= 0 ? argv[at + 1] : undefined;
  for (const settings of [{ flag, env }, { env }, { env: { ...env, CSOPS_LANG: undefined } }]) {
    try {
      return resolveLanguage(settings).language;
    } catch {
      // A --lang or CSOPS_LANG csops does not speak: try what comes after it.
    }
  }
  return 'en';
}
