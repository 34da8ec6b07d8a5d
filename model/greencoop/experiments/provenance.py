"""Which model made a generated record: stamped on the atlas and the validation table."""

from __future__ import annotations

import subprocess
from pathlib import Path

from greencoop import __version__


def model_version() -> str:
    """The commit the model was run from (``git describe``), or the package version outside a repository."""
    try:
        described = subprocess.run(["git", "describe", "--tags", "--always", "--dirty"], capture_output=True,
                                   text=True, timeout=10, cwd=Path(__file__).parent)
    except (OSError, subprocess.SubprocessError):
        return __version__
    commit = described.stdout.strip()
    return f"{__version__} ({commit})" if described.returncode == 0 and commit else __version__
