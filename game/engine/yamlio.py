"""Reading YAML and JSON files safely (parsed, never run; every failure is a ConfigError) and
writing files atomically."""

import json
import os
import tempfile
from pathlib import Path

import yaml

from game.engine.errors import ConfigError

# libyaml's safe loader where PyYAML was built with it (~7x faster than the pure-Python one,
# the same documents and the same safety): scenarios load in every batch worker.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_text(path):
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "(file)", "no such file") from None
    except IsADirectoryError:
        raise ConfigError(path, "(file)", "is a folder, not a file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, "(file)", f"cannot read: {exc}") from None


def read_yaml(path):
    """Parse a YAML file with a safe loader; a missing or malformed file is a ConfigError."""
    path = Path(path)
    text = _read_text(path)
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506  (a safe loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "(syntax)"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(path, where, f"not valid YAML: {problem}") from None


def read_json(path):
    """Parse a JSON file; a missing, truncated or malformed file is a ConfigError."""
    path = Path(path)
    text = _read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(path, f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None


def write_atomic(path, text):
    """Write text to path through a temporary file in the same folder and a rename, so a crash
    never leaves half a file and a reader never sees one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
