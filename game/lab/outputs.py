"""Batch output files: CSV rows streamed and flushed as games finish, the seeds already
recorded (for ``--resume``, trimming a row torn by a kill) and the Parquet copy with fixed
column types (needs the ``parquet`` extra, pyarrow)."""

import csv
from pathlib import Path

from game.engine.errors import ConfigError


# ------------------------------------------------------------------------------ streaming output
class RowWriter:
    """Appends rows to a CSV file in a fixed column order, flushed row by row (a kill loses at
    most the row being written; ``resume`` trims a torn last line)."""

    def __init__(self, path, cols, append=False):
        self.path, self.cols = Path(path), list(cols)
        fresh = not (append and self.path.exists() and self.path.stat().st_size > 0)
        self.fh = open(self.path, "w" if fresh else "a", newline="", encoding="utf-8")
        self.writer = csv.DictWriter(self.fh, fieldnames=self.cols, extrasaction="ignore")
        if fresh:
            self.writer.writeheader()
            self.fh.flush()

    def write(self, row):
        self.writer.writerow(row)

    def flush(self):
        self.fh.flush()

    def close(self):
        self.fh.close()


def _trim_torn_line(path):
    """Drop a half-written last line (a batch killed mid-write)."""
    with open(path, "rb+") as fh:
        data = fh.read()
        if data and not data.endswith(b"\n"):
            fh.truncate(data.rfind(b"\n") + 1)


def done_seeds(path, cols):
    """Seeds already recorded in a games.csv (for --resume); the header must match ours."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return set()
    _trim_torn_line(path)
    seeds = set()
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != list(cols):
            raise ConfigError(
                path, "(header)", "columns differ from this version's; use a new --out directory"
            )
        for line, row in enumerate(reader, start=2):
            if row:
                if not row[0].isdigit() or len(row[0]) > 19:
                    raise ConfigError(path, f"line {line}", f"seed {row[0][:30]!r} is not a seed")
                seeds.add(int(row[0]))
    return seeds


def filter_turns(path, keep):
    """Keep only the per-turn rows of games recorded in games.csv (streamed, in place)."""
    path = Path(path)
    if not path.exists():
        return
    _trim_torn_line(path)
    tmp = path.with_name(f".{path.name}.tmp")
    with (
        open(path, newline="", encoding="utf-8") as src,
        open(tmp, "w", newline="", encoding="utf-8") as dst,
    ):
        reader, writer = csv.reader(src), csv.writer(dst)
        header = next(reader, None)
        if header:
            writer.writerow(header)
            for row in reader:
                if row and int(row[0]) in keep:
                    writer.writerow(row)
    tmp.replace(path)


STRING_COLUMNS = ("label", "status", "error", "quarter")
STRING_PREFIXES = ("persona.", "grade.", "band.")
INT_COLUMNS = ("seed", "turn", "turns", "crisis", "alliance_survived", "thesis_holds")


def column_type(name):
    """The Parquet type of a record or per-turn column (fixed, so every batch has one schema)."""
    import pyarrow as pa

    if name in STRING_COLUMNS or name.startswith(STRING_PREFIXES):
        return pa.string()
    if name in INT_COLUMNS or name.startswith(("fired.", "played.")):
        return pa.int64()
    return pa.float64()


def csv_to_parquet(csv_path, parquet_path):
    """Convert a CSV to Parquet in streamed batches, with fixed column types (a failed game's
    empty cells become nulls). Returns the path, or None without pyarrow."""
    try:
        import pyarrow as pa
        import pyarrow.csv as pacsv
        import pyarrow.parquet as pq
    except ImportError:
        return None
    with open(csv_path, newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh), [])
    opts = pacsv.ConvertOptions(
        column_types={c: column_type(c) for c in header}, strings_can_be_null=False
    )
    reader = pacsv.open_csv(csv_path, convert_options=opts)
    tmp = Path(parquet_path).with_name(f".{Path(parquet_path).name}.tmp")
    schema = pa.schema([(c, column_type(c)) for c in header])
    with pq.ParquetWriter(tmp, schema) as writer:
        for batch in reader:
            writer.write_table(pa.Table.from_batches([batch]))
    tmp.replace(parquet_path)
    return parquet_path
