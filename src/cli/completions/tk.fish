# fish completion for tk. At each Tab it asks tk itself what may come
# next (tk __complete), so it knows what this tk knows: find's whole
# expression, this machine's interfaces, users and file systems.
# The first line of the answer names the shell's own completions to add.
function __tk_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l reply ($words[1] __complete fish $words $cur 2>/dev/null)
    or return
    set -l how (string split ' ' -- $reply[1])
    set -e reply[1]
    for word in $reply
        echo $word
    end
    if contains files $how
        __fish_complete_path $cur
    end
    if contains dirs $how
        __fish_complete_directories $cur
    end
    if contains commands $how
        __fish_complete_command $cur
    end
end
complete -c tk -f -a '(__tk_complete)'
