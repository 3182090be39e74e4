"""Reading YAML and JSON files safely and writing files atomically.

Reads are bounded before anything is built: only regular files (no devices, FIFOs or
symlinks to them), at most ``MAX_BYTES``, YAML parsed with the safe loader after a pass over
its events that limits nesting, aliases and string length (so a billion-laughs file or
``[`` x 20,000 is refused, not expanded), JSON with its constants (NaN, Infinity) and
oversized numbers refused. What is built is then walked once: plain JSON types only, finite
numbers, bounded depth and size (aliases counted as often as they are used). Every failure is
one ConfigError naming the file and the field."""

import json
import math
import os
import re
import stat
import tempfile
import time
from pathlib import Path

import yaml

from game.engine.errors import ConfigError

MAX_BYTES = {"yaml": 2_000_000, "json": 16_000_000}  # a scenario is ~10 kB, a long save ~200 kB
MAX_DEPTH = 40  # scenarios and saves nest about 6 deep
MAX_ALIASES = 100  # the configs use a handful
MAX_NODES = 2_000_000  # values after aliases are expanded (a long save has ~50,000)
MAX_STRING = 50_000  # characters in one string
MAX_INT_DIGITS = 30  # seeds are below 2**63 (19 digits)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml where built
    """yaml.safe_load's loader, reading ``1e308`` and ``2E-3`` as the numbers they are (YAML
    1.2 does; YAML 1.1 wants a dot, ``1.0e+308``, and reads them as text, which a number field
    then refuses as "must be a number, not '1e308'")."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$"), list("-+0123456789")
)
_SCALARS = (str, int, float, bool, type(None))


def read_bounded(path, kind="yaml"):
    """The file's text: a regular file (after following symlinks) of at most MAX_BYTES."""
    path = Path(path)
    limit = MAX_BYTES[kind]
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ConfigError(path, "(file)", "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(path, "(file)", "is not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise ConfigError(
                path, "(file)", f"is {info.st_size:,} bytes, more than the {limit:,} allowed"
            )
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped since the stat
                raise ConfigError(path, "(file)", "is not a regular file")
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise ConfigError(path, "(file)", "no such file") from None
    except OSError as exc:
        raise ConfigError(path, "(file)", f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise ConfigError(path, "(file)", f"is more than the {limit:,} bytes allowed")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, "(file)", f"is not UTF-8 text (byte {exc.start})") from None


def _yaml_error(path, exc):
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark else "(syntax)"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return ConfigError(path, where, f"not valid YAML: {problem}")


def _check_events(text, path):
    """Nesting, alias and string limits on the event stream, before any object is built."""
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1
                raise ConfigError(path, f"line {line}", f"nested more than {MAX_DEPTH} deep")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                line = event.start_mark.line + 1
                raise ConfigError(path, f"line {line}", f"more than {MAX_ALIASES} aliases (*name)")
        elif isinstance(event, yaml.ScalarEvent) and len(event.value) > MAX_STRING:
            line = event.start_mark.line + 1
            raise ConfigError(
                path, f"line {line}", f"a value longer than {MAX_STRING:,} characters"
            )


def check_tree(data, path):
    """Walk parsed data once: plain JSON types, finite numbers, bounded depth, size and
    strings. Shared (aliased) parts are counted each time they are used."""
    nodes = 0
    stack = [(data, "(top level)", 0)]
    while stack:
        value, field, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise ConfigError(path, field, f"more than {MAX_NODES:,} values (aliases expanded)")
        if depth > MAX_DEPTH:
            raise ConfigError(path, field, f"nested more than {MAX_DEPTH} deep")
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    raise ConfigError(path, f"{field}.{key}", "a key must be a word or a number")
                name = key if field == "(top level)" else f"{field}.{key}"
                stack.append((item, str(name), depth + 1))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                stack.append((item, f"{field}[{i}]", depth + 1))
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise ConfigError(path, field, f"must be a finite number, not {value!r}")
        elif isinstance(value, str):
            if len(value) > MAX_STRING:
                raise ConfigError(path, field, f"is longer than {MAX_STRING:,} characters")
        elif isinstance(value, int) and not isinstance(value, bool):
            if abs(value) >= 10**MAX_INT_DIGITS:
                raise ConfigError(path, field, f"is a number of more than {MAX_INT_DIGITS} digits")
        elif not isinstance(value, _SCALARS):
            raise ConfigError(
                path, field, f"a {type(value).__name__} is not allowed here (quote it as text)"
            )
    return data


def parse_yaml(text, path="(text)"):
    """Parse YAML text with the limits above (``yaml.safe_load`` semantics)."""
    try:
        _check_events(text, path)
        loader = _Loader(text)  # what yaml.load does, with libyaml's safe loader
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. an unhashable key
        raise ConfigError(path, "(syntax)", f"not valid YAML: {exc}") from None
    return check_tree(data, path)


_NOT_FINITE = {"nan", "inf", "infinity"}


def parse_value(text, path, field):
    """A value typed for one setting (the command line's ``--set``, the facilitator's box),
    read as every YAML file is (parse_yaml: safe, bounded): a number (1e3 too), a word, or a
    mapping or list ({JPN: 0.7}, a list of effects). What it sets checks its kind and range;
    here only what can't be a value at all is refused (a ConfigError naming ``path`` and
    ``field``): nothing, broken YAML, a tag, NaN or infinity, a number spelt too long."""
    text = str(text)
    bare = text.strip()
    if len(bare) > MAX_INT_DIGITS and bare.lstrip("+-").replace(".", "", 1).isdigit():
        raise ConfigError(path, field, f"{bare[:20]}... is too long a number")
    try:
        value = parse_yaml(text, path)
    except ConfigError as exc:
        raise ConfigError(path, field, exc.problem) from None
    if value is None:
        raise ConfigError(path, field, "is empty: type a value")
    _refuse_not_finite(value, path, field)
    return value


def _refuse_not_finite(value, path, field):
    """A word that spells NaN or infinity (YAML reads ``nan`` as a word) is refused as one."""
    if isinstance(value, str) and value.strip().lstrip("+-").lower() in _NOT_FINITE:
        raise ConfigError(path, field, f"must be a finite number, not {value!r}")
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        _refuse_not_finite(item, path, field)


def read_yaml(path):
    """Parse a YAML file safely and within the limits; any failure is a ConfigError."""
    return parse_yaml(read_bounded(path, "yaml"), Path(path))


def _refuse_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def _bounded_int(text):
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a number of more than {MAX_INT_DIGITS} digits")
    return int(text)


def parse_json(text, path="(text)"):
    """Parse JSON text with the limits above; NaN and Infinity are refused."""
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        raise ConfigError(path, f"line {exc.lineno}", f"not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise ConfigError(path, "(top level)", f"nested more than {MAX_DEPTH} deep") from None
    except ValueError as exc:
        raise ConfigError(path, "(syntax)", f"not valid JSON ({exc})") from None
    return check_tree(data, path)


def read_json(path):
    """Parse a JSON file safely and within the limits; any failure is a ConfigError."""
    return parse_json(read_bounded(path, "json"), Path(path))


TMP_SUFFIX = ".tmp"
STALE_SECONDS = 10  # a temporary older than this belongs to a writer that was killed


def sweep_temporaries(folder, name="*"):
    """Remove temporary files that killed writers of ``folder/name`` left behind."""
    now = time.time()
    try:
        for tmp in Path(folder).glob(f".{name}.*{TMP_SUFFIX}"):
            if now - tmp.stat().st_mtime > STALE_SECONDS:
                tmp.unlink(missing_ok=True)
    except OSError:
        pass


def write_atomic(path, text):
    """Write text to path through a temporary file in the same folder and a rename, so a crash
    never leaves half a file and a reader never sees one. Temporaries an earlier, killed write
    left are swept first; this write's own is removed if it fails."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        sweep_temporaries(path.parent, path.name)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    except OSError as exc:  # named by the file asked for, not by its temporary
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_output(path, option, folder=False, inputs=()):
    """Refuse, before any work, an output that can't or mustn't be written: a folder where a
    file goes (or a file where a folder goes), an input file (a save, the scenario), or a place
    this user can't write. Returns the path."""
    path = Path(path)
    target = path.resolve()
    for item in inputs:
        if item and Path(item).resolve() == target:
            raise ConfigError(option, str(path), "is an input of this command; write elsewhere")
    if target.exists():
        if folder and not target.is_dir():
            raise ConfigError(option, str(path), "is a file, not a folder: name a folder")
        if not folder and target.is_dir():
            raise ConfigError(option, str(path), "is a folder: name a file to write")
        if not folder and not target.is_file():
            raise ConfigError(option, str(path), "is not a regular file")
    existing = target if target.is_dir() else target.parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise ConfigError(option, str(path), f"{existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        raise ConfigError(option, str(path), "cannot be written here (permission denied)")
    try:  # (access() says yes to root everywhere, /proc included: try a file there)
        fd, probe = tempfile.mkstemp(dir=existing, prefix=".probe-")
    except OSError as exc:
        raise ConfigError(option, str(path), f"cannot be written here ({exc.strerror})") from None
    os.close(fd)
    os.unlink(probe)
    return path
