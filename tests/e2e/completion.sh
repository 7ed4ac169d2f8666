#!/usr/bin/env bash
# The shell completions (man/completions/): the bash script loads cleanly in a bare bash,
# completes commands, options, option values, texture names, recipe files and folders,
# and offers exactly the options each command's --help lists, so an option added without
# its completion (or a completion left after its option) fails here. The zsh script is
# checked for syntax and for every option when zsh is installed.
# usage: completion.sh TINGLE SOURCE_DIR      (ctest runs it as "completion")
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TINGLE=$(realpath "$1")
SOURCE=$(realpath "$2")
BASH_SCRIPT=$SOURCE/man/completions/tingle.bash
ZSH_SCRIPT=$SOURCE/man/completions/_tingle
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1
# shellcheck source=checks.sh
source "$HERE/checks.sh"

# --- loading -------------------------------------------------------------------------------
check "bash -n accepts the script" bash -n "$BASH_SCRIPT"
bash --norc --noprofile -c "source '$BASH_SCRIPT'" >load.out 2>load.err
equal "sourcing prints nothing" "$(cat load.out load.err)" ""
registered=$(bash --norc --noprofile -c "source '$BASH_SCRIPT' && complete -p tingle" 2>&1)
equal "complete -p tingle" "$registered" "complete -F _tingle tingle"

# complete WORD...: what bash would offer for the command line WORD... (the last word is
# the one being completed; "" for a new word), sorted, one a line. Run in a bare bash that
# sourced the script, as a user's shell would; the first word is the tingle under test.
complete_line() {
  bash --norc --noprofile -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _tingle "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}" | sort' completion "$BASH_SCRIPT" "$TINGLE" "$@" 2>"$WORK/complete.err"
  if [ -s "$WORK/complete.err" ]; then
    cat "$WORK/complete.err"
    fail "completing '$*' printed to stderr"
  fi
}
lines() { printf '%s\n' "$@" | sort; }

# --- commands, options and their values ---------------------------------------------------------
equal "tingle re -> render" "$(complete_line re)" render
equal "tingle '' -> every command" "$(complete_line "")" "$(lines check describe new preview render textures)"
equal "tingle render --fo -> --force --format" "$(complete_line render --fo)" "$(lines --force --format)"
equal "tingle render --bits -> 16 24 float" "$(complete_line render --bits "")" "$(lines 16 24 float)"
equal "tingle render --format -> the formats" "$(complete_line render --format "")" "$(lines flac ogg raw wav)"
equal "tingle render --format=f -> flac" "$(complete_line render --format = f)" flac
equal "tingle render --seed -> nothing to offer" "$(complete_line render --seed "")" ""

# --- texture names, from the binary --------------------------------------------------------
textures=$("$TINGLE" textures | awk '{ print $1 }' | sort)
check "tingle textures lists some" [ -n "$textures" ]
equal "tingle describe -> every texture" "$(complete_line describe "")" "$textures"
equal "tingle describe ra -> rain" "$(complete_line describe ra)" rain
equal "tingle describe rain -> nothing more" "$(complete_line describe rain "")" ""
equal "tingle new rain -> every texture again" "$(complete_line new rain "")" "$textures"

# --- files and folders ---------------------------------------------------------------------
mkdir -p tree/library tree/recipes
cd tree || exit 1
touch bed.toml notes.txt "my rain.toml"
equal "tingle render -> recipes and folders" "$(complete_line render "")" "$(lines bed.toml library 'my rain.toml' recipes)"
equal "tingle check -> recipes and folders" "$(complete_line check "")" "$(lines bed.toml library 'my rain.toml' recipes)"
equal "tingle render --outdir -> folders" "$(complete_line render --outdir "")" "$(lines library recipes)"
equal "tingle render -o -> any file" "$(complete_line render -o "")" "$(lines bed.toml library 'my rain.toml' notes.txt recipes)"
equal "tingle preview -> folders" "$(complete_line preview "")" "$(lines library recipes)"
equal "tingle preview library -> nothing more" "$(complete_line preview library "")" ""

# --- every option of every command, both ways ----------------------------------------------
# long_options HELP_TEXT: the options a --help lists (long ones, and -o/-q/-h).
options_in_help() {
  grep -oE '(^|[ ,])--?[a-zA-Z][a-zA-Z0-9-]*' | sed 's/^[ ,]*//' | sort -u
}
for command in render check textures describe new preview; do
  from_help=$("$TINGLE" "$command" --help | options_in_help)
  check "$command --help lists options" [ -n "$from_help" ]
  equal "$command: completion offers exactly --help's options" \
    "$(complete_line "$command" -)" "$from_help"
done
equal "tingle - -> the global options" "$(complete_line -)" "$("$TINGLE" --help | options_in_help)"
commands_in_help=$("$TINGLE" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF { print $1 }' | sort)
equal "every command in tingle --help is completed" "$(complete_line "")" "$commands_in_help"

# --- zsh ---------------------------------------------------------------------------------------
if command -v zsh >/dev/null 2>&1; then
  check "zsh -n accepts _tingle" zsh -n "$ZSH_SCRIPT"
  for command in render check textures describe new preview; do
    for option in $("$TINGLE" "$command" --help | options_in_help); do
      check "zsh: $command $option is in _tingle" grep -qE -- "(^|[^a-z-])${option}([^a-z-]|$)" "$ZSH_SCRIPT"
    done
  done
  for command in $commands_in_help; do
    check "zsh: the command $command is in _tingle" grep -qE "['\"]$command:" "$ZSH_SCRIPT"
  done
  # compinit finds it on $fpath and binds it to tingle.
  mkdir "$WORK/zfunctions" && cp "$ZSH_SCRIPT" "$WORK/zfunctions/"
  bound=$(zsh -f -c 'fpath=("$1" $fpath); autoload -Uz compinit && compinit -u -D && print -r -- $_comps[tingle]' \
    zsh "$WORK/zfunctions" 2>&1)
  equal "zsh: compinit binds _tingle to tingle" "$bound" _tingle
  # In an interactive zsh (on a pseudo-terminal), tingle describe <Tab> lists the textures.
  mkdir "$WORK/zbin" && ln -s "$TINGLE" "$WORK/zbin/tingle"
  cat > "$WORK/describe.zsh" <<'ZSH'
zmodload zsh/zpty
bin=$1 completions=$2
shift 2
zpty z "PATH=$bin:\$PATH TERM=dumb zsh -f -i"
zpty -w z "fpath=($completions \$fpath); autoload -Uz compinit; compinit -u -D; PS1='> '"
zpty -w -n z $'tingle describe \t'
listing= chunk=
# Wait (up to 10 s) until every texture has been listed.
for attempt in {1..100}; do
  while zpty -r -t z chunk; do listing+=$chunk; done
  missing=0
  for texture in "$@"; do [[ $listing == *"$texture  "* ]] || missing=1; done
  (( missing )) || break
  sleep 0.1
done
zpty -d z
print -r -- $listing
ZSH
  listing=$(timeout 30 zsh -f "$WORK/describe.zsh" "$WORK/zbin" "$WORK/zfunctions" $textures 2>&1)
  for texture in $textures; do
    check "zsh: tingle describe <Tab> lists $texture" grep -q "$texture  *-- " <<<"$listing"
  done
else
  echo "completion: zsh not installed: the zsh script was not checked (apt-get install -y zsh)"
fi

echo "completion: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
