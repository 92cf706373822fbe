"""The command line: each command on a real SQLite file; errors are one line, never a traceback."""

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tagwire.cli import app
from tests.test_enrich_stories import PELLETIER, PELLETIER_PLEA

runner = CliRunner()


@pytest.fixture
def env(tmp_path, monkeypatch, database_url):
    monkeypatch.chdir(tmp_path)
    values = {"TAGWIRE_DATABASE_URL": database_url, "TAGWIRE_FETCH_ALLOW_HOSTS": "127.0.0.1", "TAGWIRE_FETCH_HOST_DELAY": "0"}
    for k, v in values.items():
        monkeypatch.setenv(k, v)
    return values


def invoke(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_sources_add_list_remove(env):
    r = invoke("sources", "add", "https://herald.example/rss", "--name", "Herald")
    assert r.exit_code == 0 and "added https://herald.example/rss (Herald)" in r.output
    assert "already subscribed" in invoke("sources", "add", "https://herald.example/rss").output
    rows = json.loads(invoke("sources", "list", "--json").output)
    assert [(r["source"], r["url"], r["articles"], r["errors"]) for r in rows] == [("Herald", "https://herald.example/rss", 0, 0)]
    assert invoke("sources", "remove", "https://herald.example/rss").exit_code == 0
    assert json.loads(invoke("sources", "list", "--json").output) == []


def test_opml_import_export(env, tmp_path):
    opml = tmp_path / "subs.opml"
    opml.write_text("""<?xml version="1.0"?><opml version="2.0"><head/><body>
      <outline text="News"><outline type="rss" text="Herald" xmlUrl="https://herald.example/rss"/>
      <outline type="rss" text="Bad" xmlUrl="ftp://bad.example/feed"/></outline></body></opml>""")
    r = invoke("sources", "import", str(opml))
    assert r.exit_code == 0 and "imported 1 feeds (0 already subscribed, 1 skipped)" in r.output
    exported = invoke("sources", "export").output
    assert 'xmlUrl="https://herald.example/rss"' in exported and 'text="Herald"' in exported


@pytest.mark.parametrize("args, message", [
    (("sources", "add", "javascript:alert(1)"), "only http and https URLs can be fetched: javascript:alert(1)\n"),
    (("sources", "add", "news.example/rss"), "(did you mean https://news.example/rss?)"),
    (("sources", "add", "localhost.example:8000/feed"), "(did you mean https://localhost.example:8000/feed?)"),
    (("sources", "import", "/no/such/file.opml"), "cannot read /no/such/file.opml"),
    (("sources", "remove", "https://nothing.example/"), "no feed with URL"),
    (("topics", "add", "!!!", "--phrase", "x"), "not a usable hashtag"),
    (("topics", "remove", "nosuchtopic"), "no topic #nosuchtopic"),
])
def test_user_errors_are_one_line(env, args, message):
    r = runner.invoke(app, list(args))
    assert r.exit_code == 1
    assert message in r.output
    assert "Traceback" not in r.output


def test_bad_opml_file(env, tmp_path):
    bad = tmp_path / "bad.opml"
    bad.write_text("<html>")
    r = runner.invoke(app, ["sources", "import", str(bad)])
    assert r.exit_code == 1 and "not a valid OPML file" in r.output


def test_topics(env):
    r = invoke("topics", "add", "#FerryStrike", "--phrase", "ferry strike", "--phrase", "ferry walkout")
    assert r.exit_code == 0 and "topic #ferrystrike" in r.output
    topics = {t["tag"]: t for t in json.loads(invoke("topics", "list", "--json").output)}
    assert topics["ferrystrike"]["phrases"] == ["ferry strike", "ferry walkout"]
    assert "groominggangs" in topics  # built-in
    assert invoke("topics", "remove", "ferrystrike").exit_code == 0
    assert "re-tagged 0 articles" in invoke("topics", "apply").output


def test_crawl_summary(env, server):
    server.set("/feed.xml", "<rss version='2.0'><channel><title>T</title></channel></rss>",
               Content_Type="application/rss+xml")
    invoke("sources", "add", server.url + "/feed.xml", "--name", "Local")
    r = invoke("crawl")
    assert r.exit_code == 0 and "crawled 1 feeds: 0 new articles, 0 feed errors" in r.output
    data = json.loads(invoke("crawl", "--force", "--json").output)
    assert data["feeds"] == 1 and data["errors"] == 0


def test_db_upgrade(env):
    r = invoke("db", "upgrade")
    assert r.exit_code == 0 and "integrity: ok" in r.output


def test_bad_configuration_from_a_real_process(tmp_path):
    """The installed entry point, run as a user would: a bad setting is one line on stderr."""
    cases = [({"TAGWIRE_DATABASE_URL": "nonsense"}, "not a database URL"),
             ({"TAGWIRE_PORT": "eighty"}, "TAGWIRE_PORT: port must be int"),
             ({"TAGWIRE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/db"}, "cannot open database"),
             ({"TAGWIRE_DATABASE_URL": "mysql://x@localhost/db"}, "unsupported database 'mysql'")]
    for extra, message in cases:
        proc = subprocess.run([sys.executable, "-m", "tagwire", "sources", "list"], cwd=tmp_path,
                              env={"PATH": "/usr/bin:/bin", **extra}, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1, proc.stderr
        assert message in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1


def test_categories_train_keeps_a_worse_model_out(env, tmp_path):
    good = tmp_path / "good.jsonl"
    rows = []
    for i in range(30):
        rows.append({"title": f"Striker scores twice in derby win {i}", "text": "The midfielder and the striker scored as the club won the league match in front of the fans.", "label": "sport"})
        rows.append({"title": f"Shares fall as bank profits slide {i}", "text": "Investors sold shares after the bank reported lower profits and the markets fell.", "label": "Business"})
    good.write_text("\n".join(json.dumps(r) for r in rows))
    r = invoke("categories", "train", "--input", str(good), "--json")
    assert r.exit_code == 0
    outcome = json.loads(r.output)
    assert outcome["rows"] == 60 and isinstance(outcome["replaced"], bool)


@pytest.mark.parametrize("content, message", [
    ('{"title": "a", "text": "b", "label": "Gardening"}\n', "not a category"),
    ('{"title": "a", "text": "x y z", "label": "Sport"}\n' * 5, "1 class"),
    ("not json\n", "not JSON"),
    ('{"title": "a", "text": "x y z", "label": "Sport"}\n{"title": "b", "text": "...", "label": "UK"}\n',
     "row 2: empty text"),
])
def test_categories_train_bad_input(env, tmp_path, content, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content)
    r = runner.invoke(app, ["categories", "train", "--input", str(bad)])
    assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output


def test_analyze_streams_tags_categories_and_stories(env, tmp_path):
    rows = [
        {"id": "a1", "title": "Ferry operator Islink cancels Barra sailings after engine fault",
         "text": "Islink cancelled all sailings to Barra on Monday after an engine fault on its only vessel. "
                 "The ferry operator said repairs would take three days and passengers would be refunded.",
         "published": "2025-11-03T08:00:00Z", "source": "Herald"},
        {"id": "a2", "title": "Barra sailings cancelled as Islink ferry suffers engine fault",
         "text": "Passengers to Barra face three days without a ferry after Islink cancelled sailings because of "
                 "an engine fault, the operator said on Monday, promising refunds.",
         "published": "2025-11-03T09:30:00Z", "source": "Chronicle"},
        "not json",
        {"id": "a3", "title": "Striker Tom Reilly scores hat-trick as Harbour Rovers win derby",
         "text": "Tom Reilly scored three goals as Harbour Rovers beat their neighbours 4-1 in the league derby.",
         "published": "2025-11-04T20:00:00Z"},
        {"title": "no id"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["analyze", "--input", str(source), "--output", str(out)])
    assert r.exit_code == 0, r.output
    assert "analyzed 3 rows (2 skipped)" in r.output and ":3: not JSON" in r.output
    results = [json.loads(line) for line in out.read_text().splitlines()]
    assert [x["id"] for x in results] == ["a1", "a2", "a3"]
    assert results[0]["story"] == results[1]["story"] != results[2]["story"]
    assert {"islink", "barra"} <= {h["tag"] for h in results[0]["hashtags"]}
    assert all(h["why"] for x in results for h in x["hashtags"])
    assert results[2]["category"] == "Sport"


def _ferry_rows():
    """Two outlets' rows grouped by outlet, not by date: the Herald's follow-up five days later
    comes before the Chronicle's report of the first day."""
    first = ("Islink cancelled all sailings to Barra on Monday after an engine fault on its only vessel. "
             "The ferry operator said repairs would take three days and passengers would be refunded.")
    return [
        {"id": "h1", "title": "Islink cancels Barra sailings after engine fault", "text": first,
         "published": "Mon, 03 Nov 2025 08:00:00 GMT", "source": "Herald"},
        {"id": "h2", "title": "Rovers striker Tom Reilly signs new contract",
         "text": "Tom Reilly has signed a three-year contract with Harbour Rovers, the club said on Saturday.",
         "published": "2025-11-08T12:00:00Z", "source": "Herald"},
        {"id": "c1", "title": "Barra sailings cancelled as Islink ferry suffers engine fault", "text":
         "Passengers to Barra face three days without a ferry after Islink cancelled sailings because of "
         "an engine fault, the operator said on Monday, promising refunds.",
         "published": "2025-11-03T09:30:00+00:00", "source": "Chronicle"},
        {"id": "c2", "title": "Harbour Rovers keep Reilly", "text": "Striker Tom Reilly stays at Harbour Rovers.",
         "published": "yesterday-ish", "source": "Chronicle"},
    ]


def test_analyze_follows_the_inputs_time_order_not_its_line_order(env, tmp_path):
    source = tmp_path / "by-outlet.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in _ferry_rows()))
    r = runner.invoke(app, ["analyze", "--input", str(source), "--output", str(tmp_path / "out.jsonl")])
    assert r.exit_code == 0, r.output
    results = {x["id"]: x for x in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())}
    assert list(results) == ["h1", "c1", "h2", "c2"]  # by date; the undated row counts as now
    assert results["h1"]["story"] == results["c1"]["story"] != results["h2"]["story"]
    assert ":4: published 'yesterday-ish' is not a date" in r.output
    assert "analyzed 4 rows (0 skipped; 1 with an unreadable date)" in r.output


def test_analyze_gives_a_key_phrase_one_number_form_across_its_rows(env, tmp_path):
    rows = [dict(id=1, published="2026-12-01T10:00:00Z", title="Police forces merge control rooms",
                 text="Two police forces will merge their control rooms. The police forces said the change "
                      "saves money. Police forces elsewhere are watching."),
            dict(id=2, published="2026-12-01T12:00:00Z", title="Police force to recruit 300 officers",
                 text="The police force said on Monday it would recruit 300 officers next year. The police force "
                      "has struggled with vacancies, its chief constable said. Recruitment starts in spring.")]
    source = tmp_path / "police.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    r = runner.invoke(app, ["analyze", "--input", str(source), "--output", str(tmp_path / "out.jsonl")])
    assert r.exit_code == 0, r.output
    tags = [{h["tag"] for h in x["hashtags"]} for x in map(json.loads, (tmp_path / "out.jsonl").read_text().splitlines())]
    assert "policeforces" in tags[0] and "policeforces" in tags[1] and "policeforce" not in tags[1]


def test_analyze_reads_standard_input(env, tmp_path):
    rows = "".join(json.dumps(r) + "\n" for r in _ferry_rows()[:3])
    r = runner.invoke(app, ["analyze", "--input", "-"], input=rows)
    assert r.exit_code == 0, r.output
    ids = [json.loads(line)["id"] for line in r.stdout.splitlines() if line.startswith("{")]
    assert ids == ["h1", "c1", "h2"]


@pytest.mark.parametrize(("value", "expected"), [
    ("2025-11-03T08:00:00Z", "2025-11-03T08:00:00+00:00"),
    ("2025-11-03T09:00:00+01:00", "2025-11-03T08:00:00+00:00"),
    ("Mon, 03 Nov 2025 08:00:00 GMT", "2025-11-03T08:00:00+00:00"),
    ("3 November 2025 08:00", "2025-11-03T08:00:00+00:00"),
    ("2025-11-03", "2025-11-03T00:00:00+00:00"),
    (1762156800, "2025-11-03T08:00:00+00:00"),
    ("garbage", None), ("", None), (None, None), ([2025], None), (True, None), (1e300, None), ("9" * 500, None),
])
def test_analyze_reads_the_dates_corpora_use(value, expected):
    from tagwire.analyze import parse_published
    when = parse_published(value)
    assert (when.isoformat() if when else None) == expected


def test_extract_file_and_url(env, server):
    page = ("<html lang='en'><head><title>Harbour reopens | Gazette</title>"
            "<meta property='article:published_time' content='2025-11-03T09:00:00+00:00'></head><body><article>"
            "<h1>Harbour reopens</h1>" + "".join(f"<p>The harbour reopened to fishing boats on Monday, part {n} of the report "
                                                 f"on a month of repairs to the quay wall.</p>" for n in range(4))
            + "</article></body></html>")
    server.set("/a", page, Content_Type="text/html; charset=utf-8")
    r = invoke("extract", server.url + "/a", "--json")
    data = json.loads(r.output)
    assert set(data) == {"title", "text", "published", "modified", "authors", "section", "image", "language",
                         "publisher", "description", "paywalled", "word_count"}
    assert data["title"] == "Harbour reopens" and data["published"] == "2025-11-03T09:00:00+00:00"
    assert data["text"].count("\n\n") >= 1 and data["word_count"] > 40
    r = runner.invoke(app, ["extract", "/no/such/page.html"])
    assert r.exit_code == 1 and "cannot read /no/such/page.html" in r.output
    r = runner.invoke(app, ["extract", "http://169.254.169.254/latest"])
    assert r.exit_code == 1 and "non-public address" in r.output and "Traceback" not in r.output


def test_every_admin_action_prints_json_for_scripts(env, tmp_path):
    """sources add/remove/import and topics add/remove/apply: JSON on stdout, parsed back."""
    added = json.loads(invoke("sources", "add", "https://herald.example/rss", "--name", "Herald", "--json").stdout)
    assert added["created"] is True and added["source"] == "Herald" and added["feed_id"] >= 1
    again = json.loads(invoke("sources", "add", "https://herald.example/rss", "--json").stdout)
    assert again["created"] is False and again["feed_id"] == added["feed_id"]
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body>'
                    '<outline type="rss" text="Courier" xmlUrl="https://courier.example/feed"/>'
                    '<outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/></body></opml>')
    imported = json.loads(invoke("sources", "import", str(opml), "--json").stdout)
    assert imported["added"] == 1 and len(imported["errors"]) == 1
    assert json.loads(invoke("sources", "remove", "https://herald.example/rss", "--json").stdout) == {
        "removed": "https://herald.example/rss"}
    topic = json.loads(invoke("topics", "add", "ferries", "--rule", "ferry NEAR/3 strike", "--json").stdout)
    assert topic["tag"] == "ferries" and topic["rule"] == "ferry NEAR/3 strike"
    assert json.loads(invoke("topics", "apply", "--json").stdout) == {"changed": 0}
    assert json.loads(invoke("topics", "remove", "#ferries", "--json").stdout) == {"removed": "ferries"}


def test_categories_train_samples_a_file_far_larger_than_a_training_reads(env, tmp_path, monkeypatch):
    """A file several times MAX_TRAIN_CHARS is sampled while read, never held whole."""
    import tagwire.enrich.classifier as classifier

    big = tmp_path / "big.jsonl"
    rows = []
    for i in range(400):
        rows.append({"title": f"Striker scores twice in derby win {i}", "text": "The striker scored as the club won the league match.", "label": "Sport"})
        rows.append({"title": f"Shares fall as bank profits slide {i}", "text": "Investors sold shares after the bank reported lower profits.", "label": "Business"})
    big.write_text("\n".join(json.dumps(r) for r in rows))
    monkeypatch.setattr(classifier, "MAX_TRAIN_CHARS", big.stat().st_size // 16)  # keep = 1/4
    r = invoke("categories", "train", "--input", str(big), "--json")
    assert r.exit_code == 0, r.output
    outcome = json.loads(r.output)
    assert 120 < outcome["rows"] < 280  # about a quarter of 800
    assert "read as a random 25% of its lines" in outcome["message"]


def test_load_rows_sampled_keeps_label_shares_and_true_line_numbers():
    from tagwire.enrich.classifier import load_rows

    lines = [json.dumps({"title": "t", "text": "x", "label": "Sport" if i % 4 else "UK"}) for i in range(4000)]
    rows = load_rows(lines, keep=0.5, seed=1)
    assert 1800 < len(rows) < 2200
    assert 0.2 < sum(r["label"] == "UK" for r in rows) / len(rows) < 0.3
    assert load_rows(lines, keep=0.5, seed=1) == rows  # seeded: the same sample each time
    broken = lines[:10] + ["not json"] + lines[10:]
    with pytest.raises(Exception, match="line 11: not JSON"):
        load_rows(broken, keep=0.999999)


def test_analyze_survives_hostile_rows(env, tmp_path):
    """A row nested thousands deep was a RecursionError traceback; a 15 MB row took 42 s."""
    import time

    source = tmp_path / "hostile.jsonl"
    with source.open("wb") as f:
        f.write(json.dumps(_ferry_rows()[0]).encode() + b"\n")
        f.write(b"[" * 100_000 + b"]" * 100_000 + b"\n")
        f.write(b"\xff\xfe not text\n")
        f.write(json.dumps({"id": "big", "title": "Ferry", "text": "ferry timetable " * 500_000}).encode() + b"\n")
    started = time.process_time()
    r = runner.invoke(app, ["analyze", "--input", str(source), "--output", str(tmp_path / "out.jsonl")])
    assert r.exit_code == 0 and "Traceback" not in r.output, r.output
    assert ":2: not JSON (nested too deeply)" in r.output and ":3: not JSON" in r.output
    ids = [json.loads(line)["id"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert sorted(ids) == ["big", "h1"]
    assert time.process_time() - started < 30  # seconds of CPU, never minutes


def test_categories_train_reports_a_row_nested_too_deeply(env, tmp_path):
    bad = tmp_path / "deep.jsonl"
    bad.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n")
    r = runner.invoke(app, ["categories", "train", "--input", str(bad)])
    assert r.exit_code == 1 and "line 1: not JSON (nested too deeply)" in r.output and "Traceback" not in r.output


def test_sources_list_on_a_narrow_terminal_is_a_few_lines_per_feed(env):
    """Nine columns in 80 wrapped every cell to a word per line; narrow output is lines."""
    invoke("sources", "add", "https://herald.example/rss", "--name", "Herald")
    lines = invoke("sources", "list").output.splitlines()
    assert lines[0].startswith("Herald  https://herald.example/rss")
    assert "never · 0 articles" in lines[1] and "0 pages waiting" in lines[1]


def test_analyze_groups_with_the_instances_story_settings(env, tmp_path, monkeypatch):
    import tagwire.analyze

    seen = []
    real = tagwire.analyze.analyze_file

    def spy(stream, enrich, clusterer=None):
        seen.append(clusterer)
        return real(stream, enrich, clusterer)

    monkeypatch.setattr(tagwire.analyze, "analyze_file", spy)
    rows = [{"id": a.id, "title": a.title, "text": a.text, "published": a.published.isoformat()}
            for a in [*PELLETIER, PELLETIER_PLEA]]
    source = tmp_path / "plea.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    monkeypatch.setenv("TAGWIRE_STORY_WINDOW_HOURS", "48")
    monkeypatch.setenv("TAGWIRE_STORY_LOOKBACK_HOURS", "720")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["analyze", "--input", str(source), "--output", str(out)])
    assert r.exit_code == 0, r.output
    assert seen[0].window == 48 * 3600.0 and seen[0].keep == 720 * 3600.0
    stories = {x["id"]: x["story"] for x in map(json.loads, out.read_text().splitlines())}
    assert stories["p1"] == stories["p2"]  # 40 hours apart: inside the 48 h window


def test_sources_list_counts_one_article_and_one_error_in_the_singular(env, server):
    """"1 articles · … · 1 errors" read as a typo to a new user."""
    page = ("<html><head><title>Harbour works</title></head><body><article><h1>Harbour works</h1>"
            + "<p>The council said the new quay would open in spring, and traders welcomed the moorings.</p>" * 5
            + "</article></body></html>")
    server.set("/a", page, Content_Type="text/html; charset=utf-8")
    server.set("/feed.xml", f'<rss version="2.0"><channel><title>Herald</title><item><title>Harbour works</title>'
                            f'<link>{server.url}/a</link></item></channel></rss>', Content_Type="application/rss+xml")
    invoke("sources", "add", server.url + "/feed.xml", "--name", "Herald")
    invoke("crawl")
    server.set("/feed.xml", "down", status=500)
    invoke("crawl", "--force")
    lines = invoke("sources", "list").output.splitlines()
    text = " ".join(line.strip() for line in lines[1:])  # rich wraps at 80 columns
    assert "· 1 article ·" in text and "· 1 error ·" in text and "0 pages waiting" in text


def test_search_takes_the_shells_words_with_exclusions_and_phrases(env, tagwire):
    """`tagwire search ferry -union` unquoted was "No such option: -u"; "River Exe" lost its quotes."""
    from datetime import datetime, timezone

    from tagwire.types import NewArticle

    now = datetime.now(timezone.utc)
    for n, (source, title, text) in enumerate([
        ("Harbour Gazette", "Ferry strike", "The union and the ferry company met."),
        ("Moorland Echo", "Ferry delays", "Ferry crossings were late because of fog on the River Exe."),
        ("Moorland Echo", "Flood warning", "The Exe river rose; the ferry stopped."),
    ]):
        src = tagwire.storage.add_source(source)  # the same source for the same name
        tagwire.storage.upsert_article(NewArticle(
            url=f"https://news.example/{n}", source_id=src.id, feed_id=None, title=title, text=text,
            excerpt=text, published=now, fetched_at=now))

    def titles(*args):
        r = invoke("search", *args, "--json")
        assert r.exit_code == 0, r.output
        return sorted(a["title"] for a in json.loads(r.output)["results"])

    assert titles("ferry", "-union") == ["Ferry delays", "Flood warning"]
    assert titles("-union", "ferry") == ["Ferry delays", "Flood warning"]
    assert titles("ferry", "River Exe") == ["Ferry delays"]  # a phrase: "Exe river" is not it
    assert titles("ferry", "source:Moorland Echo") == ["Ferry delays", "Flood warning"]
    assert titles("ferry", "-source:Moorland Echo") == ["Ferry strike"]
    assert titles("ferry -union") == ["Ferry delays", "Flood warning"]  # one quoted argument, as before
