"""docs/schemas/ is what `main.py schema` writes: a scenario author's editor validates against
the same schemas `validate` checks (rerun `python main.py schema` after changing one)."""

from pathlib import Path

from main import main

DOCS = Path(__file__).resolve().parent.parent / "docs" / "schemas"


def test_docs_schemas_are_current(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path)]) == 0
    written = {p.name: p.read_text() for p in tmp_path.glob("*.schema.json")}
    kept = {p.name: p.read_text() for p in DOCS.glob("*.schema.json")}
    assert sorted(written) == sorted(kept), "rerun: python main.py schema"
    stale = [name for name in written if written[name] != kept[name]]
    assert not stale, f"docs/schemas is stale for {stale}: rerun python main.py schema"
