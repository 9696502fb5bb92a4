"""``graphkb serve``: a local web app to explore, query and plan over the live store.

:func:`~graphkb.serve.app.create_app` builds the ASGI app over an open store;
:mod:`graphkb.serve.api` answers each JSON endpoint; :mod:`graphkb.serve.state`
keeps one snapshot of the store per graph version (layout and search keys
cached); :mod:`graphkb.serve.security` holds the security model.  The page
(``assets/``) draws with sigma.js and graphology, vendored (``graphkb/serve/assets/vendor/VENDORED.md``).
"""

from graphkb.serve.app import create_app

__all__ = ["create_app"]
