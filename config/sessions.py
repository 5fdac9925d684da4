"""Sessions in the database, as Django's, but a session cookie that no session key could be ("abcdefgh\\000",
which Django's cookie parser turns into a NUL) is no session: PostgreSQL refuses a NUL in a query, and the
sign-in check of every page and API call would answer 500."""
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return bool(super()._validate_session_key(key)) and key.isascii() and key.isalnum()  # as Django makes them
