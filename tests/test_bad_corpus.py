"""The bad-input corpus (issue 14): one case or more per class of failure and per file kind.
Each must exit 2 with one line naming the file and the field, and no traceback. Files live in
tests/bad_inputs/ (the absolute paths there point into this checkout's configs/); saves,
manifests and outputs are made from a real save at test time."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from main import main

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "bad_inputs"
BASELINE = ROOT / "configs" / "scenarios" / "baseline-2025.yaml"

FILES = {  # file -> (command, what the line must name)
    "scenario-deep-type-persona.yaml": ("validate", "personas.KOR"),
    "scenario-deep-type-rivals.yaml": ("validate", "rivals.USA"),
    "scenario-rivals-string.yaml": ("validate", "rivals.USA"),
    "scenario-start-month.yaml": ("validate", "start"),
    "scenario-param-list.yaml": ("validate", "hns_demand"),
    "scenario-brink-negative.yaml": ("validate", "brink"),
    "scenario-nan.yaml": ("validate", "aggressiveness"),
    "scenario-huge.yaml": ("validate", "values.senkaku"),
    "scenario-extends-outside.yaml": ("validate", "extends"),
    "scenario-policies-outside.yaml": ("validate", "policies"),
    "scenario-date.yaml": ("validate", "description"),
    "scenario-billion-laughs.yaml": ("validate", "aliases"),
    "scenario-deep-nesting.yaml": ("validate", "nesting"),
    "policies-ally-placeholder.yaml": ("validate", "effects"),
    "policies-format-attack.yaml": ("validate", "not a placeholder"),
    "policies-format-index.yaml": ("validate", "not a placeholder"),
    "events-once-list.yaml": ("validate", "events[e1].once"),
    "objectives-type.yaml": ("validate", "JPN"),
    "rules-out-of-range.yaml": ("validate", "parameters."),
    "personas-stance-out-of-range.yaml": ("validate", "personas.kind.stance"),
    "personas-unknown-setting.yaml": ("validate", "personas.default.answer_nosie"),
    "personas-missing-family.yaml": ("validate", "personas.rollout"),
    "personas-horizon-fraction.yaml": ("validate", "personas.rollout.horizon"),
    "decisions-answer-list.yaml": ("decisions", "turns.1"),
    "decisions-turn-99.yaml": ("decisions", "turns.99"),
}


def run_main(capsys, *args):
    code = main([str(a) for a in args])
    err = capsys.readouterr().err.strip().splitlines()
    return code, err


def assert_one_line(code, err, *needles):
    assert code == 2, err
    assert len(err) == 1 and err[0].startswith("error: "), err
    assert "Traceback" not in err[0]
    for needle in needles:
        assert str(needle) in err[0], (needle, err[0])


def test_the_corpus_is_all_here():
    assert sorted(FILES) == sorted(p.name for p in BAD.iterdir())


@pytest.mark.parametrize("name", sorted(FILES))
def test_bad_file(name, capsys, tmp_path):
    command, field = FILES[name]
    text = (
        (BAD / name)
        .read_text()
        .replace("/work/wt/harden/configs/scenarios/baseline-2025.yaml", str(BASELINE))
    )
    path = tmp_path / name
    path.write_text(text)
    if command == "decisions":
        args = ["run", "--quiet", "--as", "JPN", "--decisions", path]
    else:
        args = ["validate", path]
    start = time.perf_counter()
    code, err = run_main(capsys, *args)
    assert time.perf_counter() - start < 30
    assert_one_line(code, err, path, field)


def test_a_50_mb_scenario_is_refused_in_under_a_second(capsys, tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "w") as fh:
        fh.write("name: x\nnotes: |\n")
        line = "  " + "x" * 98 + "\n"
        fh.write(line * 500_000)
    start = time.perf_counter()
    code, err = run_main(capsys, "validate", path)
    assert time.perf_counter() - start < 1.0
    assert_one_line(code, err, path, "bytes")


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_a_symlink_to_a_device_is_refused(target, capsys, tmp_path):
    if not Path(target).exists():
        pytest.skip(f"no {target}")
    path = tmp_path / "scenario.yaml"
    path.symlink_to(target)
    assert_one_line(*run_main(capsys, "validate", path), path, "regular file")


@pytest.fixture(scope="module")
def save(tmp_path_factory):
    path = tmp_path_factory.mktemp("save") / "game.json"
    assert main(["run", "--quiet", "--seed", "3", "--save", str(path)]) == 0
    return json.loads(path.read_text())


def _edit(data, change):
    data = json.loads(json.dumps(data))
    change(data)
    return data


SAVE_CASES = {
    "inject-without-event": (
        lambda d: d["decisions"].append({"type": "inject", "turn": 2}),
        "decisions[",
    ),
    "custom-event-without-title": (
        lambda d: d["decisions"].append(
            {"type": "custom_event", "turn": 2, "id": "c", "effects": []}
        ),
        "title",
    ),
    "set-parameter-without-param": (
        lambda d: d["decisions"].append({"type": "set_parameter", "turn": 2, "value": 1}),
        "param",
    ),
    "scenario-path-a-number": (lambda d: d["scenario"].update(path=5), "scenario.path"),
    "actions-a-dict": (
        lambda d: d["decisions"].append(
            {"type": "decision", "turn": 2, "seat": "JPN", "actions": {}, "responses": {}}
        ),
        "actions",
    ),
    "edited-seed": (lambda d: d.update(seed=d["seed"] + 1), "fingerprint"),
    "persona-a-number": (lambda d: d["personas"].update(JPN=5), "personas.JPN"),
    "scenario-deep-type": (
        lambda d: d["scenario"]["data"].update(rivals={"USA": 5}),
        "scenario",
    ),
    "scenario-catalogue-outside": (
        lambda d: d["scenario"]["data"].update(policies="/etc/passwd"),
        "policies",
    ),
    "unknown-field": (lambda d: d.update(extra=1), "extra"),
}


HUMAN_DECISIONS = """seat: JPN
fallback: advisor
turns:
  1: {policies: [jpn_raise_defence]}
