"""`caselib serve` on a hostile library: the preview writes only into its own temporary folder, serves
no file from outside cases/, answers only requests addressed to this computer, and says when it is
reachable from the network (issue 21, rows 4–7 and the serve part of 12)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ..helpers import free_port
from .conftest import CASELIB, assert_plain_failure


@contextmanager
def preview(lib: Path, host: str = "127.0.0.1") -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = free_port()
    proc = subprocess.Popen([CASELIB, "serve", "--address", f"{host}:{port}"], cwd=lib, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=os.environ | {"PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if get(port, "/")[0] in (200, 302):
                    break
            except OSError:
                time.sleep(0.3)
        yield port, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("GET", path, skip_host=True)
        conn.putheader("Host", f"127.0.0.1:{port}" if host is None else host)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _append(case: Path, text: str) -> None:
    case.write_text(case.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_case_slug_that_climbs_out_is_previewed_at_a_safe_address_and_nothing_outside_changes(hostile):
    case = hostile.lib / "cases" / "服务案例" / "heping-convention.md"
    case.write_text(case.read_text(encoding="utf-8").replace("---\n", "---\nslug: ../../x/victim2\n", 1),
                    encoding="utf-8")
    hostile.mark()
    with preview(hostile.lib) as (port, _):
        status, html = get(port, "/cases/heping-convention/")
        assert status == 200 and "网址格式" in html.decode("utf-8")   # shown, with its problem
        case.unlink()                                             # removed while previewing
        time.sleep(3)
    assert [p for p in hostile.changed_outside() if p != "lib/cases/服务案例/heping-convention.md"] == []


def test_the_preview_serves_no_file_from_outside_cases(hostile):
    secret = hostile.root / "outside.txt"
    folder = hostile.lib / "cases" / "服务案例"
    (folder / "图片").mkdir()
    (folder / "图片" / "link.png").symlink_to(secret)
    _append(folder / "heping-convention.md", f"\n![a]({'../' * 12}etc/passwd)\n\n![b](图片/link.png)\n\n"
            f"[c]({secret})\n")
    with preview(hostile.lib) as (port, _):
        for name in ("passwd", "link.png", "outside.txt"):
            status, body = get(port, f"/cases/heping-convention-files/{name}")
            assert status == 404, (name, body[:80])
            assert b"root:" not in body and "不能被改动" not in body.decode("utf-8", "replace")


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "127.0.0.1.nip.io", "",
                                  "10.11.12.13:8000"])
def test_a_request_naming_another_site_is_refused(hostile, host):
    with preview(hostile.lib) as (port, _):
        assert get(port, "/")[0] in (200, 302)
        for path in ("/", "/cases/draft-case/", "/review/", "/assets/preview.json"):
            status, body = get(port, path, host=host)
            assert status == 403, (path, status)
            assert "本机预览" in body.decode("utf-8")


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_this_computer_by_any_of_its_names_is_served(hostile, host):
    with preview(hostile.lib) as (port, _):
        assert get(port, "/cases/draft-case/", host=f"{host}:{port}")[0] == 200


def test_a_nul_in_the_address_is_a_bad_request_not_a_server_error(hostile):
    with preview(hostile.lib) as (port, proc):
        assert get(port, "/%00")[0] == 400
        assert get(port, "/cases/%00/")[0] == 400
        proc.terminate()
        out = proc.communicate(timeout=20)[0]
    assert "Traceback" not in out


def test_a_bind_reachable_from_the_network_says_so(hostile):
    with preview(hostile.lib, host="0.0.0.0") as (port, proc):
        assert get(port, "/")[0] in (200, 302)
        assert get(port, "/", host=f"10.11.12.13:{port}")[0] in (200, 302)   # this computer by its LAN address
        assert get(port, "/", host="attacker.example")[0] == 403
        proc.terminate()
        out = proc.communicate(timeout=20)[0]
    assert "同一网络中的任何人都能打开它" in out


def test_a_loopback_bind_gives_no_warning(hostile):
    with preview(hostile.lib) as (port, proc):
        assert get(port, "/")[0] in (200, 302)
        proc.terminate()
        out = proc.communicate(timeout=20)[0]
    assert "同一网络" not in out and "预览地址" in out


@pytest.mark.parametrize("address", ["127.0.0.1:abc", "127.0.0.1", "127.0.0.1:70000", ":"])
def test_a_wrong_address_is_said_in_chinese(hostile, address):
    run = hostile.caselib("serve", "--address", address, timeout=60)
    assert_plain_failure(run)
    assert "不是有效的地址" in run.out


def test_a_port_in_use_is_said_in_chinese(hostile):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = hostile.caselib("serve", "--address", f"127.0.0.1:{port}", timeout=60)
    assert_plain_failure(run)
    assert "已被占用" in run.out
