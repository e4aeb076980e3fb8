"""A kernel zygote for the report runner: one process that does the kernels' imports once and
forks a fresh kernel for every notebook.

Starting a kernel and importing pandas, matplotlib, seaborn and this package costs about
1.4 s of CPU per notebook; a fork of a process that has already done it costs a few
milliseconds. Every notebook still gets a kernel process of its own (a copy of the zygote,
so nothing one notebook does reaches another), started from the same kernelspec command.

How a kernel is started: the kernel manager runs ``kernel_launcher.py`` (stdlib only, quick)
in place of the kernelspec's command. The launcher hands the zygote its command, working
folder, environment and standard streams over a Unix socket, forwards interrupts to the
forked kernel, and exits when the kernel does, so the kernel manager sees an ordinary kernel
process. A kernel whose launcher is killed exits at once (it watches the launcher's end of
the socket). When the zygote is not there, not ready, or was started with a different
import-time environment, the launcher runs the kernelspec's command itself: a normal kernel.

Run as ``python -m analysis.publish.zygote SOCKET PARENT_PID``; it exits when its parent does.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# Environment read at import time (matplotlib's backend, this package's folders, Python's own
# settings): a kernel whose environment differs here would not match the zygote's imports.
IMPORT_TIME = ("ASC_", "MPL", "PYTHON", "JUPYTER", "IPYTHON")
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # as ipykernel sets it
LAUNCHER = Path(__file__).with_name("kernel_launcher.py")
HEADER_BYTES = 8
MAX_HEADER = 1 << 20


def import_time_environment(env: dict[str, str]) -> dict[str, str]:
    """The variables of ``env`` that imports read, with the backend ipykernel would set.

    >>> import_time_environment({"HOME": "/root", "ASC_RAW_DIR": "/raw"})["MPLBACKEND"]
    'module://matplotlib_inline.backend_inline'
    """
    found = {k: v for k, v in env.items() if k.startswith(IMPORT_TIME)}
    found.setdefault("MPLBACKEND", INLINE_BACKEND)
    return found


def _interpreter(kernel_cmd: list[str]) -> list[str]:
    """The Python and its flags at the head of a kernelspec command (before ``-m``)."""
    return kernel_cmd[: kernel_cmd.index("-m")] if "-m" in kernel_cmd else kernel_cmd[:1]


def launch_command(kernel_cmd: list[str], socket_path: str) -> list[str]:
    """The launcher's command for a kernelspec's ``kernel_cmd``: the same Python (without site
    packages: it needs only the standard library), running the launcher, which falls back to
    ``kernel_cmd`` itself."""
    return [_interpreter(kernel_cmd)[0], "-S", str(LAUNCHER), socket_path, "--", *kernel_cmd]


def zygote_command(kernel_cmd: list[str], socket_path: str) -> list[str]:
    """The zygote's command: the kernelspec's Python and interpreter flags."""
    return [*_interpreter(kernel_cmd), "-m", "analysis.publish.zygote", socket_path,
            str(os.getpid())]


@contextlib.contextmanager
def running(kernel_name: str, cwd: str, env: dict[str, str], wait: float = 5.0):
    """A zygote for ``kernel_name``'s kernels, started in ``cwd`` with ``env`` (what the
    kernels will inherit), for the life of the block; yields its socket, or None when it did
    not come up (kernels then start as usual). Its imports overlap whatever the block does."""
    from jupyter_client.kernelspec import KernelSpecManager

    folder = tempfile.mkdtemp(prefix="asc-zygote-")
    path = os.path.join(folder, "kernels.sock")
    process = None
    try:
        argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
        process = subprocess.Popen(zygote_command(argv, path), cwd=cwd, env=env,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + wait
        while not os.path.exists(path) and process.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.01)
        up = os.path.exists(path) and process.poll() is None
        if not up:
            why = (f"it exited with status {process.returncode}" if process.poll() is not None
                   else f"it was not listening after {wait:g} s")
            print(f"warning: the kernel zygote did not start ({why}); each notebook's kernel "
                  "starts the ordinary way instead, about 1.4 s slower. The reports are the "
                  "same.", file=sys.stderr)
        yield path if up else None
    finally:
        if process is not None and process.poll() is None:
            process.terminate()  # its kernels belong to their launchers, not to it
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)


def _read_request(conn: socket.socket) -> tuple[dict, list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 65536, 3)
    while len(data) < HEADER_BYTES:
        more = conn.recv(65536)
        if not more:
            raise ConnectionError("launcher closed the socket")
        data += more
    size = int.from_bytes(data[:HEADER_BYTES], "big")
    if size > MAX_HEADER:
        raise ValueError("request too large")
    while len(data) < HEADER_BYTES + size:
        more = conn.recv(65536)
        if not more:
            raise ConnectionError("launcher closed the socket")
        data += more
    return json.loads(data[HEADER_BYTES:HEADER_BYTES + size]), list(fds)


def _send(conn: socket.socket, message: dict) -> None:
    conn.sendall(json.dumps(message).encode() + b"\n")


def _kernel_argv(cmd: list[str]) -> list[str] | None:
    """The kernel application's arguments in a kernelspec command ``... -m ipykernel_launcher
    ARGS``, or None for any other kind of command."""
    if "-m" not in cmd or cmd[cmd.index("-m") + 1: cmd.index("-m") + 2] != ["ipykernel_launcher"]:
        return None
    return cmd[cmd.index("-m") + 2:]


def _run_kernel(conn: socket.socket, request: dict, fds: list[int], argv: list[str]) -> None:
    """In the forked child: become the kernel the launcher asked for. Never returns."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel's subprocesses are its own
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setsid()  # a process group of its own, as a launched kernel has
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        parent = request["env"].get("JPY_PARENT_PID", "")

        def watch_launcher():
            try:
                while conn.recv(64):
                    pass
            except OSError:
                pass
            os._exit(1)  # the launcher is gone (killed): so is this kernel
        threading.Thread(target=watch_launcher, name="watch-launcher", daemon=True).start()
        _send(conn, {"pid": os.getpid()})
        from ipykernel import kernelapp

        sys.argv = ["ipykernel_launcher", *argv]
        kernelapp.launch_new_instance(argv + ([f"--IPKernelApp.parent_handle={parent}"]
                                              if parent.isdigit() else []))
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # noqa: BLE001 - whatever it was, the launcher must hear of it
        import traceback

        traceback.print_exc()
    finally:
        import atexit

        atexit._run_exitfuncs()  # what a normal kernel's exit runs (history, temp files)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001, S110
                pass
        try:
            _send(conn, {"exit": code})
        except OSError:
            pass
        os._exit(code)


