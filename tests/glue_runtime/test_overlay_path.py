"""The awsglue overlay finds AWS's own package even with another copy of the overlay on the path (an
installed localglue beside a checkout's, as a README user has)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import localglue.jobs.glue_runtime as glue_runtime

RUNTIME = Path(glue_runtime.__file__).parent


def test_another_overlay_copy_on_the_path_is_not_taken_for_awss_package(tmp_path):
    shutil.copytree(RUNTIME / "awsglue", tmp_path / "awsglue")  # the second copy, earlier than site-packages
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(RUNTIME), str(tmp_path)])}
    probe = "import awsglue.gluetypes, awsglue.utils; print(awsglue.utils.__file__)"
    answer = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert answer.returncode == 0, answer.stderr
    found = Path(answer.stdout.strip())
    assert (
        found.name == "utils.py" and not found.is_relative_to(tmp_path) and not found.is_relative_to(RUNTIME)
    )
