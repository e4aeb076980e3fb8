"""The kernel zygote: kernels forked from one process that did the imports, each a process of
its own that is interrupted, stopped and killed like any kernel, and an ordinary kernel start
whenever the zygote cannot serve."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from analysis import paths
from analysis.publish import kernels, zygote
from analysis.publish.report import KERNEL

NOTEBOOKS = str(paths.ROOT / "notebooks")


def _client(km):
    from jupyter_client.blocking import BlockingKernelClient

    kc = BlockingKernelClient()
    kc.load_connection_info(km.get_connection_info())
    kc.start_channels()
    return kc


def _run(km, code: str, timeout: float = 60) -> dict:
    """Run ``code`` in the kernel; the execute reply's content and what it printed."""
    kc = _client(km)
    try:
        deadline = time.time() + timeout
        while True:  # the heartbeat alone cannot tell a booting kernel from a dead one
            try:
                kc.kernel_info(reply=True, timeout=5)
                break
            except TimeoutError:
                if time.time() > deadline:
                    raise
        kc.wait_for_ready(timeout=timeout)  # and its output channel is connected
        printed = []
        reply = kc.execute_interactive(
            code, timeout=timeout,
            output_hook=lambda m: printed.append(m["content"].get("text", "")))
        return reply["content"] | {"printed": "".join(printed)}
    finally:
        kc.stop_channels()


def _parent_command(km) -> bytes:
    reply = _run(km, "import os; print(os.getppid())")
    return Path(f"/proc/{int(reply['printed'])}/cmdline").read_bytes()


def _gone(pid: int, within: float = 10) -> bool:
    deadline = time.time() + within
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def forked():
    """Kernels started in this test are forked from a zygote (with a clean environment)."""
    env = os.environ | {"ASC_TEST_ZYGOTE": "1"}
    with zygote.running(KERNEL, NOTEBOOKS, env) as socket_path:
        assert socket_path is not None, "the zygote did not come up"
        old = dict(os.environ)
        os.environ["ASC_TEST_ZYGOTE"] = "1"
        kernels.use_zygote(socket_path)
        try:
            yield socket_path
        finally:
            kernels.use_zygote(None)
            os.environ.clear()
            os.environ.update(old)


def test_a_forked_kernel_is_a_process_of_its_own_with_the_imports_done(forked):
    first, second = (kernels.start(KERNEL, NOTEBOOKS) for _ in range(2))
    try:
        code = ("import os, sys; print(os.getpid(), 'seaborn' in sys.modules, os.getcwd(), "
                "os.environ.get('ASC_TEST_ZYGOTE'), 'leak' in globals()); leak = 1")
        one, two = (_run(km, code)["printed"].split() for km in (first, second))
        assert one[0] != two[0]
        assert one[1:] == two[1:] == ["True", NOTEBOOKS, "1", "False"]
        assert b"analysis.publish.zygote" in _parent_command(first)
    finally:
        for km in (first, second):
            kernels.stop(km)


def test_an_interrupt_reaches_a_forked_kernel(forked):
    km = kernels.start(KERNEL, NOTEBOOKS)
    try:
        _run(km, "1")
        from jupyter_core.utils import run_sync

        kc = _client(km)
        kc.execute("import time; time.sleep(60)")
        time.sleep(1)
        run_sync(km.interrupt_kernel)()
        start = time.time()
        reply = kc.get_shell_msg(timeout=20)
        kc.stop_channels()
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.time() - start < 20
        assert _run(km, "print(6 * 7)")["printed"].strip() == "42"  # still alive after it
    finally:
        kernels.stop(km)


def test_a_killed_launcher_takes_its_forked_kernel_with_it(forked):
    km = kernels.start(KERNEL, NOTEBOOKS)
    try:
        pid = int(_run(km, "import os; print(os.getpid())")["printed"])
        os.kill(km.provisioner.process.pid, signal.SIGKILL)  # as kill -9 of the kernel
        assert _gone(pid), "the forked kernel outlived its launcher"
    finally:
        kernels.stop(km)


