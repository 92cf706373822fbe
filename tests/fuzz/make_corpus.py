"""Write the seed corpus of tests/fuzz/corpus/ (run once; the files are kept in the repository).

    python tests/fuzz/make_corpus.py

Seeds are small, hand-written documents of every kind tagwire reads, plus
hostile ones: entity expansion, external entities, deep nesting, huge
attributes, NUL bytes, invalid UTF-8, BOMs, mixed encodings, truncation.
Folders: feed/ (RSS, Atom, RDF, JSON Feed), sitemap/, opml/, html/ (article
pages), text/ (article text for excerpts and hashtags), hostile/ (any target).
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

HERE = Path(__file__).parent / "corpus"

P = ("The council approved the new ferry timetable on Monday after a long debate. "
     "Mr. Jones said the service would resume at 7 a.m. on weekdays. ")

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Northgate Herald</title><link>https://news.example.com/</link>
<description>Local news</description><language>en-gb</language>
<item><title>Ferry service returns</title><link>https://news.example.com/2025/05/ferry?utm_source=rss</link>
<guid isPermaLink="false">ferry-1</guid><pubDate>Mon, 12 May 2025 08:30:00 +0100</pubDate>
<dc:creator>Jane Smith</dc:creator><category>Transport</category>
<description><![CDATA[<p>{P}</p><script>alert(1)</script>]]></description>
<content:encoded><![CDATA[<p>{P}</p><p>{P}</p>]]></content:encoded></item>
<item><title>Grooming gang inquiry opens</title><link>/2025/05/inquiry</link><guid>https://news.example.com/2025/05/inquiry</guid>
<pubDate>not a date</pubDate><description>Home Secretary Yvette Cooper announced an inquiry.</description></item>
<item><guid>https://news.example.com/guid-only</guid><title>Only a guid</title></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB" xml:base="https://atom.example.org/">
<id>tag:atom.example.org,2009:feed</id><title type="text">Daily Meridian</title>
<updated>2025-05-12T09:00:00Z</updated><link rel="self" href="https://atom.example.org/feed.atom"/>
<entry><id>tag:atom.example.org,2025:1</id><title type="html">Budget &amp;lt;b&amp;gt;row&amp;lt;/b&amp;gt;</title>
<link rel="alternate" type="text/html" href="news/budget-row"/><published>2025-05-12T08:00:00+01:00</published>
<updated>2025-05-12T09:00:00Z</updated><author><name>Ravi Patel</name></author><category term="Politics"/>
<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{P}</p></div></summary>
<content type="html">&lt;p&gt;{P}&lt;/p&gt;</content></entry>
<entry><id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id><title>No link</title><updated>2025-13-45T99:99:99Z</updated></entry>
</feed>
"""

