"""bandit finds no unaccepted medium or high issue in the application code."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["hotelcompliance", "guests", "training", "audits"]
OPTIONS = ["-q", "--severity-level", "medium", "--confidence-level", "low", "-f", "json"]


def test_bandit_finds_no_medium_or_high_issue():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-c", "pyproject.toml", "-r", *PACKAGES, *OPTIONS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(result.stdout)

    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} ({r['issue_severity']}): "
        f"{r['issue_text']}"
        for r in report["results"]
    ]
    assert findings == [], "fix, or accept with `# nosec BXXX: why` at the line:\n" + "\n".join(
        findings
    )
    assert report["errors"] == [], report["errors"]
    assert result.returncode == 0, result.stderr
