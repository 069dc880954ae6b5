import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CSOPS_BIN } from './cli.js';

/** tmux is how the tests get a real pseudo-terminal; tests that need one skip where it is missing. */
export const HAS_TMUX = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

const EXIT_MARK = '__csops_exit=';
let sessions = 0;

/**
 * The built csops binary in a real pseudo-terminal (a detached tmux session on its own server):
 * keys go in through `tmux send-keys`, the screen comes back through `capture-pane`, so prompts are
 * answered through the same keypress path a person uses.
 */
export class Terminal {
  private readonly socket = `csops-test-${process.pid}-${++sessions}`;

  /** `width`×`height`: the window's size (default 140×45); `stderr`: a file that takes stderr instead of the screen. */
  constructor(args: readonly string[], options: { cwd: string; env?: Record<string, string>; width?: number; height?: number; stderr?: string }) {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'Asia/Kolkata', NO_COLOR: '1', ...options.env };
    const assignments = Object.entries(env).map(([key, value]) => `${key}=${quote(value)}`);
    // `env -i` so the test runner's CI variable (and anything else) does not leak in; the exit code is
    // printed after the command, then the pane stays open to be read.
    const command = `env -i ${assignments.join(' ')} ${quote(process.execPath)} ${quote(CSOPS_BIN)} ${args.map(quote).join(' ')}${options.stderr === undefined ? '' : ` 2>${quote(options.stderr)}`}; echo ${EXIT_MARK}$?; sleep 600`;
    this.tmux('new-session', '-d', '-s', 'csops', '-x', String(options.width ?? 140), '-y', String(options.height ?? 45), '-c', path.resolve(options.cwd), command);
  }

  /** Everything on the screen and in its scroll-back. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', 'csops');
  }

  /** The same, with lines the terminal wrapped left as the screen shows them (one per screen row). */
  rows(): string {
    return this.tmux('capture-pane', '-p', '-S', '-500', '-t', 'csops');
  }

  async waitFor(pattern: RegExp | string, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${String(pattern)}; the screen shows:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits for a prompt, types the answer (if any) and presses Enter. */
  async answer(prompt: RegExp | string, text = ''): Promise<void> {
    await this.waitFor(prompt);
    if (text !== '') this.type(text);
    this.press('Enter');
  }

  /** Named keys, as tmux knows them: Enter, Up, Down, C-c, BSpace… */
  press(...keys: string[]): void {
    for (const key of keys) this.tmux('send-keys', '-t', 'csops', key);
  }

  /** Literal text, as typed. */
  type(text: string): void {
    this.tmux('send-keys', '-t', 'csops', '-l', text);
  }

  /** Waits for the command to end; its exit code. */
  async exitCode(timeoutMs = 30_000): Promise<number> {
    const screen = await this.waitFor(new RegExp(`${EXIT_MARK}\\d+`), timeoutMs);
    return Number(new RegExp(`${EXIT_MARK}(\\d+)`).exec(screen)![1]);
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  }
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
