"""The preview shows drafts with residents' details unmasked: it answers this computer only, unless told otherwise.

A page on another site can make the browser ask the preview for pages under a name of its own
(DNS rebinding); such a request carries that name as its Host. Only requests naming the preview
by its address or `localhost` are answered, and, when it listens on every interface, by any IP
address of this computer (an address, unlike a name, no other site can rebind).
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any

from generator.core.errors import UsageError, UserError

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}
REFUSED = ("<!doctype html><meta charset=utf-8><title>拒绝访问</title>"
           "<p>这是 caselib 的本机预览，只回答用本机地址打开的请求。</p>")
WARNING = ("注意：预览绑定在 {host}，同一网络中的任何人都能打开它，看到草稿和未打码的居民信息。"
           "只在可信的网络中这样做；只给自己看，请用默认地址 127.0.0.1:8000。")

App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def parse_address(text: str) -> tuple[str, int]:
    """`host:port` (IPv6 as `[::1]:8000`) → (host, port); a Chinese `UsageError` when it is not one."""
    host, sep, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--address 的“{text}”不是有效的地址",
                         "写成 主机:端口，例如 127.0.0.1:8000（端口是 1–65535 的数字）")
    return host or "127.0.0.1", int(port)


def is_loopback(host: str) -> bool:
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_port_free(host: str, port: int) -> None:
    """A Chinese `UserError` now, before the first build, if the preview could not listen there."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        raise port_error(host, port, exc) from None


def port_error(host: str, port: int, exc: OSError) -> UserError:
    if exc.errno == errno.EADDRINUSE:
        return UserError(f"端口 {port} 已被占用（可能另一个预览还开着）",
                         f"关掉它，或换一个端口：caselib serve --address {host}:{port + 1}")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return UserError(f"没有权限使用端口 {port}", "用 1024 以上的端口，例如 --address 127.0.0.1:8000")
    return UserError(f"无法在 {host}:{port} 上打开预览（{exc.strerror or exc}）",
                     "检查地址是否是本机的地址，例如 127.0.0.1:8000")


def local_only(app: App, bound: str) -> App:
    """`app` answering only requests addressed to this preview (`_allowed_host`), for a path without NUL."""
    def guarded(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if not _allowed_host(environ.get("HTTP_HOST", ""), bound):
            start_response("403 Forbidden", [("Content-Type", "text/html; charset=utf-8")])
            return [REFUSED.encode("utf-8")]
        if "\x00" in environ.get("PATH_INFO", "") or "%00" in environ.get("RAW_URI", ""):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return ["地址中有不允许的字符".encode()]
        return app(environ, start_response)
    return guarded


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


def _allowed_host(header: str, bound: str) -> bool:
    host = header.strip().lower()
    if host.startswith("["):
        host = host[1:host.find("]")] if "]" in host else host
    elif host.count(":") == 1:
        host = host.split(":")[0]
    if not host:
        return False
    if host in LOCAL_NAMES or host == bound.lower():
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False   # a name: only a name the preview was given
    if address.is_loopback:
        return True
    # Listening on every interface (0.0.0.0), a colleague opens it by this computer's IP address.
    return _is_ip(bound) and ipaddress.ip_address(bound).is_unspecified
