"""The browse pages of ``graphbuild serve`` in headless Chromium: search -> entity -> its filter
form and back -> evidence -> article -> drawing.

The store is built from the sample articles and served on 127.0.0.1; the walk is done by
clicking links as a user would, and every request the pages make must stay on the server's
origin (no CDN, no font, no tracker), with no CSP violation or script error reported.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from chromium_cdp import Browser, chromium  # noqa: E402, F401 (chromium: a fixture)

from graphbuild.serve import make_server  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.model, pytest.mark.store]

LOADED = "document.readyState === 'complete' && location.pathname"


@pytest.fixture(scope="module")
def origin(sample_store):
    store, _ = sample_store
    server = make_server(store, port=0, workers=1, timeout=20)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()
    server.endpoint.close()


def click(browser: Browser, selector: str, path_prefix: str) -> str:
    href = browser.evaluate(f"(function () {{ var a = document.querySelector({selector!r}); "
                            f"if (!a) return null; a.click(); return a.getAttribute('href'); }})()")
    assert href, f"no link {selector} on {browser.evaluate('location.href')}"
    browser.wait_for(f"{LOADED}.startsWith({path_prefix!r})")
    browser.pump(0.2)
    return href


def test_search_entity_evidence_in_chromium(chromium, origin, tmp_path):  # noqa: F811 (the fixture)
    with Browser(chromium, width=1300, height=900) as browser:
        browser.events.clear()
        browser.goto(origin + "/")
        browser.wait_for(f"{LOADED} === '/' && !!document.querySelector('a.entity')")
        # type a name into the search box and submit the form
        browser.evaluate("(function () { var i = document.querySelector('input[name=q]'); i.value = 'ICE'; "
                         "i.form.submit(); })()")
        browser.wait_for(f"{LOADED} === '/' && location.search.indexOf('q=ICE') >= 0")
        assert "matching" in browser.evaluate("document.querySelector('h1').textContent")
        click(browser, "a.entity", "/entity/")
        name = browser.evaluate("document.querySelector('h1').textContent")
        assert name and browser.evaluate("document.querySelectorAll('a.evidence').length") > 0
        entity_shot = browser.screenshot(tmp_path / "entity.png")
        # filter the page with its form (a plain GET form: the filter lands in the URL), then clear it
        entity_path = browser.evaluate("location.pathname")
        browser.evaluate("(function () { var f = document.querySelector('form.filters'); "
                         "f.querySelector('select[name=predicates]').value = 'commercial'; "
                         "f.querySelector('input[name=since]').value = '2000'; f.submit(); })()")
        browser.wait_for(f"{LOADED} === {entity_path!r} && location.search.indexOf('predicates=commercial') >= 0")
        assert "since=2000" in browser.evaluate("location.search")
        assert browser.evaluate("document.querySelector('select[name=predicates]').value") == "commercial"
        assert browser.evaluate("document.querySelector('input[name=since]').value") == "2000"
        assert "held from 2000" in browser.evaluate("document.querySelector('p.filtered').textContent")
        assert "(filtered)" in browser.evaluate("document.querySelector('h2').textContent")
        assert browser.screenshot(tmp_path / "filtered.png").stat().st_size > 10_000
        browser.evaluate("document.querySelector('p.filtered a.clear').click()")
        browser.wait_for(f"{LOADED} === {entity_path!r} && location.search === '' && "
                         "!document.querySelector('p.filtered')")
        click(browser, "a.evidence", "/edge")
        statements = browser.evaluate("Array.from(document.querySelectorAll('li.statement blockquote'))"
                                      ".map(function (b) { return b.textContent; })")
        assert statements and all(s.strip() for s in statements)
        sources = browser.evaluate("Array.from(document.querySelectorAll('li.statement a[rel]'))"
                                   ".map(function (a) { return a.href; })")
        assert sources and all(s.startswith(("http://", "https://")) for s in sources)
        assert not any(s.startswith(origin) for s in sources)  # the articles' own sites (not followed)
        click(browser, "a.article", "/article/")
        assert browser.evaluate("document.querySelectorAll('li.statement').length") > 0
        browser.evaluate("history.back()")
        browser.wait_for(f"{LOADED}.startsWith('/edge')")
        # back to the entity, then its drawing
        click(browser, "h1 a", "/entity/")
        click(browser, "a[href^='/drawing/']", "/drawing/")
        browser.wait_for("document.documentElement.getAttribute('data-graph-ready')")
        browser.pump(0.3)

        requested = browser.requested_urls()
        assert requested, "no request was seen"
        leaving = [u for u in requested if not u.startswith(origin + "/")]
        assert leaving == []
        assert browser.problems() == []
        assert entity_shot.stat().st_size > 10_000  # a rendered page, not a blank one
        if os.environ.get("GRAPHBUILD_SCREENSHOT_DIR"):
            target = Path(os.environ["GRAPHBUILD_SCREENSHOT_DIR"]) / "browse.png"
            target.write_bytes(entity_shot.read_bytes())
