"""The budget of function-local imports in src/ivplan: at most LIMIT, each with a comment saying why.

An import belongs at the top of its module. One inside a function is kept only where it saves start-up
time for a heavy stage (matplotlib, python-docx, Cerberus, a process pool, a command's whole app module
behind the click command line) and must say so. What counts, precisely:

- every `import ...` and `from ... import ...` statement in a .py file under src/ivplan that sits inside
  a function or method body (`def`, `async def`), at any depth: also in a nested function, a class
  defined in a function, or under `if`/`try`/`with` in a function;
- whatever it imports: the package's own modules, third-party packages and the standard library alike
  (an import of a cheap module has no reason to be postponed, so it has no free pass either);
- one statement is one import, however many names it takes from its module;
- not counted: statements under `if TYPE_CHECKING:` (they never run), and statements at module or class
  level, also inside a module-level `if`/`try` (they run when the module is imported).

Each counted import needs a comment (`# ...`) on one of its own lines or on the line directly above it,
when that line holds only a comment.

usage: python3 scripts/local_imports.py [--list] [REPO_ROOT]
  prints the imports without a comment and a one-line summary; --list prints every counted import
  with its comment. Exit 1 when there are more than LIMIT or one has no comment.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

LIMIT = 25
PACKAGE = "ivplan"


@dataclass(frozen=True)
class LocalImport:
    path: Path
    line: int
    statement: str
    comment: str | None  # the comment that says why, None when there is none


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _function_local_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(nodes: list[ast.AST], in_function: bool) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node.test):
                visit(list(node.orelse), in_function)  # the body never runs
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                if in_function:
                    found.append(node)
            else:
                inner = in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                visit(list(ast.iter_child_nodes(node)), inner)

    visit([tree], False)
    return found


def _comments(source: str) -> dict[int, tuple[str, bool]]:
    """{line: (comment text, whether the line holds only the comment)}."""
    comments = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            line = tok.start[0]
            alone = not tok.line[: tok.start[1]].strip()
            comments[line] = (tok.string.lstrip("#").strip(), alone)
    return comments


def local_imports(path: Path) -> list[LocalImport]:
    source = path.read_text(encoding="utf-8")
    comments = _comments(source)
    lines = source.splitlines()
    out = []
    for node in _function_local_imports(ast.parse(source, filename=str(path))):
        end = node.end_lineno or node.lineno
        own = [comments[n][0] for n in range(node.lineno, end + 1) if n in comments]
        above = comments.get(node.lineno - 1)
        why = own[0] if own else (above[0] if above is not None and above[1] else None)
        out.append(LocalImport(path, node.lineno, lines[node.lineno - 1].strip(), why or None))
    return out


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if a != "--list"]
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    found = [imp for path in sorted((root / "src" / PACKAGE).rglob("*.py")) for imp in local_imports(path)]
    for imp in found:
        where = f"{imp.path.relative_to(root)}:{imp.line}"
        if imp.comment is None:
            print(f"{where}: function-local import without a comment saying why: {imp.statement}")
        elif "--list" in argv:
            said = "" if imp.comment in imp.statement else f"  [# {imp.comment}]"
            print(f"{where}: {imp.statement}{said}")
    missing = sum(imp.comment is None for imp in found)
    print(f"function-local imports: {len(found)} (at most {LIMIT}), {missing} without a comment")
    return 1 if len(found) > LIMIT or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
