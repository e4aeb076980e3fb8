"""Start a kernel by asking the kernel zygote to fork one (see zygote.py); stdlib only, so it
starts in milliseconds.

Usage: python -S kernel_launcher.py SOCKET -- KERNEL_COMMAND...

The kernel manager sees this process as the kernel: it forwards interrupts and termination
to the forked kernel and exits with it. When the zygote cannot serve (absent, still failing,
or refusing), it runs KERNEL_COMMAND in its own place, an ordinary kernel start.
"""

import json
import os
import signal
import socket
import sys

HEADER_BYTES = 8
START_WAIT = 60  # seconds for the zygote to fork the kernel (its imports may still run)
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def fall_back(cmd):
    os.execv(cmd[0], cmd)


def read_line(sock, buffer):
    while b"\n" not in buffer:
        more = sock.recv(4096)
        if not more:
            return None, buffer
        buffer += more
    line, _, rest = buffer.partition(b"\n")
    return json.loads(line), rest


def main(argv):
    socket_path, cmd = argv[1], argv[3:]
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(socket_path)
        body = json.dumps({"cmd": cmd, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
        socket.send_fds(sock, [len(body).to_bytes(HEADER_BYTES, "big") + body], [0, 1, 2])
        sock.settimeout(START_WAIT)
        reply, rest = read_line(sock, b"")
        sock.settimeout(None)
    except (OSError, ValueError) as exc:
        reply = {"refused": f"the zygote at {socket_path} did not answer ({exc})"}
    if not reply or "pid" not in reply:
        why = (reply or {}).get("refused", "the zygote closed the connection")
        print(f"kernel launcher: starting the kernel the ordinary way: {why}", file=sys.stderr)
        fall_back(cmd)
    kernel = reply["pid"]

    def forward(signum, _frame):
        try:
            os.kill(kernel, signum)
        except ProcessLookupError:
            pass
    for signum in FORWARDED:
        signal.signal(signum, forward)
    code = 1
    while True:
        try:
            message, rest = read_line(sock, rest)
        except (OSError, ValueError):
            break
        if message is None:
            break
        code = message.get("exit", code)
    sys.exit(code)


if __name__ == "__main__":
    main(sys.argv)
