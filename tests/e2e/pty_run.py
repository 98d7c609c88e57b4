#!/usr/bin/env python3
"""Runs a command at a terminal (a pseudo-terminal), answering its prompts like a person.

  pty_run.py [--answer PROMPT TEXT]... -- COMMAND [ARG...]

Each time the output shows the next PROMPT, TEXT and Enter are typed, once the terminal has
echo turned off (so a passphrase typed there is never shown); an answer whose prompt does
not come is an error. Prints everything the terminal showed, with a final line
"exit: N" (the command's status), and exits 0; exits 2 on a prompt that never came or when
echo stays on at a prompt, naming it.
"""
import os
import pty
import select
import sys
import termios
import time

TIMEOUT = 120  # seconds: the key derivation takes about one a prompt


def main(argv):
    answers = []
    i = 1
    while i < len(argv) and argv[i] == "--answer":
        answers.append((argv[i + 1], argv[i + 2]))
        i += 3
    if i >= len(argv) or argv[i] != "--":
        sys.exit(__doc__)
    command = argv[i + 1:]

    pid, master = pty.fork()
    if pid == 0:
        os.execvp(command[0], command)
    shown = b""
    seen_up_to = 0
    deadline = time.monotonic() + TIMEOUT
    problem = None
    while True:
        if answers:
            prompt, text = answers[0]
            at = shown.find(prompt.encode(), seen_up_to)
            if at >= 0:
                # Wait until the program has turned echo off before typing.
                while termios.tcgetattr(master)[3] & termios.ECHO:
                    if time.monotonic() > deadline:
                        problem = "echo stayed on at the prompt " + repr(prompt)
                        break
                    time.sleep(0.01)
                if problem:
                    break
                os.write(master, text.encode() + b"\n")
                seen_up_to = at + len(prompt)
                answers.pop(0)
        if time.monotonic() > deadline:
            problem = "timed out"
            break
        ready, _, _ = select.select([master], [], [], 0.1)
        if not ready:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other side closed: the command is done
            break
        if not chunk:
            break
        shown += chunk
    if problem:
        os.kill(pid, 9)
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(shown.decode(errors="replace"))
    if problem or answers:
        what = problem or "the prompt %r never came" % answers[0][0]
        sys.stdout.write("\npty_run: %s\n" % what)
        return 2
    code = os.waitstatus_to_exitcode(status)
    sys.stdout.write("\nexit: %d\n" % code)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
