# Types for the compiled engine (game/engine/compiled.py): world.py stays plain Python, and
# Cython reads this beside it. The world is an extension type there (its fields in a C struct:
# World.change, the hottest method of a game, reads them without a lookup), and _snapped's
# arithmetic runs in C doubles, as Python's floats are.
cimport cython

cdef double _TWO52, _LIMIT

@cython.locals(y=cython.double, t=cython.double)
cpdef double _snapped(double value, double lo, double hi, double scale) except? -1.0


cdef class World:
    cdef public dict values
    cdef public list ledger
    cdef public object turn, phase
    cdef public dict progress, cooldowns, flags
    cdef public list log, offers, deals
