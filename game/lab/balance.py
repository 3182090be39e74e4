"""The balance report: many seeded headless games, read as a designer would.

1. Scores and "win" rates by seat x persona, with 95% confidence intervals. A seat "wins" a
   game when it scores more than the all-default-AI game from the same seed gave it (the end
   report's own comparison); the grade A/B rate is shown too.
2. A dominant-strategy search per seat: fixed-policy bots (play one policy whenever possible,
   default rules for the rest), the hawk/dove/random personas, ``greedy`` (one-step look-ahead)
   and ``rollout`` (Monte Carlo rollouts), each paired by seed with the default AI. A strategy
   is flagged when it beats the default by more than noise: paired t-test, Holm-corrected
   p < 0.05 over every strategy tried, and a 95% CI of the mean gain above zero.
3. Parameter sensitivity of every numeric rule parameter by Morris elementary-effects
   screening (Morris 1991; mu* of Campolongo et al. 2007), each parameter ranging over
   [0.5x, 1.5x] its value on a 4-level grid, common seeds at every design point.
4. The distribution of the end China-Japan relations band and how often the essay's thesis
   holds (relations no better than pragmatic cooperation, and the US-Japan alliance intact).
5. Card usage: each policy's share of the all-default games in which its seat's default AI
   played it, against issue 10's bar (``card_usage``; situational cards apart, with reasons).

Every game is a ``game.lab.records.play_game`` record, played on ``game.lab.runner``; all of them are streamed to OUT/games.csv
(``label`` says which experiment each belongs to) so any figure can be recomputed.
"""

import json
import math
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from game.engine.registry import registry
from game.engine.yamlio import write_atomic
from game.lab.health import load_config
from game.lab.outputs import RowWriter
from game.lab.records import ALLIANCE, RELATIONS, columns
from game.lab.runner import Job, Runner
from game.lab.scenarios import get_scenario
from game.lab.stats import (
    MORRIS_LEVELS,
    holm,
    json_safe,
    mean_ci,
    morris_design,
    morris_effects,
    morris_parameters,
    paired_test,
    unit_to_value,
    wilson,
)

CHEAP_PERSONAS = ("random", "hawk", "dove")
SEARCH_PERSONAS = ("greedy", "rollout")
OUTPUTS = {  # Morris outputs: record field -> label
    f"end.{RELATIONS}": "China-Japan relations at the end",
    "thesis_holds": "share of games where the thesis holds",
    f"end.{ALLIANCE}": "US-Japan alliance cohesion at the end",
    "score.JPN": "Japan's score",
    "score.CHN": "China's score",
}


