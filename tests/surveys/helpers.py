import re

TOKEN_FIELD = re.compile(r'name="token" value="([^"]+)"')


def sent_token(check_page):
    """The one-time token in the check page, as a browser would send it back. (Read from the
    HTML: the page may come kept, without a template context for the test client to show.)"""
    return TOKEN_FIELD.search(check_page.content.decode()).group(1)
