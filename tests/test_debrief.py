"""The debrief export: the HTML parses, every image it references exists, it names every
team's decisions turn by turn, the facilitator's actions and the branch comparison."""

import html
from html.parser import HTMLParser

from test_replay_branch import BRANCH, _human_game

from game.engine.saves import game_to_dict, save_game
from game.lab.reference import play_reference, reference_games, save_reference
from game.play.branch import branch
from game.reports.debrief import GameRecord, write_debrief
from game.reports.debrief_charts import percentile
from game.reports.debrief_prompts import discussion_prompts
from game.reports.end_report import end_report
from main import main


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.text, self.stack = [], [], []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs)["src"])
        elif tag not in ("br", "meta", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(path):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    assert page.stack == [], page.stack
    return page, html.unescape(" ".join(page.text))


def test_debrief_of_a_class_game_with_a_branch(tmp_path):
    model = _human_game()
    save = save_game(model, tmp_path / "class.json")
    other = branch(game_to_dict(model), BRANCH, "JPN", [])
    branch_save = save_game(other, tmp_path / "branch.json")
    out = tmp_path / "debrief"
    record = GameRecord.load(save)
    games = save_reference(record.data, 12, tmp_path / "cache", workers=1)
    path = write_debrief(record, out, games, compare=branch_save)
    page, text = parse(path)
    assert len(page.images) == 3
    for src in page.images:
        assert not src.startswith(("http:", "https:", "/")) and (out / src).stat().st_size > 5000
    record = GameRecord.load(save)
    for turn, seats in record.turns.items():
        actions, responses, _ = seats["JPN"]
        for pid in actions:
            assert model.catalog.policies[pid].name in text, (turn, pid)
        for eid, rid in responses.items():
            label = next(r.label for r in model.catalog.events[eid].responses if r.id == rid)
            assert label in text
    assert "Team Japan" in text and "China (AI, default)" in text
    assert "Typhoon hits Kyushu" in text and "USA.BurdenSharingLedger.aggressiveness" in text
    assert "The two games side by side" in text and f"the same until turn {BRANCH}" in text
    assert "Thesis check" in text and "Default AI, same seed" in text
    assert "among 12 all-AI games" in text or "12 games of the same scenario" in text


def test_rules_that_answered_come_from_the_ledger(tmp_path):
    model = _human_game()
    record = GameRecord(game_to_dict(model), "(test)")
    path = write_debrief(record, tmp_path / "d")
    _, text = parse(path)
    answered = {e.source for e in model.world.entries() if e.kind == "rule" and e.via}
    assert answered and any(rule in text for rule in answered)


def test_prompts_follow_what_happened():
    model = _human_game()
    record = GameRecord(game_to_dict(model), "(test)")
    prompts = discussion_prompts(record, end_report(model))
    assert 3 <= len(prompts) <= 7
    assert any("Team Japan scored" in p for p in prompts)
    assert any("facilitator injected" in p for p in prompts)
    assert prompts[-1].startswith("This game")  # the thesis question closes the list


def test_percentile():
    assert percentile([1, 2, 3, 4], 2.5) == 50
    assert percentile([1, 1, 1, 1], 1) == 50


def test_debrief_command(tmp_path, capsys):
    save = save_game(_human_game(), tmp_path / "g.json")
    rc = main(
        [
            "debrief",
            str(save),
            "--out",
            str(tmp_path / "o"),
            "--reference-games",
            "8",
            "--cache",
            str(tmp_path / "c"),
        ]
    )
    assert rc == 0 and (tmp_path / "o" / "index.html").exists()
    assert main(["debrief", str(tmp_path / "missing.json"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_reference_games_are_the_batch_runners_games():
    """The reference games are the lab runner's records: the same as the model played
    directly, seed for seed, in this process or on a pool (the scenario sent by value)."""
    from game.engine.scenario import load_scenario
    from game.play.model import TightropeModel

    sc = load_scenario()
    games = play_reference(sc, [0, 1])
    assert play_reference(sc, [0, 1], workers=2) == games
    for game in games:
        model = TightropeModel(sc, seed=game["seed"])
        while not model.is_over():
            model.step()
        # The records hold scores to 4 places and the reference games round those to 3.
        assert game["scores"] == {s: round(round(v, 4), 3) for s, v in model.scores().items()}
        assert game["CHN-JPN.relations"] == model.world.values["CHN-JPN.relations"]


def test_reference_games_are_cached(tmp_path, monkeypatch):
    import game.lab.reference
    from game.engine.scenario import load_scenario

    sc = load_scenario()
    first = reference_games(sc.raw, sc.path, 6, tmp_path, workers=1)
    assert [g["seed"] for g in first] == list(range(6))
    (cache,) = tmp_path.glob("reference-*.json")
    assert reference_games(sc.raw, sc.path, 6, tmp_path, workers=1) == first
    cache.write_text("[", encoding="utf-8")  # a damaged cache is rebuilt
    assert reference_games(sc.raw, sc.path, 6, tmp_path, workers=1) == first
    # keyed by what plays (engine, agents, configs): a change there makes a new entry
    monkeypatch.setattr(game.lab.reference, "content_fingerprint", lambda: "changed")
    assert reference_games(sc.raw, sc.path, 6, tmp_path, workers=1) == first
    assert len(list(tmp_path.glob("reference-*.json"))) == 2
