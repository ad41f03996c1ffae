"""Every cache in the app is bounded, so memory stays flat as a classroom's
configurations come and go (DESIGN: "bounded (max_entries)")."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(
    [
        *(ROOT / "ui").rglob("*.py"),
        *(ROOT / "app_pages").glob("*.py"),
        *(ROOT / "classroom").rglob("*.py"),
    ]
)
CACHES = {"cache_data", "cache_resource"}


def _cache_decorators(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for dec in node.decorator_list:
                func = dec.func if isinstance(dec, ast.Call) else dec
                if isinstance(func, ast.Attribute) and func.attr in CACHES:
                    yield node.name, dec


def test_every_cache_has_max_entries():
    found, unbounded = 0, []
    for path in FILES:
        for name, dec in _cache_decorators(ast.parse(path.read_text(encoding="utf-8"))):
            found += 1
            keywords = {k.arg: k.value for k in dec.keywords} if isinstance(dec, ast.Call) else {}
            bound = keywords.get("max_entries")
            if not (isinstance(bound, ast.Constant) and isinstance(bound.value, int)):
                unbounded.append(f"{path.name}:{name}")
            elif not 1 <= bound.value <= 256:
                unbounded.append(f"{path.name}:{name} (max_entries={bound.value})")
    assert found >= 10, "the scan found too few caches: has the decorator spelling changed?"
    assert not unbounded, unbounded
