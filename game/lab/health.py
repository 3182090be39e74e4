"""``health``: how good Tightrope is as a game (DESIGN §7; issue 11, part A).

Per seat, a black-box strategy search against the default AIs (the dominance gap and the best
strategy's spread over seeds); the shares of score variance due to strategy, seed and their
interaction over a panel of distinct strategies; policy and event-answer usage by persona; the
clash and government-fall rates under default, hawk and dove play; the advisor's grades and
each panel strategy on easy, normal and hard; a thesis test that can fail (thaw, capped,
alliance held); Morris sensitivity of the rule parameters. Writes OUT/health.json and
OUT/health.md with PNG plots, and returns a one-screen summary.

Seeds: each experiment draws from its own block (search, fresh re-scoring, panel, risk,
sensitivity), so the best strategy is never judged on the seeds it was found on.
"""

import json
import os
import random
import time
from itertools import pairwise
from pathlib import Path

import numpy as np

from game.engine.errors import ConfigError, GameError
from game.engine.paths import CONFIGS
from game.engine.registry import registry
from game.engine.yamlio import read_yaml, write_atomic
from game.lab.health_answers import answer_impact, impact_chunk
from game.lab.health_play import run_specs
from game.lab.health_search import describe, rescore, search_seat, try_personas
from game.lab.health_sensitivity import morris
from game.lab.health_stats import rate, summary, usage, usage_findings, variance_decomposition
from game.lab.runner import Runner
from game.lab.scenarios import get_scenario
from game.lab.stats import json_safe

CONFIG = CONFIGS / "health.yaml"
SEED_BLOCKS = {"search": 10_000, "fresh": 20_000, "panel": 30_000, "risk": 40_000, "morris": 50_000,
               "answers": 60_000}  # fmt: skip
PANEL_PERSONAS = ("default", "hawk", "dove", "random", "greedy")
RISK_PERSONAS = ("default", "hawk", "dove")
THESIS_PARTS = ("thaw", "capped", "alliance_held")


def load_config(path=CONFIG):
    return read_yaml(path)


def _seeds(block, first, n):
    start = SEED_BLOCKS[block] + first
    return list(range(start, start + n))


def priority_lists(catalog, seat, n, seed):
    """``n`` fixed priority lists for the panel: seeded random orders of the seat's policies."""
    rng = random.Random(f"{seed}:{seat}")
    policies = sorted(p.id for p in catalog.policies.values() if p.by == seat)
    out = []
    for _ in range(n):
        order = policies[:]
        rng.shuffle(order)
        weights = tuple((p, round(1.0 - i / len(order), 4)) for i, p in enumerate(order))
        out.append(("weights", tuple(sorted(weights)), ()))
    return out


