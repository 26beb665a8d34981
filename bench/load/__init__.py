"""The load benchmark over HTTP: the service under gunicorn, signed-in pages per role under wrk,
read against two reference routes served the same way (see __main__.py)."""
