import type { CompletionValues } from './completion-values.js';
import type { CommandInfo, OptionInfo } from './command-tree.js';

/**
 * Shell completion scripts written from the command tree (describeCommands), so a new command, option
 * or value list completes without touching this file. The scripts carry the tree as data (case
 * statements) and never run csops while completing, so completion is instant.
 */
export type Shell = 'bash' | 'zsh';

export function completionScript(shell: Shell, commands: readonly CommandInfo[], version: string): string {
  return shell === 'bash' ? bashScript(commands, version) : zshScript(commands, version);
}

/**
 * Options a command accepts: its own, then csops's global options (they work after any command). A
 * parent command's own options are not its subcommands' (`csops risk backtest` refuses --band).
 */
function optionsInScope(commands: readonly CommandInfo[], command: CommandInfo): OptionInfo[] {
  const scope: OptionInfo[] = [...command.options];
  if (command.path.length > 0) {
    const program = commands.find((candidate) => candidate.path.length === 0)!;
    for (const option of program.options) {
      if (!option.builtIn && !scope.some((known) => known.names.some((name) => option.names.includes(name)))) scope.push(option);
    }
  }
  return scope;
}

/** Words go into shell source: refuse anything that would need quoting rather than quote it subtly wrong. */
function checkWord(word: string): string {
  if (!/^[\w./@%+,:=-]+$/.test(word)) throw new Error(`completion word ${JSON.stringify(word)} has characters the scripts do not quote`);
  return word;
}

// ---------------------------------------------------------------------------------------------- bash

/** "<files 0|1> <comma-separated 0|1> word…": how the bash script reads a value list. */
function bashSpec(values: CompletionValues | undefined): string {
  return [values?.files ? 1 : 0, values?.commaSeparated ? 1 : 0, ...(values?.words ?? []).map(checkWord)].join(' ');
}

function bashCase(entries: Array<[key: string, value: string]>, indent = '    '): string {
  return entries.map(([key, value]) => `${indent}'${key}') echo '${value}'; return ;;`).join('\n');
}

function bashScript(commands: readonly CommandInfo[], version: string): string {
  const key = (command: CommandInfo) => command.path.join(' ');
  const subcommands = commands.filter((command) => command.subcommands.length > 0).map((command): [string, string] => [key(command), command.subcommands.map(checkWord).join(' ')]);
  const options = commands.map((command): [string, string] => [key(command), optionsInScope(commands, command).flatMap((option) => option.names).map(checkWord).join(' ')]);
  const values = commands.flatMap((command) =>
    command.options.filter((option) => option.valueName !== undefined).flatMap((option) => option.names.map((name): [string, string] => [`${key(command)}|${name}`, bashSpec(option.completion)])),
  );
  const positionals: Array<[string, string]> = [];
  for (const command of commands) {
    command.arguments.forEach((argument, index) => {
      positionals.push([`${key(command)}|${index}`, bashSpec(argument.completion)]);
      if (argument.variadic) positionals.push([`${key(command)}|*`, bashSpec(argument.completion?.then ?? argument.completion)]);
    });
    // `csops help <command>`, `csops metrics help <command>`: commander's implicit help command.
    if (command.subcommands.includes('help')) positionals.push([`${[...command.path, 'help'].join(' ')}|0`, bashSpec({ words: command.subcommands.filter((name) => name !== 'help') })]);
  }
  return `# bash completion for csops ${version}, generated from its commands by \`csops completion bash\`.
# Install: add \`source <(csops completion bash)\` to ~/.bashrc, or save the output as
# ~/.local/share/bash-completion/completions/csops. Regenerate it after upgrading csops.

# The subcommands of a command ('' is csops itself, 'metrics retention' a subcommand).
_csops_subcommands() {
  case "$1" in
${bashCase(subcommands)}
  esac
}

# Every option a command accepts, csops's global options included.
_csops_options() {
  case "$1" in
${bashCase(options)}
  esac
}

# How an option's value completes ("<files> <comma-separated> word..."); nothing for a flag. Looked up
# on the command, then on its parents.
_csops_option_value() {
  local command=$1
  while :; do
    case "$command|$2" in
${bashCase(values, '      ')}
    esac
    [[ -z $command ]] && return
    [[ $command == *' '* ]] && command=\${command% *} || command=''
  done
}

# How the n-th positional word of a command completes ('*': the later words of a variadic argument).
_csops_positional() {
  case "$1|$2" in
${bashCase(positionals)}
  esac
  [[ $2 != '*' ]] && _csops_positional "$1" '*'
}

# Adds to COMPREPLY the completions of $cur for a "<files> <comma-separated> word..." line.
_csops_complete_values() {
  local -a spec
  read -r -a spec <<< "$1"
  [[ \${#spec[@]} -lt 2 ]] && return
  local prefix='' word
  [[ \${spec[1]} == 1 && $cur == *,* ]] && prefix=\${cur%,*},
  for word in "\${spec[@]:2}"; do
    [[ $prefix$word == "$cur"* ]] && COMPREPLY+=("$prefix$word")
  done
  if [[ \${spec[0]} == 1 ]]; then
    compopt -o filenames 2> /dev/null
    local IFS=$'\\n'
    COMPREPLY+=($(compgen -f -- "$cur"))
  fi
}

_csops() {
  COMPREPLY=()
  local cur=\${COMP_WORDS[COMP_CWORD]} command='' positional=0 pending='' only_positionals='' word i
  # Walk the words before the cursor: subcommands, options (and the values they take), positionals.
  # Bash splits --db=x.db into --db, =, x.db.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=\${COMP_WORDS[i]}
    if [[ -n $pending ]]; then
      [[ $word == '=' ]] || pending=''
      continue
    fi
    if [[ -z $only_positionals && $word == -- ]]; then
      only_positionals=1
    elif [[ -z $only_positionals && $word == -* ]]; then
      [[ -n $(_csops_option_value "$command" "$word") ]] && pending=$word
    elif ((positional == 0)) && [[ " $(_csops_subcommands "$command") " == *" $word "* ]]; then
      command=\${command:+$command }$word
    else
      positional=$((positional + 1))
    fi
  done
  if [[ $cur == '=' && -n $pending ]]; then
    cur=''
  fi
  if [[ -n $pending ]]; then
    _csops_complete_values "$(_csops_option_value "$command" "$pending")"
  elif [[ -z $only_positionals && $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(_csops_options "$command")" -- "$cur"))
  elif ((positional == 0)) && [[ -n $(_csops_subcommands "$command") ]]; then
    COMPREPLY=($(compgen -W "$(_csops_subcommands "$command")" -- "$cur"))
  else
    _csops_complete_values "$(_csops_positional "$command" "$positional")"
  fi
}

complete -F _csops csops
`;
}

