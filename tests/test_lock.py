"""The lock files in requirements/ keep up with pyproject.toml (`make lock` rewrites them).

Installs read only the locks, so a dependency added to pyproject.toml without `make lock` would
be missing from every fresh machine: this fails first, with the command to run.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(lock: str) -> dict[str, str]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {
        canonicalize_name(found[1]): found[2]
        for found in (PIN.match(line) for line in text.splitlines())
        if found
    }


def declared(*extras: str) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in extras:
        wanted += project["optional-dependencies"][extra]
    return [Requirement(spec) for spec in wanted]


@pytest.mark.parametrize(("lock", "extras"), [("dev.txt", ("dev",)), ("image.txt", ("s3",))])
def test_every_declared_dependency_is_locked_within_its_range(lock, extras):
    locked = pins(lock)
    stale = [
        str(requirement)
        for requirement in declared(*extras)
        if locked.get(canonicalize_name(requirement.name)) is None
        or not requirement.specifier.contains(locked[canonicalize_name(requirement.name)])
    ]
    assert not stale, f"requirements/{lock} is behind pyproject.toml: run `make lock` ({stale})"


def test_every_locked_package_has_hashes():
    for lock in ("dev.txt", "image.txt", "uv.txt"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
        unhashed = [entry.split()[0] for entry in entries if "--hash=sha256:" not in entry]
        assert not unhashed, f"requirements/{lock} pins without hashes: {unhashed}"
