"""JupyterLab for real: the server the README's `make lab` opens lists the notebooks, has the
project's kernel, and a kernel started through its REST API runs the exploration API.

No mock: a JupyterLab server is started headless on a free local port with a token, driven
over HTTP and the kernel websocket, then shut down.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

from analysis.runner.kernels import KERNEL
from analysis.settings import ROOT

TOKEN = uuid.uuid4().hex


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(base: str, path: str, method: str = "GET", body: dict | None = None):
    request = urllib.request.Request(
        f"{base}{path}", method=method, data=json.dumps(body).encode() if body else None,
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "ASC_STATIC_TABLES"}  # as in the Lab
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
            "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
            f"--notebook-dir={ROOT / 'notebooks'}"]
    if os.geteuid() == 0:
        args.append("--allow-root")
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            _get(base, "/api/status")
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("JupyterLab did not start: " + proc.stderr.read().decode()[-2000:])
            time.sleep(0.5)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def _run(base: str, kernel_id: str, code: str, timeout: float = 120) -> list[dict]:
    """Execute ``code`` in the kernel over its websocket; the iopub messages it produced."""
    import websocket  # websocket-client, a dependency of jupyter_server

    ws = websocket.create_connection(
        f"{base.replace('http', 'ws')}/api/kernels/{kernel_id}/channels?token={TOKEN}",
        timeout=timeout)
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": "test", "session": uuid.uuid4().hex,
                   "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False}}))
    out, deadline = [], time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["channel"] == "iopub":
                out.append(msg)
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    return out
    finally:
        ws.close()
    pytest.fail(f"the kernel did not finish {code!r} within {timeout}s")


def test_the_server_lists_the_notebooks_and_has_the_projects_kernel(server):
    names = {item["name"] for item in _get(server, "/api/contents/")["content"]}
    assert {"00_briefing.ipynb", "05_explore.ipynb", "90_data_quality.ipynb"} <= names
    specs = _get(server, "/api/kernelspecs")["kernelspecs"]
    assert KERNEL in specs
    argv = specs[KERNEL]["spec"]["argv"]
    assert os.path.realpath(argv[0]) == os.path.realpath(sys.executable)  # the project's venv


def test_a_kernel_started_through_the_api_runs_the_exploration_api(server):
    kernel = _get(server, "/api/kernels", "POST", {"name": KERNEL})
    try:
        messages = _run(server, kernel["id"], 'from analysis import explore\n'
                                              'print(explore.find("turnover")["measure_id"]'
                                              '.iloc[0])')
        text = "".join(m["content"].get("text", "") for m in messages
                       if m["msg_type"] == "stream")
        errors = [m["content"] for m in messages if m["msg_type"] == "error"]
        assert not errors and text.strip() == "wf_turnover_rate"
        # in the Lab (no ASC_STATIC_TABLES) a table is interactive, with itables offline
        shown = _run(server, kernel["id"], 'from analysis.publish.notebook import load\n'
                                           'load("05_explore").interactive(explore.find("vacancy"),'
                                           ' "Measures")')
        html = "".join(m["content"]["data"].get("text/html", "") for m in shown
                       if m["msg_type"] == "display_data")
        assert "itables" in html.lower() or "datatable" in html.lower()
        # offline: the library is in the page, nothing is loaded from the network
        assert not re.search(r"""(?:src|href)\s*=\s*["']https?://|from\s+["']https?://""",
                             html)
    finally:
        _get(server, f"/api/kernels/{kernel['id']}", "DELETE")


def test_make_lab_opens_in_notebooks_and_passes_allow_root_only_as_root():
    dry = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    command = [line for line in dry.splitlines() if "jupyter lab" in line][0]
    assert "--notebook-dir=notebooks" in command
    assert ("--allow-root" in command) == (os.geteuid() == 0)
