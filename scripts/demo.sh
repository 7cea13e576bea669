#!/usr/bin/env bash
# Install caselib into .venv, check the sample library in cases/ and build the site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
.venv/bin/caselib check
.venv/bin/caselib build
echo "用浏览器打开 site/index.html，或运行 .venv/bin/caselib serve 在 http://127.0.0.1:8000/ 预览。"