// ----------------------------------------------------------------------------------------------- zsh

/** A word in single quotes for zsh source. */
function zq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Text inside an _arguments spec: its brackets and colons are syntax. */
function zspecText(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/([\\[\]:])/g, '\\$1');
}

/** The action part of an _arguments spec. */
function zshAction(values: CompletionValues | undefined, label: string): string {
  const words = (values?.words ?? []).map(checkWord);
  if (words.length > 0 && values?.commaSeparated) return `_sequence compadd - ${words.join(' ')}`;
  if (words.length > 0 && values?.files) return `_alternative "values:${label}:(${words.join(' ')})" "files:file:_files"`;
  if (words.length > 0) return `(${words.join(' ')})`;
  if (values?.files) return '_files';
  return ' ';
}

function zshOptionSpecs(option: OptionInfo): string[] {
  const description = `[${zspecText(option.description)}]`;
  const value = option.valueName === undefined ? '' : `:${zspecText(option.valueName)}:${zshAction(option.completion, zspecText(option.valueName))}`;
  const repeat = option.repeatable ? '*' : '';
  // -h/--help and -V/--version end the command line; other pairs (-q/--quiet) exclude each other.
  const excludes = option.builtIn ? '(- *)' : option.names.length > 1 ? `(${option.names.join(' ')})` : '';
  return option.names.map((name) => `${repeat}${excludes}${name}${option.valueName !== undefined && name.startsWith('--') ? '=' : ''}${description}${value}`);
}

function zshFunctionName(path: readonly string[]): string {
  return ['_csops', ...path.map((word) => word.replace(/\W/g, '_'))].join('__');
}

function zshScript(commands: readonly CommandInfo[], version: string): string {
  const functions = commands.map((command) => {
    const specs = optionsInScope(commands, command).flatMap(zshOptionSpecs);
    const name = zshFunctionName(command.path);
    if (command.subcommands.length > 0) {
      const described = command.subcommands.map((sub) => {
        const info = commands.find((candidate) => candidate.path.join(' ') === [...command.path, sub].join(' '));
        return zq(`${sub}:${(info?.description ?? 'show help for a command').replace(/:/g, '\\:').replace(/\s+/g, ' ')}`);
      });
      const cases = command.subcommands
        .map((sub) => (sub === 'help' ? `      help) _arguments '1:command:(${command.subcommands.filter((other) => other !== 'help').join(' ')})' ;;` : `      ${sub}) ${zshFunctionName([...command.path, sub])} ;;`))
        .join('\n');
      return `${name}() {
  local curcontext="$curcontext" state line
  local -a subcommands
  _arguments -C -s -S \\
${specs.map((spec) => `    ${zq(spec)} \\`).join('\n')}
    '1:command:->command' \\
    '*::argument:->argument' && return
  case $state in
  command)
    subcommands=(
${described.map((entry) => `      ${entry}`).join('\n')}
    )
    _describe -t commands 'csops command' subcommands ;;
  argument)
    curcontext="\${curcontext%:*:*}:csops-$words[1]:"
    case $words[1] in
${cases}
    esac ;;
  esac
}`;
    }
    const positionals = command.arguments.flatMap((argument, index) => {
      const label = zspecText(argument.name.replace(/-/g, ' '));
      const first = `${index + 1}:${label}:${zshAction(argument.completion, label)}`;
      return argument.variadic ? [first, `*:${label}:${zshAction(argument.completion?.then ?? argument.completion, label)}`] : [first];
    });
    return `${name}() {
  _arguments -s -S \\
${[...specs, ...positionals].map((spec) => `    ${zq(spec)}`).join(' \\\n')}
}`;
  });
  return `#compdef csops
# zsh completion for csops ${version}, generated from its commands by \`csops completion zsh\`.
# Install: csops completion zsh > ~/.zsh/completions/_csops, with ~/.zsh/completions in $fpath before
# compinit runs in ~/.zshrc (fpath=(~/.zsh/completions $fpath); autoload -Uz compinit; compinit), then
# open a new shell. Or, after compinit: source <(csops completion zsh). Regenerate it after upgrading csops.

${functions.join('\n\n')}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  # Autoloaded from $fpath: this file is the _csops function.
  _csops "$@"
else
  # Sourced: register it.
  compdef _csops csops
fi
`;
}
