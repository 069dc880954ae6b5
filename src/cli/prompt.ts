import { CancelledError } from '../errors.js';
import type { Io } from './runtime.js';

/**
 * Whether csops may ask a question (SPEC §2): only with a terminal on stdin and on stderr (where
 * prompts are drawn, so stdout stays data), never when `CI` is set or `--yes` was given.
 */
export function canPrompt(io: Io, yes = false): boolean {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== '0' && io.env.CI.toLowerCase() !== 'false';
  return !yes && !ci && Boolean(io.stdin?.isTTY) && Boolean(io.stderr.isTTY);
}

/** The streams @inquirer/prompts draws on: questions on stderr, answers from stdin. */
export function promptContext(io: Io): { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; clearPromptOnDone: boolean } {
  return { input: io.stdin!, output: io.stderr, clearPromptOnDone: false };
}

/** Asks one question; Ctrl-C stops csops with nothing written (exit 130), not with a stack trace. */
export async function ask<T>(what: string, question: () => Promise<T>): Promise<T> {
  try {
    return await question();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') throw new CancelledError(what);
    throw error;
  }
}
