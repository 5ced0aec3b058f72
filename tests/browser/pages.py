"""Finding every public page by following links, and checking one the way a person would."""

from collections import deque
from urllib.parse import urljoin, urlparse

# Not public pages: staff pages need a login, the rest are not pages at all.
NOT_PUBLIC = ("/staff/", "/admin/", "/static/", "/i18n/")
NOT_HTML = (".json", ".csv", ".txt", ".pdf", ".svg", ".png", ".jpg", ".webp", ".xlsx", ".ris")
# Error pages are public too: "not found", and a method the page refuses (logging out by link).
EXTRA_PAGES = ["/no-such-page/", "/logout/"]
ERROR_PAGES = {"/no-such-page/": 404, "/logout/": 405}


def crawl(page, base_url, start="/", *, within="", extra=EXTRA_PAGES, visit=None):
    """Every same-site page reachable by links from ``start`` (and under ``within``, when
    given), in visiting order; staff pages only when ``within`` is the staff area.

    ``visit(path, response)``, when given, is called on each page while it is open, after its
    links are read, and on each of ``extra`` (opened, not followed): a test checks each page
    as the crawl finds it rather than opening every page twice."""
    seen, queue, found = {start}, deque([start]), []
    while queue:
        path = queue.popleft()
        response = page.goto(urljoin(base_url, path))
        found.append(path)
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        if visit is not None:
            visit(path, response)
        for href in links:
            url = urlparse(href)
            if url.netloc != urlparse(base_url).netloc or url.scheme not in ("http", "https"):
                continue
            target = url.path
            excluded = target.startswith(NOT_PUBLIC) and not (within and target.startswith(within))
            if excluded or not target.startswith(within) or target.endswith(NOT_HTML):
                continue
            if target in seen:
                continue
            seen.add(target)
            queue.append(target)
    if visit is not None:
        for path in extra:
            visit(path, page.goto(urljoin(base_url, path)))
    return found + list(extra)


def axe_violations(page, axe_source):
    """axe-core's findings on the page as it stands: every rule that is not experimental."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results["violations"]
    ]


def page_problems(page, axe_source, width):
    """What is wrong with the page as it stands: sideways scrolling at ``width``, and axe."""
    problems = []
    page.wait_for_load_state("load")  # measured once the style sheets apply
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"scrolls sideways at {width} px ({scroll_width} px wide)")
    return problems + axe_violations(page, axe_source)


FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])"
)

DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadowed = style.boxShadow && style.boxShadow !== 'none';
  return {
    key: el.outerHTML.slice(0, 120),
    visible: outlined || shadowed,
    skip: el.classList.contains('ds-skip-link'),
  };
}"""


COUNT_TAB_STOPS = """selector => {
  const seen = new Set();
  let stops = 0;
  for (const el of document.querySelectorAll(selector)) {
    // checkVisibility also leaves out what a closed <details> hides.
    if (!el.checkVisibility()) continue;
    // A group of radio buttons is one tab stop; a date field is one stop per part.
    if (el.type === 'radio') { if (seen.has(el.name)) continue; seen.add(el.name); }
    stops += el.type === 'date' ? 3 : 1;
  }
  return stops;
}"""


def tab_through(page):
    """Press Tab until focus comes round again; returns what received focus, in order."""
    expected = page.evaluate(COUNT_TAB_STOPS, FOCUSABLE)
    stops = []
    for _ in range(expected + 3):
        page.keyboard.press("Tab")
        focused = page.evaluate(DESCRIBE_FOCUS)
        if focused is None or (stops and focused["key"] == stops[0]["key"]):
            break
        stops.append(focused)
    return expected, stops
