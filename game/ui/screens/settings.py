"""The settings screen: window size, hover previews, autosave."""

from game.ui import nav
from game.ui import theme as T
from game.ui.app import SIZES, Screen
from game.ui.screens.common import status_line
from game.ui.theme import px as P


@nav.screen("settings")
class SettingsScreen(Screen):
    def build(self):
        w, h = self.size()
        col = min(P(560), w - 80)
        x, y = w // 2 - col // 2, P(110)
        s = self.app.settings
        for n, size in enumerate(SIZES, start=1):
            mark = "[x]" if list(size) == list(self.app.window.get_size()) else "[ ]"
            self.button(
                (x, y, col, 40),
                f"{mark} Window {size[0]} x {size[1]}",
                lambda z=size: self.set_size(z),
                str(n),
            )
            y += 48
        y += 10
        hover = "[x]" if s["hover_preview"] else "[ ]"
        self.button(
            (x, y, col, 40),
            f"{hover} Preview a card when the mouse is over it",
            self.toggle("hover_preview"),
            "H",
        )
        y += 48
        auto = "[x]" if s["autosave"] else "[ ]"
        self.button((x, y, col, 40), f"{auto} Autosave every quarter", self.toggle("autosave"), "A")
        y += 68
        self.button(
            (x, y, 200, 44),
            "Back",
            lambda: nav.show(self.app, "title"),
            "Esc",
            object_id="@center",
        )

    def toggle(self, name):
        def flip():
            self.app.settings.set(name, not self.app.settings[name])
            if name == "autosave" and self.app.session is not None:
                self.app.session.autosave_on = self.app.settings[name]
            self.rebuild()

        return flip

    def set_size(self, size):
        self.app.settings.set("size", list(size))
        self.app.resize(size)

    def paint(self, surface):
        surface.fill(T.BG)
        w, _h = surface.get_size()
        T.blit_text(surface, "Settings", (w // 2, 40), 30, T.TEXT, True, align="center")
        status_line(self.app, surface)
