"""Errors a user can cause. Each prints as one line naming the file, the field and the problem."""


class TightropeError(Exception):
    """Base class of every error the command line reports as one line and exit code 2."""


class ConfigError(TightropeError):
    """A scenario, catalogue, decisions or save file is wrong."""

    def __init__(self, path, field, problem):
        self.path, self.field, self.problem = str(path), str(field), str(problem)
        super().__init__(f"{self.path}: {self.field}: {self.problem}")


class GameError(TightropeError):
    """A request the game can't honour now (an illegal action, a missing decision)."""


class DecisionsMissing(GameError):
    """A human seat has not submitted its decisions or answered its events for this turn."""