def test_a_stopped_kernel_and_a_closed_zygote_leave_no_process():
    with zygote.running(KERNEL, NOTEBOOKS, dict(os.environ)) as socket_path:
        kernels.use_zygote(socket_path)
        try:
            km = kernels.start(KERNEL, NOTEBOOKS)
            pid, zygote_pid = map(int, _run(km, "import os; print(os.getpid(), os.getppid())")[
                "printed"].split())
            kernels.stop(km)
            assert _gone(pid), "a stopped kernel is still running"
        finally:
            kernels.use_zygote(None)
    assert _gone(zygote_pid), "the zygote outlived its block"
    assert not Path(socket_path).exists()


def test_without_a_zygote_the_launcher_starts_an_ordinary_kernel(tmp_path, capfd):
    kernels.use_zygote(str(tmp_path / "no-such.sock"))
    try:
        km = kernels.start(KERNEL, NOTEBOOKS)
        try:
            assert b"analysis.publish.zygote" not in _parent_command(km)
            assert _run(km, "print(6 * 7)")["printed"].strip() == "42"
        finally:
            kernels.stop(km)
    finally:
        kernels.use_zygote(None)
    err = capfd.readouterr().err
    assert "kernel launcher: starting the kernel the ordinary way" in err
    assert "no-such.sock did not answer" in err


def test_a_kernel_whose_import_time_environment_differs_is_not_forked(capfd, forked):
    """matplotlib's backend and this package's folders are read at import: a kernel asked for
    with other values than the zygote imported with starts as an ordinary kernel, and the
    zygote says so, naming the variable."""
    os.environ["ASC_TEST_ZYGOTE"] = "2"
    km = kernels.start(KERNEL, NOTEBOOKS)
    try:
        assert b"analysis.publish.zygote" not in _parent_command(km)
        assert _run(km, "import os; print(os.environ['ASC_TEST_ZYGOTE'])")["printed"].strip() \
            == "2"
    finally:
        kernels.stop(km)
    err = capfd.readouterr().err
    assert ("kernel launcher: starting the kernel the ordinary way: its import-time "
            "environment differs from the zygote's in ASC_TEST_ZYGOTE") in err


def test_a_zygote_that_does_not_start_is_said_and_kernels_start_as_usual(monkeypatch, capfd):
    import sys
    monkeypatch.setattr(zygote, "zygote_command",
                        lambda *a: [sys.executable, "-c", "raise SystemExit(3)"])
    with zygote.running(KERNEL, NOTEBOOKS, dict(os.environ)) as socket_path:
        assert socket_path is None
    err = capfd.readouterr().err
    assert "the kernel zygote did not start (it exited with status 3)" in err
    assert "starts the ordinary way" in err


def test_the_zygote_exits_when_its_parent_does(tmp_path):
    import subprocess
    import sys

    script = (
        "import os, sys, time\n"
        "from analysis.publish import zygote\n"
        f"with zygote.running({KERNEL!r}, {NOTEBOOKS!r}, dict(os.environ)) as s:\n"
        "    print(s, flush=True)\n"
        "    time.sleep(600)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        socket_path = parent.stdout.readline().strip()
        assert socket_path and socket_path != "None"
        children = [int(p) for p in Path(f"/proc/{parent.pid}/task/{parent.pid}/children")
                    .read_text().split()]
        [zygote_pid] = [p for p in children if b"analysis.publish.zygote"
                        in Path(f"/proc/{p}/cmdline").read_bytes()]
        parent.kill()  # kill -9: no finally block runs
        parent.wait()
        assert _gone(zygote_pid), "the zygote outlived the run that started it"
    finally:
        parent.kill()


@pytest.mark.parametrize("cmd, argv", [
    (["/py", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c.json"], ["-f", "c.json"]),
    (["/py", "-m", "other_kernel", "-f", "c.json"], None),
    (["/bin/kernel", "-f", "c.json"], None),
])
def test_only_an_ipykernel_command_is_forked(cmd, argv):
    assert zygote._kernel_argv(cmd) == argv


def test_the_launcher_keeps_the_kernelspec_python_and_command():
    cmd = ["/venv/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "c"]
    launch = zygote.launch_command(cmd, "/tmp/z.sock")
    assert launch[0] == "/venv/bin/python" and launch[-len(cmd):] == cmd
    assert zygote.zygote_command(cmd, "/tmp/z.sock")[:4] == [
        "/venv/bin/python", "-Xfrozen_modules=off", "-m", "analysis.publish.zygote"]
