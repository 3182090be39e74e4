"""The classroom menu: back to the class game, resume its autosave, or a new one."""

from game.engine.errors import TightropeError
from game.play.classroom import CLASS_AUTOSAVE, Classroom
from game.play.games import load_game
from game.play.session import newest_autosave
from game.ui import nav
from game.ui import theme as T
from game.ui.app import Screen
from game.ui.classroom.common import heading, show_class
from game.ui.screens.common import status_line
from game.ui.theme import px as P


@nav.screen("class_menu")
class ClassMenuScreen(Screen):
    def build(self):
        w, h = self.size()
        app = self.app
        bw, bh = P(360), P(44)
        x, y = w // 2 - bw // 2, int(h * 0.32)
        entries = []
        c = getattr(app, "classroom", None)
        if c is not None and not c.model.is_over():
            entries.append(("Back to the class game", "G", lambda: show_class(app)))
        if newest_autosave(app.directory, CLASS_AUTOSAVE) is not None:
            entries.append(("Resume the class autosave", "R", self.resume))
        entries += [
            ("New class game", "N", lambda: nav.show(app, "class_setup")),
            ("Back to the title", "Esc", lambda: nav.show(app, "title")),
        ]
        for label, key, action in entries:
            self.button((x, y, bw, bh), label, action, key, object_id="@center")
            y += bh + P(10)

    def resume(self):
        open_class_save(self.app, newest_autosave(self.app.directory, CLASS_AUTOSAVE))

    def paint(self, surface):
        surface.fill(T.BG)
        heading(
            surface,
            "Classroom",
            "2 to 4 teams on one machine, each a state; the other seats are AI. A facilitator steers.",
        )
        status_line(self.app, surface)


def open_class_save(app, path):
    """Go on with the class game saved at ``path`` (its autosave goes on in that file if it is
    one). The Load screen opens class saves through this too (``nav.LOADERS``)."""
    app.prepare_game()
    try:
        model = load_game(path)
        app.classroom = Classroom(
            model,
            app.directory,
            reference_games=app.defaults.get("reference_games", 1000),
            autosave_file=path if CLASS_AUTOSAVE in path.name else None,
        )
    except TightropeError as exc:
        app.say(f"Could not resume {path.name}: {exc}")
        return False
    show_class(app)
    app.say(f"Loaded the class game {path.name}: {model.quarter}")
    return True


nav.LOADERS["class"] = open_class_save
