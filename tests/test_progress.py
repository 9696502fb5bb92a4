"""Progress bars show on a terminal and stay silent when output is piped."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from graphkb import DEFAULT_CORPUS


def _extract_command(tmp_path):
    return [sys.executable, "-m", "graphkb", "extract", str(DEFAULT_CORPUS), "-o", str(tmp_path / "reviews.jsonl")]


def test_extract_shows_progress_on_a_terminal(tmp_path):
    primary, secondary = pty.openpty()
    process = subprocess.Popen(_extract_command(tmp_path), stdin=secondary, stdout=secondary, stderr=secondary)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert process.wait(timeout=300) == 0
    assert b"Concepts" in seen, seen[-500:]
    assert b"wrote 193 reviews" in seen


def test_extract_is_silent_when_piped(tmp_path):
    result = subprocess.run(_extract_command(tmp_path), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"wrote 193 reviews to {tmp_path / 'reviews.jsonl'}"
    assert "Concepts" not in result.stderr and "\x1b[" not in result.stderr
