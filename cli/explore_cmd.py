"""`kg explore`: `kg serve`, then open the explorer in the browser once the server answers."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request

import click

from .serve_cmd import serve


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _open_when_ready(url: str, probe: str, timeout: float = 60.0) -> None:
    """Wait until the server answers (any HTTP status counts), then open the page; say so if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(probe, timeout=2).close()
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.2)
    else:
        click.echo(f"the server did not answer within {timeout:g} s; open {url} yourself", err=True)
        return
    click.echo(f"opening {url}", err=True)
    click.launch(url)


@click.command(context_settings={"ignore_unknown_options": False})
@click.option("--no-browser", is_flag=True, help="Serve and print the address, but open no browser (for scripts).")
@click.pass_context
def explore(ctx: click.Context, no_browser: bool, **options) -> None:
    """Serve the explorer and open it in the browser.

    The same server as `kg serve` (every option is the same: store, host, port, timeout, row cap), with
    the explorer at / next to the read-only SPARQL endpoint at /sparql: the patient form and treatment
    path, evidence, comparison, search, a SPARQL editor and the graphs. Ctrl-C stops it.

    \b
      kg explore
      kg explore --port 8080
      kg explore --port 0 --no-browser     # any free port; the address is printed
    """
    host = options.get("host") or "127.0.0.1"
    if options.get("port") == 0:
        options["port"] = _free_port(host)  # the browser needs to know the port before the server binds it
    url = f"http://{host}:{options['port']}/"
    click.echo(f"explorer at {url} (Ctrl-C stops)", err=True)
    if not no_browser:
        threading.Thread(target=_open_when_ready, args=(url, url + "static/explorer.css"), daemon=True).start()
    ctx.invoke(serve, **options)


# Every option of `kg serve`, as the same click objects, so the two commands never drift apart.
explore.params[0:0] = [p for p in serve.params if p.name not in {p.name for p in explore.params}]
