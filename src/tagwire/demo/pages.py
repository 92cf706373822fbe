"""The demo outlets' HTML: five page designs, each with the clutter real news sites have
(navigation, share bars, newsletter boxes, related stories, cookie banners, paywalls),
so that extraction is tried on realistic markup.
"""

from __future__ import annotations

import json
import re

from .site import (
    _ACCENTS,
    IMAGE_SIZE,
    _display_time,
    _json_ld,
    _label,
    _Site,
    _slugify,
    e,
)


def _feed_link_tag(o: dict) -> str:
    kind = "application/atom+xml" if o["feed_kind"] == "atom" else "application/rss+xml"
    return f'<link rel="alternate" type="{kind}" title="{e(o["name"])} » Latest" href="{e(o["feed_url"])}">'


def _css(o: dict) -> str:
    r, g, b = _ACCENTS.get(o["slug"], (0x33, 0x33, 0x33))
    font = {"broadsheet": "Georgia, serif", "tabloid": "Arial, sans-serif",
            "magazine": "'Helvetica Neue', sans-serif", "regional": "Verdana, sans-serif",
            "classic": "'Times New Roman', serif"}.get(o["style"], "sans-serif")
    return (f"<style>body{{font-family:{font};margin:0;color:#222}}"
            f"header,.masthead{{background:#{r:02x}{g:02x}{b:02x};color:#fff;padding:8px 16px}}"
            "nav a{color:inherit;margin-right:12px}.ad-slot{background:#eee;text-align:center;"
            "padding:24px;color:#999;font-size:11px}.cookie-banner{position:fixed;bottom:0;"
            "background:#fff;border-top:1px solid #ccc;padding:12px}main{max-width:760px;"
            "margin:0 auto;padding:16px}</style>")


def _cookie_banner(o: dict) -> str:
    return (
        '<div id="consent-banner" class="cookie-banner" role="dialog" aria-label="Cookie consent">'
        f"<p>{e(o['name'])} and our advertising partners use cookies and similar technologies "
        "to measure audiences, personalise content and show relevant adverts. You can accept all "
        "cookies, reject those that are not essential, or choose which purposes you allow.</p>"
        '<button type="button" class="consent-accept">Accept all</button> '
        '<button type="button" class="consent-reject">Reject non-essential</button> '
        f'<a href="/{o["slug"]}/privacy#cookies">Manage preferences</a></div>'
    )


def _nav(site: _Site, o: dict) -> str:
    items = [f'<li><a href="{e(o["home_path"])}">Home</a></li>']
    for s in site.sections(o):
        items.append(f'<li><a href="/{o["slug"]}/section/{_slugify(s)}">{e(_label(s))}</a></li>')
    items.append(f'<li><a href="/{o["slug"]}/section/opinion">Opinion</a></li>')
    return f'<nav class="site-nav" aria-label="Sections"><ul>{"".join(items)}</ul></nav>'


def _header(site: _Site, o: dict) -> str:
    if o["style"] == "tabloid":
        return (
            '<header class="masthead"><div class="top-strip"><a href="#">Sign in</a> | '
            '<a href="#">My Meridian</a> | <span class="weather">Weather</span></div>'
            f'<a class="logo" href="{e(o["home_path"])}">{e(o["name"]).upper()}</a>'
            f'{_nav(site, o)}<div class="breaking-ticker">LATEST: '
            f'{e(site.by_outlet[o["slug"]][0]["title"])}</div></header>'
        )
    if o["style"] == "classic":
        return (
            f'<header id="masthead" class="site-header"><div class="site-branding">'
            f'<p class="site-title"><a href="{e(o["home_path"])}" rel="home">{e(o["name"])}</a></p>'
            f'<p class="site-description">{e(o["tagline"])}</p></div>'
            f'<div id="site-navigation" class="main-navigation">{_nav(site, o)}</div>'
            '<form role="search" class="search-form"><input type="search" name="s" '
            'placeholder="Search …"></form></header>'
        )
    return (
        f'<header class="site-header"><a class="logo" href="{e(o["home_path"])}">{e(o["name"])}</a>'
        f'<p class="tagline">{e(o["tagline"])}</p>{_nav(site, o)}'
        '<a class="subscribe-link" href="#subscribe">Subscribe</a></header>'
    )


