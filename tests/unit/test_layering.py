"""The domain knows nothing of HTTP: no domain package imports flask, werkzeug or the request."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "fieldcollect"
EDGE_PACKAGES = {"sync", "api", "web", "cli"}  # the audiences' edges may speak HTTP
FORBIDDEN_MODULES = ("flask", "flask_login", "flask_babel", "flask_wtf", "flask_httpauth", "werkzeug")


def domain_modules():
    for package in sorted(p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        if package.name not in EDGE_PACKAGES:
            yield from sorted(package.rglob("*.py"))


def forbidden_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [name for name in names
                  if name.split(".")[0] in FORBIDDEN_MODULES or name.endswith(".request")]
    return found


def test_there_are_domain_packages_to_check():
    assert len(list(domain_modules())) >= 5


def test_no_domain_module_imports_http_machinery():
    offenders = {str(path.relative_to(PACKAGE)): names
                 for path in domain_modules() if (names := forbidden_imports(path))}
    assert offenders == {}


def test_the_checker_catches_a_flask_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from flask import request\nimport werkzeug.security\n")
    assert forbidden_imports(sample) == ["flask", "flask.request", "werkzeug.security"]
