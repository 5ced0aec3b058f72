"""Kept pages (soslokal.core.pages): the CSRF token they carry."""

from collections import Counter

from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token, get_token
from django.test import RequestFactory

from soslokal.core.pages import csrf_token


def request_with_secret():
    request = RequestFactory().get("/")
    get_token(request)  # a secret, as the CSRF middleware gives every request
    request.META.pop("CSRF_COOKIE_NEEDS_UPDATE")
    return request


def test_a_csrf_token_is_the_secret_masked_anew_each_time():
    request = request_with_secret()
    tokens = [csrf_token(request) for _ in range(50)]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the cookie's expiry renewed
    assert len(set(tokens)) == 50
    for token in tokens:
        assert len(token) == 64
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        # What Django's CSRF check reads back from it: the request's secret.
        assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]


def test_every_character_may_be_part_of_a_mask():
    request = request_with_secret()
    seen = Counter(char for _ in range(400) for char in csrf_token(request)[:32])
    assert set(seen) == set(CSRF_ALLOWED_CHARS)
    # 12 800 characters: about 206 each; far from that only if some were favoured.
    assert max(seen.values()) < 300
    assert min(seen.values()) > 130


def test_a_request_without_a_secret_gets_a_new_one():
    request = RequestFactory().get("/")
    token = csrf_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == 32
    assert set(secret) <= set(CSRF_ALLOWED_CHARS)
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the middleware sets the cookie
    assert _unmask_cipher_token(token) == secret
    assert _unmask_cipher_token(csrf_token(request)) == secret  # kept for the request