RDF = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example.net/"><title>Riverside Chronicle</title><link>https://rdf.example.net/</link>
<description>RSS 1.0</description><items><rdf:Seq><rdf:li resource="https://rdf.example.net/a1"/></rdf:Seq></items></channel>
<item rdf:about="https://rdf.example.net/a1"><title>Flood defences</title><link>https://rdf.example.net/a1</link>
<description>{P}</description><dc:date>2025-05-10T10:00:00Z</dc:date><dc:subject>Environment</dc:subject></item>
</rdf:RDF>
"""

RSS091 = """<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Caf\xe9 news</title><link>http://old.example.com/</link>
<item><title>Cr\xe8me br\xfbl\xe9e \xa3 price rise</title><link>http://old.example.com/creme</link>
<description>Prices up by \xa31.</description></item></channel></rss>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1", "title": "Coastline News",
    "home_page_url": "https://json.example.com/", "feed_url": "https://json.example.com/feed.json",
    "items": [
        {"id": "1", "url": "https://json.example.com/a/1", "title": "Harbour dredging",
         "content_html": f"<p>{P}</p>", "date_published": "2025-05-12T08:00:00+01:00",
         "authors": [{"name": "Ann Lee"}], "tags": ["Harbour", "Council"]},
        {"id": 2, "external_url": "/relative/2", "content_text": P, "date_modified": "yesterday"},
        {"id": None, "url": 42, "title": ["not", "a", "string"], "tags": "nope", "author": {"name": 7}},
        "not an object",
    ],
}

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://sm.example.com/news/1</loc><lastmod>2025-05-12T08:00:00Z</lastmod>
<news:news><news:publication><news:name>SM</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2025-05-12T07:00:00+01:00</news:publication_date><news:title>Rail strike called off</news:title>
<news:keywords>rail, strike, unions</news:keywords></news:news></url>
<url><loc>/news/2</loc><lastmod>2025-02-30</lastmod></url><url><loc></loc></url>
</urlset>
"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://sm.example.com/sitemap-2025-05.xml</loc><lastmod>2025-05-12</lastmod></sitemap>
<sitemap><loc>https://sm.example.com/sitemap-2025-04.xml</loc></sitemap>
<sitemap><loc>javascript:alert(1)</loc><lastmod>9999-99-99</lastmod></sitemap>
</sitemapindex>
"""

SITEMAP_PLAIN = """<urlset><url><loc>https://plain.example.com/a</loc></url><url><loc>https://plain.example.com/b</loc><lastmod>2024-01-01</lastmod></url></urlset>"""

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
<outline text="News"><outline type="rss" text="BBC" title="BBC News" xmlUrl="https://feeds.bbci.co.uk/news/rss.xml" htmlUrl="https://www.bbc.co.uk/news"/>
<outline type="rss" text="Guardian" xmlurl="https://www.theguardian.com/uk/rss"/></outline>
<outline type="rss" text="No url"/><outline text="Empty folder"></outline>
<outline type="rss" text="  Spaces  " xmlUrl="  https://spaces.example.com/feed  "/>
</body></opml>
"""

OPML1 = """<opml version="1.0"><body><outline title="Old" xmlUrl="http://old.example.com/rss"/></body></opml>"""


def _article(title: str, body: str, extra_head: str = "", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="{charset}"><title>{title} | Herald</title>'
            f'<meta property="og:title" content="{title}"><meta name="description" content="A summary.">'
            f'<link rel="canonical" href="https://news.example.com/a/1">'
            f'<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
            f'<link rel="alternate" type="application/atom+xml" href="https://news.example.com/atom">'
            f'{extra_head}</head><body><header><nav><a href="/">Home</a> <a href="/uk">UK</a></nav></header>'
            f'<main><article><h1>{title}</h1><p class="byline">By Jane Smith, Political Editor</p>'
            f'<time datetime="2025-05-12T08:00:00Z">12 May 2025</time>{body}</article></main>'
            f'<footer><p>© 2025 Herald. All rights reserved.</p></footer></body></html>')


BODY = "".join(f"<p>{P} Paragraph {i}.</p>" for i in range(6))
JSONLD = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",'
          '"headline":"Ferry returns","datePublished":"2025-05-12T08:00:00Z","author":[{"@type":"Person","name":"Jane Smith"}],'
          '"articleSection":"UK","isAccessibleForFree":"False","articleBody":"' + P * 4 + '",'
          '"publisher":{"@type":"Organization","name":"Herald"},"image":{"url":"https://news.example.com/i.jpg"}}</script>')
BAD_JSONLD = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x",, ]</script>'
PAYWALL = '<div class="paywall">Subscribe to read the rest</div>'

TEXT = (f"{P}\n\n"
        "Home Secretary Yvette Cooper said the grooming gangs inquiry would report by June. "
        "The Bank of England held rates. Dr. Emma O'Neill's report on the cost of living crisis was published.\n\n"
        "\"We will act,\" she said. The U.S. and the U.K. agreed. No. 10 declined to comment...\n\n"
        "ÉLECTIONS in São Paulo — naïve café résumé. NHS waiting lists; AI regulation; COVID-19. "
        "Sir Keir Starmer's government. Rt Hon Angela Rayner MP.")

HOSTILE: dict[str, bytes] = {
    "billion_laughs.xml": (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                                      for i in range(1, 10))
                           + b']>\n<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
                           b"<link>https://x.example.com/a</link></item></channel></rss>"),
    "quadratic_blowup.xml": (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "' + b"A" * 20000 + b'">]><rss><channel><item><title>'
                             + b"&a;" * 2000 + b"</title><link>https://x.example.com/q</link></item></channel></rss>"),
    "xxe_file.xml": (b'<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                     b'<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title>'
                     b"<link>https://x.example.com/x</link></item></channel></rss>"),
    "xxe_http.opml": (b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd">%p;]>'
                      b'<opml version="2.0"><body><outline xmlUrl="https://x.example.com/&p;"/></body></opml>'),
    "xxe_sitemap.xml": (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
                        b"<urlset><url><loc>https://x.example.com/&x;</loc></url></urlset>"),
    "deep_nesting.xml": b"<rss><channel>" + b"<div>" * 5000 + b"x" + b"</div>" * 5000 + b"</channel></rss>",
    "deep_nesting.html": b"<html><body>" + b"<div>" * 3000 + b"<p>deep</p>" + b"</div>" * 3000 + b"</body></html>",
    "deep_json.json": b'{"version":"https://jsonfeed.org/version/1","items":' + b"[" * 5000 + b"]" * 5000 + b"}",
    "huge_attribute.xml": b'<rss version="2.0"><channel><item title="' + b"A" * 150_000 + b'"><link>https://x.example.com/h</link></item></channel></rss>',
    "huge_attribute.html": b'<html><body><div class="' + b"c " * 60_000 + b'"><p>' + P.encode() * 5 + b"</p></div></body></html>",
    "many_items.xml": b'<rss version="2.0"><channel>' + b"".join(
        b"<item><title>t%d</title><link>https://x.example.com/%d</link></item>" % (i, i) for i in range(2000)) + b"</channel></rss>",
    "nul_bytes.xml": RSS.encode().replace(b"Ferry", b"Fe\x00rry").replace(b"<item>", b"<item>\x00", 1),
    "nul_bytes.html": _article("Nul\x00 title", BODY.replace("council", "coun\x00cil")).encode(),
    "invalid_utf8.xml": RSS.encode().replace(b"Herald", b"Her\xc3\x28ald\xff\xfe").replace(b"Ferry", b"F\xe2\x82rry"),
    "invalid_utf8.html": _article("Caf\udcff".encode("utf-8", "surrogateescape").decode("latin-1"), BODY).encode("latin-1", "replace") + b"\xf0\x28\x8c\x28",
    "bom_utf8.xml": codecs.BOM_UTF8 + ATOM.encode(),
    "bom_utf16le.xml": codecs.BOM_UTF16_LE + RSS.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16-le"),
    "bom_utf16be.html": codecs.BOM_UTF16_BE + _article("UTF-16 page", BODY, charset="utf-16").encode("utf-16-be"),
    "bom_utf32.json": codecs.BOM_UTF32_LE + json.dumps(JSON_FEED).encode("utf-32-le"),
    "bom_wrong.html": codecs.BOM_UTF8 + _article("Wrong BOM", BODY).encode("cp1252"),
    "mixed_encodings.xml": (b'<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\xe9 \xe2\x80\x94 '
                            b"\xc3\xa9</title><item><title>Na\xefve \x93quotes\x94</title><link>https://x.example.com/m</link></item></channel></rss>"),
    "mixed_encodings.html": (_article("Mixed", "<p>caf\u00e9 \u2014 </p>", charset="windows-1252").encode("utf-8")
                             + "<p>caf\u00e9 cp1252 \u201cquotes\u201d</p>".encode("cp1252") + BODY.encode()),
    "declared_utf16_ascii.html": _article("Lies about UTF-16", BODY, charset="utf-16").encode(),
    "unknown_charset.html": _article("Unknown charset", BODY, charset="x-no-such-charset").encode(),
    "truncated.xml": RSS.encode()[: len(RSS) // 2],
    "truncated_atom.xml": ATOM.encode()[:700],
    "truncated.html": _article("Cut off", BODY).encode()[:900],
    "truncated.json": json.dumps(JSON_FEED).encode()[:300],
    "truncated_utf8_char.html": _article("Ends mid char", BODY + "<p>caf\u00e9</p>").encode()[:-len("</p></article></main><footer><p>© 2025 Herald. All rights reserved.</p></footer></body></html>") - 1],
    "cdata_unclosed.xml": b'<rss version="2.0"><channel><item><title><![CDATA[open forever</title><link>https://x.example.com/c</link></item>',
    "processing_instructions.xml": b'<?xml version="1.0"?><?xml-stylesheet href="x.xsl"?><?php echo 1; ?><rss version="2.0"><channel><item><title>pi</title><link>https://x.example.com/pi</link></item></channel></rss>',
    "comment_bomb.html": b"<html><body>" + b"<!--" * 20000 + b"<p>text</p></body></html>",
    "script_bomb.html": b"<html><head><script>" + b"var a='</scr'+'ipt>';" * 20000 + b"</script></head><body><p>x</p></body></html>",
    "many_elements.html": b"<html><body><article><h1>Many</h1>" + b"<span>w</span> " * 60_000 + b"</article></body></html>",
    "long_line.html": b"<html><body><p>" + b"word " * 100_000 + b"</p></body></html>",
    "no_spaces.html": b"<html><body><p>" + b"a" * 200_000 + b"</p></body></html>",
    "binary.bin": bytes(range(256)) * 8,
    "png_header.bin": b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
    "empty.bin": b"",
    "whitespace.bin": b" \t\r\n" * 50,
    "xml_bomb_attrs.xml": b"<rss " + b" ".join(b'a%d="x"' % i for i in range(5000)) + b"/>",
    "html_as_feed.xml": b"<html><head><title>Not a feed</title></head><body><p>hello</p></body></html>",
    "rss_in_html.html": b'<html><body><rss version="2.0"><channel><item><title>x</title><link>https://x.example.com/r</link></item></channel></rss></body></html>',
    "nested_jsonld.html": _article("Nested JSON-LD", BODY, '<script type="application/ld+json">' + "[" * 3000 + "{}" + "]" * 3000 + "</script>").encode(),
    "jsonld_huge_numbers.html": _article("Numbers", BODY, '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":1e309,"dateModified":-99999999999999999999,"headline":12345678901234567890123}</script>').encode(),
    "weird_dates.xml": b'<rss version="2.0"><channel><item><title>d</title><link>https://x.example.com/d</link><pubDate>Mon, 99 Foo 99999 99:99:99 +9999</pubDate></item><item><title>e</title><link>https://x.example.com/e</link><pubDate>0000-00-00T00:00:00</pubDate></item></channel></rss>',
    "weird_urls.xml": (b'<rss version="2.0"><channel><item><title>u</title><link>http://[::1</link></item><item><title>v</title>'
                       b"<link>https://exa mple.com/\xff?utm_source=a#frag</link></item><item><title>w</title><link>javascript:alert(1)</link></item>"
                       b"<item><title>x</title><link>http://" + b"a" * 3000 + b".com/</link></item><item><title>y</title><link>https://x.example.com:99999/</link></item></channel></rss>"),
}


def main() -> None:
    files: dict[str, bytes | str] = {
        "feed/rss2.xml": RSS, "feed/atom.xml": ATOM, "feed/rdf.xml": RDF,
        "feed/rss091_latin1.xml": RSS091.encode("latin-1"),
        "feed/jsonfeed.json": json.dumps(JSON_FEED, indent=1),
        "feed/jsonfeed_no_version.json": json.dumps({"items": JSON_FEED["items"]}),
        "sitemap/news_sitemap.xml": SITEMAP, "sitemap/sitemap_index.xml": SITEMAP_INDEX,
        "sitemap/sitemap_no_ns.xml": SITEMAP_PLAIN,
        "opml/subscriptions.opml": OPML, "opml/opml1.opml": OPML1,
        "html/article.html": _article("Ferry service returns", BODY),
        "html/article_jsonld.html": _article("Ferry returns", BODY, JSONLD),
        "html/article_bad_jsonld.html": _article("Broken JSON-LD", BODY, BAD_JSONLD),
        "html/paywalled.html": _article("Members only", f"<p>{P}</p>{PAYWALL}",
                                        JSONLD.replace("Ferry returns", "Members only")),
        "html/windows1252.html": _article("Caf\u00e9 \u201cquotes\u201d \u00a3", BODY.replace("ferry", "caf\u00e9"),
                                          charset="windows-1252").encode("cp1252"),
        "html/hub_page.html": '<html><head><title>Sections</title></head><body>' + "".join(
            f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(50)) + "</body></html>",
        "html/br_paragraphs.html": "<html><body><div>" + "<br><br>".join([P] * 6) + "</div></body></html>",
        "html/xhtml.html": ('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
                            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><html xmlns="http://www.w3.org/1999/xhtml">'
                            f"<head><title>XHTML</title></head><body><h1>XHTML</h1>{BODY}</body></html>"),
        "text/article.txt": TEXT, "text/short.txt": "Mr. Smith.", "text/one_word.txt": "Supercalifragilistic" * 30,
        "text/unicode.txt": "Ṱ̺̺̕o͞ ̷i̲̬͇̪͙n̝̗͕v̟̜̘̦͟o̶̙̰̠kè͚̮̺̪̹̱̤ ͖t̝͕̳̣̻̪͞h̼͓̲̦̳̘̲e͇̣̰̦̬͎ ̢̼̻̱̘h͚͎͙̜̣̲ͅi̦̲̣̰̤v̻͍e̺̭̳̪̰-m̢iͅn̖̺̞̲̯̰d̵̼̟͙̩̼̘̳.\n\n\u202eRTL\u202c \ufeffBOM \u200bzero width. İstanbul ǅungla ß ﬁ.",
        "text/tags.txt": "Sir\nDr. Rt Hon\n#GroomingGangs\nO'Neill's\n   \n\u0130\u0307\n''''s\n123\nA.B.C.\n",
    }
    files.update({f"hostile/{k}": v for k, v in HOSTILE.items()})
    for name, data in files.items():
        path = HERE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    print(f"wrote {len(files)} seeds under {HERE}")


if __name__ == "__main__":
    main()
