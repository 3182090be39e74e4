# Types for the compiled engine (game/engine/compiled.py; see world.pxd): the scoring loops'
# numbers as C doubles, the same IEEE arithmetic in the same order as Python's floats (a
# division by zero still raises: cdivision stays off).
cimport cython

@cython.locals(part=cython.double, x=cython.double, v=cython.double, term_weight=cython.double,
               lo=cython.double, span=cython.double, weighted=cython.double)
cpdef tuple _scores(objectives, dict values)

@cython.locals(total=cython.double, part=cython.double, x=cython.double, v=cython.double,
               term_weight=cython.double, lo=cython.double, span=cython.double,
               weight=cython.double, wsum=cython.double)
cpdef double _total_after(rows, touched, dict values, dict changed) except? -1.0

