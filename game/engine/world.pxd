# Types for the compiled engine (game/engine/compiled.py): world.py stays plain Python, and
# Cython reads this beside it. The world is an extension type there (its fields in a C struct:
# World.change, the hottest method of a game, reads them without a lookup), and the clamp and
# snap of World.change run in C doubles, as Python's floats are.
cimport cython

cdef double _TWO52, _LIMIT


cdef class World:
    cdef public dict values
    cdef public list ledger
    cdef public object turn, phase
    cdef public dict progress, cooldowns, flags
    cdef public list log, offers, deals

    @cython.locals(lo=cython.double, hi=cython.double, scale=cython.double, y=cython.double,
                   t=cython.double)
    cpdef change(self, key, double new_value, cause)
