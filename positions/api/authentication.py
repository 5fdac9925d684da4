"""Token sign-in whose failures are throttled per client address.

DRF's throttles run after authentication, so a request with a bad token is a 401
before any throttle sees it: a hundred guesses in a row were a hundred 401s. Here the
failed attempts of an address are counted (rate `failed_auth` in
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]); past the rate every request from it that
carries a token is a 429 with Retry-After, good token or not, until the window passes.
"""
from rest_framework import authentication, exceptions, throttling


class FailedSignInThrottle(throttling.SimpleRateThrottle):
    scope = "failed_auth"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def exhausted(self, request) -> bool:
        """Whether the address used up its failures (nothing recorded)."""
        if self.rate is None:
            return False
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record(self, request) -> None:
        if self.rate is None:
            return
        self.exhausted(request)
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token …`, where a key holding a NUL (no token has one, and PostgreSQL refuses it in a
    query) is a failed sign-in, not a 500. The API's (throttled, below) and the feed's."""

    def authenticate_credentials(self, key):
        if "\x00" in key:
            raise exceptions.AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(key)


class ThrottledTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`, with failed attempts throttled per address."""

    def authenticate(self, request):
        if not authentication.get_authorization_header(request).lower().startswith(self.keyword.lower().encode()):
            return None  # no token: other authentication, or anonymous (throttled as such)
        throttle = FailedSignInThrottle()
        if throttle.exhausted(request):
            raise exceptions.Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record(request)
            raise
