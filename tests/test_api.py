"""The JSON API under /api/v1: filters, cursor pages, ETags, error objects, OpenAPI (real SQLite, test client)."""

from datetime import datetime, timedelta, timezone

import pytest
from lxml import html as lxml_html
from starlette.testclient import TestClient

from tagwire.errors import StorageError
from tagwire.types import NewArticle, TagAssignment
from tagwire.web import create_app

NOW = datetime.now(timezone.utc).replace(microsecond=0)
HOSTILE = '<script>alert("x")</script> ]]> \x07'
PATHS = {"/articles", "/articles/{article_id}", "/hashtags", "/hashtags/{tag}", "/sources", "/categories",
         "/articles/{article_id}/tags", "/hashtags/trending", "/hashtags/{tag}/related", "/stories",
         "/stories/{story_id}"}


def tag(name, why="test"):
    return TagAssignment(tag=name, label=name.title(), score=0.5, kind="keyphrase", why=why)


@pytest.fixture
def data(tagwire):
    """25 articles, one an hour: herald has the even ones, other the odd; every third is Sport."""
    herald = tagwire.storage.add_source("Herald")
    other = tagwire.storage.add_source("Other Post")
    ids = []
    for n in range(25):
        tags = (tag("ferrystrike", f'topic rule matched "ferry strike" in #{n}'),) if n % 2 == 0 else (tag("budget"),)
        article_id, _ = tagwire.storage.upsert_article(NewArticle(
            url=f"https://news.example/{n}", source_id=(herald if n % 2 == 0 else other).id, feed_id=None,
            title=f"Story {n} {HOSTILE}", text="Body.", excerpt="Excerpt.", published=NOW - timedelta(hours=n),
            fetched_at=NOW, category="Sport" if n % 3 == 0 else "Politics", tags=tags, authors=("Ann",)))
        ids.append(article_id)
    return tagwire, herald, other, ids


@pytest.fixture
def client(data):
    return TestClient(create_app(data[0]))


def test_articles_newest_first_with_offsets(client, data):
    body = client.get("/api/v1/articles?limit=3").json()
    assert [a["id"] for a in body["items"]] == data[3][:3]
    first = body["items"][0]
    assert first["title"] == f"Story 0 {HOSTILE}" and first["source"] == {"id": data[1].id, "name": "Herald"}
    assert first["published"] == (NOW).isoformat() and first["published"].endswith("+00:00")
    assert first["hashtags"] == [{"tag": "ferrystrike", "label": "Ferrystrike", "kind": "keyphrase"}]
    assert "text" not in first  # the full text stays with the publisher


def ids_of(client, url):
    return [a["id"] for a in client.get(url).json()["items"]]


def test_filters(client, data):
    _, herald, other, ids = data
    assert ids_of(client, "/api/v1/articles?tag=ferrystrike&limit=100") == ids[0::2]
    assert ids_of(client, "/api/v1/articles?tag=%23FerryStrike&limit=100") == ids[0::2]  # '#' and case forgiven
    assert ids_of(client, f"/api/v1/articles?source={other.id}&limit=100") == ids[1::2]
    assert ids_of(client, "/api/v1/articles?category=sport&limit=100") == ids[0::3]
    assert ids_of(client, f"/api/v1/articles?category=Sport&source={herald.id}&limit=100") == ids[0::6]
    since, until = (NOW - timedelta(hours=5)).isoformat(), (NOW - timedelta(hours=2)).isoformat()
    # since inclusive, until exclusive
    assert ids_of(client, f"/api/v1/articles?since={since}&until={until}".replace("+", "%2B")) == ids[3:6]
    naive = (NOW - timedelta(hours=1)).replace(tzinfo=None).isoformat()
    assert ids_of(client, f"/api/v1/articles?since={naive}") == ids[:2]  # no offset: UTC
    assert ids_of(client, "/api/v1/articles?tag=nosuchtag") == []
    assert ids_of(client, "/api/v1/articles?source=999") == []
    assert ids_of(client, "/api/v1/articles?source=99999999999999999999999") == []


