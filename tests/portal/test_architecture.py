"""The direction of imports in DESIGN.md: apps stand on the portal, never on each other."""

import ast
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
PORTAL = "anphu_portal"
# Only these portal modules may name the content apps (they list and route them).
PORTAL_MAY_NAME_APPS = {"anphu_portal.settings", "anphu_portal.urls"}
# (importing app, imported app): a leader's contacts are a hotline Contact.
ALLOWED_BETWEEN_APPS = {("organization", "hotline")}


def content_apps() -> set[str]:
    """Return the project's Django apps other than the portal."""
    return {path.parent.name for path in PROJECT.glob("*/apps.py")} - {PORTAL}


def project_modules() -> dict[str, Path]:
    """Return every Python module of the portal and the apps, by dotted name."""
    modules = {}
    for package in content_apps() | {PORTAL}:
        for path in (PROJECT / package).rglob("*.py"):
            parts = path.relative_to(PROJECT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def imported_names(path: Path, module: str) -> set[str]:
    """Return the dotted names a module imports, anywhere in it (functions included)."""
    is_package = path.name == "__init__.py"
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = module.split(".")
                parent = parent[: len(parent) - node.level + is_package]
                base = ".".join(filter(None, [*parent, base]))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    """Return, for each project module, the project modules it imports."""
    modules = project_modules()
    return {
        module: {name for name in imported_names(path, module) if name in modules} - {module}
        for module, path in modules.items()
    }


def top(module: str) -> str:
    return module.split(".", 1)[0]


def import_loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the groups of modules that import each other, directly or in a ring."""
    index, low, stack, on_stack, loops = {}, {}, [], set(), []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                loops.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return loops


def test_the_portal_never_imports_a_content_app():
    apps = content_apps()
    offending = sorted(
        f"{module} imports {name}"
        for module, imported in import_graph().items()
        if top(module) == PORTAL and module not in PORTAL_MAY_NAME_APPS
        for name in imported
        if top(name) in apps
    )
    assert offending == []


def test_content_apps_never_import_each_other():
    offending = sorted(
        f"{module} imports {name}"
        for module, imported in import_graph().items()
        for name in imported
        if top(module) != top(name)
        and top(name) != PORTAL
        and (top(module), top(name)) not in ALLOWED_BETWEEN_APPS
    )
    assert offending == []


def test_no_modules_import_each_other_in_a_loop():
    assert import_loops(import_graph()) == []


def test_the_walk_sees_the_imports_it_checks():
    """Guard the guard: the graph holds edges the rules above rely on."""
    graph = import_graph()
    assert "anphu_portal.matching" in graph["news.models.articles"]
    assert "anphu_portal.registry" in graph["anphu_portal.search"]
    assert "news.search" in graph["news.apps"]  # an import inside ready() counts too
    assert import_loops({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
