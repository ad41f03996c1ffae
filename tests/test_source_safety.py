"""No user input can reach eval, exec, compile, pickle, the filesystem or the
network: the app's own source (core/, lessons/, classroom/, ui/, app_pages/,
streamlit_app.py) never
calls them. Scanned with ast, so comments and strings don't count."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_FILES = sorted(
    [ROOT / "streamlit_app.py"]
    + list((ROOT / "core").rglob("*.py"))
    + list((ROOT / "lessons").rglob("*.py"))
    + list((ROOT / "classroom").rglob("*.py"))
    + list((ROOT / "ui").rglob("*.py"))
    + list((ROOT / "app_pages").glob("*.py"))
)

FORBIDDEN_CALLS = {"eval", "exec", "compile", "open", "__import__", "input", "breakpoint"}
FORBIDDEN_ATTRS = {
    ("os", "system"),
    ("os", "popen"),
    ("os", "remove"),
    ("os", "unlink"),
    ("subprocess", "run"),
    ("subprocess", "Popen"),
    ("subprocess", "call"),
    ("shutil", "rmtree"),
    ("pickle", "loads"),
    ("pickle", "load"),
    ("np", "load"),
    ("numpy", "load"),
    ("pd", "read_pickle"),
    ("pd", "read_csv"),
    ("Path", "open"),
    ("Path", "write_text"),
    ("Path", "read_text"),
}
FORBIDDEN_MODULES = {
    "pickle",
    "marshal",
    "shelve",
    "subprocess",
    "socket",
    "urllib",
    "http",
    "requests",
    "ctypes",
    "importlib",
    "shutil",
    "tempfile",
    "dill",
    "cloudpickle",
}


def _imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_there_is_source_to_scan():
    assert len(APP_FILES) >= 10


@pytest.mark.parametrize("path", APP_FILES, ids=[p.relative_to(ROOT).as_posix() for p in APP_FILES])
def test_no_dangerous_calls_or_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                bad.append(f"line {node.lineno}: {func.id}()")
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                if (func.value.id, func.attr) in FORBIDDEN_ATTRS:
                    bad.append(f"line {node.lineno}: {func.value.id}.{func.attr}()")
            if isinstance(func, ast.Attribute) and func.attr in {"eval", "exec", "query"}:
                # pandas DataFrame.eval/.query evaluate strings too
                bad.append(f"line {node.lineno}: .{func.attr}()")
    bad += [f"imports {m}" for m in sorted(_imports(tree) & FORBIDDEN_MODULES)]
    assert not bad, f"{path.name}: {bad}"


def test_scanner_catches_what_it_should():
    sample = "import pickle\nx = eval('1')\nimport os\nos.system('x')\ndf.query('a > 1')\n"
    tree = ast.parse(sample)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert any(isinstance(c.func, ast.Name) and c.func.id == "eval" for c in calls)
    assert "pickle" in _imports(tree)
