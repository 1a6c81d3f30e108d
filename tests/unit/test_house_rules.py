"""The house's shape, kept by tests: permissions decided in domain/access.py only (no template or view names a
role), handlers reaching SQL only through use cases, no SQL composed by string replacement, no registration by
import side effect, no `# type: ignore` in domain/ or queries/."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROLE = r"(syndic|accountant|board_member|owner|superadmin)"
# a role compared or tested: `.role == "x"`, `role in ("x", …)`, `"x" == …`, `actor.role` in a template
ROLE_TEST = re.compile(rf"""\.role\s*(==|!=|\bin\b|\bnot in\b)|(==|!=|\bin\b)\s*\(?\s*["']{ROLE}["']|["']{ROLE}["']\s*(==|!=)""")
PLUMBING = {"web/db.py", "web/serve.py"}  # the pool and the embedded cluster: the only web modules on queries


def _files(folder: str, pattern: str) -> list[Path]:
    return sorted((ROOT / folder).rglob(pattern))


def test_no_template_decides_by_role() -> None:
    found = []
    for path in _files("templates", "*.html"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            tags = " ".join(re.findall(r"{%.*?%}|{{.*?}}", line))
            if "actor.role" in tags or ROLE_TEST.search(tags):
                found.append(f"{path.relative_to(ROOT)}:{n}")
    assert found == [], "ask the policy: {{ can.<verb>_<resource> }}"


def test_no_view_or_api_module_decides_by_role() -> None:
    found = []
    for path in _files("web", "*.py"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_TEST.search(line) or ".require(" in line.replace("access.require(", ""):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert found == [], "ask the policy: domain.access.require / allowed"


def test_the_checker_sees_a_role_test() -> None:
    assert ROLE_TEST.search('{% if actor.role == "syndic" %}') and ROLE_TEST.search('x in ("owner", "syndic")')
    assert not ROLE_TEST.search('{"owner": {"id": 1}}') and not ROLE_TEST.search("can.approve_expense")


def test_web_reaches_sql_only_through_use_cases() -> None:
    found = [f"{path.relative_to(ROOT)}:{n}" for path in _files("web", "*.py")
             if str(path.relative_to(ROOT)) not in PLUMBING
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if re.match(r"\s*(from queries\b|import queries\b)", line)]
    assert found == []


def test_api_and_view_modules_do_not_import_each_other() -> None:
    found = []
    for side, other in (("web/api", "web.views"), ("web/views", "web.api")):
        for path in _files(side, "*.py"):
            if re.search(rf"^\s*(from|import) {re.escape(other)}\b", path.read_text(), re.M):
                found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_no_sql_is_composed_by_string_replacement() -> None:
    found = [f"{path.relative_to(ROOT)}:{n}" for path in _files("queries", "*.py")
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if re.search(r"\b_[A-Z][A-Z_]*\.replace\(", line)]
    assert found == []


def test_nothing_registers_itself_at_import() -> None:
    """Lists of blueprints, page sections and quota locks are written where they are used."""
    found = [f"{path.relative_to(ROOT)}:{n}" for folder in ("web", "domain") for path in _files(folder, "*.py")
             for n, line in enumerate(path.read_text().splitlines(), 1)
             if re.search(r"record_once|pkgutil\.iter_modules|\.append\(func\)", line)]
    assert found == []


def test_no_type_ignore_in_domain_or_queries() -> None:
    found = [f"{path.relative_to(ROOT)}:{n}" for folder in ("domain", "queries") for path in _files(folder, "*.py")
             for n, line in enumerate(path.read_text().splitlines(), 1) if "type: ignore" in line]
    assert found == [], "type it instead"
