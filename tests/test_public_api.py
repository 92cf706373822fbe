import tagwire


def test_public_names_are_pinned():
    assert sorted(tagwire.__all__) == sorted([
        "Article", "ConfigError", "ExtractedArticle", "ExtractionError", "Feed", "FetchError",
        "HashtagCount", "InvalidInputError", "NotFoundError", "ParseError", "Settings", "Source",
        "StorageError", "TagAssignment", "TagwireError", "Tagwire", "Topic", "extract_article",
        "load_settings", "make_tagwire",
    ])
    for name in tagwire.__all__:
        assert hasattr(tagwire, name)


def test_errors_share_one_root():
    for name in ("ConfigError", "ExtractionError", "FetchError", "InvalidInputError", "NotFoundError",
                 "ParseError", "StorageError"):
        assert issubclass(getattr(tagwire, name), tagwire.TagwireError)
