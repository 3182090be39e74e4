"""The end screen: your grade and objectives, every seat beside the default AI from the same
seed, the thesis check, the turning points and charts, from ``end_report``."""

import pygame

from game.engine.words import apportion, fmt_exact
from game.reports.end_report import end_report
from game.reports.summary import cause_lines
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.draw import line_chart
from game.ui.screens.common import SaveShortcut, status_line
from game.ui.theme import px as P

E = T.html_escape


@nav.screen("end")
class EndScreen(SaveShortcut, Screen):
    def build(self):
        app = self.app
        m = app.session.model
        if app.report is None or app.report[0] is not m:
            app.report = (m, end_report(m))
        self.report = app.report[1]
        w, h = self.size()
        self.left_w = int(w * 0.40)
        tp_y = int(h * 0.6)
        self.rich((8, tp_y, self.left_w, h - tp_y - P(70)), self.turning_html(), 13, main=True)
        bw = (self.left_w - 24) // 4
        for i, (label, key, act) in enumerate(
            (
                ("New game", "N", lambda: nav.show(app, "setup")),
                ("Title", "T", lambda: nav.show(app, "title")),
                ("Save", "Ctrl+S", self.save),
                ("Quit", "Q", self.quit),
            )
        ):
            self.button(
                (8 + i * (bw + 8), h - P(58), bw, P(46)), label, act, key, object_id="@center"
            )

    def quit(self):
        self.app.running = False

    def turning_html(self):
        """Where the points were won and lost, your choices beside the default AI's, and every
        turning point with all its causes (scrolls: PageUp/PageDown)."""
        r = self.report
        m = self.app.session.model
        reg, seat = m.reg, self.app.session.seat
        out = ["<b>Where your points were won and lost</b> (objective start -> end: points)"]
        rows = r.get("points", {}).get(seat, [])
        if rows:
            # The parts add up to the change of the score shown: from the start to the final
            # score the heading shows, each rounded as shown.
            start = round(sum(o["weight"] * o["start"] for o in rows), 1)
            end = round(r["seats"][seat]["total"], 1)
            shown = apportion([o["points"] for o in rows], end - start)
            for o, pts in zip(rows, shown, strict=True):
                colour = T.good_colour(1 if pts > 0 else -1 if pts < 0 else 0)
                out.append(
                    f"- {E(o['label'])} {o['start']:.1f} -> {o['end']:.1f}:"
                    f" <font color='{colour}'>{pts:+.1f} points</font>"
                )
            out.append(f"= {end - start:+.1f} points: your score {start:.1f} -> {end:.1f}")
        choices = r.get("default_ai", {}).get("choices", {}).get(seat)
        if choices is not None:
            out.append(
                "<br><b>Your choices and the default AI's</b> (its own game from this seed;"
                " quarters where they differ)"
            )
            for quarter, mine, ai in choices:
                out.append(
                    f"- {quarter}: you {E(', '.join(mine) or 'saved capital')}"
                    f" <font color='#A0A8B6'>· AI {E(', '.join(ai) or 'saved capital')}</font>"
                )
            if not choices:
                out.append("- you played what the default AI played every quarter")
        out.append("<br><b>Turning points</b> (the big one-quarter moves, with all their causes)")
        for tp in r["turning_points"]:
            key = tp["indicator"]
            shown, more = cause_lines(
                [(c["cause"], c["delta"], c["entries"]) for c in tp["causes"]]
            )
            causes = "; ".join(f"{E(c)} ({fmt_exact(reg, key, d, True)})" for c, d, _n in shown)
            if more:
                causes += f"; +{more[0]} more ({fmt_exact(reg, key, more[1], True)})"
            pts = tp.get("points")
            worth = ""
            if pts is not None:
                colour = T.good_colour(1 if pts > 0 else -1)
                worth = f" <font color='{colour}'>({pts:+.1f} of your points)</font>"
            out.append(
                f"{tp['quarter']}: <b>{E(tp['label'])}</b> {fmt_exact(reg, key, tp['before'])}"
                f" -> {fmt_exact(reg, key, tp['after'])}{worth}"
                f" <font color='#A0A8B6'>{causes}</font>"
            )
        return "<br>".join(out)

    def paint(self, surface):
        surface.fill(T.BG)
        app = self.app
        s, m, r = app.session, app.session.model, self.report
        reg = m.reg
        w, h = surface.get_size()
        lw = self.left_w
        mine = r["seats"][s.seat]
        T.blit_text(
            surface,
            f"The end: {reg.state_names[s.seat]}  {mine['total']:.1f}  grade {mine['grade']}",
            (12, 10),
            26,
            T.TEXT,
            True,
            width=lw,
        )
        sub = f"{r['scenario']} · seed {r['seed']} · {r['turns_played']} quarters"
        if r.get("crisis"):
            sub += f" · ended in a crisis: {r['crisis']}"
        T.blit_text(surface, sub, (14, P(46)), 14, T.MUTED, width=lw)
        # Your objectives as bars.
        y = P(74)
        for obj in mine["objectives"].values():
            T.blit_text(
                surface,
                f"{obj['label']} (weight {obj['weight']:g})",
                (14, y),
                14,
                T.TEXT,
                width=int(lw * 0.45),
            )
            bar = pygame.Rect(14 + int(lw * 0.47), y + 3, int(lw * 0.38), P(14))
            pygame.draw.rect(surface, T.PANEL, bar)
            pygame.draw.rect(
                surface,
                T.OI["sky"],
                (bar.x, bar.y, int(bar.width * obj["score"] / 100), bar.height),
            )
            pygame.draw.rect(surface, T.PANEL_EDGE, bar, 1)
            T.blit_text(surface, f"{obj['score']:.0f}", (bar.right + 6, y), 14, T.TEXT)
            y += P(22)
        # Every seat, with the default AI's score from the same seed.
        y += P(8)
        for label, frac in (
            ("State", None),
            ("score", 0.50),
            ("grade", 0.62),
            ("AI, same seed", 0.76),
        ):
            x = 14 if frac is None else 14 + int(lw * frac)
            T.blit_text(surface, label, (x, y), 13, T.MUTED, width=lw - x)
        y += P(20)
        default = r.get("default_ai", {}).get("scores", {})
        for seat, info in r["seats"].items():
            who = " (you)" if seat in m.humans else f" ({m.persona_names.get(seat, 'default')})"
            colour = T.STATE_COLOURS[seat]
            pygame.draw.rect(surface, colour, (14, y + 4, P(10), P(10)))
            T.blit_text(
                surface,
                reg.state_names[seat] + who,
                (14 + P(16), y),
                14,
                T.TEXT,
                seat == s.seat,
                width=int(lw * 0.42),
            )
            T.blit_text(surface, f"{info['total']:.1f}", (14 + int(lw * 0.50), y), 14, T.TEXT)
            T.blit_text(surface, info["grade"], (14 + int(lw * 0.62), y), 14, T.TEXT, True)
            if seat in default:
                T.blit_text(surface, f"{default[seat]:.1f}", (14 + int(lw * 0.76), y), 14, T.MUTED)
            y += P(21)
        # Thesis check.
        th = r["thesis"]
        y += P(8)
        box = pygame.Rect(8, y, lw, int(h * 0.6) - y - 8)
        T.panel(surface, box, f"Thesis check: this game {th['verdict']} the essay", 15)
        colour, _w, _d, band = T.band_style(reg["CHN-JPN.relations"], th["end"])
        T.blit_text(
            surface,
            f"China-Japan relations {th['start']:.0f} -> {th['end']:.0f} ({band}), peak {th['peak']:.0f}",
            (box.x + 10, box.y + P(28)),
            14,
            colour,
            True,
            width=box.width - 20,
        )
        yb = T.blit_wrapped(
            surface,
            th["explanation"],
            (box.x + 10, box.y + P(50), box.width - 20, box.height - P(80)),
            14,
            T.TEXT,
        )
        twin = r.get("default_ai", {}).get("thesis")
        if twin:
            T.blit_text(
                surface,
                f"The all-default-AI game from this seed {twin} the essay.",
                (box.x + 10, yb + 6),
                14,
                T.MUTED,
                width=box.width - 20,
            )
        # Charts of key indicators over the game, drawn here.
        cx = lw + 16
        cw, ch = (w - cx - 8 - 8) // 2, (h - 16 - 8 - 30) // 2
        charts = (
            (
                "China-Japan relations and trust",
                ["CHN-JPN.relations", "JPN>CHN.trust", "CHN>JPN.trust"],
            ),
            ("Alliances", ["alliance.USA-JPN", "alliance.USA-KOR", "alliance.trilateral"]),
            ("Flashpoints", ["senkaku", "taiwan", "history.CHN-JPN"]),
            (
                "Public opinion and approval",
                ["JPN>CHN.negative", "CHN>JPN.negative", f"{s.seat}.approval"],
            ),
        )
        for i, (title, keys) in enumerate(charts):
            x = cx + (i % 2) * (cw + 8)
            y = 8 + (i // 2) * (ch + 8)
            line_chart(surface, (x, y, cw, ch), m, keys, title)
        status_line(app, surface)
