#!/usr/bin/env bash
# Install caselib with its test dependencies into .venv and run the whole test suite.
# Browser tests use Debian's chromium; it is installed here when missing (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装 chromium（浏览器测试用）…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "需要 chromium 才能运行浏览器测试：sudo apt-get install chromium" >&2
  fi
fi
# A Chinese font: the print test reads the text of Chromium's PDFs, which holds no Chinese without one.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装中文字体 fonts-wqy-microhei（打印测试用）…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei >/dev/null
  else
    echo "打印测试需要中文字体：sudo apt-get install fonts-wqy-microhei" >&2
  fi
fi
# axe-core (accessibility rules the browser tests inject into pages) from the npm registry into a
# git-ignored folder; the tests never load it from a CDN.
AXE_VERSION=4.14.1
if [ "$(node -p "require('./.test-deps/node_modules/axe-core/package.json').version" 2>/dev/null)" != "$AXE_VERSION" ]; then
  if command -v npm >/dev/null 2>&1; then
    npm install --prefix .test-deps --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
  else
    echo "需要 npm 才能运行无障碍测试：sudo apt-get install npm" >&2
  fi
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
# Linters first (under 30 s): ruff and mypy, configured in pyproject.toml.
echo "ruff 与 mypy 检查代码…"
.venv/bin/ruff check --quiet generator tests bench scripts
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
