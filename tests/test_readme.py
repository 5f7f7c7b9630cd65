"""The README's promises: the API script runs as written, and the two first commands are there."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_install_and_test_commands():
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    assert blocks[0].strip() == "pip install . && beraad"
    assert blocks[1].strip().startswith("pip install -e '.[test]' && pytest")
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    # CI runs the README's own test command (the part after the install).
    command = blocks[1].strip().split(" && ", 1)[1]
    assert "pip install -q -e '.[test]'" in ci and f"\n{command}\n" in ci


def test_api_script_runs(tmp_path):
    script = re.search(r"```python\n(.*?)```", README, re.S).group(1)
    script = script.replace('"/tmp/anja"', repr(str(tmp_path / "anja")))
    script = script.replace('"/tmp/bart"', repr(str(tmp_path / "bart")))
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Auto's rijden te snel" in result.stdout


ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_documents_point_at_what_exists(doc):
    """The architecture the docs describe is the one in the tree: links resolve, and every
    ``beraad/…`` path they name exists (a renamed module makes this fail)."""
    text = doc.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#:]+)\)", text)
    paths = re.findall(r"`(beraad/[\w/.]+)`", text)
    missing = [link for link in links if not (doc.parent / link).exists()]
    missing += [path for path in paths if not (ROOT / path.rstrip("/")).exists()]
    assert not missing, f"{doc.name} names what does not exist: {missing}"


def test_readme_sends_readers_to_the_architecture_in_this_repository():
    assert "docs/architecture.md" in README and "DESIGN.md" not in README
