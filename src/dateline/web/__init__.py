"""The web interface: REST API, HTML pages and Atom feeds over a corpus store.

``create_app(store_or_db, settings)`` in :mod:`dateline.web.app` builds the FastAPI app;
``dateline serve`` runs it with uvicorn on 127.0.0.1.
"""

from dateline.web.app import create_app

__all__ = ["create_app"]
