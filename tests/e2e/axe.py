"""The accessibility check of the browser tests: axe-core (npm, local) run in the
page; a serious or critical violation fails the test, naming the rule and the
elements."""

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING = ("serious", "critical")


def violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations of the page as it is now."""
    if not AXE.exists():
        raise AssertionError(f"axe-core not found at {AXE}: run 'make setup'")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await window.axe.run(document)).violations")
    return [v for v in found if v.get("impact") in FAILING]


def assert_accessible(page: Any) -> None:
    """Fail on any serious or critical axe-core violation, with what and where."""
    found = violations(page)
    lines = [
        f"{v['impact']} {v['id']}: {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in found
    ]
    assert not found, f"{page.url}:\n" + "\n".join(lines)
