"""axe-core (from the npm registry, fetched by scripts/fetch_axe.sh) on every kind of page,
in light and dark mode: no violation of impact "serious" or "critical" (contrast AA,
names of links and controls, landmarks, list and table structure…)."""

from __future__ import annotations

import pytest

from .conftest import AXE

SERIOUS = ("serious", "critical")
pytestmark = pytest.mark.skipif(not AXE.is_file(), reason=f"axe-core not found at {AXE}: run scripts/fetch_axe.sh "
                                                          "(scripts/test.sh does)")


def _pages(site) -> dict[str, str]:
    story = site.tagwire.storage.latest_articles(1)[0].story_id
    source = site.tagwire.feeds()[0].source_id
    return {"home": "/", "tag": "/tag/groominggangs", "story": f"/story/{story}", "source": f"/source/{source}",
            "search": "/search?q=%22price+cap%22", "empty search": "/search", "tags": "/tags",
            "sources": "/sources", "category": "/category/Politics", "api docs": "/api/v1/docs",
            "not found": "/tag/nosuchtagatall", "older page": "/?cursor=" + _cursor(site)}


def _cursor(site) -> str:
    from tagwire.store.articles import encode_cursor

    return encode_cursor(site.tagwire.storage.latest_articles(30)[-1])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, demo_site, scheme):
    # the site's CSP (rightly) refuses injected scripts: only this checking context bypasses it
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems = []
    checked = 0
    for name, path in _pages(demo_site).items():
        tab.goto(demo_site.url + path)
        tab.add_script_tag(path=str(AXE))
        # open the chart's table too, so its contrast and structure are checked
        tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        # dark mode changes colours only: there, contrast is the rule to run (halves the time)
        options = "{resultTypes: ['violations']" + (", runOnly: ['color-contrast']}" if scheme == "dark" else "}")
        result = tab.evaluate(f"axe.run(document, {options})")
        checked += len(result["passes"]) > 0 or len(result["violations"]) > 0
        for v in result["violations"]:
            if v["impact"] in SERIOUS:
                nodes = [n["target"] for n in v["nodes"][:3]]
                problems.append(f"{name} ({path}): {v['id']} [{v['impact']}] {v['help']} at {nodes}")
    context.close()
    assert checked == len(_pages(demo_site))
    assert not problems, "\n".join(problems)
