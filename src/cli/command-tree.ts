import type { Argument, Command, Option } from 'commander';
import { completionValues, type CompletionValues } from './completion-values.js';

/**
 * The commander tree as plain data, for what is generated from it: shell completion
 * (src/cli/completion-script.ts) and the README's command reference (src/cli/reference.ts). Reading the
 * tree, not a list of its own, is what keeps both in step with the commands.
 */
export interface OptionInfo {
  /** As declared: `-q, --quiet`, `--db <path>`. */
  flags: string;
  /** Every spelling: `-q`, `--quiet`. */
  names: string[];
  /** `path` for `--db <path>`; undefined for a flag. */
  valueName?: string;
  description: string;
  /** The default as commander would print it. */
  defaultValue?: string;
  env?: string;
  choices?: readonly string[];
  completion?: CompletionValues;
  /** May be given more than once (it collects, or takes a comma-separated list). */
  repeatable: boolean;
  /** commander's own -h/--help and -V/--version. */
  builtIn: boolean;
}

export interface ArgumentInfo {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
  choices?: readonly string[];
  completion?: CompletionValues;
}

export interface Example {
  command: string;
  /** What the example shows, when the help text says. */
  note?: string;
}

export interface CommandInfo {
  /** The words after csops: [] for csops itself, ['metrics', 'retention']. */
  path: string[];
  /** `csops risk [options]`. */
  usage: string;
  description: string;
  /** Its own options, -h/--help included (and -V/--version for csops itself). */
  options: OptionInfo[];
  arguments: ArgumentInfo[];
  /** The names of its subcommands, commander's implicit `help` last. */
  subcommands: string[];
  examples: Example[];
}

function optionInfo(option: Option, builtIn: boolean): OptionInfo {
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  const completion = completionValues(option);
  return {
    flags: option.flags,
    names: [option.short, option.long].filter((name): name is string => name !== undefined),
    valueName,
    description: option.description,
    defaultValue: option.defaultValue === undefined || (Array.isArray(option.defaultValue) && option.defaultValue.length === 0) ? undefined : (option.defaultValueDescription ?? (typeof option.defaultValue === 'string' ? option.defaultValue : JSON.stringify(option.defaultValue))),
    env: option.envVar,
    choices: option.argChoices,
    completion,
    repeatable: Array.isArray(option.defaultValue) || Boolean(completion?.commaSeparated),
    builtIn,
  };
}

function argumentInfo(argument: Argument): ArgumentInfo {
  return {
    name: argument.name(),
    description: argument.description,
    required: argument.required,
    variadic: argument.variadic,
    choices: argument.argChoices,
    completion: completionValues(argument),
  };
}

/** The examples of a command's help: the `$ ` lines after "Examples:", split from what they show at a run of spaces. */
export function helpExamples(helpText: string): Example[] {
  const lines = helpText.split('\n');
  const start = lines.findIndex((line) => line.trim() === 'Examples:');
  if (start < 0) return [];
  const examples: Example[] = [];
  for (const line of lines.slice(start + 1)) {
    const match = /^\s+\$ (.+)$/.exec(line);
    if (!match) break;
    const [command, note] = match[1]!.trim().split(/\s{2,}(.*)/);
    examples.push(note ? { command: command!, note } : { command: command! });
  }
  return examples;
}

/** The whole help of `command` as `--help` prints it, texts added with addHelpText included. */
function fullHelp(command: Command): string {
  const saved = command.configureOutput();
  let text = '';
  command.configureOutput({ ...saved, writeOut: (chunk) => (text += chunk), writeErr: (chunk) => (text += chunk) });
  try {
    command.outputHelp();
  } finally {
    command.configureOutput(saved);
  }
  return text;
}

/** Every command of the tree under `program`, parents before their subcommands, in declaration order. */
export function describeCommands(program: Command): CommandInfo[] {
  const infos: CommandInfo[] = [];
  const visit = (command: Command, path: string[]) => {
    const help = command.createHelp();
    const builtIns = new Set<Option>(help.visibleOptions(command).filter((option) => !command.options.includes(option)));
    const versionOption = command.options.find((option) => option.attributeName() === 'version' && command === program);
    if (versionOption) builtIns.add(versionOption);
    infos.push({
      path,
      usage: help.commandUsage(command),
      description: command.description(),
      options: help.visibleOptions(command).map((option) => optionInfo(option, builtIns.has(option))),
      arguments: command.registeredArguments.map(argumentInfo),
      subcommands: help.visibleCommands(command).map((sub) => sub.name()),
      examples: helpExamples(fullHelp(command)),
    });
    for (const sub of command.commands) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return infos;
}