# ------------------------------------------------------------------------------ the report
class Balance:
    def __init__(self, out, scenario=None, overrides=(), games=60, search_games=20, lookahead_games=4,
                 morris_trajectories=4, morris_seeds=3, seed=0, workers=1, scheduler=None,
                 dask_local=None, progress=True):  # fmt: skip
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.scenario_path = str(Path(scenario).resolve()) if scenario else None
        self.overrides = tuple(overrides)
        self.sc = get_scenario(self.scenario_path, self.overrides)
        self.scenario_path = self.sc.path
        self.games, self.search_games, self.lookahead_games = games, search_games, lookahead_games
        self.r, self.morris_seeds, self.seed = morris_trajectories, morris_seeds, seed
        self.runner = Runner(
            workers, scheduler, dask_local, warm=(self.scenario_path, self.overrides)
        )
        self.progress = progress
        self.reg = registry()
        self.writer = RowWriter(self.out / "games.csv", columns(self.scenario_path))
        self.n_games = 0
        self.failures = []
        self.results = {}  # the report's figures, also written to OUT/balance.json

    # -------------------------------------------------------------- running games
    def job(self, seed, personas=(), overrides=(), label=""):
        return Job(
            seed,
            self.scenario_path,
            tuple(sorted(personas)),
            self.overrides + tuple(overrides),
            False,
            label,
        )

    def play(self, jobs, what, keep):
        """Run jobs, stream every record to games.csv, return {label: {seed: kept fields}}."""
        from tqdm import tqdm

        jobs = list(jobs)
        out = defaultdict(dict)
        self.runner.start()  # before the first progress bar's thread (see Runner.start_method)
        bar = tqdm(
            total=len(jobs), desc=what, unit="game", disable=not self.progress, dynamic_ncols=True
        )
        # Expensive look-ahead games go one per chunk so both workers stay busy.
        chunk = 1 if what.startswith("look-ahead") else 10
        for rec in self.runner.results(jobs, chunk_size=chunk):
            self.writer.write(rec)
            self.writer.flush()
            self.n_games += 1
            if rec["status"] != "ok":
                self.failures.append(
                    {"label": rec["label"], "seed": rec["seed"], "error": rec["error"]}
                )
            else:
                out[rec["label"]][rec["seed"]] = {f: rec[f] for f in keep}
            bar.update()
        bar.close()
        return out

    # -------------------------------------------------------------- experiments
    def run(self):
        try:
            return self._run()
        finally:
            self.runner.close()
            self.writer.close()

    def _run(self):
        t0 = time.perf_counter()
        states = self.reg.states
        score_fields = [f"score.{s}" for s in states] + [f"grade.{s}" for s in states]
        keep = [*score_fields, f"band.{RELATIONS}", "thesis_holds", "alliance_survived", "crisis"]
        cards = [f"played.{pid}" for pid in self.sc.catalog.policies]
        seeds = range(self.seed, self.seed + self.games)
        base = self.play((self.job(s, label="default") for s in seeds), "default AI", keep + cards)[
            "default"
        ]
        persona_jobs = [
            self.job(s, [(seat, p)], label=f"persona:{seat}={p}")
            for seat in states
            for p in CHEAP_PERSONAS
            for s in seeds
        ]
        personas = self.play(persona_jobs, "personas", keep)
        look_seeds = range(self.seed, self.seed + self.lookahead_games)
        look_jobs = [
            self.job(s, [(seat, p)], label=f"persona:{seat}={p}")
            for p in SEARCH_PERSONAS
            for seat in states
            for s in look_seeds
        ]
        personas.update(self.play(look_jobs, "look-ahead personas", keep))
        search_seeds = range(self.seed, self.seed + self.search_games)
        fixed_jobs = [
            self.job(s, [(seat, f"fixed:{p.id}")], label=f"fixed:{seat}={p.id}")
            for seat in states
            for p in self.sc.catalog.policies_for(seat)
            for s in search_seeds
        ]
        fixed = self.play(fixed_jobs, "fixed-policy bots", [f"score.{s}" for s in states])
        morris = self.morris()
        self.writer.flush()
        self.duration = time.perf_counter() - t0
        return self.write(base, personas, fixed, morris)

    def morris(self):
        # The same meaningful ranges as health's sensitivity (configs/health.yaml constraints).
        constraints = load_config()["sensitivity"]["constraints"]
        params = morris_parameters(self.sc, constraints)
        k = len(params)
        rng = np.random.default_rng(self.seed)
        points, orders, steps = morris_design(k, self.r, rng)
        seeds = range(self.seed, self.seed + self.morris_seeds)
        jobs = []
        for t in range(self.r):
            for j in range(k + 1):
                ov = tuple(
                    (name, unit_to_value(points[t, j, i], lo, hi, is_int))
                    for i, (name, _v, lo, hi, is_int) in enumerate(params)
                )
                jobs.extend(self.job(s, overrides=ov, label=f"morris:{t}:{j}") for s in seeds)
        got = self.play(jobs, "Morris screening", list(OUTPUTS))
        y = {f: np.full((self.r, k + 1), np.nan) for f in OUTPUTS}
        for t in range(self.r):
            for j in range(k + 1):
                recs = got.get(f"morris:{t}:{j}", {})
                if len(recs) == len(seeds):
                    for f in OUTPUTS:
                        y[f][t, j] = np.mean([float(rec[f]) for rec in recs.values()])
        effects = {f: morris_effects(y[f], orders, steps) for f in OUTPUTS}
        return {
            "params": params,
            "effects": effects,
            "points": self.r * (k + 1),
            "games": len(jobs),
        }

    # -------------------------------------------------------------- analysis and writing
    def write(self, base, personas, fixed, morris):
        import matplotlib

        matplotlib.use("Agg")
        lines = [
            f"# Balance report: {self.sc.name}",
            "",
            f"Scenario `{self.scenario_path}`"
            + (
                f" with {', '.join(f'{k}={v}' for k, v in self.overrides)}"
                if self.overrides
                else ""
            )
            + f"; {self.n_games} games in {self.duration:.0f} s; first seed {self.seed}."
            f" Every game is in `games.csv` (column `label` names its experiment).",
            "",
        ]
        if self.failures:
            lines += [f"**{len(self.failures)} games failed** (first: seed {self.failures[0]['seed']}, "
                      f"{self.failures[0]['label']}: {self.failures[0]['error']}).", ""]  # fmt: skip
        lines += self.section_thesis(base, personas)
        lines += self.section_personas(base, personas)
        lines += self.section_dominance(base, personas, fixed)
        lines += self.section_morris(morris)
        lines += self.section_cards(base)
        path = self.out / "balance.md"
        write_atomic(path, "\n".join(lines) + "\n")
        self.results.update(
            scenario=self.scenario_path,
            overrides=[[k, v] for k, v in self.overrides],
            games=self.n_games,
            seconds=round(self.duration, 1),
            failures=self.failures[:50],
        )
        write_atomic(
            self.out / "balance.json", json.dumps(json_safe(self.results), indent=2) + "\n"
        )
        return path

    def section_thesis(self, base, personas):
        import matplotlib.pyplot as plt

        bands = [name for _lo, name in self.reg[RELATIONS].bands]
        counts = [sum(1 for r in base.values() if r[f"band.{RELATIONS}"] == b) for b in bands]
        n = len(base)
        k = sum(int(r["thesis_holds"]) for r in base.values())
        p, lo, hi = wilson(k, n)
        self.results["thesis"] = {
            "games": n,
            "rate": p,
            "ci95": [lo, hi],
            "bands": dict(zip(bands, counts, strict=True)),
        }
        survived = sum(int(r["alliance_survived"]) for r in base.values())
        crisis = sum(int(r["crisis"]) for r in base.values())
        fig, ax = plt.subplots(figsize=(7, 3.2))
        ax.bar(
            [b.replace(" ", "\n") for b in bands],
            [100 * c / max(1, n) for c in counts],
            color="#0072B2",
        )
        ax.axvline(
            bands.index("pragmatic cooperation") + 0.5,
            color="#D55E00",
            ls="--",
            label="essay's ceiling",
        )
        ax.set_ylabel("% of games")
        ax.set_title(f"End China-Japan relations, default AIs ({n} games)")
        ax.legend()
        fig.tight_layout()
        fig.savefig(self.out / "bands.png", dpi=110)
        plt.close(fig)
        lines = [
            "## 1. Does the essay's thesis hold?",
            "",
            "The thesis holds in a game when China-Japan relations end no better than *pragmatic "
            "cooperation* and the US-Japan alliance has not ruptured.",
            "",
            f"With default AIs in every seat the thesis holds in **{100 * p:.1f}%** of {n} games "
            f"(95% Wilson CI {100 * lo:.1f}-{100 * hi:.1f}%); the alliance survives in "
            f"{100 * survived / max(1, n):.1f}%; a game-ending crisis happens in {100 * crisis / max(1, n):.1f}%.",
            "",
            "| end band | games | share |",
            "|---|---:|---:|",
        ]
        lines += [
            f"| {b} | {c} | {100 * c / max(1, n):.1f}% |"
            for b, c in zip(bands, counts, strict=True)
        ]
        lines += ["", "![end bands](bands.png)", "", "Thesis rate when one seat changes persona:", "",
                  "| seat | persona | games | thesis holds (95% CI) |", "|---|---|---:|---|"]  # fmt: skip
        for label, recs in sorted(personas.items()):
            seat, persona = label.split(":", 1)[1].split("=")
            k = sum(int(r["thesis_holds"]) for r in recs.values())
            p, lo, hi = wilson(k, len(recs))
            lines.append(
                f"| {seat} | {persona} | {len(recs)} | {100 * p:.0f}% ({100 * lo:.0f}-{100 * hi:.0f}%) |"
            )
        return lines + [""]

    def section_personas(self, base, personas):
        import matplotlib.pyplot as plt

        states = self.reg.states
        names = ["default", *CHEAP_PERSONAS, *SEARCH_PERSONAS]
        lines = [
            "## 2. Scores and win rates by seat x persona",
            "",
            "One seat plays the persona, the other three the default AI, on the same seeds as the "
            "default games. *Win*: the seat scores more than it did in the all-default game from the "
            "same seed (the end report's comparison). Means with 95% t intervals; rates with 95% "
            "Wilson intervals. greedy and rollout are 20-100x slower than a default game, so they "
            "play fewer seeds.",
            "",
            "| seat | persona | games | mean score (95% CI) | win rate (95% CI) | grade A/B |",
            "|---|---|---:|---|---|---:|",
        ]
        fig, axes = plt.subplots(1, len(states), figsize=(12, 3.4), sharey=False)
        for ax, seat in zip(axes, states, strict=True):
            means, halves = [], []
            for persona in names:
                recs = (
                    base if persona == "default" else personas.get(f"persona:{seat}={persona}", {})
                )
                if not recs:
                    means.append(float("nan"))
                    halves.append(0.0)
                    continue
                scores = [float(r[f"score.{seat}"]) for r in recs.values()]
                mean, half = mean_ci(scores)
                means.append(mean)
                halves.append(0 if math.isnan(half) else half)
                good = sum(1 for r in recs.values() if r[f"grade.{seat}"] in ("A", "B"))
                if persona == "default":
                    win = "(reference)"
                else:
                    wins = sum(
                        1
                        for s, r in recs.items()
                        if s in base and float(r[f"score.{seat}"]) > float(base[s][f"score.{seat}"])
                    )
                    p, lo, hi = wilson(wins, len(recs))
                    win = f"{100 * p:.0f}% ({100 * lo:.0f}-{100 * hi:.0f}%)"
                ci = f"{mean:.1f} ± {half:.1f}" if len(recs) > 1 else f"{mean:.1f}"
                self.results.setdefault("personas", []).append(
                    {
                        "seat": seat,
                        "persona": persona,
                        "games": len(recs),
                        "mean": mean,
                        "ci95_half": half,
                        "win": win,
                    }
                )
                lines.append(
                    f"| {seat} | {persona} | {len(recs)} | {ci} | {win} | {100 * good / len(recs):.0f}% |"
                )
            ax.errorbar(range(len(names)), means, yerr=halves, fmt="o", color="#0072B2", capsize=3)
            ax.axhline(means[0], color="#999999", lw=0.8, ls=":")
            ax.set_xticks(range(len(names)), names, rotation=45, ha="right")
            ax.set_title(seat)
        axes[0].set_ylabel("score (95% CI)")
        fig.suptitle("Score by persona in one seat (others default)")
        fig.tight_layout()
        fig.savefig(self.out / "personas.png", dpi=110)
        plt.close(fig)
        return lines + ["", "![scores by persona](personas.png)", ""]

    def section_dominance(self, base, personas, fixed):
        import matplotlib.pyplot as plt

        rows = []
        sources = [(label, recs) for label, recs in personas.items()] + list(fixed.items())
        for label, recs in sources:
            seat = label.split(":", 1)[1].split("=")[0]
            paired = [
                float(r[f"score.{seat}"]) - float(base[s][f"score.{seat}"])
                for s, r in recs.items()
                if s in base
            ]
            if len(paired) < 2:
                continue
            mean, half, p = paired_test(paired)
            rows.append(
                {"label": label, "seat": seat, "n": len(paired), "mean": mean, "half": half, "p": p}
            )
        adjusted = holm([r["p"] for r in rows]) if rows else []
        for r, padj in zip(rows, adjusted, strict=True):
            r["p_holm"] = float(padj)
            r["flag"] = padj < 0.05 and r["mean"] - r["half"] > 0
        rows.sort(key=lambda r: -r["mean"])
        self.results["strategies"] = [
            {k: (bool(v) if k == "flag" else v) for k, v in r.items()} for r in rows
        ]
        flagged = [r for r in rows if r["flag"]]
        lines = [
            "## 3. Dominant-strategy search",
            "",
            f"{len(rows)} strategies, each in one seat against default AIs, paired by seed with the "
            "default game: fixed-policy bots (`fixed:POLICY` plays that policy whenever it is legal "
            "and affordable and fills its turn with the default rules' choices), the random/hawk/"
            "dove personas, `greedy` (one-step look-ahead) and `rollout` (Monte Carlo rollouts to "
            "six quarters ahead). Gain = the seat's score minus its default-AI score on the same "
            "seed. **Flagged** when the paired t-test's Holm-corrected p < 0.05 across all "
            "strategies and the 95% CI of the gain lies above zero.",
            "",
        ]
        if flagged:
            lines.append(f"**{len(flagged)} strategies beat the default AI beyond noise:** "
                         + ", ".join(f"`{r['label']}` (+{r['mean']:.1f})" for r in flagged) + ".")  # fmt: skip
        else:
            lines.append("**No strategy beats the default AI beyond noise.**")
        lines += ["", "Top strategies per seat by mean gain:", "",
                  "| seat | strategy | games | gain (95% CI) | p (Holm) | flagged |", "|---|---|---:|---|---:|---|"]  # fmt: skip
        for seat in self.reg.states:
            for r in [r for r in rows if r["seat"] == seat][:5]:
                strategy = (
                    r["label"].split("=", 1)[1]
                    if r["label"].startswith("persona")
                    else "fixed:" + r["label"].split("=", 1)[1]
                )
                lines.append(
                    f"| {seat} | `{strategy}` | {r['n']} | {r['mean']:+.2f} ± {r['half']:.2f} | {r['p_holm']:.3g} | {'**yes**' if r['flag'] else ''} |"
                )
        fig, axes = plt.subplots(1, len(self.reg.states), figsize=(13, 4.5))
        for ax, seat in zip(axes, self.reg.states, strict=True):
            mine = [r for r in rows if r["seat"] == seat][:10][::-1]
            labels = [r["label"].split("=", 1)[1] for r in mine]
            colors = ["#D55E00" if r["flag"] else "#0072B2" for r in mine]
            ax.barh(
                range(len(mine)),
                [r["mean"] for r in mine],
                xerr=[r["half"] for r in mine],
                color=colors,
                capsize=2,
            )
            ax.set_yticks(range(len(mine)), labels, fontsize=7)
            ax.axvline(0, color="black", lw=0.8)
            ax.set_title(f"{seat}: top 10 gains", fontsize=10)
            ax.set_xlabel("gain vs default (95% CI)")
        fig.suptitle("Dominant-strategy search (orange: beats the default AI beyond noise)")
        fig.tight_layout()
        fig.savefig(self.out / "dominance.png", dpi=110)
        plt.close(fig)
        return lines + ["", "![dominant-strategy search](dominance.png)", ""]

    def section_cards(self, base):
        health = load_config()
        policy_min = health["targets"]["policy_usage_min"]
        situational = health.get("situational") or {}
        rows = card_usage(base, self.sc.catalog, policy_min, situational)
        self.results["cards"] = rows
        rare = [r["policy"] for r in rows if r["verdict"] == "rare"]
        lines = [
            "## 5. Card usage",
            "",
            f"Each policy's share of the {len(base)} all-default games in which its seat's default"
            f" AI played it, and the quarters a game it was played. Issue 10: every card is chosen"
            f" by a default AI in at least {100 * policy_min:.0f}% of baseline games, or is removed"
            f" or merged; situational cards are set apart with their reasons in"
            f" configs/health.yaml. Under the bar: **{len(rare)}**"
            + (f" ({', '.join(rare)})." if rare else "."),
            "",
            "| seat | policy | games | plays a game | verdict |",
            "|---|---|---:|---:|---|",
        ]
        for r in sorted(rows, key=lambda r: (r["seat"], r["share"])):
            verdict = r["verdict"]
            if verdict == "situational":
                verdict += f": {situational[r['policy']]}"
            elif verdict == "rare":
                verdict = f"**under {100 * policy_min:.0f}%**"
            lines.append(
                f"| {r['seat']} | {r['policy']} | {100 * r['share']:.1f}% | {r['per_game']:.2f} |"
                f" {verdict} |"
            )
        return lines + [""]

    def section_morris(self, morris):
        import matplotlib.pyplot as plt

        params, effects = morris["params"], morris["effects"]
        primary = f"end.{RELATIONS}"
        mu, mu_star, sigma = effects[primary]
        order = [i for i in np.argsort(-np.nan_to_num(mu_star, nan=-1.0))]
        lines = [
            "## 4. Parameter sensitivity (Morris elementary-effects screening)",
            "",
            f"Method: Morris (1991) one-at-a-time screening, {self.r} trajectories over {len(params)} "
            f"numeric rule parameters ({morris['points']} design points, {self.morris_seeds} common "
            f"seeds each, {morris['games']} games). Each parameter ranges over [0.5x, 1.5x] its value "
            f"(rates and chances capped at 1) on a {MORRIS_LEVELS}-level grid with step "
            f"{MORRIS_LEVELS / (2 * (MORRIS_LEVELS - 1)):.3g} of the range; the elementary effect "
            "is the change in the output per unit of that step. mu* (mean absolute effect, "
            "Campolongo et al. 2007) ranks importance; sigma large against mu* means interactions or "
            "non-linearity. Outputs are means over the seeds.",
            "",
            f"Ranked by mu* on **{OUTPUTS[primary]}** (top 20):",
            "",
            "| rank | parameter | value | mu* | mu | sigma | mu* thesis rate | mu* JPN score |",
            "|---:|---|---:|---:|---:|---:|---:|---:|",
        ]
        self.results["morris"] = [
            {
                "parameter": params[i][0],
                "value": params[i][1],
                "mu_star": float(mu_star[i]),
                "mu": float(mu[i]),
                "sigma": float(sigma[i]),
            }
            for i in order
        ]
        thesis_star = effects["thesis_holds"][1]
        jpn_star = effects["score.JPN"][1]
        for rank, i in enumerate(order[:20], 1):
            name, value = params[i][0], params[i][1]
            lines.append(
                f"| {rank} | `{name}` | {value:g} | {mu_star[i]:.2f} | {mu[i]:+.2f} | {sigma[i]:.2f} | {thesis_star[i]:.3f} | {jpn_star[i]:.2f} |"
            )
        lines += [
            "",
            "Most influential parameter per output (by mu*):",
            "",
            "| output | top 3 parameters (mu*) |",
            "|---|---|",
        ]
        for f, label in OUTPUTS.items():
            ms = effects[f][1]
            top = [i for i in np.argsort(-np.nan_to_num(ms, nan=-1.0))[:3] if ms[i] > 0]
            named = ", ".join(f"`{params[i][0]}` ({ms[i]:.3g})" for i in top)
            lines.append(f"| {label} | {named or 'no parameter moved it at any design point'} |")
        never = [params[i][0] for i in range(len(params)) if mu_star[i] == 0]
        if never:
            lines += [
                "",
                f"{len(never)} parameters had no effect at all on the relations output in this design.",
            ]
        top = order[:15]
        fig, (bars, scatter) = plt.subplots(
            1, 2, figsize=(13, 5.2), gridspec_kw={"width_ratios": [1.3, 1]}
        )
        bars.barh(range(len(top))[::-1], [mu_star[i] for i in top], color="#0072B2")
        bars.set_yticks(
            range(len(top))[::-1],
            [f"{n}. {params[i][0]}" for n, i in enumerate(top, 1)],
            fontsize=8,
        )
        bars.set_xlabel("mu* (mean |elementary effect|)")
        bars.set_title(f"Top {len(top)} parameters: {OUTPUTS[primary]}", fontsize=10)
        scatter.scatter(mu_star, sigma, s=14, color="#999999")
        scatter.scatter([mu_star[i] for i in top], [sigma[i] for i in top], s=18, color="#D55E00")
        for n, i in enumerate(top, 1):
            scatter.annotate(
                str(n),
                (mu_star[i], sigma[i]),
                fontsize=8,
                xytext=(3, 2),
                textcoords="offset points",
            )
        scatter.set_xlabel("mu*")
        scatter.set_ylabel("sigma (interactions, non-linearity)")
        scatter.set_title(f"All {len(params)} parameters (numbers = rank)", fontsize=10)
        fig.tight_layout()
        fig.savefig(self.out / "morris.png", dpi=110)
        plt.close(fig)
        write_atomic(
            self.out / "morris.csv",
            "parameter,value,low,high,"
            + ",".join(f"{f}:{m}" for f in OUTPUTS for m in ("mu", "mu_star", "sigma"))
            + "\n"
            + "".join(
                f"{name},{value},{lo},{hi},"
                + ",".join(f"{effects[f][m][i]:.6g}" for f in OUTPUTS for m in range(3))
                + "\n"
                for i, (name, value, lo, hi, _int) in enumerate(params)
            ),
        )
        return lines + [
            "",
            "![Morris screening](morris.png)",
            "",
            "All parameters: `morris.csv`.",
            "",
        ]


def card_usage(base, catalog, policy_min, situational):
    """Per policy: its seat, the share of the all-default games in which its seat's default AI
    played it, the quarters a game it was played, and its verdict: ``ok``, ``rare`` (under
    ``policy_min``, issue 10's "every card alive") or ``situational`` (set apart, with a reason,
    in configs/health.yaml)."""
    n = max(1, len(base))
    rows = []
    for pid, policy in catalog.policies.items():
        plays = [int(rec[f"played.{pid}"]) for rec in base.values()]
        share = sum(1 for x in plays if x) / n
        verdict = "ok" if share >= policy_min else "situational" if pid in situational else "rare"
        rows.append({"seat": policy.by, "policy": pid, "share": share,
                     "per_game": sum(plays) / n, "verdict": verdict})  # fmt: skip
    return rows


def balance_report(out, **kwargs):
    """Run every experiment and write OUT/balance.md with its PNGs; returns the report's path."""
    return Balance(out, **kwargs).run()
