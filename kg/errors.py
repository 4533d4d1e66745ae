"""Errors the library raises; the CLI turns each into a one-line message and its exit code."""

from __future__ import annotations


class KgError(Exception):
    """Base class. `exit_code` follows the CLI convention: 2 for bad input, 1 for failures."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message + (f" ({self.hint})" if self.hint else "")

    def __reduce__(self):
        # Subclasses take other constructor arguments; rebuild from state so errors cross process boundaries.
        return (_rebuild, (type(self), dict(self.__dict__)))


def _rebuild(cls: type[KgError], state: dict) -> KgError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class InputError(KgError):
    """The user asked for something malformed or out of range."""

    exit_code = 2


def excerpt(value: str, limit: int = 80) -> str:
    """`value` quoted for a message, cut to `limit` characters with its length said: a message echoes
    what the user typed, and a 100,000-character value must not become a 100 KB line."""
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}… ({len(value):,} characters)"


class UnknownName(InputError):
    """A name did not match any entity; carries the closest known names."""

    def __init__(self, kind: str, name: str, candidates: list[str], why: str = "") -> None:
        hint = ("closest: " + ", ".join(candidates)) if candidates else (why or "no similar names")
        super().__init__(f"unknown {kind} {excerpt(name)}", hint)
        self.kind = kind
        self.name = name
        self.candidates = candidates


class QueryError(InputError):
    """A SPARQL query or its parameters are invalid."""


class StoreError(KgError):
    """The store cannot be opened or written."""


class StoreMissing(StoreError):
    def __init__(self, location: str) -> None:
        super().__init__(f"no built store at {location}", "run `kg build` first")


STORE_IN_USE_EXIT = 75  # EX_TEMPFAIL (sysexits.h): not a failure of this build; retry later


class StoreInUse(StoreError):
    """Another `kg build` holds the store's lock. Exit code 75, so scripts can tell "retry" from "failed"."""

    exit_code = STORE_IN_USE_EXIT

    def __init__(self, location: str) -> None:
        super().__init__(f"store in use: another `kg build` is writing {location}", "wait for it to finish and retry")


class BuildFailed(KgError):
    """Validation found errors; the previous store is left untouched."""

    def __init__(self, findings: list) -> None:
        super().__init__(f"build failed: {sum(1 for f in findings if f.level == 'error')} validation error(s)")
        self.findings = findings
