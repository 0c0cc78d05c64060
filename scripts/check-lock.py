"""Checks that the virtual environment holds exactly the versions in the lock file (for this platform).

Usage: .venv/bin/python scripts/check-lock.py requirements-dev.txt
"""

import re
import sys
from importlib import metadata

from packaging.markers import Marker

LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")
IGNORED = {"pip", "setuptools", "wheel"}  # the installer's own tools, never in the lock


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: str) -> dict[str, str]:
    pins = {}
    with open(path, encoding="utf-8") as lock:
        for line in lock:
            match = LINE.match(line.strip())
            if match is None:
                continue
            name, version, marker = match.groups()
            if marker is None or Marker(marker).evaluate():
                pins[canonical(name)] = version
    return pins


def installed() -> dict[str, str]:
    found = {canonical(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}
    return {name: version for name, version in found.items() if name not in IGNORED}


def main(path: str) -> int:
    want, have = locked(path), installed()
    problems = [
        f"{name}: locked {want.get(name, '(not locked)')}, installed {have.get(name, '(missing)')}"
        for name in sorted(set(want) | set(have))
        if want.get(name) != have.get(name)
    ]
    if problems:
        print(f"The environment does not match {path}:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"{len(have)} packages installed, exactly as locked in {path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "requirements-dev.txt"))
