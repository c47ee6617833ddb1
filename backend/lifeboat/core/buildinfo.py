"""What build is running: the package version and the git commit."""

from __future__ import annotations

import subprocess
from pathlib import Path


def detect_git_sha() -> str:
    """The short commit of a source checkout, or ``unknown`` (images set LIFEBOAT_GIT_SHA)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
            cwd=Path(__file__).resolve().parent,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "unknown"
