#!/usr/bin/env zsh
# Prints, one per line, what zsh's completion offers for a command line, as if Tab were pressed at its
# end: `zsh zsh-complete.zsh <folder holding _csops> '<line>'`. Used by test/e2e/completion.test.ts.
# It starts an interactive zsh in a pseudo-terminal (zsh/zpty), where compadd is wrapped to print
# the matches instead of offering them.
emulate -L zsh
zmodload zsh/zpty || exit 3
local completions_dir=$1 line=$2 setup
setup=${(j:; :)${(f)"$(<<'SETUP'
PROMPT=''
RPROMPT=''
fpath=(__DIR__ $fpath)
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' insert-tab false
bindkey '^I' complete-word
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a __hits; local __hit
  builtin compadd -O __hits "$@"
  for __hit in $__hits; do print -r -- "COMPLETION:$__hit"; done
}
__capture_done() { print -r -- 'COMPLETION-DONE'; exit }
comppostfuncs=(__capture_done)
print -r -- 'COMPLETION-READY'
SETUP
)"}}
setup=${setup//__DIR__/$completions_dir}
zpty capture zsh -f -i
zpty -w capture "$setup"
local out
while zpty -r capture out; do [[ $out == COMPLETION-READY* ]] && break; done
zpty -w -n capture "$line"$'\t'
while zpty -r capture out; do
  out=${out//$'\r'/}
  out=${out%$'\n'}
  [[ $out == *COMPLETION-DONE* ]] && break
  [[ $out == *COMPLETION:* ]] && print -r -- ${out#*COMPLETION:}
done
zpty -d capture
