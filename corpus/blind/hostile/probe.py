#!/usr/bin/env python3
"""Blind black-box probe suite for caselib's hostile-input issue (rows 1-17).

Every row builds fresh copies of the sample library in temporary folders, puts
"victim" files beside the library, hashes everything before and after, runs the
caselib CLI and judges the result by what a user would notice.  Nothing under
/work/main is written; only the sample library is read.

    /work/main/.venv/bin/python corpus/blind/hostile/probe.py [-v] [--rows 1,5,9] [--json out.json]

See README.md next to this file.  Stdlib only.
"""
from __future__ import annotations

import argparse
import ctypes
import gzip
import hashlib
import html
import http.client
import json
import os
import re
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import zipfile
import zlib
from pathlib import Path

REPO = Path(os.environ.get("CASELIB_REPO", "/work/main"))
CASELIB = os.environ.get("CASELIB_BIN", str(REPO / ".venv" / "bin" / "caselib"))
LIB_PARTS = ["cases", "packs", "templates", "docs", "site_config.yml"]
WECHAT_SAMPLE = Path("/work/shared/corpus/import-1/wechat-article.html")

# the sample case the probes edit: a published 服务案例 that the sample pack does not use
TARGET_REL = "cases/服务案例/liyuan-little-bees-volunteers.md"
TARGET_SLUG = "liyuan-little-bees-volunteers"
TARGET_ALIAS = ("techniques: [志愿者培育", "techniques: [志愿者培养")  # a --fix-able alias
PACK_REL = "packs/participatory-methods.yml"
PHONE = "13812345678"

TB = "Traceback (most recent call last)"
ARGPARSE_EN = re.compile(
    r"(?m)^usage: |: error: |unrecognized arguments|the following arguments are required|"
    r"invalid choice|expected one argument|invalid int value|show this help message")
CJK = re.compile(r"[\u4e00-\u9fff]")
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]")
NOBODY = (65534, 65534)
# capabilities removed for "not root" runs: DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, LINUX_IMMUTABLE
NO_DAC_CAPS = (1, 2, 3, 4, 9)
PR_CAPBSET_DROP = 24
try:
    LIBC = ctypes.CDLL(None, use_errno=True)
except OSError:  # pragma: no cover
    LIBC = None
VERBOSE = False


# ----------------------------------------------------------------------------- utilities

def short(s: str, n: int = 160) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1] + "…"


def file_sig(path: str, st: os.stat_result):
    if st.st_size > 32 * 1024 * 1024:
        return ("big", st.st_size, st.st_mtime_ns)
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError as e:
        return ("unreadable", str(e))
    return h.hexdigest()


def snapshot(base: Path) -> dict:
    """Every path under base -> signature.  Never opens FIFOs or devices."""
    snap = {}
    for dirpath, dirnames, filenames in os.walk(base):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            rel = os.path.relpath(p, base)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                snap[rel] = ("l", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                snap[rel] = ("d", stat.S_IMODE(st.st_mode))
            elif stat.S_ISREG(st.st_mode):
                snap[rel] = ("f", file_sig(p, st), stat.S_IMODE(st.st_mode), st.st_uid, st.st_size)
            else:
                snap[rel] = ("o", stat.S_IFMT(st.st_mode))
    return snap


def diff(before: dict, after: dict):
    out = []
    for k in sorted(set(before) | set(after)):
        a, b = before.get(k), after.get(k)
        if a == b:
            continue
        if a is None:
            out.append(("created", k, b))
        elif b is None:
            out.append(("deleted", k, a))
        elif a[0] == "d" and b[0] == "d":
            out.append(("mode", k, b))
        else:
            out.append(("modified", k, b))
    return out


def fmt_diffs(ds, n=3) -> str:
    parts = [f"{c} {p}" for c, p, _ in ds[:n]]
    if len(ds) > n:
        parts.append(f"… {len(ds) - n} more")
    return ", ".join(parts)


def normalise_text(b: bytes) -> str:
    t = b.decode("utf-8", "replace")
    t = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), t)
    for _ in range(3):
        t = html.unescape(t)
    t = INVISIBLE.sub("", t)
    t = unicodedata.normalize("NFKC", t)
    return t


def tree_files(d: Path, limit=20 * 1024 * 1024):
    """(relpath, bytes) of every regular file under d, gzip members decompressed."""
    if not d.exists():
        return
    for dirpath, _, filenames in os.walk(d):
        for n in filenames:
            p = os.path.join(dirpath, n)
            try:
                st = os.lstat(p)
                if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
                    continue
                data = open(p, "rb").read()
            except OSError:
                continue
            if data[:2] == b"\x1f\x8b":
                try:
                    data = gzip.decompress(data)
                except Exception:
                    pass
            yield os.path.relpath(p, d), data


def find_bytes(d: Path, needle: bytes):
    return [rel for rel, data in tree_files(d) if needle in data]


def find_basename(d: Path, name: str):
    hits = []
    if d.exists():
        for dirpath, dirnames, filenames in os.walk(d):
            for n in dirnames + filenames:
                if n == name:
                    hits.append(os.path.relpath(os.path.join(dirpath, n), d))
    return hits


def phone_hits(d: Path, phone=PHONE):
    hits = []
    for rel, data in tree_files(d):
        t = normalise_text(data)
        t = re.sub(r"[\s\-.·—–_]", "", t)
        if phone in t:
            hits.append(rel)
    return hits


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def http_get(port, path, host, timeout=10, maxbytes=4_000_000):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        c.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        c.putheader("Host", host)
        c.putheader("Connection", "close")
        c.endheaders()
        r = c.getresponse()
        body = r.read(maxbytes)
        c.close()
        return r.status, body
    except Exception as e:  # noqa: BLE001
        return None, repr(e).encode()


def tiny_png(text: bytes = b"") -> bytes:
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00")
    body = chunk(b"IHDR", ihdr)
    if text:
        body += chunk(b"tEXt", b"Comment\x00" + text)
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


class Res:
    def __init__(self, args, rc, out, err, secs, maxrss_kb, timed_out):
        self.args, self.rc, self.out, self.err = args, rc, out, err
        self.secs, self.maxrss_kb, self.timed_out = secs, maxrss_kb, timed_out

    @property
    def text(self):
        return self.out + "\n" + self.err

    def tail(self, n=2):
        lines = [l for l in self.text.strip().splitlines() if l.strip()]
        return short(" | ".join(lines[-n:]), 220)

    def summary(self):
        return f"rc={self.rc} {self.secs:.1f}s {self.maxrss_kb / 1024:.0f}MB"


def generic_problems(r: Res, what="") -> list:
    p = []
    w = f"{what}: " if what else ""
    if r.timed_out:
        p.append(f"{w}hung (killed after {r.secs:.0f}s)")
    if TB in r.text:
        lines = [l for l in r.text.splitlines() if l.strip()]
        exc = next((l for l in reversed(lines) if re.match(r"^\w[\w.]*(Error|Exception)\b", l.strip())),
                   lines[-1] if lines else "")
        p.append(f"{w}traceback ({short(exc, 90)})")
    m = ARGPARSE_EN.search(r.text)
    if m:
        line = next((l for l in r.text.splitlines() if m.group(0).strip() in l), m.group(0))
        p.append(f"{w}English argparse message ({short(line, 90)})")
    return p


# ----------------------------------------------------------------------------- sandbox

