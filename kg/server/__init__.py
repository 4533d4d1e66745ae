"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint at /sparql and the browser explorer at /.

An ASGI app (Starlette) served by uvicorn. Modules:

* config: ServerConfig, the settings shared by the endpoint, the guards and the explorer.
* app: the routes, SPARQL 1.1 Protocol request parsing and responses; mounts kg.explorer at "/".
* formats: content negotiation and the result formats (SELECT/ASK written here; RDF by pyoxigraph).
* pool / worker: worker processes that keep the store open and are killed at the query timeout.
* guard_http: Host / Origin checks and read-only methods, in front of the whole app.
* run: binding with clear errors, uvicorn with connection limits and request-head deadlines.
"""

from .config import ServerConfig

__all__ = ["ServerConfig"]
