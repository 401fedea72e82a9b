"""axe-core in a Playwright page: the serious and critical violations, told readably.

The vendored `axe.min.js` (tests/browser/vendor/axe-core/README.md) is evaluated through the
DevTools protocol, which the page's Content-Security-Policy (no inline script) does not block:
the page is checked with its real policy in force.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def axe_violations(page: Any, impacts: tuple[str, ...] = BLOCKING) -> list[dict[str, Any]]:
    """The violations axe finds on the page as it stands, of the given impacts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;true")
    found: list[dict[str, Any]] = page.evaluate(_RUN)
    return [v for v in found if v["impact"] in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and one per element: rule, impact, help, selectors."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:6]:
            summary = " ".join((node["summary"] or "").split())[:240]
            lines.append(f"    {node['target']}: {summary}")
        if len(v["nodes"]) > 6:
            lines.append(f"    ... and {len(v['nodes']) - 6} more")
    return "\n".join(lines)


def assert_no_serious_violations(page: Any, where: str = "") -> None:
    violations = axe_violations(page)
    assert not violations, f"axe: {where or page.url}\n{describe(violations)}"