def _footer(site: _Site, o: dict) -> str:
    year = site.now.year
    links = ["About us", "Contact", "Complaints", "Terms and conditions", "Privacy policy",
             "Cookie settings", "Advertise with us", "Careers"]
    lis = "".join(f'<li><a href="/{o["slug"]}/{_slugify(x)}">{e(x)}</a></li>' for x in links)
    return (
        f'<footer class="site-footer"><ul class="footer-links">{lis}</ul>'
        f"<p>© {year} {e(o['name'])} Ltd. All rights reserved. Registered in England and Wales.</p>"
        '<p class="disclaimer">This is a fictional publication served by the tagwire demo '
        "publisher. All outlets, people and events on this site are invented.</p></footer>"
    )


def _share_bar(a: dict) -> str:
    url = e(a["url"])
    return (
        '<div class="share-bar" aria-label="Share this article"><span>Share</span> '
        f'<a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={url}">Facebook</a> '
        f'<a class="share-x" href="https://x.com/intent/post?url={url}">X</a> '
        f'<a class="share-whatsapp" href="https://wa.me/?text={url}">WhatsApp</a> '
        f'<a class="share-email" href="mailto:?subject={e(a["title"])}&amp;body={url}">Email</a> '
        '<button type="button" class="copy-link">Copy link</button></div>'
    )


def _newsletter(o: dict) -> str:
    name = {"broadsheet": "Morning Briefing", "tabloid": "Meridian Daily Dose",
            "magazine": "The Long Read", "regional": "Coast Daily",
            "classic": "Gazette Weekly"}.get(o["style"], "Newsletter")
    return (
        '<div class="newsletter-signup"><h3>Sign up to ' + e(name) + "</h3>"
        "<p>The stories that matter, delivered free to your inbox every morning.</p>"
        '<form action="#" method="post"><label for="nl-email">Email address</label>'
        '<input id="nl-email" type="email" name="email" placeholder="you@example.com">'
        '<button type="submit">Sign up</button></form>'
        f'<p class="small">By signing up you agree to {e(o["name"])}\'s terms and privacy '
        "notice. You can unsubscribe at any time.</p></div>"
    )


def _related(site: _Site, a: dict, css_class: str = "related-stories") -> str:
    items = "".join(
        f'<li><a href="{e(r["url"])}">{e(r["title"])}</a></li>' for r in site.related(a)
    )
    return f'<aside class="{css_class}"><h2>Related stories</h2><ul>{items}</ul></aside>'


def _paywall_box(o: dict) -> str:
    return (
        '<div class="paywalled-content" aria-hidden="true"></div>'
        '<div id="subscribe" class="paywall subscription-box">'
        "<h2>Subscribe to continue reading</h2>"
        f"<p>This article is for {e(o['name'])} subscribers. Get unlimited access to our "
        "journalism, the daily edition and the full archive from £1 for your first month.</p>"
        '<a class="button subscribe-button" href="#">Subscribe now</a>'
        '<p class="sign-in">Already a subscriber? <a href="#">Sign in</a></p></div>'
    )


def _figure(a: dict, o: dict) -> str:
    caption = a.get("image_caption") or f"File picture. Photograph: {o['name']} picture desk"
    return (
        f'<figure class="lead-image"><img src="{e(a["image_url"])}" alt="{e(a["title"])}" '
        f'width="{IMAGE_SIZE[0]}" height="{IMAGE_SIZE[1]}" loading="eager"><figcaption>{e(caption)}</figcaption></figure>'
    )