def refusal(request: dict, fds: list[int], environment: dict) -> str | None:
    """Why a kernel asked for cannot be a fork of this zygote, or None when it can.

    >>> refusal({"cmd": ["python", "-m", "ipykernel_launcher"], "env": {"ASC_RAW_DIR": "/b"}},
    ...         [0, 1, 2], import_time_environment({"ASC_RAW_DIR": "/a"}))
    "its import-time environment differs from the zygote's in ASC_RAW_DIR"
    """
    if _kernel_argv(request.get("cmd", [])) is None:
        return "its command is not ipykernel's"
    asked = import_time_environment(request.get("env", {}))
    if asked != environment:
        names = sorted(k for k in asked.keys() | environment.keys()
                       if asked.get(k) != environment.get(k))
        return f"its import-time environment differs from the zygote's in {', '.join(names)}"
    if len(fds) != 3:
        return "its standard streams were not passed"
    return None


def _serve_one(conn: socket.socket, listener: socket.socket, environment: dict) -> None:
    request, fds = _read_request(conn)
    why = refusal(request, fds, environment)
    if why is not None:
        print(f"kernel zygote: a kernel starts the ordinary way, not forked, because {why}",
              file=sys.stderr)
        _send(conn, {"refused": why})
    elif os.fork() == 0:
        listener.close()
        _run_kernel(conn, request, fds, _kernel_argv(request["cmd"]))
    for fd in fds:
        os.close(fd)


def serve(socket_path: str, parent: int) -> None:
    """Listen first (a launcher that connects while the imports run waits for them), import,
    then fork a kernel per request until the parent is gone."""
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]  # as ipykernel_launcher does
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(16)
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    environment = import_time_environment(dict(os.environ))
    import ipykernel.ipkernel  # noqa: F401
    import ipykernel.kernelapp  # noqa: F401

    from .kernels import WARM_MODULES

    for module in WARM_MODULES:  # more (pandera's checks, say) measured slower, not faster
        __import__(module)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked kernels are reaped by the system
    listener.settimeout(0.2)
    while os.getppid() == parent:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        conn.settimeout(None)
        with conn:
            try:
                _serve_one(conn, listener, environment)
            except (OSError, ValueError) as exc:
                print(f"kernel zygote: a request failed ({exc}); its launcher starts the "
                      "kernel itself", file=sys.stderr)


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))
