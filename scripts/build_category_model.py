"""Rebuild the shipped category model from the packaged corpus.

    python scripts/build_category_model.py

Run it after editing src/tagwire/data/category_corpus.jsonl; a test fails while the
shipped model was built from another corpus.
"""

from pathlib import Path

from tagwire.enrich.classifier import SHIPPED_MODEL, train_default_model

target = Path(__file__).resolve().parent.parent / "src" / "tagwire" / SHIPPED_MODEL
target.write_bytes(train_default_model().to_bytes())
print(f"wrote {target} ({target.stat().st_size:,} bytes)")
