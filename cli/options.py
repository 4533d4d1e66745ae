"""Options shared by several commands, as reusable decorators, and error handling in one place."""

from __future__ import annotations

import contextlib
import errno
import functools
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator

import click

from kg.errors import BuildFailed, KgError


def store_option(f: Callable) -> Callable:
    return click.option(
        "--store",
        "store",
        envvar="KG_STORE",
        default=None,
        metavar="PATH|URL",
        help="Store to use: a directory built by `kg build`, or a SPARQL endpoint URL. Env: KG_STORE. "
        "Default: .kg/store in the project.",
    )(f)


MAX_SECONDS = 7 * 24 * 3600.0  # a week: beyond it select() and queue waits overflow (1e308, inf)
MAX_COUNT = 1 << 62  # row and node caps: itertools.islice takes at most sys.maxsize


class Seconds(click.ParamType):
    """A finite number of seconds in [minimum, MAX_SECONDS]; NaN is refused (it compares false with every
    bound, so click.FloatRange lets it through and the query then "timed out after nan s" at once)."""

    name = "seconds"

    def __init__(self, minimum: float = 0.0) -> None:
        self.minimum = minimum

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not self.minimum <= seconds <= MAX_SECONDS:  # False for NaN too
            self.fail(f"{value} is not in the range {self.minimum:g}<=x<={MAX_SECONDS:g}", param, ctx)
        return seconds


def count_range(minimum: int = 1) -> click.IntRange:
    """A count (rows, nodes, depth) with an upper bound the library can use."""
    return click.IntRange(min=minimum, max=MAX_COUNT)


def format_option(*choices: str, default: str | None = None, result: str | None = None) -> Callable[[Callable], Callable]:
    """`--format`: the choices given, or the formats kg.render.WRITERS has for `result` ("module:Class")."""
    if result is not None:
        from kg.render import formats

        choices = formats(result)

    def decorator(f: Callable) -> Callable:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=default or choices[0],
            show_default=True,
            help="Output format.",
        )(f)

    return decorator


# C0/C1 controls (ESC sequences, U+009B CSI), line separators, and the bidirectional overrides and isolates
# (U+202A-E, U+2066-9), which make a terminal show text in another order than it is stored ("Trojan Source").
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """Control characters (ESC sequences, bells, line separators) escaped before they reach a terminal."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_text(text: str) -> None:
    """Human-readable output (tables, text reports) to stdout with control characters escaped; newlines and
    tabs are layout and stay. Machine formats (JSON, CSV, TSV, RDF) are data and are written as they are."""
    sys.stdout.write(terminal_safe(text))


def write_result(result: object, fmt: str) -> None:
    """A library result written by its registered writer (kg.render.WRITERS): text with control characters
    escaped, machine formats as they are."""
    from kg.render import render

    out = render(result, fmt)
    write_text(out) if fmt == "text" else sys.stdout.write(out)


def echo_text(text: str = "") -> None:
    """click.echo for human-readable lines, control characters escaped."""
    click.echo(terminal_safe(text))


def _safe_streams() -> None:
    """A terminal that cannot show a character (LC_ALL=C) gets an escape instead of a UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="backslashreplace")


def handle_errors(f: Callable) -> Callable:
    """Turn library errors into one-line messages with the library's exit code; never a traceback.

    An OSError the library did not anticipate (a full disk, a permission) is one line too, exit 1.
    """

    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        _safe_streams()
        try:
            return f(*args, **kwargs)
        except BuildFailed as e:
            for finding in e.findings:
                click.echo(terminal_safe(finding.one_line()), err=True)
            click.echo(f"Error: {terminal_safe(e.message)}; the previous store (if any) is unchanged", err=True)
            sys.exit(e.exit_code)
        except KgError as e:
            click.echo(f"Error: {terminal_safe(str(e))}", err=True)
            sys.exit(e.exit_code)
        except OSError as e:
            where = f": {e.filename}" if getattr(e, "filename", None) else ""
            hint = " (the disk is full or a file size limit was reached; free space and retry)" \
                if e.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) else ""
            click.echo(f"Error: {terminal_safe((e.strerror or str(e)) + where)}{hint}", err=True)
            sys.exit(1)

    return wrapper


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Inside the block, SIGTERM unwinds like Ctrl-C (KeyboardInterrupt).

    The default SIGTERM action ends the process on the spot, so a half-written build directory would
    stay behind until the next build; unwinding runs the writer's cleanup and releases its lock.
    """
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def open_store(location: str | None):
    from kg.config import store_location
    from kg.store import open_store as _open

    return _open(store_location(location))


def progress(message: str) -> None:
    click.echo(f"… {terminal_safe(message)}", err=True)
