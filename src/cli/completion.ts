import { Argument, type Command } from 'commander';
import type { Shell } from './completion-script.js';
import type { Io } from './runtime.js';

export function registerCompletion(program: Command, io: Io): void {
  program
    .command('completion')
    .description('print a script that completes csops commands, options and their values in bash or zsh')
    .addArgument(new Argument('<shell>', 'bash or zsh').choices(['bash', 'zsh']))
    .addHelpText(
      'after',
      `
The script is made from csops's own commands, so it knows every command, option and fixed list of values
(formats, kinds, presets, tiers, bands, groupings) and completes file names where a path is expected.
Install it once, and again after upgrading csops:
  bash: add  source <(csops completion bash)  to ~/.bashrc
        (or: csops completion bash > ~/.local/share/bash-completion/completions/csops)
  zsh:  csops completion zsh > ~/.zsh/completions/_csops   with, in ~/.zshrc before compinit,
        fpath=(~/.zsh/completions $fpath)   (or, after compinit: source <(csops completion zsh))

Examples:
  $ source <(csops completion bash)
  $ csops completion zsh > ~/.zsh/completions/_csops`,
    )
    .action(async (shell: Shell, _options: unknown, command: Command) => {
      // No config, database or colour: the script depends on nothing but the command tree.
      const { completionScript } = await import('./completion-script.js');
      const { describeCommands } = await import('./command-tree.js');
      const { VERSION } = await import('../package-root.js');
      io.stdout.write(completionScript(shell, describeCommands(command.parent!), VERSION));
    });
}
