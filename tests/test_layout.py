"""The layout's rules (README "Layout"): arrows point down only, modules stay small.

app_pages -> ui -> lessons -> core; classroom is used by ui only. A page file
imports the shared ui and its own demo folder, nothing from another demo.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMOS = {p.name for p in (ROOT / "ui").iterdir() if (p / "__init__.py").exists()}
PAGE_DEMO = {"symmetry": "symmetry", "chain_rule": "chain_rule",
             "gradient_descent": "gradient_descent", "logistic_vs_mlp": "logistic_vs_mlp",
             "weights": "weights", "worksheet": "worksheet", "poll": "poll"}  # fmt: skip
FORBIDDEN = {
    "core": ("lessons", "ui", "app_pages", "classroom", "streamlit"),
    "lessons": ("ui", "app_pages", "classroom", "streamlit"),
    "classroom": ("ui", "app_pages", "streamlit", "core"),
    "ui": ("app_pages",),
}


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _py(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_arrows_point_down(folder):
    bad = [
        f"{p.relative_to(ROOT)} imports {name}"
        for p in _py(folder)
        for name in _imports(p)
        if name.split(".")[0] in FORBIDDEN[folder]
    ]
    assert not bad, bad


def test_page_files_use_only_their_own_demo_folder():
    bad = []
    for page in _py("app_pages"):
        own = PAGE_DEMO.get(page.stem)
        for name in _imports(page):
            parts = name.split(".")
            if parts[0] == "ui" and len(parts) > 1 and parts[1] in DEMOS and parts[1] != own:
                bad.append(f"{page.name} imports {name}")
    assert not bad, bad


def test_core_is_the_engine_only():
    """The engine stays readable in one sitting: about 2,400 lines, plus the typed-formula
    parser (core/expr*.py), which the strict notation of the worksheet made ~900 lines."""
    files = _py("core")
    engine = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files
                 if not p.name.startswith("expr"))  # fmt: skip
    parser = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files
                 if p.name.startswith("expr"))  # fmt: skip
    assert engine <= 2500, f"core/ engine has {engine} lines: lesson material belongs in lessons/"
    assert parser <= 950, f"core/expr*.py has {parser} lines"


@pytest.mark.parametrize("folder", ["core", "lessons", "ui", "app_pages", "classroom"])
def test_no_module_over_400_lines(folder):
    long = [
        f"{p.relative_to(ROOT)}: {n}"
        for p in _py(folder)
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    ]
    assert not long, long
