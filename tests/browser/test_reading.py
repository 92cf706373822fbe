"""What a reader sees and does in a real browser: home → hashtag → story → source → search.

Everything is read from the rendered page (text, order, where links go), the way
a person sees it, not from the HTML source.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from .conftest import PHONE, Site

CARD = "main article.card"


def _cards(page) -> list[dict]:
    """Each card as a reader sees it: its visible parts, in page order."""
    return page.eval_on_selector_all(CARD, """cards => cards.map(c => ({
        source: c.querySelector('.source')?.innerText.trim(),
        age: c.querySelector('time')?.innerText.trim(),
        datetime: c.querySelector('time')?.getAttribute('datetime'),
        category: c.querySelector('.category')?.innerText.trim(),
        title: c.querySelector('h2 a')?.innerText.trim(),
        href: c.querySelector('h2 a')?.href,
        also: c.querySelector('.also')?.innerText.trim() || null,
        tags: [...c.querySelectorAll('.tags a')].map(a => a.innerText.trim()),
    }))""")


def _assert_cards_read_well(cards: list[dict], site: Site) -> None:
    assert cards, "no cards on the page"
    outlets = {o.name for o in site.publisher.outlets}
    originals = {a["url"].split("?")[0] for a in site.publisher.articles}
    for c in cards:
        assert c["source"] in outlets, c
        assert re.fullmatch(r"just now|\d+ (minute|hour|day)s? ago|\d\d-\d\d-\d{4}", c["age"]), c
        assert c["category"], c
        assert c["title"] and c["href"] in originals, c  # the headline links to the original article
    times = [datetime.fromisoformat(c["datetime"]) for c in cards]
    assert times == sorted(times, reverse=True), "cards are not newest first"


def test_home_then_a_hashtag_then_a_story_then_a_source(page, demo_site):
    site = demo_site
    page.goto(site.url + "/")
    assert page.title() == "Latest news · tagwire"
    assert page.locator("main h1").first.inner_text() == "Latest news"
    home = _cards(page)
    _assert_cards_read_well(home, site)
    assert page.locator("nav.pager a[rel=next]").inner_text() == "Older articles"

    # follow a hashtag from the "Top hashtags" list
    first_tag = page.locator(".top-tags li a").first
    tag = first_tag.inner_text()
    first_tag.click()
    page.wait_for_url(re.compile(r"/tag/" + tag.lstrip("#") + "$"))
    assert page.locator("main h1").first.inner_text() == f"Latest news with {tag}"
    tagged = _cards(page)
    _assert_cards_read_well(tagged, site)
    assert all(tag in c["tags"] for c in tagged), "a card on a hashtag page without the hashtag"
    assert page.locator("figure.coverage-chart svg").first.is_visible()

    # a story reported by several outlets: one card, "Also reported by", then its coverage page
    page.goto(site.url + "/tag/groominggangs")
    also = page.locator(f"{CARD} p.also").first
    assert also.inner_text().startswith("Also reported by ")
    reports = also.locator("a[href^='/story/']")
    count = int(re.search(r"all (\d+) reports", reports.inner_text()).group(1))
    headline_of_card = page.locator(CARD).filter(has=page.locator("p.also")).first.locator("h2").inner_text()
    reports.click()
    page.wait_for_url(re.compile(r"/story/"))
    assert page.locator("main h1").inner_text()
    assert page.locator("p.lede").inner_text().startswith("First reported by ")
    rows = page.locator("ol.coverage > li")
    assert rows.count() == count >= 2
    times = [datetime.fromisoformat(t) for t in rows.locator("time").evaluate_all(
        "ts => ts.map(t => t.getAttribute('datetime'))")]
    assert times == sorted(times), "a story's coverage is in time order, first report first"
    titles = rows.locator("a").all_inner_texts()
    assert headline_of_card.strip() in [t.strip() for t in titles]

    # a card's publisher leads to the source's page: only its articles, its feed's health
    page.go_back()
    source_link = page.locator(f"{CARD} a.source").first
    name = source_link.inner_text()
    source_link.click()
    page.wait_for_url(re.compile(r"/source/\d+$"))
    assert page.locator("main h1").inner_text() == name
    assert "articles" in page.locator("ul.health-list").inner_text()
    from_source = _cards(page)
    _assert_cards_read_well(from_source, site)
    assert {c["source"] for c in from_source} == {name}


def test_category_and_directory(page, demo_site):
    page.goto(demo_site.url + "/tag/groominggangs")
    category = page.locator(f"{CARD} a.category").first
    name = category.inner_text()
    category.click()
    assert page.locator("main h1").inner_text() == f"Latest news in {name}"
    assert {c["category"] for c in _cards(page)} == {name}
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Hashtags").click()
    assert page.locator("main h1").inner_text() == "Hashtags"
    assert page.locator("ul.directory a").count() >= 10


def test_search_from_the_form(page, demo_site):
    page.goto(demo_site.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    box = page.get_by_role("searchbox")
    box.fill('"price cap"')
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    assert page.locator("#results-h").inner_text() == "Results for “\"price cap\"”"
    assert page.get_by_role("searchbox").input_value() == '"price cap"'  # the query stays editable
    found = _cards(page)
    assert found and all("price cap" in (c["title"] + page.locator(CARD).nth(i).inner_text()).lower()
                         for i, c in enumerate(found))
    # a second search through the button, with an exclusion
    box = page.get_by_role("searchbox")
    box.fill('"price cap" -ofgem')
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"ofgem"))
    assert all("ofgem" not in page.locator(CARD).nth(i).inner_text().lower() for i in range(page.locator(CARD).count()))


def test_pagination_link_moves_to_older_articles(page, demo_site):
    page.goto(demo_site.url + "/")
    first = _cards(page)
    page.locator("nav.pager a[rel=next]").click()
    page.wait_for_url(re.compile(r"cursor="))
    older = _cards(page)
    assert older and datetime.fromisoformat(older[0]["datetime"]) <= datetime.fromisoformat(first[-1]["datetime"])
    assert not {c["href"] for c in older} & {c["href"] for c in first}


def test_keyboard_reaches_links_and_the_search_box_with_visible_focus(page, demo_site):
    page.goto(demo_site.url + "/search")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.innerText")
    assert skip == "Skip to content"
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0  # shown when focused
    seen: list[str] = []
    for _ in range(20):
        focused = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            return {tag: e.tagName, id: e.id, text: e.innerText || '', outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth)}; }""")
        assert focused["outline"] != "none" and focused["width"] >= 2, f"focus not visible on {focused}"
        seen.append(focused["id"] or focused["text"])
        if focused["id"] == "q":
            break
        page.keyboard.press("Tab")
    assert "q" in seen, f"Tab never reached the search box: {seen}"
    assert {"Latest", "Hashtags", "Sources", "Search"} <= set(seen)
    page.keyboard.type("energy")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=energy"))
    assert page.locator(CARD).count() >= 1