@pytest.mark.parametrize("query", ["", "tag=ferrystrike&", "category=Politics&"])
def test_pages_cover_everything_once(client, data, query):
    expected = ids_of(client, f"/api/v1/articles?{query}limit=100")
    seen, url, pages = [], f"/api/v1/articles?{query}limit=4", 0
    while url:
        r = client.get(url)
        body = r.json()
        seen += [a["id"] for a in body["items"]]
        pages += 1
        if body["next_cursor"]:
            link = r.headers["link"]
            assert link.endswith('>; rel="next"') and f"cursor={body['next_cursor']}" in link
            url = link[1:link.index(">")]
        else:
            assert "link" not in r.headers
            url = None
    assert seen == expected and len(set(seen)) == len(seen)
    assert pages == -(-len(expected) // 4)


def test_article_detail_says_why(client, data):
    body = client.get(f"/api/v1/articles/{data[3][2]}").json()
    assert body["hashtags"] == [{"tag": "ferrystrike", "label": "Ferrystrike", "kind": "keyphrase", "score": 0.5,
                                 "why": 'topic rule matched "ferry strike" in #2'}]
    assert body["category"] == "Politics" and "category_reason" in body


def test_hashtags(client, data):
    body = client.get("/api/v1/hashtags?days=2").json()
    assert body == {"days": 2, "items": [{"tag": "ferrystrike", "label": "Ferrystrike", "count": 13},
                                          {"tag": "budget", "label": "Budget", "count": 12}]}
    assert client.get("/api/v1/hashtags?days=2&limit=1").json()["items"] == body["items"][:1]
    # the oldest article (#24, 24 hours old) falls out of a one-day window: a tie, then by tag
    day = client.get("/api/v1/hashtags?days=1").json()["items"]
    assert [(h["tag"], h["count"]) for h in day] == [("budget", 12), ("ferrystrike", 12)]
    assert client.get("/api/v1/hashtags").json()["days"] == 3  # the trending_days setting


def test_hashtag_detail(client, data):
    body = client.get("/api/v1/hashtags/budget?limit=5").json()
    assert (body["tag"], body["label"], body["count"]) == ("budget", "Budget", 12)
    assert [a["id"] for a in body["articles"]] == data[3][1:11:2] and body["next_cursor"]
    rest = client.get(f"/api/v1/hashtags/budget?limit=100&cursor={body['next_cursor']}").json()
    assert [a["id"] for a in rest["articles"]] == data[3][11::2] and rest["next_cursor"] is None


def test_hashtag_takes_typed_spellings(client, data):
    """/hashtags/FerryStrike was a 404 while ?tag=FerryStrike and the /tag/FerryStrike page found
    it: the detail and related routes now redirect a typed spelling to the stored tag."""
    for typed, target in (("FerryStrike", "ferrystrike"), ("%23ferry-strike", "ferrystrike"),
                          ("B%C3%BCdget", "budget")):
        r = client.get(f"/api/v1/hashtags/{typed}", follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == f"/api/v1/hashtags/{target}", typed
        r = client.get(f"/api/v1/hashtags/{typed}/related", follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == f"/api/v1/hashtags/{target}/related", typed
    assert client.get("/api/v1/hashtags/FerryStrike").json()["tag"] == "ferrystrike"
    assert client.get("/api/v1/hashtags/%20").json()["error"]["code"] == "not_found"  # nothing left: no redirect


def test_sources_with_health(client, data):
    tagwire, herald, other, _ = data
    feed, _ = tagwire.add_feed("https://news.example/rss", "Herald")
    tagwire.storage.record_feed_error(feed.id, message="HTTP 503 from https://news.example/rss", cause="http",
                                      next_check=NOW, now=NOW)
    tagwire.add_feed("https://other.example/rss", "Other Post")
    items = client.get("/api/v1/sources").json()["items"]
    assert [(s["id"], s["name"], s["articles"]) for s in items] == [
        (herald.id, "Herald", 13), (other.id, "Other Post", 12)]
    assert items[0]["per_day"] == round(13 / 7, 1)
    herald_feed = items[0]["feeds"][0]
    assert herald_feed["state"] == "error" and herald_feed["last_success"] is None
    assert herald_feed["last_error"] == {"message": "HTTP 503 from https://news.example/rss", "cause": "http",
                                         "at": NOW.isoformat(), "count": 1}
    assert items[1]["feeds"][0]["state"] == "never" and items[1]["feeds"][0]["last_error"] is None


def test_categories(client):
    items = client.get("/api/v1/categories").json()["items"]
    counts = {c["name"]: c["count"] for c in items}
    assert counts["Sport"] == 9 and counts["Politics"] == 16 and counts["Business"] == 0
    assert items[0]["name"] == "Politics" and items[-1]["name"] == "General"  # the taxonomy's order


def test_unsafe_links_become_null(tagwire):
    src = tagwire.storage.add_source("Shady")
    article_id, _ = tagwire.storage.upsert_article(NewArticle(
        url="javascript:alert(1)", source_id=src.id, feed_id=None, title="x", text="", excerpt="",
        published=NOW, fetched_at=NOW, image="data:text/html,hi"))
    body = TestClient(create_app(tagwire)).get(f"/api/v1/articles/{article_id}").json()
    assert body["url"] is None and body["image"] is None


def test_etag_and_304(client, data):
    first = client.get("/api/v1/articles?limit=5")
    etag = first.headers["etag"]
    again = client.get("/api/v1/articles?limit=5", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get("/api/v1/articles?limit=5", headers={"If-None-Match": "*"}).status_code == 304
    assert client.get("/api/v1/articles?limit=6", headers={"If-None-Match": etag}).status_code == 200
    tagwire = data[0]
    tagwire.storage.replace_tags(data[3][0], [tag("newtag")])  # any visible change changes the ETag
    changed = client.get("/api/v1/articles?limit=5", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    for path in ("/api/v1/sources", "/api/v1/categories", "/api/v1/hashtags", f"/api/v1/articles/{data[3][0]}"):
        r = client.get(path)
        assert client.get(path, headers={"If-None-Match": r.headers["etag"]}).status_code == 304, path


def error_of(r, status, code):
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]["message"]


def test_error_objects(client):
    assert "no article 99999" in error_of(client.get("/api/v1/articles/99999"), 404, "not_found")
    error_of(client.get("/api/v1/articles/99999999999999999999999"), 404, "not_found")
    error_of(client.get("/api/v1/hashtags/nosuchtag"), 404, "not_found")
    # a typed spelling is redirected to the stored tag, as /tag/Budget and ?tag=Budget take it (it was a 404)
    redirect = client.get("/api/v1/hashtags/Budget", follow_redirects=False)
    assert redirect.headers["location"] == "/api/v1/hashtags/budget"
    error_of(client.get("/api/v1/no/such/path"), 404, "not_found")
    for cursor in ("%00%01", "abc", "1-99999999999999999999999"):
        assert "invalid page cursor" in error_of(client.get(f"/api/v1/articles?cursor={cursor}"), 400, "bad_request")
    error_of(client.get("/api/v1/articles?tag=!!!"), 400, "bad_request")
    error_of(client.get(f"/api/v1/articles?since={NOW.date()}&until={NOW.date()}"), 400, "bad_request")
    for limit in (0, 101, "ten"):
        assert "limit" in error_of(client.get(f"/api/v1/articles?limit={limit}"), 422, "validation_error")
    assert "since" in error_of(client.get("/api/v1/articles?since=yesterday"), 422, "validation_error")
    error_of(client.get("/api/v1/articles/abc"), 422, "validation_error")
    error_of(client.get("/api/v1/hashtags?days=0"), 422, "validation_error")
    error_of(client.post("/api/v1/articles"), 405, "method_not_allowed")


def test_server_errors_are_objects_without_internals(data, monkeypatch):
    tagwire = data[0]
    client = TestClient(create_app(tagwire), raise_server_exceptions=False)

    def broken(*args, **kwargs):
        raise StorageError("database error while listing articles: disk I/O error at /secret/path")

    monkeypatch.setattr(tagwire, "articles", broken)
    message = error_of(client.get("/api/v1/articles"), 503, "unavailable")
    assert "secret" not in message
    monkeypatch.setattr(tagwire, "categories", lambda: 1 / 0)
    assert error_of(client.get("/api/v1/categories"), 500, "internal_error") == "internal error"


def test_openapi_lists_every_path_with_models(client):
    doc = client.get("/api/v1/openapi.json").json()
    public = {p: ops for p, ops in doc["paths"].items() if not p.startswith("/admin/")}
    assert set(public) == PATHS and doc["servers"] == [{"url": "/api/v1"}]
    # every admin operation says it needs the bearer token (tests/test_admin_api.py proves it)
    for path, ops in doc["paths"].items():
        if path.startswith("/admin/"):
            assert all(op.get("security") for op in ops.values()), path
    for path, ops in public.items():
        responses = ops["get"]["responses"]
        assert responses["200"]["content"]["application/json"]["schema"]["$ref"].startswith("#/components/schemas/")
        for status in ("404", "422"):
            assert responses[status]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody"), path
    schemas = doc["components"]["schemas"]
    models = {"ArticlePage", "ArticleDetail", "HashtagList", "HashtagDetail", "SourceList", "CategoryList"}
    assert models <= set(schemas)
    assert schemas["ArticleOut"]["properties"]["published"]["anyOf"][0]["format"] == "date-time"


def test_docs_page_needs_no_scripts(client):
    r = client.get("/api/v1/docs")
    assert r.status_code == 200 and r.headers["content-security-policy"].startswith("default-src 'none'")
    doc = lxml_html.fromstring(r.text)
    assert not doc.xpath("//script")
    listed = {h.text_content() for h in doc.xpath("//h2/code")}
    assert {f"GET /api/v1{p}" for p in PATHS} <= listed
    assert all(" /api/v1/admin/" in op for op in listed - {f"GET /api/v1{p}" for p in PATHS})
    assert doc.xpath("//a[@href='/api/v1/openapi.json']")
