"""Browser tests: the real app in a live server, driven by Debian's Chromium through Playwright.

The app under test is the per-test `app` from tests/conftest.py (its own SQLite file, or the
PostgreSQL test database), served by werkzeug on a free port in a background thread; test data
must be committed before the browser asks for it. One Chromium is started per session (never a
downloaded browser: /usr/bin/chromium from apt), and each test gets a fresh context at a phone's
390×844 viewport with a zh-CN locale. Every test here is marked `slow`.

Helpers: assert_no_horizontal_overflow, screenshot (into tests/e2e/screenshots/, git-ignored),
check_page (overflow, tap targets, labels, contrast, then a screenshot) and sign_in.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PHONE = {"width": 390, "height": 844}
E2E_DIR = Path(__file__).resolve().parent
MIN_TAP = 44  # px, WCAG 2.5.5 target size
MIN_CONTRAST, MIN_CONTRAST_LARGE = 4.5, 3.0  # WCAG 1.4.3


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run; tests skip when it is not installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: run `bash .ci/system-deps` "
                    "(apt-get install chromium fonts-noto-cjk); browsers are never downloaded")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):  # the app's own access log is enough
        pass


@pytest.fixture
def live_server(app):
    """Serve app on a free local port in a thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def browser_context_options():
    """Options for the page's browser context; override in a module to change them."""
    return {}


@pytest.fixture
def page(browser, live_server, browser_context_options):
    """A fresh phone-sized page (390×844, zh-CN) whose relative URLs go to the live server."""
    options = {"viewport": PHONE, "locale": "zh-CN", "base_url": live_server, **browser_context_options}
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def sign_in(page, username: str, password: str, path: str = "/login") -> None:
    """Fill the login page in by its labels and submit it."""
    page.goto(path)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def assert_no_horizontal_overflow(page) -> None:
    """Fail if the page is wider than the viewport (the reader would have to scroll sideways)."""
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]}px wide in a {widths[1]}px viewport"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as tests/e2e/screenshots/<name>.png and return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


_SMALL_TARGETS = """([minimum]) => [
    ...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')]
  .filter(el => el.getClientRects().length > 0)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.height < minimum || box.width < minimum)
  .map(([el, box]) => `${el.tagName.toLowerCase()} "${(el.innerText || el.name || '').trim()}" `
                      + `${Math.round(box.width)}x${Math.round(box.height)}`)"""

_UNLABELLED = """() => [...document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea')]
  .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label'))
  .map(el => el.name || el.id)"""

_LOW_CONTRAST = """([normal, large]) => {
  const rgba = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgba(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.getClientRects().length === 0) continue;
    const style = getComputedStyle(el);
    const bg = background(el), fg = rgba(style.color);
    const alpha = fg.length === 4 ? fg[3] : 1;
    const mixed = fg.slice(0, 3).map((v, i) => v * alpha + bg[i] * (1 - alpha));
    const [hi, lo] = [lum(mixed), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? large : normal;
    if (ratio < needed) found.push(`"${el.innerText.trim().slice(0, 20)}" ${ratio.toFixed(2)}`);
  }
  return found;
}"""


def check_page(page, name: str) -> Path:
    """Check overflow, tap targets, input labels and text contrast, then save a screenshot."""
    # After a click the new document may still be fetching its stylesheet: judge the page as styled.
    page.wait_for_load_state("load")
    assert_no_horizontal_overflow(page)
    assert page.evaluate(_SMALL_TARGETS, [MIN_TAP]) == [], "tap targets under 44px"
    assert page.evaluate(_UNLABELLED) == [], "inputs without a label"
    assert page.evaluate(_LOW_CONTRAST, [MIN_CONTRAST, MIN_CONTRAST_LARGE]) == [], "text with low contrast"
    return screenshot(page, name)