class Health:
    def __init__(self, out, scenario=None, overrides=(), quick=True, seats=None, workers=1,
                 scheduler=None, dask_local=None, difficulties=None, seed=0, budget=None,
                 log=None):  # fmt: skip
        self.out = Path(out)
        self.scenario = str(scenario) if scenario else None
        self.overrides = tuple((str(k), v) for k, v in overrides)
        self.sc = get_scenario(self.scenario, self.overrides)
        self.reg = registry()
        self.seats = list(seats or self.reg.states)
        for s in self.seats:
            if s not in self.reg.states:
                raise GameError(
                    f"--seat: unknown state {s!r} (use one of {', '.join(self.reg.states)})"
                )
        self.config = load_config()
        for pid in self.config.get("situational") or {}:
            if pid not in self.sc.catalog.policies:
                raise ConfigError(CONFIG, f"situational.{pid}", "is not a policy")
        self.mode = "quick" if quick else "full"
        self.budget = {**self.config["budgets"][self.mode], **(budget or {})}
        self.targets = self.config["targets"]
        self.difficulties = difficulties or {"normal": {}}
        self.seed = seed
        self.runner = Runner(workers, scheduler, dask_local, warm=(self.scenario, self.overrides))
        self.log = log or (lambda msg: None)
        self.timings = {}

    def specs(self, seeds, strategies):
        return [(s, dict(strategies), self.scenario, self.overrides) for s in seeds]

    def timed(self, name, fn):
        t0 = time.perf_counter()
        self.log(f"{name} ...")
        result = fn()
        self.timings[name] = round(time.perf_counter() - t0, 1)
        self.log(f"{name}: {self.timings[name]} s")
        return result

    # ------------------------------------------------------------------ the experiments
    def run(self):
        t0, load0 = time.perf_counter(), os.getloadavg()[0]
        try:
            self.runner.start()  # before any thread exists, so local workers fork cheaply
            search = self.timed("strategy search", self.search)
            panel = self.timed("variance panel", lambda: self.panel(search))
            difficulty = self.timed("difficulty", lambda: self.difficulty(panel))
            risk = self.timed("risk", self.risk)
            answers = self.timed("answer impact", self.answers)
            sens = self.timed("sensitivity", self.sensitivity)
        finally:
            self.runner.close()
        report = self.analyse(search, panel, difficulty, risk, sens)
        report["answer_impact"] = answers
        report["timings"] = {**self.timings, "total": round(time.perf_counter() - t0, 1)}
        report["machine"] = {
            "cores": os.cpu_count(),
            "cpu_s": round(_cpu_seconds(), 1),  # this process and its (joined) workers
            "load_average": [round(load0, 2), round(os.getloadavg()[0], 2)],  # start, end
        }
        return report

    def search(self):
        b, out = self.budget, {}
        seeds = _seeds("search", self.seed, b["search_seeds"])
        fresh = _seeds("fresh", self.seed, b["rescore_seeds"])
        for seat in self.seats:
            found = search_seat(
                self.runner, seat, self.sc.catalog, seeds, b["search_trials"], b["search_batch"],
                self.scenario, self.overrides, rng_seed=self.seed,
            )  # fmt: skip
            found = try_personas(self.runner, seat, found, self.config["search_personas"], seeds,
                                 self.scenario, self.overrides)  # fmt: skip
            scored = rescore(self.runner, seat, found["strategy"], fresh, self.scenario,
                             self.overrides)  # fmt: skip
            out[seat] = {**found, **scored}
            self.log(f"  {seat}: gap {scored['gap']:+.1f} ± {scored['gap_ci']:.1f}")
        return out

    def panel_strategies(self, seat, search):
        strategies = {p: ("persona", p) for p in PANEL_PERSONAS}
        strategies["advisor"] = ("advisor",)
        if seat in search and search[seat]["strategy"] not in strategies.values():
            strategies["best found"] = search[seat]["strategy"]  # (a persona is there already)
        lists = priority_lists(self.sc.catalog, seat, self.config["priority_lists"], self.seed)
        for i, st in enumerate(lists, 1):
            strategies[f"priority list {i}"] = st
        return strategies

    def play_groups(self, groups):
        """Play several (seeds, strategies) groups as one parallel batch; records per group."""
        specs = [spec for seeds, st in groups for spec in self.specs(seeds, st)]
        recs, out, i = run_specs(self.runner, specs), [], 0
        for seeds, _st in groups:
            out.append(recs[i : i + len(seeds)])
            i += len(seeds)
        return out

    def panel(self, search):
        seeds = _seeds("panel", self.seed, self.budget["panel_seeds"])
        cells = [
            (seat, label, st)
            for seat in self.seats
            for label, st in self.panel_strategies(seat, search).items()
        ]
        played = self.play_groups([(seeds, {seat: st}) for seat, _label, st in cells])
        out = {seat: {} for seat in self.seats}
        for (seat, label, st), recs in zip(cells, played, strict=True):
            out[seat][label] = {"strategy": st, "records": recs}
        return out

    def difficulty(self, panel):
        n = self.budget["difficulty_seeds"]
        seeds = _seeds("panel", self.seed, n)  # the panel's first seeds: normal is already played
        cells, groups = [], []
        for seat in self.seats:
            for label, cell in panel[seat].items():
                for level, table in self.difficulties.items():
                    if table:
                        others = {s: ("persona", p) for s, p in table.items() if s != seat}
                        cells.append((seat, label, level))
                        groups.append((seeds, {**others, seat: cell["strategy"]}))
        played = dict(zip(cells, self.play_groups(groups), strict=True))
        out = {}
        for seat in self.seats:
            out[seat] = {}
            for label, cell in panel[seat].items():
                row = {}
                for level in self.difficulties:
                    recs = played.get((seat, label, level), cell["records"][:n])
                    row[level] = summary([r["scores"][seat] for r in recs])
                out[seat][label] = row
        return out

    def risk(self):
        seeds = _seeds("risk", self.seed, self.budget["risk_games"])
        groups = [(seeds, {s: ("persona", p) for s in self.reg.states}) for p in RISK_PERSONAS]
        return dict(zip(RISK_PERSONAS, self.play_groups(groups), strict=True))

    def answers(self):
        """How far a different answer to each answerable event moves the seat's final score."""
        b = self.budget
        seeds = _seeds("answers", self.seed, b.get("answer_seeds", 0))
        if not seeds:
            return {}
        specs = [(s, self.scenario, self.overrides, b["answer_futures"]) for s in seeds]
        rows = [row for game in run_specs(self.runner, specs, 1, impact_chunk) for row in game]
        return answer_impact(rows, self.targets["answer_move_min"])

    def sensitivity(self):
        b = self.budget
        if not b["morris_trajectories"]:
            return None
        return morris(
            self.runner, self.sc, self.scenario, self.overrides,
            self.config["sensitivity"]["constraints"], b["morris_trajectories"],
            _seeds("morris", self.seed, b["morris_seeds"]), seed=self.seed,
        )  # fmt: skip

    # ------------------------------------------------------------------ analysis
    def analyse(self, search, panel, difficulty, risk, sens):
        t = self.targets
        report = {
            "mode": self.mode,
            "budget": self.budget,
            "scenario": self.scenario or "default",
            "overrides": [list(o) for o in self.overrides],
            "backend": self.runner.backend,
            "seats": self.seats,
            "targets": t,
        }
        report["dominance"] = {
            seat: {
                "strategy": describe(r["strategy"]),
                "weights": dict(r["strategy"][1]) if r["strategy"][0] == "weights" else {},
                "answers": dict(r["strategy"][2]) if r["strategy"][0] == "weights" else {},
                "candidates": r["candidates"],
                "search_mean": r["search_mean"],
                "search_default_mean": r["default_mean"],
                "gap": r["gap"],
                "gap_ci": r["gap_ci"],
                "p": r["p"],
                "best": r["best"],
                "default": r["default"],
                "best_grades": r["best_grades"],
                "curve": r["curve"],
                "trials": r["trials"],
                "search_seeds": r["seeds"],
                "dimensions": r["dimensions"],
                "meets_gap": r["gap"] <= t["dominance_gap_max"],
                "meets_sd": r["best"]["sd"] >= t["best_sd_min"],
            }
            for seat, r in search.items()
        }
        report["variance"] = {}
        for seat, cells in panel.items():
            labels = list(cells)
            y = [[r["scores"][seat] for r in cells[lab]["records"]] for lab in labels]
            dec = variance_decomposition(y)
            lo, hi = t["strategy_share"]
            dec["strategy_means"] = {lab: summary(row) for lab, row in zip(labels, y, strict=True)}
            dec["meets_target"] = lo <= dec["shares"]["strategy"] <= hi
            report["variance"][seat] = dec
        groups = [
            (seat, label, cell["records"])
            for seat, cells in panel.items()
            for label, cell in cells.items()
        ]
        groups += [(s, p, recs) for p, recs in risk.items() for s in self.reg.states]
        table = usage(groups, self.sc.catalog, self.reg.states)
        report["usage"] = table
        report["usage_findings"] = usage_findings(
            table, t["policy_usage_min"], t["answer_share_min"], self.config.get("situational")
        )
        report["risk"] = {
            p: {
                "clash": rate(sum(r["clash"] for r in recs), len(recs)),
                "government_fall": {
                    s: rate(sum(r["gov_fall"][s] for r in recs), len(recs))
                    for s in recs[0]["gov_fall"]
                },
            }
            for p, recs in risk.items()
        }
        report["risk_note"] = (
            "clash: the game ended in a military crisis (CrisisEscalation). Government fall: "
            "Japan's is the pm_change event (the minority government falls); Korea has no fall "
            "event, so its figure is a proxy: the seoul_crisis event (mass rallies, an acting "
            "president)."
        )
        report["advisor"] = self.advisor(panel)
        report["difficulty"] = {
            seat: {
                label: {
                    **row,
                    "monotone": all(row[a]["mean"] >= row[b]["mean"] for a, b in pairwise(row)),
                }
                for label, row in rows.items()
            }
            for seat, rows in difficulty.items()
        }
        report["difficulty_levels"] = list(self.difficulties)
        report["thesis"] = self.thesis(risk, search)
        report["sensitivity"] = sens
        return json_safe(report)

    def advisor(self, panel):
        out = {}
        for seat, cells in panel.items():
            adv = [r["scores"][seat] for r in cells["advisor"]["records"]]
            dft = [r["scores"][seat] for r in cells["default"]["records"]]
            grades = {}
            for r in cells["advisor"]["records"]:
                grades[r["grades"][seat]] = grades.get(r["grades"][seat], 0) + 1
            n = len(adv)
            order = ["A", "B", "C", "D", "F"]
            ranked = sorted(
                (r["grades"][seat] for r in cells["advisor"]["records"]), key=order.index
            )
            out[seat] = {
                "score": summary(adv),
                "default": summary(dft),
                "gap_to_default": summary(np.subtract(adv, dft)),
                "grades": {g: grades.get(g, 0) / n for g in order},
                "median_grade": ranked[(n - 1) // 2] if n else None,
            }
        return out

    def thesis(self, risk, search):
        groups = {f"all {p}": recs for p, recs in risk.items()}
        if "JPN" in search:
            groups["JPN best found"] = search["JPN"]["records"]
        out = {}
        for name, recs in groups.items():
            n = len(recs)
            row = {part: rate(sum(r[part] for r in recs), n) for part in THESIS_PARTS}
            row["together"] = rate(sum(all(r[p] for p in THESIS_PARTS) for r in recs), n)
            out[name] = row
        return out


def _cpu_seconds():
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def health_report(out, **kwargs):
    """Run every experiment, write OUT/health.json and OUT/health.md (with PNGs); returns
    (report, summary text)."""
    from game.lab.health_report import summary_text, write_markdown

    report = Health(out, **kwargs).run()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_atomic(out / "health.json", json.dumps(report, indent=1, allow_nan=False))
    write_markdown(report, out)
    text = summary_text(report)
    write_atomic(out / "summary.txt", text + "\n")
    return report, text
