"""Test-only fault injection, on PYTHONPATH only in tests that ask for it: with
TIGHTROPE_FAULT=demand, a defence_demand of 0.5 (a legal value) makes play raise
ZeroDivisionError. Every bad input is now refused at load, so a game that fails mid-play (to
test the batch's failure handling) has to be made this way."""

import os

FAULTY_DEMAND = 0.5


def install():
    import agents.usa as usa

    original = usa.shortfall

    def shortfall(values, ally, p):
        if p["defence_demand"] == FAULTY_DEMAND:
            raise ZeroDivisionError("float division by zero")
        return original(values, ally, p)

    usa.shortfall = shortfall
    return original


if os.environ.get("TIGHTROPE_FAULT") == "demand":
    install()
