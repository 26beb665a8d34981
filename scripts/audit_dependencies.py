"""pip-audit over the virtualenv that `make` builds from the pinned requirements (so the packages
they pull in are checked too), honest when it cannot check.

Without --strict, pip-audit that cannot reach its vulnerability service skips every package and
still prints "No known vulnerabilities found" and passes. With --strict it stops at the first
package it could not check. This tells the two failures apart:

  exit 0  checked: no known vulnerabilities
  exit 1  checked: vulnerabilities found (listed)
  exit 3  could not check (the vulnerability service could not be reached): not a pass
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

COULD_NOT_CHECK = 3


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        result = subprocess.run(  # noqa: S603 - a fixed command, no shell, no outside input
            [sys.executable, "-m", "pip_audit", "--strict", "--skip-editable", "--progress-spinner", "off",
             "--format", "json", "--output", str(report)],
            capture_output=True, text=True, check=False)
        findings = json.loads(report.read_text()) if report.exists() and report.stat().st_size else None
    if result.returncode == 0 and findings is not None:
        print(f"pip-audit: no known vulnerabilities in {len(findings['dependencies'])} packages")
        return 0
    if findings is None:
        # --strict stops before writing its report when a package could not be checked.
        print("pip-audit: could not check (vulnerability service unreachable)")
        reason = next((line for line in result.stderr.splitlines() if "ERROR" in line), result.stderr.strip())
        print(f"  {reason[:300]}")
        return COULD_NOT_CHECK
    for dependency in findings["dependencies"]:
        for vulnerability in dependency.get("vulns", []):
            fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed version yet"
            print(f"pip-audit: {dependency['name']} {dependency['version']}: {vulnerability['id']} (fixed in {fixed})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