def _pull_quote(a: dict) -> str:
    quote = a.get("pull_quote")
    if not quote:
        sentences = re.split(r"(?<=[.!?])\s+", a["paragraphs"][min(2, len(a["paragraphs"]) - 1)])
        quote = sentences[0]
    return f'<blockquote class="pull-quote"><p>{e(quote)}</p></blockquote>'


# --------------------------------------------------------------------------
# <head>
# --------------------------------------------------------------------------


def _json_ld_article(site: _Site, o: dict, a: dict) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a["title"],
        "description": a["summary"],
        "datePublished": site.iso(o, a["published"]),
        "dateModified": site.iso(o, a["modified"]),
        "author": [{"@type": "Person", "name": n} for n in a["authors"]],
        "publisher": {
            "@type": "Organization",
            "name": o["name"],
            "logo": {"@type": "ImageObject", "url": f"{site.base_url}/{o['slug']}/media/logo.png"},
        },
        "articleSection": a["section"],
        "image": (
            {"@type": "ImageObject", "url": a["image_url"], "width": IMAGE_SIZE[0], "height": IMAGE_SIZE[1]}
            if o["style"] in ("broadsheet", "magazine") else [a["image_url"]]
        ),
        "mainEntityOfPage": {"@type": "WebPage", "@id": a["url"]},
        "inLanguage": o.get("language", "en-GB"),
        "isAccessibleForFree": not a.get("paywalled", False),
    }
    if a.get("paywalled"):
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywalled-content",
        }
    return data


def _json_ld_block(site: _Site, o: dict, a: dict) -> str:
    article = _json_ld_article(site, o, a)
    crumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": o["name"], "item": o["home_url"]},
            {"@type": "ListItem", "position": 2, "name": a["section"],
             "item": f"{o['home_url']}section/{_slugify(a['section'])}"},
        ],
    }
    if o["style"] in ("tabloid", "classic"):
        article.pop("@context")
        crumbs_graph = dict(crumbs)
        graph = {"@context": "https://schema.org", "@graph": [
            {"@type": "WebPage", "@id": a["url"], "url": a["url"], "name": a["title"]},
            article, crumbs_graph]}
        return f'<script type="application/ld+json">{_json_ld(graph)}</script>'
    if o["style"] == "magazine":
        article.pop("@context")
        listing = [dict(article, **{"@context": "https://schema.org"}),
                   dict(crumbs, **{"@context": "https://schema.org"})]
        return f'<script type="application/ld+json">{_json_ld(listing)}</script>'
    return (f'<script type="application/ld+json">{_json_ld(article, pretty=True)}</script>\n'
            f'<script type="application/ld+json">{_json_ld(dict(crumbs, **{"@context": "https://schema.org"}))}</script>')


def _head(site: _Site, o: dict, a: dict) -> str:
    metas = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(a['title'])} | {e(o['name'])}</title>",
        f'<meta name="description" content="{e(a["summary"])}">',
        '<meta name="robots" content="index, follow, max-image-preview:large">',
        f'<link rel="canonical" href="{e(a["url"])}">',
        _feed_link_tag(o),
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{e(a["title"])}">',
        f'<meta property="og:description" content="{e(a["summary"])}">',
        f'<meta property="og:image" content="{e(a["image_url"])}">',
        f'<meta property="og:url" content="{e(a["url"])}">',
        f'<meta property="og:site_name" content="{e(o["name"])}">',
        '<meta property="og:locale" content="en_GB">',
        f'<meta property="article:published_time" content="{site.iso(o, a["published"])}">',
        f'<meta property="article:modified_time" content="{site.iso(o, a["modified"])}">',
        f'<meta property="article:section" content="{e(a["section"])}">',
    ]
    metas += [f'<meta property="article:author" content="{e(n)}">' for n in a["authors"]]
    if o["style"] in ("broadsheet", "classic"):
        metas.append(f'<meta name="author" content="{e(", ".join(a["authors"]))}">')
    metas += [
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:site" content="{e(o.get("twitter", ""))}">',
        f'<meta name="twitter:title" content="{e(a["title"])}">',
        f'<meta name="twitter:description" content="{e(a["summary"])}">',
        f'<meta name="twitter:image" content="{e(a["image_url"])}">',
        _css(o),
        _json_ld_block(site, o, a),
        '<script>window.dataLayer=window.dataLayer||[];dataLayer.push({"pageType":"article",'
        f'"section":{json.dumps(a["section"])},"paywall":{json.dumps(bool(a.get("paywalled")))}}});</script>',
    ]
    return "<head>\n" + "\n".join(metas) + "\n</head>"