def test_dark_mode_follows_the_system_setting(browser, demo_site):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        tab = context.new_page()
        tab.goto(demo_site.url + "/")
        colours[scheme] = tab.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
                                                 getComputedStyle(document.body).color]""")
        context.close()
    assert colours["light"][0] == "rgb(255, 255, 255)"
    assert colours["dark"][0] == "rgb(18, 20, 23)"
    assert colours["light"][1] != colours["dark"][1]


PAGES = ["/", "/tag/groominggangs", "/tags", "/sources", "/search?q=energy", "/category/Politics"]


def test_narrow_screens_never_scroll_sideways(browser, demo_site):
    story = demo_site.tagwire.storage.latest_articles(1)[0].story_id
    source = demo_site.tagwire.feeds()[0].source_id
    pages = [*PAGES, f"/story/{story}", f"/source/{source}"]
    for width in (360, 390):
        context = browser.new_context(viewport={"width": width, "height": 800})
        tab = context.new_page()
        for path in pages:
            tab.goto(demo_site.url + path)
            overflow = tab.evaluate("""() => [document.documentElement.scrollWidth, window.innerWidth,
                [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right
                    > window.innerWidth + 1).slice(0, 3).map(e => e.tagName + '.' + e.className)]""")
            assert overflow[0] <= overflow[1], f"{path} at {width}px scrolls sideways: {overflow}"
        context.close()


def _png_size(path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_screenshots_at_desktop_and_phone_width(browser, demo_site, screenshots):
    site = demo_site
    story = site.tagwire.storage.latest_articles(1)[0].story_id
    source = site.tagwire.feeds()[0].source_id
    pages = {"home": "/", "tag": "/tag/groominggangs", "story": f"/story/{story}",
             "source": f"/source/{source}", "search": "/search?q=%22price+cap%22"}
    for label, viewport in (("1280", {"width": 1280, "height": 900}), ("390", PHONE)):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=viewport, color_scheme=scheme,
                                          device_scale_factor=1)
            tab = context.new_page()
            for name, path in pages.items():
                tab.goto(site.url + path)
                suffix = "" if scheme == "light" else "-dark"
                out = screenshots / f"{name}-{label}{suffix}.png"
                out.unlink(missing_ok=True)
                tab.screenshot(path=str(out), full_page=True)
                width, height = _png_size(out)
                assert width == viewport["width"] and height >= viewport["height"] // 2, (out, width, height)
            context.close()
    assert urlsplit(site.url).hostname == "127.0.0.1"