class Box:
    """tmp/d1/d2/d3/root/{lib, somewhere/victim, x/victim2, secret, ptmp, inbox}; all hashed."""

    def __init__(self, tag: str):
        self.base = Path(tempfile.mkdtemp(prefix=f"caselib-hostile-{tag}-"))
        self.io = Path(tempfile.mkdtemp(prefix=f"caselib-hostile-io-{tag}-"))
        self.root = self.base / "d1" / "d2" / "d3" / "root"
        self.lib = self.root / "lib"
        self.lib.mkdir(parents=True)
        for part in LIB_PARTS:
            src = REPO / part
            if src.is_dir():
                shutil.copytree(src, self.lib / part, symlinks=True)
            elif src.exists():
                shutil.copy2(src, self.lib / part)
        if not (self.lib / TARGET_REL).exists():
            raise RuntimeError(f"sample case {TARGET_REL} missing from {REPO}")
        self.ptmp = self.root / "ptmp"
        self.ptmp.mkdir()
        self.home = self.io / "home"
        self.home.mkdir()
        (self.root / "inbox").mkdir()
        for v in ("somewhere/victim", "x/victim2", "x/victim3"):
            self.make_victim(self.root / v)
        self.make_victim(self.ptmp / "x" / "victim2")
        sec = self.root / "secret"
        sec.mkdir()
        (sec / "passwd").write_text("PROBE-SECRET[passwd] root:hunter2\n")
        self.n = 0
        self.procs = []

    # --- paths
    def make_victim(self, d: Path):
        d.mkdir(parents=True, exist_ok=True)
        (d / "index.html").write_text("<p>victim page: must survive</p>\n")
        (d / "keep.txt").write_text("victim data: must survive\n")

    def root_rel(self, base_rel: str):
        pre = "d1/d2/d3/root/"
        return base_rel[len(pre):] if base_rel.startswith(pre) else None

    def lib_rel(self, base_rel: str):
        pre = "d1/d2/d3/root/lib/"
        return base_rel[len(pre):] if base_rel.startswith(pre) else None

    def snap(self):
        return snapshot(self.base)

    def bad_changes(self, before, after, allow):
        """allow(change, lib_rel_or_None, root_rel_or_None) -> True when fine."""
        out = []
        for c, p, sig in diff(before, after):
            if not allow(c, self.lib_rel(p), self.root_rel(p)):
                rr = self.root_rel(p)
                out.append((c, rr if rr is not None else "<outside root>/" + p, sig))
        return out

    # --- editing
    def read(self, rel):
        return (self.lib / rel).read_text("utf-8")

    def write(self, rel, text, binary=False):
        p = self.lib / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if binary:
            p.write_bytes(text)
        else:
            p.write_text(text, "utf-8")

    def edit_case(self, rel=TARGET_REL, front=None, body=None, replace=None):
        t = self.read(rel)
        end = t.index("\n---\n", 4)
        fm, rest = t[4:end], t[end + 5:]
        for k, v in (front or {}).items():
            lines = fm.split("\n")
            for i, l in enumerate(lines):
                if l.startswith(k + ":"):
                    lines[i] = f"{k}: {v}"
                    break
            else:
                lines.append(f"{k}: {v}")
            fm = "\n".join(lines)
        if replace:
            fm = fm.replace(*replace)
        if body:
            rest = rest.rstrip("\n") + "\n\n" + body + "\n"
        self.write(rel, "---\n" + fm + "\n---\n" + rest)

    def copy_case(self, new_rel, title_suffix, front=None):
        t = self.read(TARGET_REL)
        t = re.sub(r"(?m)^title: (.*)$", lambda m: f"title: {m.group(1)}{title_suffix}", t, count=1)
        self.write(new_rel, t)
        if front:
            self.edit_case(new_rel, front=front)

    # --- running
    def env(self):
        e = dict(os.environ)
        e.update(TMPDIR=str(self.ptmp), TEMP=str(self.ptmp), TMP=str(self.ptmp), HOME=str(self.home),
                 PYTHONUNBUFFERED="1", PYTHONIOENCODING="utf-8", LC_ALL="C.UTF-8", LANG="C.UTF-8")
        e.pop("PYTHONDONTWRITEBYTECODE", None)
        return e

    def _popen(self, args, cwd, user):
        self.n += 1
        out = self.io / f"out{self.n}.txt"
        err = self.io / f"err{self.n}.txt"
        fo, fe = open(out, "wb"), open(err, "wb")
        pre = None
        if user == "nodac":
            # uid 0 without the capabilities that let root ignore file modes: permissions apply as to
            # an ordinary owner (a real unprivileged user cannot run this venv, whose python is under /root)
            def pre():
                for cap in NO_DAC_CAPS:
                    if LIBC is None or LIBC.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                        os._exit(121)
        p = subprocess.Popen([CASELIB] + list(args), cwd=str(cwd or self.lib), stdout=fo, stderr=fe,
                             stdin=subprocess.DEVNULL, env=self.env(), start_new_session=True,
                             preexec_fn=pre)
        fo.close()
        fe.close()
        return p, out, err

    def run(self, args, timeout=60, cwd=None, user=None, on_tick=None) -> Res:
        p, out, err = self._popen(args, cwd, user)
        t0 = time.monotonic()
        timed_out = False
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if on_tick:
                on_tick()
            if time.monotonic() - t0 > timeout:
                timed_out = True
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except OSError:
                    pass
                pid, status, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.0005 if on_tick else 0.02)
        secs = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        try:  # leftovers of our own process group
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
        return Res(args, p.returncode, out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"),
                   secs, ru.ru_maxrss, timed_out)

    def serve(self, address):
        s = Serve(self, address)
        self.procs.append(s)
        return s

    def cleanup(self):
        for s in self.procs:
            s.stop()
        for d in (self.base, self.io):
            for dirpath, dirnames, _ in os.walk(d):
                for n in dirnames:
                    try:
                        p = os.path.join(dirpath, n)
                        if not os.path.islink(p):
                            os.chmod(p, 0o755)
                    except OSError:
                        pass
            shutil.rmtree(d, ignore_errors=True)


