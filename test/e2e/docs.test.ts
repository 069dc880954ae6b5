import fs from 'node:fs';
import path from 'node:path';
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { referenceIn, referenceProgramIo, renderReference } from '../../src/cli/reference.js';
import { REPO_ROOT } from '../helpers/cli.js';

const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

function io() {
  const sink = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
  return { stdout: sink, stderr: sink, env: {}, cwd: REPO_ROOT, now: () => new Date('2026-11-20T12:00:00Z') };
}

function walk(command: Command): Command[] {
  return [command, ...command.commands.flatMap(walk)];
}

const program = buildProgram(io());
const commands = walk(program).filter((command) => command !== program);

/** "metrics retention" for a subcommand: the words a user types after csops. */
function fullName(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current && current !== program; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

describe('documentation (STYLE §11)', () => {
  it.each(commands.map((command) => [fullName(command), command] as const))('csops %s has a description, examples and a README section', (name, command) => {
    expect(command.description()).not.toBe('');
    const help = command.helpInformation() + (command as unknown as { _helpText?: string })._helpText;
    let after = '';
    command.configureOutput({ writeOut: (text) => (after += text), writeErr: () => {} });
    command.outputHelp();
    expect(after + help).toMatch(/Examples:/);
    expect(readme).toContain(`csops ${name}`);
  });

  it.each(commands.flatMap((command) => command.options.map((option: Option) => [`${command.name()} ${option.long}`, option] as const)))(
    '%s has a description and is in the README',
    (_label, option) => {
      expect(option.description).not.toBe('');
      expect(readme).toContain(option.long!);
    },
  );

  it.each(program.options.map((option: Option) => [option.long, option] as const))('global option %s has a description and is in the README', (long, option) => {
    expect(option.description).not.toBe('');
    expect(readme).toContain(long!);
  });

  it('the README starts with the two set-up commands', () => {
    const top = readme.split('\n').slice(0, 15).join('\n');
    expect(top).toContain('npm install && npx csops demo');
    expect(top).toContain('npm install && npm test');
  });

  it('the README\'s command reference is the one generated from the commands (npm run docs)', () => {
    const generated = renderReference(buildProgram(referenceProgramIo(REPO_ROOT)));
    expect(referenceIn(readme), 'README.md has no <!-- commands:begin --> … <!-- commands:end --> section: run npm run docs').toBeDefined();
    expect(referenceIn(readme), 'the command reference in README.md is out of date: run npm run docs').toBe(generated);
  });

  it('the command reference does not depend on the terminal or the environment', () => {
    const io = { ...referenceProgramIo('/somewhere/else'), env: { COLUMNS: '40', CSOPS_DB: 'x.db', CSOPS_FORMAT: 'json' } };
    expect(renderReference(buildProgram(io))).toBe(renderReference(buildProgram(referenceProgramIo(REPO_ROOT))));
  });

  it('documents every exit code', () => {
    for (const code of [0, 1, 2, 65, 66, 70, 73, 74, 75, 77]) expect(readme).toMatch(new RegExp(`\\| ${code} \\|`));
  });
});
