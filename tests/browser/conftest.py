"""Real headless Chromium (Debian's package) driven by Playwright; never downloads a browser."""

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / ".test-deps/node_modules/axe-core/axe.min.js"   # scripts/test.sh
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _serve(directory, prefix="", headers=None):
    """Serve a built site at http://127.0.0.1:PORT{prefix}/ (a prefix tests a site on a sub-path),
    with extra response headers if given (as a host configured from the README would send)."""
    class Handler(_QuietHandler):
        def translate_path(self, path):
            return super().translate_path(path[len(prefix):] if path.startswith(prefix + "/") else "/__outside__")

        def end_headers(self):
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            super().end_headers()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def server(built):
    httpd, url = _serve(built)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def sample_server(sample_site):
    """The sample library, served under a sub-path as on a shared host (…/caselib/)."""
    httpd, url = _serve(sample_site, "/caselib")
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source():
    """axe-core as installed from npm by scripts/test.sh; injected into pages, never fetched from a CDN."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `bash scripts/test.sh`, which installs axe-core with npm")
    return AXE.read_text(encoding="utf-8")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
