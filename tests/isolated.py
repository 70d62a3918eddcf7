"""Requests run outside the test's app context, each with its own globals and database session.

Inside the test's app context, Flask reuses it for the request, and Flask-Login's user cached
in ``g`` by one request would be seen by the next, whatever cookies that one carries.
"""

import contextvars


def get(client, url, **kwargs):
    return contextvars.Context().run(client.get, url, **kwargs)


def post(client, url, **kwargs):
    return contextvars.Context().run(client.post, url, **kwargs)
