"""fieldcollect.forms.build is the one module that imports pyxform (house style: one pyxform caller)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def pyxform_importers() -> set[str]:
    found = set()
    paths = [path for folder in ("fieldcollect", "forms", "bench") for path in (ROOT / folder).rglob("*.py")]
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "pyxform" for name in names):
                found.add(str(path.relative_to(ROOT)))
    return found


def test_only_the_build_module_imports_pyxform():
    assert pyxform_importers() == {"fieldcollect/forms/build.py"}