class Serve:
    def __init__(self, box: Box, address: str):
        self.box = box
        self.address = address
        self.p, self.outf, self.errf = box._popen(["serve", "--address", address], None, None)
        self.t0 = time.monotonic()
        self.status = None
        self.secs = None

    def alive(self):
        if self.status is not None:
            return False
        pid, status, _ = os.wait4(self.p.pid, os.WNOHANG)
        if pid:
            self._reaped(status)
            return False
        return True

    def _reaped(self, status):
        self.status = os.waitstatus_to_exitcode(status)
        self.p.returncode = self.status
        self.secs = time.monotonic() - self.t0

    def wait_ready(self, port, timeout=45):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.alive():
                return False
            st, _ = http_get(port, "/", f"127.0.0.1:{port}", timeout=3)
            if st is not None:
                return True
            time.sleep(0.3)
        return False

    def wait_exit(self, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if not self.alive():
                return True
            time.sleep(0.1)
        return False

    def output(self):
        return (self.outf.read_text("utf-8", "replace") + "\n" + self.errf.read_text("utf-8", "replace"))

    def wait_quiet_change(self, before_len, timeout=12, quiet=1.0):
        """Wait until the terminal output grew past before_len and then stayed quiet."""
        end = time.monotonic() + timeout
        last, last_t = len(self.output()), time.monotonic()
        while time.monotonic() < end:
            time.sleep(0.2)
            cur = len(self.output())
            if cur != last:
                last, last_t = cur, time.monotonic()
            elif cur > before_len and time.monotonic() - last_t > quiet:
                return True
        return False

    def stop(self):
        if self.status is not None:
            return
        for sig, wait in ((signal.SIGINT, 10), (signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            try:
                os.killpg(self.p.pid, sig)
            except OSError:
                pass
            end = time.monotonic() + wait
            while time.monotonic() < end:
                pid, status, _ = os.wait4(self.p.pid, os.WNOHANG)
                if pid:
                    self._reaped(status)
                    try:
                        os.killpg(self.p.pid, signal.SIGKILL)
                    except OSError:
                        pass
                    return
                time.sleep(0.1)

    def res(self):
        return Res(["serve", self.address], self.status, self.output(), "", self.secs or 0, 0, False)


# allow-predicates: (change, lib_rel, root_rel) -> bool
def allow_cache(c, lr, rr):
    return lr is not None and (lr == ".caselib-cache" or lr.startswith(".caselib-cache/"))


def allow_site_cache(c, lr, rr):
    return allow_cache(c, lr, rr) or (lr is not None and (lr == "site" or lr.startswith("site/")))


def allow_draft(c, lr, rr):
    if allow_cache(c, lr, rr):
        return True
    if lr is None or c != "created":
        return False
    parts = lr.split("/")
    if parts[0] != "cases":
        return False
    if len(parts) == 2:                      # a new kind folder cases/<类型>
        return True
    if len(parts) == 3 and parts[2].endswith(".md") and not parts[2].startswith("."):
        return True
    if len(parts) in (3, 4) and parts[2] == "图片":
        return len(parts) == 3 or not parts[3].startswith(".")
    return False


# ----------------------------------------------------------------------------- row bookkeeping

class Row:
    def __init__(self, n, title):
        self.n, self.title = n, title
        self.variants = []  # (name, status, detail) status in ok/fail/na
        self.t0 = time.monotonic()

    def add(self, name, ok, detail=""):
        self.variants.append((name, "ok" if ok else "fail", detail))
        if VERBOSE:
            print(f"      [{ 'ok' if ok else 'FAIL'}] {name}: {detail}", flush=True)

    def na(self, name, detail):
        self.variants.append((name, "na", detail))
        if VERBOSE:
            print(f"      [n/a] {name}: {detail}", flush=True)

    def verdict(self):
        fails = [v for v in self.variants if v[1] == "fail"]
        oks = [v for v in self.variants if v[1] == "ok"]
        secs = time.monotonic() - self.t0
        if not fails and oks:
            extra = f"; {sum(1 for v in self.variants if v[1] == 'na')} n/a" if len(oks) != len(self.variants) else ""
            return "PASS", f"{self.title}: all {len(oks)} variants held{extra} ({secs:.0f}s)"
        if not fails:
            return "FAIL", f"{self.title}: nothing could be evaluated ({secs:.0f}s)"
        parts = [f"{n}: {short(d, 200)}" for n, _, d in fails[:5]]
        if len(fails) > 5:
            parts.append(f"… and {len(fails) - 5} more (run with -v)")
        return "FAIL", (f"{self.title}: {len(fails)}/{len(self.variants)} variants failed — "
                        + " || ".join(parts) + f" ({secs:.0f}s)")


def variant(R: Row, name: str, tag: str, fn):
    """Run fn(box) -> (ok, detail) in a fresh Box; any exception is a FAIL of that variant."""
    box = None
    try:
        box = Box(tag)
        ok, detail = fn(box)
        if ok is None:
            R.na(name, detail)
        else:
            R.add(name, ok, detail)
    except Exception as e:  # noqa: BLE001
        R.add(name, False, f"probe error {type(e).__name__}: {short(e, 120)}"
              + (("\n" + traceback.format_exc()) if VERBOSE else ""))
    finally:
        if box:
            box.cleanup()


# ----------------------------------------------------------------------------- row 1

def row1(R: Row):
    cases = [
        ("pack ../../../somewhere/victim", "pack", "../../../somewhere/victim", "somewhere/victim"),
        ("pack absolute path", "pack", None, "somewhere/victimA"),
        ("pack backslashes", "pack", "..\\..\\..\\somewhere\\victimB", "somewhere/victimB"),
        ("pack %2e%2e/", "pack", "%2e%2e/%2e%2e/%2e%2e/somewhere/victimC", "somewhere/victimC"),
        ("case slug ../../../somewhere/victimD (build)", "case", "../../../somewhere/victimD", "somewhere/victimD"),
    ]
    for name, where, slug, victim in cases:
        def fn(box, where=where, slug=slug, victim=victim):
            box.make_victim(box.root / victim)
            if slug is None:
                slug = str(box.root / victim)
            if where == "pack":
                t = box.read(PACK_REL)
                t = re.sub(r"(?m)^(title: .*)$", lambda m: m.group(1) + "\nslug: " + json.dumps(slug), t, count=1)
                box.write(PACK_REL, t)
            else:
                box.edit_case(front={"slug": json.dumps(slug)})
            probs = []
            s0 = box.snap()
            r = box.run(["check"])
            probs += generic_problems(r, "check")
            if r.rc == 0:
                probs.append("check exits 0 (slug accepted)")
            elif not CJK.search(r.text):
                probs.append("check refusal without a Chinese message")
            bc = box.bad_changes(s0, box.snap(), allow_cache)
            if bc:
                probs.append("check wrote " + fmt_diffs(bc))
            s1 = box.snap()
            r = box.run(["build"])
            probs += generic_problems(r, "build")
            bc = box.bad_changes(s1, box.snap(), allow_site_cache)
            if bc:
                probs.append(f"build (rc={r.rc}) touched outside site/: " + fmt_diffs(bc))
            # the hostile file is removed: the next build must not delete anything outside site/
            (box.lib / (PACK_REL if where == "pack" else TARGET_REL)).unlink()
            s2 = box.snap()
            r = box.run(["build"])
            probs += generic_problems(r, "rebuild")
            bc = box.bad_changes(s2, box.snap(), allow_site_cache)
            if bc:
                probs.append("rebuild after removal: " + fmt_diffs(bc))
            return (not probs), "; ".join(probs) or "refused by check, nothing outside site/ touched"
        variant(R, name, "r1", fn)


# ----------------------------------------------------------------------------- row 2

def row2(R: Row):
    S = lambda n: f"PROBE-UNSAFE-{n}"  # noqa: E731
    unsafe = [
        ("html+script", "附件/handout.html",
         lambda s: f'<html><body><script src="x.js"></script><p>{s}</p></body></html>'.encode(),
         "[讲义](附件/handout.html)"),
        ("js", "附件/x.js", lambda s: f"/*{s}*/ fetch('../../cases.json').then(r=>r.text())".encode(),
         "[脚本](附件/x.js)"),
        ("svg image with script", "图片/chart.svg",
         lambda s: (f'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
                    f'<script>/*{s}*/fetch("../../cases.json")</script></svg>').encode(),
         "![统计图](图片/chart.svg)"),
        ("SVG uppercase ext", "图片/logo.SVG",
         lambda s: f'<svg xmlns="http://www.w3.org/2000/svg"><script>/*{s}*/</script></svg>'.encode(),
         "![标志](图片/logo.SVG)"),
        (".htm", "附件/page.htm", lambda s: f"<script>/*{s}*/</script>".encode(), "[页面](附件/page.htm)"),
        (".xhtml", "附件/page.xhtml",
         lambda s: f'<html xmlns="http://www.w3.org/1999/xhtml"><script>/*{s}*/</script></html>'.encode(),
         "[页面](附件/page.xhtml)"),
        (".xml", "附件/data.xml",
         lambda s: (f'<?xml version="1.0"?><x:script xmlns:x="http://www.w3.org/1999/xhtml">/*{s}*/'
                    f'</x:script>').encode(), "[数据](附件/data.xml)"),
        ("unknown .bin", "附件/blob.bin", lambda s: f"{s}\x00\x01".encode(), "[文件](附件/blob.bin)"),
        ("raw <a href> to .html", "附件/raw.html", lambda s: f"<script>/*{s}*/</script>".encode(),
         '<a href="附件/raw.html">讲义</a>'),
        ("raw <img src> .svg", "图片/raw.svg",
         lambda s: f'<svg xmlns="http://www.w3.org/2000/svg"><script>/*{s}*/</script></svg>'.encode(),
         '<img src="图片/raw.svg" alt="图">'),
    ]
    for name, rel, content, link in unsafe:
        def fn(box, name=name, rel=rel, content=content, link=link):
            sent = S(re.sub(r"\W", "", name))
            box.write("cases/服务案例/" + rel, content(sent), binary=True)
            box.edit_case(body=f"附件：{link}")
            probs = []
            r = box.run(["check"])
            probs += generic_problems(r, "check")
            r2 = box.run(["build"])
            probs += generic_problems(r2, "build")
            hits = find_bytes(box.lib / "site", sent.encode()) + find_basename(box.lib / "site", Path(rel).name)
            if hits:
                probs.append(f"published as site/{hits[0]}")
            raw = link.startswith("<")
            if r.rc == 0 and (hits or not raw):
                # a raw-HTML link the build does not follow is only a dead link; a Markdown link must be an error
                probs.insert(0, "check exits 0" + ("（and says 不会发布）" if "不会发布" in r.text else ""))
            note = " (check silent, file not published)" if raw and r.rc == 0 and not hits else ""
            return (not probs), "; ".join(probs) or f"check rc={r.rc}, build rc={r2.rc}, not published{note}"
        variant(R, name, "r2", fn)
    # controls: allow-listed attachments must still publish (guards against "refuse everything")
    controls = [
        ("control .pdf", "附件/guide.pdf", b"%PDF-1.4\n% PROBE-OK\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
         "[指南](附件/guide.pdf)"),
        ("control .png", "图片/photo-ok.png", tiny_png(b"PROBE-OK"), "![照片](图片/photo-ok.png)"),
    ]
    for name, rel, data, link in controls:
        def fn(box, rel=rel, data=data, link=link):
            box.write("cases/服务案例/" + rel, data, binary=True)
            box.edit_case(body=f"附件：{link}")
            r = box.run(["build"])
            probs = generic_problems(r, "build")
            if r.rc != 0:
                probs.append(f"build refused an allow-listed file ({r.tail()})")
            elif not find_basename(box.lib / "site", Path(rel).name):
                probs.append("allow-listed file not published")
            return (not probs), "; ".join(probs) or "published"
        variant(R, name, "r2c", fn)


# ----------------------------------------------------------------------------- row 3

def wechat_page(title=None, author="翠湖街道社工站", meta_author=None) -> str:
    if WECHAT_SAMPLE.exists():
        s = WECHAT_SAMPLE.read_text("utf-8")
    else:  # minimal stand-in with the same shape
        s = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>'
             '<h1 class="rich_media_title" id="activity-name">x</h1>'
             '<span id="profileBt"><a href="javascript:void(0);" id="js_name">翠湖街道社工站</a></span>'
             '<em id="publish_time">2023-06-08 18:30</em><div class="rich_media_content" id="js_content">'
             '<p>去年春天，五单元的老孙想在阳台上装个晾衣架，我们在楼里办起了共享工具箱，居民自己管理，一年借出三百多次。</p>'
             '</div></body></html>')
    s = re.sub(r"<title>.*?</title>", "" if title is None else f"<title>{html.escape(title)}</title>", s, flags=re.S)
    s = re.sub(r'<meta property="og:title"[^>]*>', "", s)
    s = re.sub(r"<h1[^>]*>.*?</h1>", "", s, flags=re.S)
    s = s.replace("翠湖街道社工站", html.escape(author))
    if meta_author:
        s = s.replace('<meta charset="utf-8">',
                      f'<meta charset="utf-8"><meta name="author" content="{html.escape(meta_author)}">', 1)
    return s


W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
CT_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="png" ContentType="image/png"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.wordprocessingml.document.main+xml"/></Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def doc_rels(target=None):
    inner = ""
    if target:
        inner = ('<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                 f'relationships/image" Target="{target}"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + inner + "</Relationships>")


def w_para(t):
    return f'<w:p><w:r><w:t xml:space="preserve">{html.escape(t)}</w:t></w:r></w:p>'


def w_drawing(name="image1.png"):
    return ('<w:p><w:r><w:drawing><wp:inline><wp:extent cx="952500" cy="952500"/>'
            f'<wp:docPr id="1" name="{html.escape(name)}" descr="{html.escape(name)}"/><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
            f'<pic:nvPicPr><pic:cNvPr id="0" name="{html.escape(name)}"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="rId5"/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData>'
            '</a:graphic></wp:inline></w:drawing></w:r></w:p>')


BODY_PARAS = [w_para("楼道公约的制定"), w_para("社工和居民一起开了三次会，讨论楼道堆物的问题，最后居民自己写出了一份公约。")]


def make_docx(path: Path, body_xml_writer, rels_target=None, members=()):
    """body_xml_writer(f) writes the inner <w:body> content (bytes) to a stream."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", CT_XML)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("word/_rels/document.xml.rels", doc_rels(rels_target))
        with z.open("word/document.xml", "w") as f:
            f.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '
                    + W_NS.encode() + b"><w:body>")
            body_xml_writer(f)
            f.write(b"</w:body></w:document>")
        for name, writer in members:
            with z.open(name, "w") as f:
                writer(f)


def row3(R: Row):
    specs = [
        ("author ../../../../x/evil (+meta)", dict(author="../../../../x/evil", meta_author="../../../../x/evil")),
        ("author 6x ../", dict(author="../../../../../../x/evil6", meta_author="../../../../../../x/evil6")),
        ("author absolute path", "ABS"),
        ("title ../../../../x/evil_t", dict(title="../../../../x/evil_t")),
        ("control: ordinary WeChat page", dict(title="楼道里的共享工具箱")),
    ]
    for name, kw in specs:
        def fn(box, kw=kw):
            if kw == "ABS":
                a = str(box.base / "abs" / "evilabs")
                kw = dict(author=a, meta_author=a)
            (box.root / "inbox" / "page.html").write_text(wechat_page(**kw), "utf-8")
            return import_twice(box, ["../inbox/page.html"])
        variant(R, name, "r3", fn)

    # .docx whose picture names / part names climb
    def docx_fn(box, pic_name, target, member_names):
        png = tiny_png()
        make_docx(box.root / "inbox" / "w.docx",
                  lambda f: f.write("".join(BODY_PARAS + [w_drawing(pic_name)]).encode()),
                  rels_target=target,
                  members=[(m, lambda f: f.write(png)) for m in member_names])
        return import_twice(box, ["--kind", "服务案例", "../inbox/w.docx"])
    variant(R, "docx picture named ../../../../x/evilpic.png", "r3d",
            lambda box: docx_fn(box, "../../../../x/evilpic.png", "media/image1.png", ["word/media/image1.png"]))
    variant(R, "docx image part ../../../../../../x/zipslip.png", "r3z",
            lambda box: docx_fn(box, "image1.png", "media/../../../../../../x/zipslip.png",
                                ["x/zipslip.png", "word/media/../../../../../../x/zipslip.png"]))


def import_twice(box: Box, args):
    probs = []
    s0 = box.snap()
    r = box.run(["import", "--dry-run"] + args)
    probs += generic_problems(r, "dry-run")
    bc = box.bad_changes(s0, box.snap(), allow_cache)
    if bc:
        probs.append("--dry-run wrote " + fmt_diffs(bc))
    s1 = box.snap()
    r2 = box.run(["import"] + args)
    probs += generic_problems(r2, "import")
    bc = box.bad_changes(s1, box.snap(), allow_draft)
    if bc:
        probs.append(f"import (rc={r2.rc}) wrote outside cases/<类型>/: " + fmt_diffs(bc))
    return (not probs), "; ".join(probs) or f"dry-run wrote nothing; import rc={r2.rc}, only the draft folder"


# ----------------------------------------------------------------------------- rows 4-7, 12 (serve)

def serve_session(box: Box, address=None, port=None):
    port = port or free_port()
    s = box.serve(address or f"127.0.0.1:{port}")
    ready = s.wait_ready(port)
    return s, port, ready


def row4(R: Row):
    def fn(box):
        box.make_victim(box.root / "x" / "victim4")
        specs = [("../../x/victim2", "ptmp/x/victim2"), ("../../../x/victim3", "x/victim3"),
                 (str(box.root / "x" / "victim4"), "x/victim4")]
        rels = []
        for i, (slug, _) in enumerate(specs):
            rel = TARGET_REL if i == 0 else f"cases/服务案例/probe-escape-{i}.md"
            if i:
                box.copy_case(rel, f"（副本{i}）")
            box.edit_case(rel, front={"slug": json.dumps(slug)})
            rels.append(rel)
        s0 = box.snap()
        s, port, ready = serve_session(box)
        probs = []
        if not ready:
            s.stop()
            return False, f"preview did not start ({short(s.output()[-200:])})"
        http_get(port, "/", f"127.0.0.1:{port}")
        time.sleep(1.5)

        def allow_mid(c, lr, rr):  # the preview's own new temp folder is fine while it runs
            return allow_cache(c, lr, rr) or (rr is not None and rr.startswith("ptmp/") and c == "created"
                                              and not rr.startswith("ptmp/x/"))
        mid = box.bad_changes(s0, box.snap(), allow_mid)
        if mid:
            probs.append("while running, outside its folder: " + fmt_diffs(mid))
        before = len(s.output())
        for rel in rels:
            (box.lib / rel).unlink()
        s.wait_quiet_change(before)
        s.stop()
        removed = {f"d1/d2/d3/root/lib/{r}" for r in rels}
        after = box.snap()
        fin = [d for d in box.bad_changes(s0, after, allow_cache)
               if not (d[0] == "deleted" and f"d1/d2/d3/root/{d[1]}" in removed)]
        if fin:
            probs.append("after the cases were removed: " + fmt_diffs(fin))
        probs += generic_problems(s.res(), "serve")
        return (not probs), "; ".join(probs) or "victims intact, preview folder cleaned"
    variant(R, "serve with slugs ../../x/victim2, ../../../x/victim3, absolute", "r4", fn)


def row5(R: Row):
    def fn(box):
        etc = Path("/etc/passwd")
        etc_sent = etc.read_bytes().split(b"\n")[0][:24] if etc.exists() else b"root:x:0:0"
        sec = box.root / "secret"
        secrets = {}
        for n in ("leak.png", "leak2.png", "passwd2", "passwd3", "passwd-link", "passwd-rel"):
            secrets[n] = f"PROBE-SECRET[{n}]".encode()
            (sec / n).write_bytes(secrets[n] + b"\n")
        img = box.lib / "cases" / "服务案例" / "图片"
        img.mkdir(parents=True, exist_ok=True)
        os.symlink(sec / "leak.png", img / "leak.png")
        os.symlink(sec, box.lib / "cases" / "服务案例" / "外链")
        os.symlink(sec / "passwd-link", img / "notes.pdf")
        body = "\n\n".join([
            "![a](../../../secret/passwd-rel)",
            "![b](图片/leak.png)",
            "![c](外链/leak2.png)",
            "![d](%2e%2e/%2e%2e/%2e%2e/secret/passwd3)",
            f"![e]({sec / 'passwd2'})",
            "![f](" + "../" * 24 + "etc/passwd)",
            "[g](图片/notes.pdf)",
        ])
        box.edit_case(body=body)
        kinds = {
            "relative ../../../secret/passwd-rel": secrets["passwd-rel"],
            "symlinked image → outside": secrets["leak.png"],
            "image via symlinked folder": secrets["leak2.png"],
            "%2e%2e-encoded climb": secrets["passwd3"],
            "absolute path": secrets["passwd2"],
            "climb to /etc/passwd": etc_sent,
            "symlinked .pdf attachment → outside": secrets["passwd-link"],
        }
        s, port, ready = serve_session(box)
        if not ready:
            s.stop()
            return [("preview", False, f"did not start ({short(s.output()[-200:])})")]
        good = f"127.0.0.1:{port}"
        served = {}   # sentinel -> url
        urls = set()
        page = f"/cases/{TARGET_SLUG}/"
        st, body_html = http_get(port, page, good)
        if st == 200:
            for m in re.finditer(rb'(?:src|href)="([^"#?]+)"', body_html):
                u = html.unescape(m.group(1).decode("utf-8", "replace"))
                if u.startswith(("http:", "https:", "mailto:", "data:", "javascript:")):
                    continue
                if not u.startswith("/"):
                    u = page + u
                urls.add(u)
        from urllib.parse import quote
        for n in ["passwd", "passwd-rel", "leak.png", "leak2.png", "passwd2", "passwd3", "notes.pdf"]:
            urls.add(f"/cases/{TARGET_SLUG}-files/{quote(n)}")
            urls.add(f"/cases/{TARGET_SLUG}-files/{quote('图片')}/{quote(n)}")
        trav = []
        for k in range(1, 7):
            trav.append("/" + "%2e%2e/" * k + "secret/passwd")
            trav.append("/" + "..%2f" * k + "secret%2fpasswd")
        trav.append("/" + "%2e%2e/" * 12 + "etc/passwd")
        for u in sorted(urls) + trav:
            if len(u) > 2000:
                continue
            st, b = http_get(port, u, good, timeout=5)
            if st == 200:
                for label, sent in kinds.items():
                    if sent in b:
                        served.setdefault(sent, u)
        copied = {}
        for rel, data in tree_files(box.ptmp, limit=2 * 1024 * 1024):
            if rel.startswith("x/"):
                continue
            for label, sent in kinds.items():
                if sent in data:
                    copied.setdefault(sent, rel)
        s.stop()
        out = []
        gp = generic_problems(s.res(), "serve")
        for label, sent in kinds.items():
            p = []
            if sent in served:
                p.append(f"served at {short(served[sent], 70)}")
            if sent in copied:
                p.append(f"copied into the preview ({short(copied[sent], 60)})")
            out.append((label, not p and not gp, "; ".join(p + gp) or "not copied, not served"))
        trav_hit = [u for u in trav if any(u == v for v in served.values())]
        out.append(("URL traversal /%2e%2e/…", not trav_hit, f"served {trav_hit[0]}" if trav_hit else "refused"))
        r = box.run(["build"])
        leaked = [lbl for lbl, sent in kinds.items() if find_bytes(box.lib / "site", sent)]
        out.append(("build sanity", not leaked and not generic_problems(r),
                    f"build rc={r.rc}" + (f"; published {leaked}" if leaked else "")
                    + ("; " + "; ".join(generic_problems(r)) if generic_problems(r) else "")))
        return out

    box = None
    try:
        box = Box("r5")
        for name, ok, detail in fn(box):
            R.add(name, ok, detail)
    except Exception as e:  # noqa: BLE001
        R.add("session", False, f"probe error {type(e).__name__}: {short(e)}")
    finally:
        if box:
            box.cleanup()


def row6(R: Row):
    box = None
    try:
        box = Box("r6")
        rel = "cases/服务案例/probe-draft.md"
        box.copy_case(rel, "（草稿）", front={"slug": "probe-draft", "status": "draft"})
        box.edit_case(rel, body=f"居民刘某某的电话{PHONE}。\n\n![照片](图片/probe-photo.png)")
        box.write("cases/服务案例/图片/probe-photo.png", tiny_png(b"PROBE-PHOTO"), binary=True)
        s, port, ready = serve_session(box)
        if not ready:
            R.add("preview", False, f"did not start ({short(s.output()[-200:])})")
            return
        good_hosts = [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"]
        bad_hosts = ["attacker.example", f"attacker.example:{port}", f"127.0.0.1.attacker.example:{port}",
                     f"localhost.attacker.example:{port}", f"10.11.12.13:{port}", f"rebind.example.com:{port}"]
        paths = ["/", "/problems/", "/cases/probe-draft/", "/cases.json", "/search/"]
        st, page = http_get(port, "/cases/probe-draft/", good_hosts[0])
        m = re.search(rb'src="([^"]*probe-photo\.png)"', page or b"")
        if m:
            u = html.unescape(m.group(1).decode())
            paths.append(u if u.startswith("/") else "/cases/probe-draft/" + u)
        for h in good_hosts:
            st, _ = http_get(port, "/", h)
            R.add(f"control Host {h.replace(str(port), 'P')}", st == 200, f"GET / → {st}")
        for h in bad_hosts:
            got = []
            for p in paths:
                st, b = http_get(port, p, h)
                if st == 200:
                    got.append(p)
            note = ""
            if h.startswith("10."):
                note = (" (an IP literal that is not the bound address: outside the allow-list the issue asks for, "
                        "though a DNS-rebinding page would send a name, not an IP)")
            R.add(f"Host {h.replace(str(port), 'P')}", not got, (("200 for " + ", ".join(got)) if got else "refused") + note)
        s.stop()
        gp = generic_problems(s.res(), "serve")
        if gp:
            R.add("serve output", False, "; ".join(gp))
        # bound to every interface: a foreign *name* must still be refused
        p2 = free_port()
        s2 = box.serve(f"0.0.0.0:{p2}")
        if s2.wait_ready(p2, timeout=40):
            got = [p for p in ("/", "/problems/", "/cases/probe-draft/")
                   if http_get(p2, p, f"attacker.example:{p2}")[0] == 200]
            R.add("0.0.0.0 bind, Host attacker.example", not got,
                  ("200 for " + ", ".join(got)) if got else "refused")
        else:
            R.na("0.0.0.0 bind, Host attacker.example", "preview on 0.0.0.0 did not start")
        s2.stop()
    except Exception as e:  # noqa: BLE001
        R.add("session", False, f"probe error {type(e).__name__}: {short(e)}")
    finally:
        if box:
            box.cleanup()


WARN_WORDS = ["局域网", "网络", "其他电脑", "其他设备", "别的电脑", "所有人", "任何人", "别人", "警告", "注意", "公开", "同一"]


def row7(R: Row):
    box = None
    try:
        box = Box("r7")
        s, port, ready = serve_session(box)
        time.sleep(0.5)
        s.stop()
        base_lines = set(l.strip() for l in s.output().splitlines())
        addrs = [("0.0.0.0", "0.0.0.0:{p}")]
        try:
            t = socket.socket(socket.AF_INET6)
            t.bind(("::", 0))
            t.close()
            addrs.append(("[::]", "[::]:{p}"))
        except OSError:
            pass
        try:
            ip = socket.gethostbyname(socket.gethostname())
            if not ip.startswith("127."):
                addrs.append((f"LAN address {ip}", ip + ":{p}"))
        except OSError:
            pass
        for label, tmpl in addrs:
            p = free_port()
            s2 = box.serve(tmpl.format(p=p))
            ready = s2.wait_ready(p, timeout=40)
            time.sleep(0.5)
            s2.stop()
            out = s2.output()
            gp = generic_problems(s2.res(), "serve")
            new = [l.strip() for l in out.splitlines() if l.strip() and l.strip() not in base_lines]
            warn = [l for l in new if CJK.search(l) and any(w in l for w in WARN_WORDS)]
            if not ready and not warn:
                if CJK.search(out) and not gp:
                    R.na(f"--address {tmpl.format(p='P')}", f"did not start: {short(out[-150:])}")
                else:
                    R.add(f"--address {tmpl.format(p='P')}", False, "did not start; " + "; ".join(gp))
                continue
            R.add(f"--address {tmpl.format(p='P')}", bool(warn) and not gp,
                  ("warned: " + short(warn[0], 80)) if warn else
                  "no Chinese warning that the network can read the drafts" + ("; " + "; ".join(gp) if gp else ""))
    except Exception as e:  # noqa: BLE001
        R.add("session", False, f"probe error {type(e).__name__}: {short(e)}")
    finally:
        if box:
            box.cleanup()


# ----------------------------------------------------------------------------- row 8

def row8(R: Row):
    refuse = ["cases", "packs", "templates", "docs", ".", "cases/服务案例", "templates/overrides", "./cases/",
              "cases/../cases", "..", "ABS_LIB", "ABS_CASES", "../somewhere/victim"]
    for sd in refuse:
        def fn(box, sd=sd):
            arg = {"ABS_LIB": str(box.lib), "ABS_CASES": str(box.lib / "cases")}.get(sd, sd)
            s0 = box.snap()
            r = box.run(["build", "--site-dir", arg])
            probs = generic_problems(r, "build")
            bc = box.bad_changes(s0, box.snap(), allow_cache)
            if bc:
                dels = sum(1 for d in bc if d[0] == "deleted")
                probs.append(f"changed {len(bc)} paths ({dels} deleted): " + fmt_diffs(bc, 2))
            if r.rc == 0:
                probs.append("exit 0")
            elif not CJK.search(r.text):
                probs.append("no Chinese message")
            return (not probs), "; ".join(probs) or f"refused: {r.tail(1)}"
        label = {"ABS_LIB": "<absolute library path>", "ABS_CASES": "<absolute cases path>"}.get(sd, sd)
        variant(R, f"--site-dir {label}", "r8", fn)

    def control(box):
        out = box.root / "out_new"
        probs = []
        for i in (1, 2):
            s0 = box.snap()
            r = box.run(["build", "--site-dir", "../out_new"])
            probs += generic_problems(r, f"build#{i}")
            if r.rc != 0:
                probs.append(f"build#{i} into a fresh folder refused ({r.tail(1)})")
            bc = box.bad_changes(s0, box.snap(), lambda c, lr, rr: allow_cache(c, lr, rr) or (
                rr is not None and (rr == "out_new" or rr.startswith("out_new/"))))
            if bc:
                probs.append(f"build#{i} wrote " + fmt_diffs(bc))
        if not (out / "index.html").exists():
            probs.append("no index.html in the fresh folder")
        return (not probs), "; ".join(probs) or "fresh folder built twice"
    variant(R, "control --site-dir ../out_new (twice)", "r8c", control)


# ----------------------------------------------------------------------------- rows 9, 10 (docx)

def zeros_writer(n_mb, prefix=b""):
    def w(f):
        f.write(prefix)
        chunk = b"\0" * (1 << 20)
        for _ in range(n_mb):
            f.write(chunk)
    return w


def heavy_import(box: Box, docx: Path, dry_first=True, timeout=60, max_secs=30, max_mb=1024, max_file_mb=50):
    probs, notes = [], []
    runs = (["--dry-run"], []) if dry_first else ([],)
    for extra in runs:
        label = "dry-run" if extra else "import"
        s0 = box.snap()
        r = box.run(["import", "--kind", "培训心得"] + extra + [os.path.relpath(docx, box.lib)], timeout=timeout)
        notes.append(f"{label} {r.summary()}")
        probs += generic_problems(r, label)
        if r.secs > max_secs and not r.timed_out:
            probs.append(f"{label} took {r.secs:.0f}s")
        if r.maxrss_kb / 1024 > max_mb:
            probs.append(f"{label} peak memory {r.maxrss_kb / 1024:.0f} MB")
        after = box.snap()
        allow = allow_cache if extra else allow_draft
        bc = box.bad_changes(s0, after, allow)
        if bc:
            probs.append(f"{label} wrote " + fmt_diffs(bc))
        big = [(p, sig[4]) for c, p, sig in diff(s0, after) if c in ("created", "modified") and sig[0] == "f"
               and sig[4] > max_file_mb * 1024 * 1024]
        if big:
            probs.append(f"{label} wrote {big[0][1] / 2**20:.0f} MB into {box.root_rel(big[0][0]) or big[0][0]}")
    return probs, notes


def row9(R: Row, work: Path):
    bomb = work / "bomb-300MB-image.docx"
    t0 = time.monotonic()
    png_head = tiny_png()[:33]
    make_docx(bomb, lambda f: f.write("".join(BODY_PARAS + [w_drawing()]).encode()),
              rels_target="media/image1.png", members=[("word/media/image1.png", zeros_writer(300, png_head))])
    unref = work / "bomb-300MB-unreferenced.docx"
    make_docx(unref, lambda f: f.write("".join(BODY_PARAS).encode()),
              members=[("word/media/image9.png", zeros_writer(300, png_head))])
    gen = time.monotonic() - t0
    for label, path in (("300 MB image (referenced)", bomb), ("300 MB unreferenced member", unref)):
        def fn(box, path=path):
            probs, notes = heavy_import(box, path)
            return (not probs), "; ".join(probs + notes) + f" [docx {path.stat().st_size // 1024} KB, built in {gen:.1f}s]"
        variant(R, label, "r9", fn)


def row10(R: Row, work: Path):
    ws = [  # (label, mode, size, seconds allowed); a linear import needs ~1-2 s for each
        ("20 MB whitespace between elements", "between", 20 * 2**20, 8),
        ("4 MB of empty paragraphs", "manypara", 4 * 2**20, 8),
        ("80 KB whitespace inside one run", "intext", 80_000, 5),
        ("80 KB newlines inside one run", "nl", 80_000, 5),
    ]
    for label, mode, n, limit in ws:
        path = work / f"ws-{mode}-{n}.docx"

        def body(f, mode=mode, n=n):
            f.write("".join(BODY_PARAS).encode())
            if mode == "between":
                for _ in range(n // (1 << 20)):
                    f.write(b" " * (1 << 20))
            elif mode == "manypara":
                unit = b'<w:p><w:r><w:t xml:space="preserve"> </w:t></w:r></w:p>'
                f.write(unit * (n // len(unit)))
            elif mode == "intext":
                f.write(('<w:p><w:r><w:t xml:space="preserve">开始' + " " * n + "结束</w:t></w:r></w:p>").encode())
            else:
                f.write(('<w:p><w:r><w:t xml:space="preserve">开始' + "\n" * n + "结束</w:t></w:r></w:p>").encode())
        make_docx(path, body)

        def fn(box, path=path, limit=limit):
            probs, notes = heavy_import(box, path, dry_first=False, timeout=45, max_secs=limit, max_mb=1536)
            return (not probs), "; ".join(probs + notes) + f" [docx {path.stat().st_size // 1024} KB]"
        variant(R, label, "r10", fn)


# ----------------------------------------------------------------------------- row 11

def row11(R: Row):
    def ro_folder(box):
        box.edit_case(replace=TARGET_ALIAS)
        d = box.lib / "cases" / "只读"
        d.mkdir()
        f = d / Path(TARGET_REL).name
        shutil.move(str(box.lib / TARGET_REL), str(f))
        os.chmod(d, 0o555)
        before = f.read_bytes()
        s0 = box.snap()
        r = box.run(["check", "--fix"], user="nodac")
        if r.rc == 121:
            return None, "could not drop root's file-permission capabilities"
        probs = generic_problems(r, "check --fix")
        fixed_rel = "d1/d2/d3/root/lib/cases/只读/" + f.name
        bc = [d_ for d_ in box.bad_changes(s0, box.snap(), allow_cache)
              if not (d_[0] == "modified" and "d1/d2/d3/root/" + d_[1] == fixed_rel
                      and stat.S_IMODE(f.lstat().st_mode) == 0o644)]
        if bc:
            probs.append("changed " + fmt_diffs(bc))
        if not probs and f.read_bytes() == before and "只读" not in r.text:
            probs.append("file not fixed and no message naming it")
        return (not probs), "; ".join(probs) or f"rc={r.rc}: {r.tail(1)}"

    def ro_file(box):
        box.edit_case(replace=TARGET_ALIAS)
        f = box.lib / TARGET_REL
        os.chmod(f, 0o444)
        before = f.read_bytes()
        r = box.run(["check", "--fix"], user="nodac")
        if r.rc == 121:
            return None, "could not drop root's file-permission capabilities"
        probs = generic_problems(r, "check --fix")
        st = f.lstat()
        if f.read_bytes() != before:
            probs.append("read-only file rewritten")
        if stat.S_IMODE(st.st_mode) != 0o444:
            probs.append(f"mode now {oct(stat.S_IMODE(st.st_mode))}")
        return (not probs), "; ".join(probs) or f"left alone, rc={r.rc}"

    def link_inside(box, same_folder):
        box.edit_case(replace=TARGET_ALIAS)
        if same_folder:
            real = (box.lib / TARGET_REL).with_name("real-target.md")
            target = real.name
        else:
            real = box.lib / "cases" / "原件" / Path(TARGET_REL).name
            real.parent.mkdir()
            target = "../原件/" + real.name
        shutil.move(str(box.lib / TARGET_REL), str(real))
        link = box.lib / TARGET_REL
        os.symlink(target, link)
        r = box.run(["check", "--fix"])
        probs = generic_problems(r, "check --fix")
        if not link.is_symlink():
            probs.append("the symlink was replaced by a regular file (a copy)")
        elif os.readlink(link) != target:
            probs.append("the symlink now points elsewhere")
        return (not probs), "; ".join(probs) or f"symlink kept, rc={r.rc}"

    def link_outside(box):
        box.edit_case(replace=TARGET_ALIAS)
        real = box.root / "elsewhere" / Path(TARGET_REL).name
        real.parent.mkdir()
        shutil.move(str(box.lib / TARGET_REL), str(real))
        before = real.read_bytes()
        link = box.lib / TARGET_REL
        os.symlink(str(real), link)
        r = box.run(["check", "--fix"])
        probs = generic_problems(r, "check --fix")
        if not link.is_symlink():
            probs.append("the symlink was replaced by a copy")
        if real.read_bytes() != before:
            probs.append("file outside cases/ rewritten through the link")
        return (not probs), "; ".join(probs) or f"symlink and outside file untouched, rc={r.rc}"

    def modes(box):
        box.edit_case(replace=TARGET_ALIAS)
        f = box.lib / TARGET_REL
        os.chown(f, *NOBODY)
        os.chmod(f, 0o640)
        before = f.read_bytes()
        r = box.run(["check", "--fix"])
        probs = generic_problems(r, "check --fix")
        st = f.lstat()
        changed = f.read_bytes() != before
        if stat.S_IMODE(st.st_mode) != 0o640:
            probs.append(f"mode 0640 became {oct(stat.S_IMODE(st.st_mode))}")
        if (st.st_uid, st.st_gid) != NOBODY:
            probs.append(f"owner nobody became {st.st_uid}:{st.st_gid}")
        if not probs and not changed:
            return None, "the alias was not fixed, mode check inconclusive"
        return (not probs), "; ".join(probs) or "fixed; mode and owner kept"

    def race(box):
        box.edit_case(replace=TARGET_ALIAS)
        f = box.lib / TARGET_REL
        original = f.read_text("utf-8")
        edited = original.rstrip("\n") + "\n\n编辑器刚刚保存的一句话 PROBE-EDITOR-SAVE。\n"
        now = time.time()
        os.utime(f, (now - 100000, now))   # atime < mtime: the first read by caselib updates atime
        a0 = os.stat(f).st_atime
        state = {"saved": False, "t": None}

        def tick():
            if not state["saved"]:
                try:
                    if os.stat(f).st_atime != a0:
                        with open(f, "w", encoding="utf-8") as w:
                            w.write(edited)
                        state["saved"] = True
                except OSError:
                    pass
        r = box.run(["check", "--fix"], on_tick=tick)
        probs = generic_problems(r, "check --fix")
        final = f.read_text("utf-8", "replace") if f.exists() else ""
        if not state["saved"]:
            return None, "caselib's read was never observed (atime did not change); race not exercised"
        if "PROBE-EDITOR-SAVE" not in final:
            probs.append("the editor's save (made right after caselib read the file) was lost")
        return (not probs), "; ".join(probs) or "editor's save kept (the race window may not have been hit)"

    for name, fn in [("read-only folder (not root)", ro_folder), ("read-only file (not root)", ro_file),
                     ("symlink to a case in the same folder", lambda b: link_inside(b, True)),
                     ("symlink to a case in another cases/ folder", lambda b: link_inside(b, False)), ("symlink to a case outside cases/", link_outside),
                     ("mode 0640 + owner kept (root fixing nobody's file)", modes),
                     ("editor saves between read and write", race)]:
        variant(R, name, "r11", fn)


# ----------------------------------------------------------------------------- row 12

def row12(R: Row):
    def new_long(box):
        title = "用开放空间会议推动楼道公约的制定" * 6  # 90 characters, 270 bytes
        s0 = box.snap()
        r = box.run(["new", "服务案例", "--title", title])
        probs = generic_problems(r, "new")
        bc = box.bad_changes(s0, box.snap(), allow_draft)
        if bc:
            probs.append("wrote " + fmt_diffs(bc))
        if r.rc != 0 and not CJK.search(r.text):
            probs.append("failed without a Chinese message")
        return (not probs), "; ".join(probs) or f"rc={r.rc}: {r.tail(1)}"
    variant(R, "new --title <90 characters>", "r12", new_long)

    def new_climb(box):
        s0 = box.snap()
        r = box.run(["new", "服务案例", "--title", "../../../../x/newevil"])
        probs = generic_problems(r, "new")
        bc = box.bad_changes(s0, box.snap(), allow_draft)
        if bc:
            probs.append("wrote " + fmt_diffs(bc))
        return (not probs), "; ".join(probs) or f"rc={r.rc}: {r.tail(1)}"
    variant(R, "new --title ../../../../x/newevil", "r12", new_climb)

    def new_no_templates(box):
        shutil.rmtree(box.lib / "templates")
        probs = []
        for kind in ("服务案例", "培训包"):
            r = box.run(["new", kind, "--title", "楼道公约"])
            probs += generic_problems(r, f"new {kind}")
            if r.rc == 0 and not list((box.lib / "cases").rglob("*楼道公约*")) and not list(
                    (box.lib / "packs").rglob("*")):
                probs.append(f"new {kind}: exit 0 but nothing created")
            if r.rc != 0 and not CJK.search(r.text):
                probs.append(f"new {kind}: no Chinese message")
        return (not probs), "; ".join(probs) or "Chinese message, no traceback"
    variant(R, "new without templates/", "r12", new_no_templates)

    for addr in ["127.0.0.1:abc", "127.0.0.1:99999", "127.0.0.1:", "abc", "127.0.0.1:-1"]:
        def bad_addr(box, addr=addr):
            r = box.run(["serve", "--address", addr], timeout=25)
            probs = generic_problems(r, "serve")
            if not r.timed_out:
                if r.rc == 0:
                    probs.append("exit 0")
                if not CJK.search(r.text):
                    probs.append("no Chinese message")
            return (not probs), "; ".join(probs) or f"rc={r.rc}: {r.tail(1)}"
        variant(R, f"serve --address {addr}", "r12", bad_addr)

    def port_in_use(box):
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        try:
            r = box.run(["serve", "--address", f"127.0.0.1:{port}"], timeout=30)
        finally:
            sock.close()
        probs = generic_problems(r, "serve")
        if not r.timed_out:
            if r.rc == 0:
                probs.append("exit 0")
            if not CJK.search(r.text):
                probs.append("no Chinese message")
        return (not probs), "; ".join(probs) or f"rc={r.rc}: {r.tail(1)}"
    variant(R, "serve on a port in use", "r12", port_in_use)

    def odd_urls(box):
        s, port, ready = serve_session(box)
        if not ready:
            return False, f"preview did not start ({short(s.output()[-200:])})"
        good = f"127.0.0.1:{port}"
        bad = []
        for u in ["/%00", "/%00/", "/cases/%00/", "/index.html%00.md", "/%ff%fe/", "/%c0%ae%c0%ae/",
                  "/" + "a" * 300 + "/", "/%2e%2e%2f%2e%2e%2fsite_config.yml"]:
            st, b = http_get(port, u, good)
            if st is None or st >= 500:
                bad.append(f"{short(u, 30)} → {st}")
        s.stop()
        gp = generic_problems(s.res(), "serve")
        return (not bad and not gp), "; ".join(bad + gp) or "no 5xx, no traceback"
    variant(R, "odd preview URLs (/%00 …)", "r12", odd_urls)

    argv_cases = [
        ("import -rf.txt", ["import", "-rf.txt"]),
        ("unknown command", ["bogus"]),
        ("check --format xml", ["check", "--format", "xml"]),
        ("import without paths", ["import"]),
        ("build --site-dir without value", ["build", "--site-dir"]),
        ("new without kind", ["new"]),
        ("check --no-such-option", ["check", "--no-such-option"]),
        ("no command", []),
        ("--config missing file", ["--config", "nope.yml", "check"]),
    ]
    for label, argv in argv_cases:
        def fn(box, argv=argv):
            (box.lib / "-rf.txt").write_text("楼道公约的制定\n\n社工和居民一起讨论楼道堆物的问题，写出了一份公约。\n", "utf-8")
            s0 = box.snap()
            r = box.run(argv, timeout=30)
            probs = generic_problems(r)
            if r.rc == 0 and argv and argv[0] != "import":
                probs.append("exit 0")
            if not CJK.search(r.text):
                probs.append("no Chinese message")
            bc = box.bad_changes(s0, box.snap(), allow_draft)
            if bc:
                probs.append("wrote " + fmt_diffs(bc))
            return (not probs), "; ".join(probs) or f"rc={r.rc}: {r.tail(1)}"
        variant(R, label, "r12a", fn)


# ----------------------------------------------------------------------------- row 13

def row13(R: Row):
    ZW = "\u200b"
    forms = [
        ("control: plain 13812345678", "body", PHONE),
        ("decimal entity &#49;3812345678", "body", "&#49;3812345678"),
        ("hex entity &#x31;3812345678", "body", "&#x31;3812345678"),
        ("all digits as entities", "body", "".join(f"&#{ord(c)};" for c in PHONE)),
        ("named &ZeroWidthSpace;", "body", "138&ZeroWidthSpace;1234&ZeroWidthSpace;5678"),
        ("named &shy;", "body", "138&shy;1234&shy;5678"),
        ("zero-width space U+200B", "body", "138\u200b1234\u200b5678"),
        ("zero-width joiner U+200D", "body", "138\u200d1234\u200d5678"),
        ("BOM U+FEFF", "body", "138\ufeff1234\ufeff5678"),
        ("word joiner U+2060", "body", "138\u20601234\u20605678"),
        ("fullwidth digits", "body", "".join(chr(0xFF10 + int(c)) for c in PHONE)),
        ("fullwidth + entity", "body", "&#xFF11;" + "".join(chr(0xFF10 + int(c)) for c in PHONE[1:])),
        ("summary with U+200B", "summary", f"社工站的联系人电话138{ZW}1234{ZW}5678，欢迎居民来咨询志愿服务。"),
        ("community with &#49;", "community", "半壁店社区&#49;3812345678"),
    ]
    for name, where, text in forms:
        def fn(box, where=where, text=text):
            if where == "body":
                box.edit_case(body=f"联系居民刘阿姨：{text}，白天都在。")
            else:
                box.edit_case(front={where: json.dumps(text, ensure_ascii=False)})
            probs = []
            r = box.run(["check"])
            probs += generic_problems(r, "check")
            if r.rc == 0:
                probs.append("check passes")
            r2 = box.run(["build"])
            probs += generic_problems(r2, "build")
            hits = phone_hits(box.lib / "site")
            if hits:
                probs.append(f"published ({', '.join(hits[:2])})")
            return (not probs), "; ".join(probs) or f"check rc={r.rc}; not published"
        variant(R, name, "r13", fn)


# ----------------------------------------------------------------------------- row 14

def row14(R: Row):
    payloads = [
        ("<script> in docs/contribute.md", "docs/contribute.md", "<script>window.PROBE_DOCS_JS=1</script>",
         [b"<script>window.PROBE_DOCS_JS"]),
        ("onerror= in docs/contribute.md", "docs/contribute.md", '<img src="x" onerror="window.PROBE_DOCS_ERR=1">',
         [b'onerror="window.PROBE_DOCS_ERR', b"onerror=window.PROBE_DOCS_ERR"]),
        ("phone in docs/contribute.md", "docs/contribute.md", f"有问题请联系王老师 {PHONE}。", []),
        ("phone as entity in docs/", "docs/contribute.md", "有问题请联系王老师 &#49;3812345678。", []),
        ("javascript: link in docs/", "docs/contribute.md", "[投稿](javascript:window.PROBE_DOCS_HREF=1)",
         [b'href="javascript:window.PROBE_DOCS_HREF']),
        ("new docs/extra.md page with all three", "docs/extra.md",
         f"# 联系我们\n\n<script>window.PROBE_DOCS_JS=1</script>\n\n<img src=\"x\" onerror=\"window.PROBE_DOCS_ERR=1\">"
         f"\n\n电话 {PHONE}", [b"<script>window.PROBE_DOCS_JS", b'onerror="window.PROBE_DOCS_ERR']),
    ]
    for name, rel, text, needles in payloads:
        def fn(box, rel=rel, text=text, needles=needles):
            p = box.lib / rel
            old = p.read_text("utf-8") if p.exists() else ""
            p.write_text(old.rstrip("\n") + "\n\n" + text + "\n", "utf-8")
            probs = []
            r = box.run(["check"])
            probs += generic_problems(r, "check")
            if r.rc == 0:
                probs.append("check passes")
            r2 = box.run(["build"])
            probs += generic_problems(r2, "build")
            site = box.lib / "site"
            for nd in needles:
                h = find_bytes(site, nd)
                if h:
                    probs.append(f"published {nd[:24].decode()}… in site/{h[0]}")
                    break
            if PHONE in text or "&#49;" in text:
                h = phone_hits(site)
                if h:
                    probs.append(f"phone published in site/{h[0]}")
            return (not probs), "; ".join(probs) or f"check rc={r.rc}; nothing published"
        variant(R, name, "r14", fn)


# ----------------------------------------------------------------------------- row 15

def row15(R: Row):
    lines = [
        ("350 KB line of [", "[" * 350_000, 10),
        ("80 KB line of [ ending in ](", "[" * 80_000 + "](", 5),
        ("40 KB of [x](", "[x](" * 10_000, 5),
        ("40 KB of ![a](", "![a](" * 8_000, 5),
    ]
    for name, line, limit in lines:
        def fn(box, line=line, limit=limit):
            box.edit_case(body=line)
            r = box.run(["check"], timeout=30)
            probs = generic_problems(r, "check")
            if not r.timed_out and r.secs > limit:
                probs.append(f"check took {r.secs:.1f}s")
            return (not probs), "; ".join(probs) or f"check {r.secs:.1f}s rc={r.rc}"
        variant(R, name, "r15", fn)

    def fifo_case(box):
        os.mkfifo(box.lib / "cases" / "x.md")
        probs = []
        for cmd in (["check"], ["build"]):
            r = box.run(cmd, timeout=15)
            probs += generic_problems(r, cmd[0])
            if not r.timed_out and cmd == ["check"] and "x.md" not in r.text:
                probs.append("check does not mention x.md")
        return (not probs), "; ".join(probs) or "skipped with a message"
    variant(R, "FIFO cases/x.md", "r15f", fifo_case)

    def fifo_image(box):
        d = box.lib / "cases" / "服务案例" / "图片"
        d.mkdir(parents=True, exist_ok=True)
        os.mkfifo(d / "fifo.png")
        box.edit_case(body="![现场](图片/fifo.png)")
        probs = []
        for cmd in (["check"], ["build"]):
            r = box.run(cmd, timeout=15)
            probs += generic_problems(r, cmd[0])
        return (not probs), "; ".join(probs) or "no hang"
    variant(R, "FIFO as a linked image", "r15f", fifo_image)


# ----------------------------------------------------------------------------- row 16

def row16(R: Row):
    tokens = ["CASELIB-SHELL-DESCRIPTION", "CASELIB-SHELL-TITLE", "CASELIB-SHELL-CONTENT"]

    def title_fn(box):
        t = box.read(TARGET_REL)
        summary = re.search(r"(?m)^summary: (.*)$", t).group(1)
        title = "“小蜜蜂”们的夏天 " + " ".join(tokens)
        box.edit_case(front={"title": json.dumps(title, ensure_ascii=False)})
        r = box.run(["check"])
        probs = generic_problems(r, "check")
        r2 = box.run(["build"])
        probs += generic_problems(r2, "build")
        page = box.lib / "site" / "cases" / TARGET_SLUG / "index.html"
        if r2.rc == 0 and page.exists():
            m = re.search(r"<title>(.*?)</title>", page.read_text("utf-8", "replace"), re.S)
            tt = html.unescape(m.group(1)) if m else ""
            if summary[:12] in tt:
                probs.append(f"<title> shows the summary ({short(tt, 50)})")
            missing = [k for k in tokens if k not in tt]
            if missing:
                probs.append(f"<title> lost {missing[0]}")
        elif r.rc == 0:
            probs.append(f"check passes but build rc={r2.rc}")
        return (not probs), "; ".join(probs) or "title kept literally"
    variant(R, "placeholders in the title", "r16", title_fn)

    def body_fn(box):
        box.edit_case(body="正文里提到占位符 " + " ".join(tokens) + " 。")
        r = box.run(["check"])
        r2 = box.run(["build"])
        probs = generic_problems(r, "check") + generic_problems(r2, "build")
        page = box.lib / "site" / "cases" / TARGET_SLUG / "index.html"
        if r2.rc == 0 and page.exists():
            t = page.read_text("utf-8", "replace")
            miss = [k for k in tokens if k not in t]
            if miss:
                probs.append(f"{miss[0]} in the body was replaced")
        return (not probs), "; ".join(probs) or "kept literally"
    variant(R, "placeholders in the body", "r16", body_fn)

    for eid, snippet in [("__search", '<div id="__search">假的检索</div>'),
                         ("__drawer", '<input id="__drawer" type="checkbox">'),
                         ("__search (single quotes)", "<span id='__search'>x</span>")]:
        def id_fn(box, eid=eid, snippet=snippet):
            box.edit_case(body=snippet)
            r = box.run(["check"])
            probs = generic_problems(r, "check")
            key = eid.split()[0]
            if key not in r.text:
                probs.append(f"check does not report id {key} (rc={r.rc})")
            return (not probs), "; ".join(probs) or f"reported (rc={r.rc})"
        variant(R, f'id="{eid}" in a body', "r16", id_fn)


# ----------------------------------------------------------------------------- row 17

def row17(R: Row):
    src = (REPO / "cases" / "服务案例" / "heping-open-space-convention.md").read_text("utf-8").split("---", 2)[2]
    paras = [p.strip() for p in src.split("\n\n") if p.strip() and not p.startswith("#")]

    def text_of(nbytes):
        out, size, i = ["楼道公约的一年", ""], 0, 0
        while size < nbytes:
            out += [paras[i % len(paras)], ""]
            size += len(paras[i % len(paras)].encode()) + 2
            i += 1
        return "\n".join(out).encode()[:nbytes].decode("utf-8", "ignore")

    sizes = [("6 MB .txt", 6 * 2**20, "txt"), ("5 MiB − 300 B .txt", 5 * 2**20 - 300, "txt"),
             ("5,000,000 − 300 B .txt", 5_000_000 - 300, "txt"), ("6 MB of text in a .docx", 6 * 2**20, "docx")]
    for name, n, ext in sizes:
        def fn(box, n=n, ext=ext):
            src_path = box.root / "inbox" / f"big.{ext}"
            text = text_of(n)
            if ext == "txt":
                src_path.write_text(text, "utf-8")
            else:
                paras_xml = "".join(w_para(p) for p in text.split("\n\n") if p)
                make_docx(src_path, lambda f: f.write(paras_xml.encode()))
            s0 = box.snap()
            r = box.run(["import", "--kind", "培训心得", os.path.relpath(src_path, box.lib)], timeout=90)
            probs = generic_problems(r, "import")
            after = box.snap()
            bc = box.bad_changes(s0, after, allow_draft)
            if bc:
                probs.append("wrote " + fmt_diffs(bc))
            drafts = [box.lib_rel(p) for c, p, sig in diff(s0, after)
                      if c == "created" and sig[0] == "f" and (box.lib_rel(p) or "").endswith(".md")]
            if drafts:
                rc = box.run(["check", drafts[0]], timeout=60)
                probs += generic_problems(rc, "check")
                size_lines = [l for l in rc.text.splitlines()
                              if any(w in l for w in ("上限", "过大", "太大", "MB", "超过"))]
                if size_lines:
                    probs.append(f"import wrote a {(box.lib / drafts[0]).stat().st_size / 2**20:.2f} MiB draft that "
                                 f"check refuses: {short(size_lines[0], 90)}")
                return (not probs), "; ".join(probs) or "draft written and within check's limit"
            return (not probs), "; ".join(probs) or f"import refused (rc={r.rc}): {r.tail(1)}"
        variant(R, name, "r17", fn)


# ----------------------------------------------------------------------------- main

ROWS = {
    1: ("pack/case slug escapes site/", row1),
    2: ("unsafe attachment types published", row2),
    3: ("import file names from document text; --dry-run writes", row3),
    4: ("preview writes/deletes outside its folder", row4),
    5: ("preview copies & serves files from outside the library", row5),
    6: ("preview answers foreign Host headers", row6),
    7: ("non-loopback preview without warning", row7),
    8: ("build --site-dir pointing at library folders", row8),
    9: ("docx decompression bomb", row9),
    10: ("whitespace-padded document.xml (super-linear import)", row10),
    11: ("check --fix on read-only / symlink / racing files", row11),
    12: ("tracebacks & English argparse errors", row12),
    13: ("phone numbers hidden by entities / invisible chars", row13),
    14: ("docs/ pages not checked", row14),
    15: ("quadratic check patterns, FIFOs", row15),
    16: ("forged placeholders and theme ids", row16),
    17: ("import/check size limits disagree", row17),
}


def main():
    global VERBOSE
    ap = argparse.ArgumentParser(description="caselib hostile-input probe")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every variant")
    ap.add_argument("--rows", default="", help="comma-separated row numbers (default: all)")
    ap.add_argument("--json", default="", help="also write the results as JSON to this path")
    a = ap.parse_args()
    VERBOSE = a.verbose
    rows = [int(x) for x in a.rows.split(",") if x.strip()] or sorted(ROWS)
    if not os.access(CASELIB, os.X_OK):
        print(f"caselib not found at {CASELIB}")
        return 2
    work = Path(tempfile.mkdtemp(prefix="caselib-hostile-work-"))
    results = []
    t_all = time.monotonic()
    try:
        for n in rows:
            title, fn = ROWS[n]
            R = Row(n, title)
            if VERBOSE:
                print(f"  row {n}: {title}", flush=True)
            try:
                if fn in (row9, row10):
                    fn(R, work)
                else:
                    fn(R)
            except Exception as e:  # noqa: BLE001
                R.add("row", False, f"probe error {type(e).__name__}: {short(e)}")
            verdict, reason = R.verdict()
            results.append({"row": n, "verdict": verdict, "reason": reason,
                            "variants": [{"name": v[0], "status": v[1], "detail": v[2]} for v in R.variants]})
            print(f"row {n}: {verdict} — {reason}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    npass = sum(1 for r in results if r["verdict"] == "PASS")
    nfail = len(results) - npass
    print(f"summary: {npass} PASS, {nfail} FAIL of {len(results)} rows ({time.monotonic() - t_all:.0f}s)")
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 1 if nfail else 0


if __name__ == "__main__":
    sys.exit(main())