# --------------------------------------------------------------------------
# Article bodies, one renderer per outlet style
# --------------------------------------------------------------------------


def _body_broadsheet(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    parts = []
    for i, p in enumerate(paras):
        parts.append(f"<p>{e(p)}</p>")
        if i == 2:
            parts.append('<div class="ad-slot ad-slot--inline">Advertisement</div>')
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    byline = a.get("byline") or "By " + " and ".join(a["authors"])
    return (
        '<main id="maincontent"><article class="article">'
        '<div class="article-header">'
        f'<p class="kicker"><a href="/{o["slug"]}/section/{_slugify(a["section"])}">{e(a["section"])}</a></p>'
        f'<h1 class="headline">{e(a["title"])}</h1>'
        f'<p class="standfirst">{e(a["summary"])}</p>'
        f'<div class="byline"><span class="byline-name">{e(byline)}</span></div>'
        f'<p class="dateline"><time datetime="{site.iso(o, a["published"])}">'
        f"{e(_display_time(o, a['published']))}</time></p></div>"
        f"{_share_bar(a)}{_figure(a, o)}"
        f'<div class="article-body" itemprop="articleBody">{"".join(parts)}</div>'
        f"{_newsletter(o)}</article>{_related(site, a)}"
        '<div class="ad-slot ad-slot--mpu">Advertisement</div></main>'
    )


def _body_tabloid(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    parts = []
    for i, p in enumerate(paras):
        parts.append(f"<p>{e(p)}</p>")
        if i in (1, 3):
            parts.append('<div class="ad-slot">Advertisement</div>')
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    byline = a.get("byline") or "By " + " and ".join(a["authors"]).upper()
    updated = ""
    if a["modified"] != a["published"]:
        updated = (f' | Updated: <time datetime="{site.iso(o, a["modified"])}">'
                   f"{e(_display_time(o, a['modified']))}</time>")
    most_read = "".join(
        f'<li><a href="{e(x["url"])}">{e(x["title"])}</a></li>'
        for x in site.by_outlet[o["slug"]][:5]
    )
    return (
        '<div class="page"><main class="content">'
        '<div class="ad-slot ad-slot--billboard">Advertisement</div>'
        '<article class="story">'
        f'<h1 class="story-title">{e(a["title"])}</h1>'
        f'<ul class="story-bullets"><li>{e(a["summary"])}</li></ul>'
        f'<div class="meta"><span class="author">{e(byline)}</span> '
        f'<span class="published">Published: <time datetime="{site.iso(o, a["published"])}">'
        f"{e(_display_time(o, a['published']))}</time>{updated}</span></div>"
        f"{_share_bar(a)}"
        '<div class="comments-count"><a href="#comments">View comments</a></div>'
        f"{_figure(a, o)}"
        f'<div class="story-body">{"".join(parts)}</div>'
        f"{_related(site, a, 'related-carousel')}{_share_bar(a)}{_newsletter(o)}"
        '<section id="comments" class="comments"><h2>Comments</h2>'
        "<p>Comments are closed on this article.</p></section></article></main>"
        '<aside class="sidebar"><h2>MOST READ</h2>'
        f'<ol class="most-read">{most_read}</ol>'
        '<div class="ad-slot ad-slot--sky">Advertisement</div></aside></div>'
    )


def _body_magazine(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    related = site.related(a, 1)
    parts = []
    for i, p in enumerate(paras):
        parts.append(f'<p class="para">{e(p)}</p>')
        if i == 1 and related and not a.get("paywalled"):
            r = related[0]
            parts.append(f'<p class="read-more"><strong>Read more:</strong> '
                         f'<a href="{e(r["url"])}">{e(r["title"])}</a></p>')
        if i == 2:
            parts.append(_pull_quote(a))
            parts.append('<div class="ad-slot">Advertisement</div>')
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    byline = a.get("byline") or " and ".join(a["authors"])
    return (
        '<div class="ad-slot ad-slot--leaderboard">Advertisement</div>'
        '<main class="layout"><article class="article" data-section="'
        f'{e(_slugify(a["section"]))}"><div class="article__head">'
        f'<span class="article__section">{e(_label(a["section"]))}</span>'
        f'<h1 class="article__title">{e(a["title"])}</h1>'
        f'<p class="article__dek">{e(a["summary"])}</p>'
        f'<div class="article__meta"><span class="article__byline">{e(byline)}</span> · '
        f'<time datetime="{site.iso(o, a["published"])}">{e(_display_time(o, a["published"]))}</time>'
        f' · <span class="reading-time">{max(1, sum(len(p.split()) for p in a["paragraphs"]) // 220)} min read</span>'
        f"</div></div>{_figure(a, o)}"
        f'<section class="article__content">{"".join(parts)}</section>'
        f"{_share_bar(a)}{_newsletter(o)}</article>{_related(site, a)}</main>"
    )


def _body_regional(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    parts = []
    for i, p in enumerate(paras):
        parts.append(f'<div class="text-block"><p>{e(p)}</p></div>')
        if i == 1:
            parts.append('<div class="inline-promo">Get the latest news from the coast '
                         '<a href="#newsletter">straight to your inbox</a></div>')
        if i == 3:
            parts.append('<div class="ad-slot">Advertisement</div>')
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    authors = a.get("byline") or ", ".join(a["authors"])
    most_read = "".join(
        f'<li><a href="{e(x["url"])}">{e(x["title"])}</a></li>'
        for x in site.by_outlet[o["slug"]][:5] if x is not a
    )
    return (
        '<div class="breadcrumbs"><a href="' + e(o["home_path"]) + '">Home</a> › '
        f'<a href="/{o["slug"]}/section/{_slugify(a["section"])}">{e(a["section"])}</a></div>'
        '<main class="main-content"><article>'
        f'<h1>{e(a["title"])}</h1>'
        f'<h2 class="summary">{e(a["summary"])}</h2>'
        f'<address class="author">{e(authors)}</address>'
        f'<p class="dateline">Posted <time datetime="{site.iso(o, a["published"])}" pubdate>'
        f"{e(_display_time(o, a['published']))}</time></p>"
        f"{_figure(a, o)}{_share_bar(a)}"
        f'<div class="article-content">{"".join(parts)}</div>'
        f'<div id="newsletter">{_newsletter(o)}</div>'
        f"{_related(site, a)}</article></main>"
        f'<aside class="rail"><h3>Most read</h3><ol>{most_read}</ol>'
        '<div class="ad-slot">Advertisement</div></aside>'
    )


def _body_classic(site: _Site, o: dict, a: dict, paras: list[str]) -> str:
    parts = [f"<p>{e(p)}</p>" for p in paras]
    if a.get("paywalled"):
        parts.append(_paywall_box(o))
    byline = a.get("byline") or "By " + " and ".join(a["authors"])
    related = "".join(
        f'<div class="jp-relatedposts-post"><a href="{e(r["url"])}">{e(r["title"])}</a></div>'
        for r in site.related(a, 3)
    )
    return (
        '<div id="page" class="site"><div id="content" class="site-content">'
        '<div id="primary" class="content-area"><main id="main" class="site-main">'
        f'<article id="post-{a["id"]}" class="post type-post status-publish format-standard">'
        '<header class="entry-header">'
        f'<span class="cat-links"><a href="/{o["slug"]}/section/{_slugify(a["section"])}" '
        f'rel="category tag">{e(a["section"])}</a></span>'
        f'<h1 class="entry-title">{e(a["title"])}</h1>'
        '<div class="entry-meta"><span class="posted-on">Posted on '
        f'<time class="entry-date published" datetime="{site.iso(o, a["published"])}">'
        f"{e(_display_time(o, a['published']))}</time></span> "
        f'<span class="byline">{e(byline)}</span></div></header>'
        f'<div class="post-thumbnail">{_figure(a, o)}</div>'
        f'<div class="entry-content">{"".join(parts)}'
        '<div class="sharedaddy"><h3 class="sd-title">Share this:</h3>'
        f"{_share_bar(a)}</div>"
        '<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline">'
        f"Related stories</h3>{related}</div></div>"
        '<div class="ad-slot">Advertisement</div>'
        f'<footer class="entry-footer">{_newsletter(o)}</footer></article>'
        '<div id="comments" class="comments-area"><h3 id="reply-title">Leave a Reply</h3>'
        '<form class="comment-form"><textarea name="comment"></textarea>'
        '<input type="submit" value="Post Comment"></form></div>'
        "</main></div>"
        '<aside id="secondary" class="widget-area"><section class="widget">'
        "<h2 class=\"widget-title\">What's on</h2><p>Farmers' market every Saturday in the "
        "Market Square, 8am to 1pm.</p></section></aside></div></div>"
    )


_BODY = {
    "broadsheet": _body_broadsheet,
    "tabloid": _body_tabloid,
    "magazine": _body_magazine,
    "regional": _body_regional,
    "classic": _body_classic,
}


def render_article(site: _Site, a: dict) -> str:
    o = site.outlets[a["outlet"]]
    body = _BODY.get(o["style"], _body_broadsheet)(site, o, a, a["visible_paragraphs"])
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n' + _head(site, o, a)
        + f'\n<body class="article-page style-{e(o["style"])}">\n'
        + _cookie_banner(o) + "\n" + _header(site, o) + "\n" + body + "\n"
        + _footer(site, o) + "\n</body>\n</html>\n"
    )


def render_home(site: _Site, o: dict, section: str | None = None) -> str:
    """The outlet front page, or with ``section`` (a slug) one section's index page."""
    items = []
    arts = site.by_outlet[o["slug"]]
    if section is not None:
        arts = [a for a in arts if _slugify(a["section"]) == section]
    canonical = o["home_url"] + (f"section/{section}" if section else "")
    heading = o["name"] if section is None else _label(section)
    for a in arts:
        items.append(
            f'<li class="teaser"><span class="teaser-section">{e(a["section"])}</span> '
            f'<a class="teaser-headline" href="{e(a["url"])}">{e(a["title"])}</a>'
            f'<p class="teaser-summary">{e(a["summary"])}</p>'
            f'<time datetime="{site.iso(o, a["published"])}">{e(_display_time(o, a["published"]))}</time></li>'
        )
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(heading)} | {e(o['tagline'] if section is None else o['name'])}</title>\n"
        f'<meta name="description" content="{e(o["description"])}">\n'
        f'<link rel="canonical" href="{e(canonical)}">\n{_feed_link_tag(o)}\n'
        f'<meta property="og:site_name" content="{e(o["name"])}">\n'
        '<meta property="og:type" content="website">\n'
        f"{_css(o)}\n</head>\n"
        f'<body class="home style-{e(o["style"])}">\n{_cookie_banner(o)}\n{_header(site, o)}\n'
        '<main class="front"><div class="ad-slot">Advertisement</div>'
        f'<h1 class="front-title">{e(heading)}</h1>'
        f'<ul class="headlines">{"".join(items)}</ul></main>\n'
        f"{_footer(site, o)}\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------
# Feeds, OPML, sitemap, robots
# --------------------------------------------------------------------------

