#!/usr/bin/env bash
# Install caselib into .venv, check the sample library in cases/ and build the site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
.venv/bin/caselib check
.venv/bin/caselib build
echo "预览：运行 .venv/bin/caselib serve，然后用浏览器打开 http://127.0.0.1:8000/ ；或把 site/ 整个放到网站服务器上。"