"""

REPLAY_CASES = {  # turn-1 JPN decision -> what the one line must say (turn, seat, policy, why)
    "too-costly-together": (
        ["jpn_defence_surge", "jpn_raise_defence"],
        ["(turn 1, JPN)", "jpn_defence_surge, jpn_raise_defence", "political capital"],
    ),
    "prerequisite-unmet": (
        ["jpn_retaliatory_tariffs"],
        ["(turn 1, JPN)", "jpn_retaliatory_tariffs is not legal", "needs", "(it is"],
    ),
    "another-seats-policy": (
        ["us_press_japan"],
        ["(turn 1, JPN)", "us_press_japan is not legal", "only United States"],
    ),
    "unknown-policy": (["nope"], ["(turn 1, JPN)", "no policy 'nope'"]),
}


@pytest.fixture(scope="module")
def human_save(tmp_path_factory):
    folder = tmp_path_factory.mktemp("human")
    (folder / "d.yaml").write_text(HUMAN_DECISIONS)
    path = folder / "game.json"
    args = ["run", "--quiet", "--seed", "3", "--as", "JPN", "--decisions", folder / "d.yaml"]
    assert main([str(a) for a in [*args, "--save", path]]) == 0
    return json.loads(path.read_text())


@pytest.mark.parametrize("case", sorted(REPLAY_CASES))
@pytest.mark.parametrize("command", ["replay", "debrief", "play"])
def test_a_decision_that_cannot_replay(case, command, human_save, capsys, tmp_path):
    actions, needles = REPLAY_CASES[case]
    data = json.loads(json.dumps(human_save))
    first = next(e for e in data["decisions"] if e["type"] == "decision" and e["turn"] == 1)
    first["actions"] = actions
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    args = {
        "replay": ["replay", path, "--no-pause"],
        "debrief": ["debrief", path, "--out", tmp_path / "d", "--reference-games", "0"],
        "play": ["play", "--load", path],
    }[command]
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    code, err = run_main(capsys, *args)
    assert_one_line(code, err, path, *needles)
    assert "replay failed" not in err[0]


@pytest.mark.parametrize("case", sorted(SAVE_CASES))
@pytest.mark.parametrize("command", ["replay", "debrief", "play"])
def test_bad_save(case, command, save, capsys, tmp_path):
    change, field = SAVE_CASES[case]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_edit(save, change)))
    args = {
        "replay": ["replay", path, "--no-pause"],
        "debrief": ["debrief", path, "--out", tmp_path / "d", "--reference-games", "0"],
        "play": ["play", "--load", path],
    }[command]
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    assert_one_line(*run_main(capsys, *args), path, field)


@pytest.mark.parametrize(
    "text, field",
    [('{"format": "tightrope-save", "seed": NaN}', "NaN"), ("[" * 5000 + "]" * 5000, "nested")],
)
def test_a_save_with_bad_json(text, field, capsys, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(text)
    assert_one_line(*run_main(capsys, "replay", path, "--no-pause"), path, field)


def test_a_truncated_save(save, capsys, tmp_path):
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(save)[:500])
    assert_one_line(*run_main(capsys, "replay", path, "--no-pause"), path, "JSON")


def test_resume_files(capsys, tmp_path):
    out = tmp_path / "b"
    assert main(["batch", "--games", "2", "--quiet", "--out", str(out)]) == 0
    capsys.readouterr()
    manifest = out / "manifest.json"
    manifest.write_text(manifest.read_text()[:40])
    args = ["batch", "--games", "2", "--quiet", "--resume", "--out", out]
    assert_one_line(*run_main(capsys, *args), manifest, "JSON")
    manifest.unlink()
    games = out / "games.csv"
    lines = games.read_text().splitlines()
    games.write_text("\n".join([lines[0], "x" + lines[1]]) + "\n")
    assert_one_line(*run_main(capsys, *args), games, "line 2")


@pytest.mark.parametrize(
    "args, needle",
    [
        (["batch", "--games", "2", "--out", "README.md"], "not a folder"),
        (["run", "--quiet", "--save", "configs"], "is a folder"),
        (["batch", "--games", "1000000000000", "--out", "OUT"], "--games"),
        (["run", "--quiet", "--set", "USA.BurdenSharingLedger.aggressiveness=nan"], "finite"),
        (["run", "--quiet", "--set", "USA.BurdenSharingLedger.aggressiveness=1e308"], "must be"),
        (["run", "--quiet", "--set", "turns=" + "9" * 5000], "too long"),
        (["run", "--quiet", "--seed", "9" * 5000], "seed"),
        (["shots", "--seed", "-1", "--out", "OUT"], "seed"),
        (["schema", "--out", "README.md"], "not a folder"),
        (["shots", "--size", "99999x99999", "--out", "OUT"], "at most"),
        (["play", "--size", "99999x99999"], "at most"),
        (["run", "--quiet", "--set", "{0}=1"], "name SEAT.Rule.parameter"),
        (["run", "--quiet", "--persona", "JPN=hawk=x"], "unknown persona"),
        (["debrief", "README.md", "--out", "OUT"], "README.md"),
        (["replay", "README.md", "--no-pause"], "README.md"),
        (
            ["batch", "--games", "2", "--quiet", "--scheduler", "garbage://x", "--out", "OUT"],
            "garbage://x",
        ),
    ],
)
def test_bad_arguments(args, needle, capsys, tmp_path):
    args = [str(tmp_path / "o") if a == "OUT" else a for a in args]
    os.chdir(ROOT)
    try:
        code = main(args)
    except SystemExit as exc:  # argparse's own one-line usage errors
        code = exc.code
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "Traceback" not in err[0], err
    assert needle in err[-1], err


def test_debrief_will_not_overwrite_its_save(save, capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(save))
    args = ["debrief", path, "--out", path, "--reference-games", "0"]
    assert_one_line(*run_main(capsys, *args), path, "input")


def test_unwritable_folder(capsys, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    args = ["run", "--quiet", "--save", folder / "x.json"]
    assert_one_line(*run_main(capsys, *args), "--save", "permission")


def test_unreachable_scheduler_fails_fast_naming_it(capsys, tmp_path):
    start = time.perf_counter()
    args = [
        "batch",
        "--games",
        "2",
        "--quiet",
        "--scheduler",
        "tcp://127.0.0.1:1",
        "--out",
        tmp_path / "o",
    ]
    code, err = run_main(capsys, *args)
    # The address is probed with a plain socket before Dask is imported (runner.probe_scheduler).
    assert time.perf_counter() - start <= 10
    assert code == 2 and "tcp://127.0.0.1:1" in err[-1], err


def _children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text()[:60]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc and ps")
def test_killing_a_batch_parent_ends_its_workers(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "batch", "--games", "400", "--workers", "2",
         "--quiet", "--out", str(tmp_path / "o")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers = []
    deadline = time.time() + 60
    while time.time() < deadline and len(workers) < 2:
        time.sleep(0.3)
        workers = [p for p in _children(proc.pid) if _alive(p)]
    assert workers, "the batch started no workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 5
    while time.time() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


@pytest.mark.parametrize("greeting", [b"", b"HTTP/1.0 400 Bad request\r\n\r\n"])
def test_a_port_that_is_not_a_dask_scheduler(greeting):
    """A server that accepts and stays silent, or speaks another protocol, is refused by the
    probe within its timeout (Dask's own client would hang, or try to allocate exabytes)."""
    import socket
    import threading

    from game.engine.errors import GameError
    from game.lab.runner import PROBE_TIMEOUT_S, probe_scheduler

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve():
        conn, _ = server.accept()
        conn.sendall(greeting)
        time.sleep(PROBE_TIMEOUT_S + 1)
        conn.close()

    threading.Thread(target=serve, daemon=True).start()
    start = time.perf_counter()
    with pytest.raises(GameError, match=f"tcp://127.0.0.1:{port}"):
        probe_scheduler(f"tcp://127.0.0.1:{port}")
    assert time.perf_counter() - start <= PROBE_TIMEOUT_S + 0.5
    server.close()


@pytest.mark.parametrize(
    "text, field",
    [
        ('{"size": ["a", 720]}', "size"),
        ('{"size": [1280, 720, 3]}', "size"),
        ('{"size": [100000, 720]}', "size"),
        ('{"hover_preview": "yes"}', "hover_preview"),
        ('{"autosave": true, "extra": 2}', "extra"),
        ("[1280, 720]", "top level"),
        ('{"size": [NaN, 720]}', "NaN"),
        ('{"size": [1280, 7', "JSON"),
    ],
)
def test_a_bad_settings_file_is_set_aside_with_one_line(text, field, tmp_path):
    """settings.json is checked with its schema; a bad one falls back to the defaults and the
    title's status line says which field was wrong (a convenience must not stop the game)."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    from game.ui.app import Settings

    (tmp_path / "settings.json").write_text(text)
    settings = Settings(tmp_path)
    assert settings.values == Settings.FIELDS
    assert "settings.json" in settings.problem and field in settings.problem, settings.problem
    assert "\n" not in settings.problem


def test_a_good_settings_file_is_read(tmp_path):
    from game.ui.app import Settings

    (tmp_path / "settings.json").write_text('{"size": [1920, 1080], "autosave": false}')
    settings = Settings(tmp_path)
    assert (
        settings["size"] == [1920, 1080] and settings["autosave"] is False and not settings.problem
    )


def test_debrief_checks_the_other_save_before_the_reference_games(save, capsys, tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(save))
    cache = tmp_path / "cache"
    args = ["debrief", path, "--compare", tmp_path / "none.json", "--out", tmp_path / "d",
            "--cache", cache]  # fmt: skip
    assert_one_line(*run_main(capsys, *args), "none.json", "no such file")
    assert not cache.exists() or not any(cache.iterdir())  # no reference game was played


def test_a_save_to_a_place_that_refuses_the_write(capsys):
    """/proc accepts the access check but not the file: one line naming the file asked for."""
    if not Path("/proc/self").exists():
        pytest.skip("no /proc")
    code, err = run_main(capsys, "run", "--quiet", "--save", "/proc/tightrope-x.json")
    assert_one_line(code, err, "/proc/tightrope-x.json")
    assert ".tmp" not in err[0]
