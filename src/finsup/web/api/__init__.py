"""The API kit the apps' routers (`<app>/api.py`, pages-level like their views) build on: the one
error shape and its `errors()` helper (errors.py), object ids, links and `ErrorOut` (schemas.py),
bounded pagination (pagination.py), and how callers authenticate (auth.py). The API itself, which
assembles the routers, maps the errors and wraps Django's answers, is `finsup.api`."""
