"""What the classroom screens share: the clock's format, a heading, the paused banner, and
moving between the class screens (the hand-over, the end, the facilitator, leaving)."""

import pygame

from game.ui import nav
from game.ui import theme as T
from game.ui.theme import px as P


def fmt_clock(seconds):
    seconds = max(0, int(seconds + 0.999))
    return f"{seconds // 60}:{seconds % 60:02d}"


def heading(surface, text, sub=None):
    w, _h = surface.get_size()
    T.blit_text(surface, text, (w // 2, 40), 30, T.TEXT, True, align="center", width=w - 40)
    if sub:
        T.blit_text(surface, sub, (w // 2, P(84)), 15, T.MUTED, align="center", width=w - 40)


def show_class(app):
    """Show the class game where it stands: the hand-over, or the end."""
    c = app.classroom
    app.session = c.sessions[c.teams[0]]
    if c.model.is_over():
        nav.show(app, "class_end")
    else:
        nav.show(app, "handover")


def paused_banner(app, window):
    c = getattr(app, "classroom", None)
    if c is not None and c.paused:
        w, _h = window.get_size()
        box = pygame.Rect(w // 2 - P(260), P(96), P(520), P(44))
        pygame.draw.rect(window, T.OI["vermillion"], box, border_radius=6)
        label = T.text("Paused by the facilitator", 20, T.TEXT, True)
        window.blit(label, label.get_rect(center=box.center))


def to_facilitator(app, back):
    """The facilitator's view; ``back``: the name of the screen it returns to."""
    nav.show(app, "facilitator", back)


def leave_class(app):
    app.session = None  # the title's "Back to the game" is for one-player games
    nav.show(app, "title")
