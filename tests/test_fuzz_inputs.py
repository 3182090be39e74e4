"""Hypothesis fuzzing of saves and scenarios (issue 14): truncations, bit flips, type swaps and
deep nesting. Whatever the input, the command line answers 0 (it was a legal game) or 2 with
one line; no exception escapes."""

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from main import main

ROOT = Path(__file__).resolve().parent.parent
BASELINE = (ROOT / "configs" / "scenarios" / "baseline-2025.yaml").read_text()
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
SWAPS = st.sampled_from([None, True, -1, 1e308, "x", [], {}, [[[]]], {"a": {"b": 1}}])


_CACHE = {}


def _save():
    _cache = _CACHE
    if "data" not in _cache:
        import tempfile

        path = Path(tempfile.mkdtemp()) / "game.json"
        assert main(["run", "--quiet", "--seed", "5", "--save", str(path)]) == 0
        _cache["data"] = path.read_text()
    return _cache["data"]


def _answer(capsys, args):
    code = main([str(a) for a in args])
    err = capsys.readouterr().err.strip().splitlines()
    assert code in (0, 2), (code, err)
    if code == 2:
        assert err and err[-1].startswith("error: ") and "Traceback" not in "\n".join(err)
    return code


def _paths(data, prefix=()):
    """Every (path) into nested JSON data."""
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _paths(v, (*prefix, i))


def _swap(data, path, value):
    if not path:
        return value
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


@SETTINGS
@given(data=st.data())
def test_fuzzed_saves_never_escape(capsys, tmp_path, data):
    text = _save()
    kind = data.draw(st.sampled_from(["truncate", "flip", "swap", "nest"]))
    if kind == "truncate":
        text = text[: data.draw(st.integers(0, len(text)))]
    elif kind == "flip":
        raw = bytearray(text.encode())
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] ^= 1 << data.draw(st.integers(0, 7))
        text = raw.decode("utf-8", "replace")
    elif kind == "swap":
        parsed = json.loads(text)
        paths = list(_paths(parsed))
        path = data.draw(st.sampled_from(paths))
        text = json.dumps(_swap(parsed, path, data.draw(SWAPS)))
    else:
        depth = data.draw(st.integers(50, 3000))
        text = text.replace('"decisions": [', '"decisions": [' + "[" * depth + "]" * depth + ",")
    path = tmp_path / "fuzzed.json"
    path.write_text(text)
    _answer(capsys, ["replay", path, "--no-pause"])


@SETTINGS
@given(data=st.data())
def test_fuzzed_scenarios_never_escape(capsys, tmp_path, data):
    import yaml

    text = BASELINE
    kind = data.draw(st.sampled_from(["truncate", "flip", "swap"]))
    if kind == "truncate":
        text = text[: data.draw(st.integers(0, len(text)))]
    elif kind == "flip":
        raw = bytearray(text.encode())
        i = data.draw(st.integers(0, len(raw) - 1))
        raw[i] ^= 1 << data.draw(st.integers(0, 7))
        text = raw.decode("utf-8", "replace")
    else:
        parsed = yaml.safe_load(text)
        path = data.draw(st.sampled_from(list(_paths(parsed))))
        text = yaml.safe_dump(_swap(parsed, path, data.draw(SWAPS)))
    path = tmp_path / "fuzzed.yaml"
    path.write_text(text)
    if _answer(capsys, ["validate", path]) == 0:  # accepted: it must play a legal game
        assert main(["run", "--quiet", "--scenario", str(path), "--seed", "1"]) == 0
        capsys.readouterr()
