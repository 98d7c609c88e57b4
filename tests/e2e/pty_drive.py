#!/usr/bin/env python3
"""Drives an interactive ebb command through a pseudo-terminal, as a person at a terminal.

usage: pty_drive.py STEP... -- EBB ARGS...
Steps, in order:
  expect:TEXT   wait (up to 20 s) until TEXT has appeared in the output since the last expect
  send:TEXT     type TEXT and Enter
  ctrlc         press Ctrl-C (the terminal sends SIGINT)
  eof           press Ctrl-D at the start of a line (end of input)
Prints everything the command wrote, then exits with the command's exit status (or 99 when
an expected text never came).
"""
import os
import pty
import select
import sys
import time


def main() -> int:
    args = sys.argv[1:]
    split = args.index("--")
    steps, command = args[:split], args[split + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(command[0], command)
    out = b""
    seen = 0  # where the next expect starts looking

    def read_some(timeout: float) -> bool:
        nonlocal out
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            return True
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return False
        if not chunk:
            return False
        out += chunk
        return True

    status = 0
    for step in steps:
        if step.startswith("expect:"):
            want = step[len("expect:"):].encode()
            deadline = time.time() + 20
            while want not in out[seen:]:
                if time.time() > deadline or not read_some(0.2):
                    if want in out[seen:]:
                        break
                    sys.stdout.write(out.decode("utf-8", "replace"))
                    sys.stdout.write(f"\n[pty_drive: never saw {want!r}]\n")
                    os.kill(pid, 9)
                    os.waitpid(pid, 0)
                    return 99
            seen = out.index(want, seen) + len(want)
        elif step.startswith("send:"):
            os.write(fd, step[len("send:"):].encode() + b"\r")
        elif step == "ctrlc":
            os.write(fd, b"\x03")
        elif step == "eof":
            os.write(fd, b"\x04")
        else:
            print(f"pty_drive: unknown step {step!r}", file=sys.stderr)
            return 98
    # Read what is left until the command ends.
    deadline = time.time() + 30
    while time.time() < deadline and read_some(0.2):
        pass
    _, st = os.waitpid(pid, 0)
    status = os.waitstatus_to_exitcode(st)
    sys.stdout.write(out.decode("utf-8", "replace"))
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main())
