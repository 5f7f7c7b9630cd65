"""The core stays pure: importing it must not pull in I/O frameworks or the UI (DESIGN §1)."""

import json
import pkgutil
import subprocess
import sys

import pytest

import beraad.core

FORBIDDEN = (
    "textual",
    "zeroconf",
    "tinydb",
    "asyncio",
    "socket",
    "beraad.net",
    "beraad.store",
    "beraad.ui",
    "beraad.node",
)
MODULES = ["beraad.core"] + [
    f"beraad.core.{m.name}" for m in pkgutil.iter_modules(beraad.core.__path__)
]

#: One fresh interpreter imports every core module in turn and says, per module, what its
#: import added to ``sys.modules`` that is forbidden. Together they pull in exactly what
#: each pulls in alone, so no module is let through; a forbidden module is named under the
#: first core module that brought it in. (One interpreter per module started 51 of them.)
PROBE = """
import importlib, json, sys
forbidden = {forbidden!r}
pulled = {{}}
for module in {modules!r}:
    before = set(sys.modules)
    importlib.import_module(module)
    pulled[module] = sorted(
        m for m in set(sys.modules) - before
        if any(m == f or m.startswith(f + ".") for f in forbidden)
    )
print(json.dumps(pulled))
"""


@pytest.fixture(scope="module")
def pulled_in() -> dict[str, list[str]]:
    code = PROBE.format(forbidden=FORBIDDEN, modules=MODULES)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


@pytest.mark.xdist_group("purity")
@pytest.mark.parametrize("module", MODULES)
def test_core_module_imports_nothing_impure(module, pulled_in):
    assert pulled_in[module] == [], f"{module} pulled in {', '.join(pulled_in[module])}"
