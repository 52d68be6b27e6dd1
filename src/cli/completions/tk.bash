# bash completion for tk. At each Tab it asks tk itself what may come
# next (tk __complete), so it knows what this tk knows: find's whole
# expression, this machine's interfaces, users and file systems.
# The first line of the answer names the shell's own completions to add.
_tk() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    local IFS=$'\n'
    local -a reply
    reply=($("${COMP_WORDS[0]}" __complete bash "${COMP_WORDS[@]:0:COMP_CWORD}" "$cur" 2>/dev/null)) || return 0
    local how=" ${reply[0]} "
    COMPREPLY=("${reply[@]:1}")
    if [[ $how == *" files "* ]]; then
        COMPREPLY+=($(compgen -f -- "$cur"))
        compopt -o filenames 2>/dev/null
    fi
    if [[ $how == *" dirs "* ]]; then
        COMPREPLY+=($(compgen -d -- "$cur"))
        compopt -o filenames 2>/dev/null
    fi
    if [[ $how == *" commands "* ]]; then
        COMPREPLY+=($(compgen -c -- "$cur"))
    fi
    return 0
}
complete -F _tk tk
