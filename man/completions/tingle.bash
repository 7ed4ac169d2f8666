# bash completion for tingle(1): commands, options, texture names, recipe files, folders.
# Installed as ${datadir}/bash-completion/completions/tingle; or: source tingle.bash
# Needs nothing from the bash-completion package. Texture names come from the tingle being
# completed (`tingle textures`), so they are always the installed ones.

# The options of each command (tests/e2e/completion.sh holds them equal to --help's).
_tingle_commands='render check textures describe new preview'
_tingle_global_options='-h --help --version'
_tingle_render_options='-h --help -o --output --outdir --name --seed --duration --set --format --bits --variations --shard --chunk-frames --jobs --json --force --preview -q --quiet'
_tingle_check_options='-h --help --json'
_tingle_textures_options='-h --help'
_tingle_describe_options='-h --help'
_tingle_new_options='-h --help'
_tingle_preview_options='-h --help -q --quiet'

# _tingle_reply WORDS: the words starting with the current one.
_tingle_reply() {
  mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
}

# _tingle_files [PATTERN]: folders, and files matching PATTERN (all files without one).
_tingle_files() {
  compopt -o filenames 2>/dev/null  # escape spaces, '/' after folders
  if [[ -n ${1-} ]]; then
    mapfile -t COMPREPLY < <(compgen -f -X "!$1" -- "$cur"; compgen -d -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

_tingle_folders() {
  compopt -o filenames 2>/dev/null
  mapfile -t COMPREPLY < <(compgen -d -- "$cur")
}

# The texture names, from the tingle on the command line (first word of each line).
_tingle_textures() {
  local program=${COMP_WORDS[0]}
  [[ $program == "~/"* ]] && program=$HOME/${program#"~/"}
  local names
  names=$("$program" textures 2>/dev/null | while read -r name _; do printf '%s ' "$name"; done)
  _tingle_reply "$names"
}

_tingle() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD - 1]}
  # "--format=w": bash splits at '=' (COMP_WORDBREAKS), so the option is two words back.
  if [[ $cur == "=" ]]; then
    cur=""
    prev=${COMP_WORDS[COMP_CWORD - 1]}
  elif [[ $prev == "=" && COMP_CWORD -ge 2 ]]; then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi
  COMPREPLY=()

  # The command is the first word after tingle that is not an option; count the
  # positional words after it (the recipes, textures or folder given so far).
  local command="" positionals=0 i word
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ -z $command ]]; then
      [[ $word != -* ]] && command=$word
    elif [[ $word != -* && $word != "=" && ${COMP_WORDS[i - 1]} != "=" ]]; then
      case ${COMP_WORDS[i - 1]} in
        -o | --output | --outdir | --name | --seed | --duration | --set | --format | --bits | \
          --variations | --shard | --chunk-frames | --jobs) ;;  # the option's value
        *) positionals=$((positionals + 1)) ;;
      esac
    fi
  done

  if [[ -z $command ]]; then
    if [[ $cur == -* ]]; then _tingle_reply "$_tingle_global_options"; else _tingle_reply "$_tingle_commands"; fi
    return 0
  fi

  case $command in
    render)
      case $prev in
        -o | --output) _tingle_files; return 0 ;;
        --outdir) _tingle_folders; return 0 ;;
        --format) _tingle_reply 'wav flac ogg raw'; return 0 ;;
        --bits) _tingle_reply '16 24 float'; return 0 ;;
        --name) _tingle_reply '{stem}-{index:03} {stem}-{seed} {stem}-{index}'; return 0 ;;
        --seed | --duration | --set | --variations | --shard | --chunk-frames | --jobs) return 0 ;;  # a value to type
      esac
      if [[ $cur == -* ]]; then _tingle_reply "$_tingle_render_options"; else _tingle_files '*.toml'; fi
      ;;
    check)
      if [[ $cur == -* ]]; then _tingle_reply "$_tingle_check_options"; else _tingle_files '*.toml'; fi
      ;;
    textures)
      _tingle_reply "$_tingle_textures_options"
      ;;
    describe)
      if [[ $cur == -* ]]; then
        _tingle_reply "$_tingle_describe_options"
      elif ((positionals == 0)); then
        _tingle_textures
      fi
      ;;
    new)
      if [[ $cur == -* ]]; then _tingle_reply "$_tingle_new_options"; else _tingle_textures; fi
      ;;
    preview)
      if [[ $cur == -* ]]; then
        _tingle_reply "$_tingle_preview_options"
      elif ((positionals == 0)); then
        _tingle_folders
      fi
      ;;
  esac
  return 0
}

complete -F _tingle tingle
