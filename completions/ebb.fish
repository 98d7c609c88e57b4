# fish completion for ebb.
#
# Every candidate comes from the installed binary: `ebb __complete WORD...` gets the words
# typed after `ebb` (the last one is the word being completed) and prints one candidate a
# line as `candidate<TAB>description`, which is fish's own format. New commands and options
# complete without changes here. When ebb has nothing to offer (a file name, free text),
# file names are offered.

function __ebb_complete
    # Words before the cursor, unquoted by fish; the first is ebb itself. A leading ~/ (in
    # --db ~/x.db) is expanded as the command will see it.
    set -l words (string replace -r -- '^~/' "$HOME/" (commandline -opc))
    set -e words[1]
    # The word being completed, as typed: drop an opening quote so ebb sees the text.
    set -l current (string replace -r -- '^[\'"]' '' (commandline -ct))
    set -l found (command ebb __complete $words "$current" 2>/dev/null)
    if set -q found[1]
        printf '%s\n' $found
    else
        __fish_complete_path "$current"
    end
end

complete -c ebb -f -a '(__ebb_complete)'
