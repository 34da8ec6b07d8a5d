"""The error every checked value raises: an unknown, mistyped or out-of-range parameter or municipality.

Kept in a module of its own, below both :mod:`greencoop.params` and
:mod:`greencoop.municipality`, so each can raise it without importing the
other's module to get it.
"""


class ParameterError(ValueError):
    """A parameter is unknown, of the wrong type, or outside its range."""
