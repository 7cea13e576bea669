"""Readable for every reader: axe-core's WCAG 2.1 A/AA rules in Chromium, on the sample library.

Older workers read on phones and some print in grey; Material's default teal failed colour
contrast on every page. Each page type is checked at desktop and phone width, the header box with
its suggestions open, and the print stylesheet; no serious or critical violation may remain.

axe leaves text exactly as coloured as its background to be reviewed by hand ("incomplete", as
if hidden on purpose), so the case pages' print button, shown by a script, once passed as an empty
green block. Every page visited here is therefore also checked for text nearly the colour of what
it is drawn on, once scripts have run, and for links and buttons also hovered and focused.
"""

import pytest

from ..helpers import PAGES, VIEWPORTS

# Shown only once a script has run (hidden in the HTML): the colour check must see them.
SHOWN_BY_SCRIPT = {"case": ".cl-print", "handout": ".cl-print"}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def audit(page, axe_source) -> dict:
    page.evaluate(axe_source)
    return page.evaluate("options => axe.run(document, options)", RULES)


def serious(results: dict) -> list[str]:
    """One line per offending element: rule, impact, where, and axe's own explanation."""
    lines = []
    for violation in results["violations"]:
        if violation["impact"] in ("serious", "critical"):
            for node in violation["nodes"]:
                lines.append(f"{violation['id']} ({violation['impact']}) {node['target']}: {node['failureSummary']}")
    return lines


def settle(page):
    """Wait until the search page (if this is it) has shown its results."""
    if page.locator(".cl-finder__status").count():
        page.wait_for_function("() => !document.querySelector('.cl-finder__status').textContent.startsWith('正在')")


# Text drawn in (nearly) the colour it is drawn on: contrast below 1.5:1, the text's colour laid over
# the first background found walking up from it (transparent and translucent layers over the page's
# white). Text no reader can see is left out: no box, invisible, opacity 0 on the way up, clipped to
# a pixel (screen-reader text), or off the page to the left or top. SVG text is coloured by its fill;
# a background image on the way up leaves the background unknown, and the text unchecked.
SAME_COLOUR = r"""limit => {
  document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} });   // hover/focus transitions done
  const pixel = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  const parse = c => {
    const m = c.match(/^rgba?\(([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,\/]\s*([\d.]+)(%?))?\)$/);
    if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : m[5] ? m[4] / 100 : +m[4]];
    pixel.clearRect(0, 0, 1, 1); pixel.fillStyle = c; pixel.fillRect(0, 0, 1, 1);   // any other notation
    const d = pixel.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const over = (top, under) => {
    const a = top[3] + under[3] * (1 - top[3]);
    return [0, 1, 2].map(i => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a).concat([a]);
  };
  const luminance = c => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4;
    });
    return .2126 * r + .7152 * g + .0722 * b;
  };
  const background = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage !== 'none') return null;
      const c = parse(s.backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  const shown = (el, node) => {
    const s = getComputedStyle(el);
    if (s.visibility !== 'visible') return false;
    const range = document.createRange();
    range.selectNodeContents(node);
    const boxes = [...range.getClientRects()].filter(b => b.width > 0 && b.height > 0);
    if (!boxes.length || boxes.every(b => b.right + scrollX <= 0 || b.bottom + scrollY <= 0)) return false;
    for (let e = el; e; e = e.parentElement) {
      const t = getComputedStyle(e), box = e.getBoundingClientRect();
      if (+t.opacity === 0 || (t.clip !== 'auto' && t.clip !== '')) return false;
      if (t.overflow !== 'visible' && (box.width <= 1 || box.height <= 1)) return false;
    }
    return true;
  };
  const selector = el => {
    const parts = [];
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      if (e.id) { parts.unshift('#' + CSS.escape(e.id)); break; }
      parts.unshift(e.localName + [...e.classList].map(c => '.' + CSS.escape(c)).join(''));
      if (parts.length === 4) break;
    }
    return parts.join(' > ');
  };
  const found = [];
  let checked = 0;
  for (const el of document.body.querySelectorAll('*')) {
    if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'OPTION'].includes(el.tagName)) continue;
    const nodes = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE && n.data.trim());
    const visible = nodes.filter(n => shown(el, n));
    if (!visible.length) continue;
    const bg = background(el);
    if (!bg) continue;
    const s = getComputedStyle(el);
    const paint = el instanceof SVGElement ? s.fill : s.color;
    if (!/^(rgb|hsl|color|lab|lch|oklab|oklch|#)/.test(paint)) continue;   // an SVG fill of url(…) or none
    checked += 1;
    const fg = over(parse(paint), bg);
    const [light, dark] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (light + .05) / (dark + .05);
    if (ratio < limit) found.push({selector: selector(el), text: visible.map(n => n.data.trim()).join(' ').slice(0, 40),
      color: paint, background: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`, ratio: ratio.toFixed(2)});
  }
  return {checked, found};
}"""
INTERACTIVE = "a, button, summary, label, [role=button], [tabindex]"


def same_colour_text(page, where: str, states=("normal", "hover", "focus")) -> list[str]:
    """One line per element whose text is (nearly) the colour of its background, in the first state
    where it is: as
    the page is, with every link and button hovered, then focused (forced through Chromium's
    DevTools protocol, so no pointer or tab order is needed)."""
    lines, seen = [], set()
    cdp = None
    for state in states:
        if state != "normal":
            if cdp is None:
                cdp = page.context.new_cdp_session(page)
                cdp.send("DOM.enable")
                cdp.send("CSS.enable")
                root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
                targets = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": INTERACTIVE})["nodeIds"]
            forced = {"hover": ["hover"], "focus": ["focus", "focus-visible"]}[state]
            for node in targets:
                cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": forced})
        result = page.evaluate(SAME_COLOUR, 1.5)
        assert result["checked"], f"{where}: no text was checked"
        for o in result["found"]:
            if (o["selector"], o["text"]) not in seen:   # each element once, in the first state it fails
                seen.add((o["selector"], o["text"]))
                colours = f"{o['color']} on {o['background']}, {o['ratio']}:1"
                lines.append(f"{where} ({state}) {o['selector']} “{o['text']}”: {colours}")
    if cdp is not None:
        for node in targets:
            cdp.send("CSS.forcePseudoState", {"nodeId": node, "forcedPseudoClasses": []})
        cdp.detach()
    return lines


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=list(VIEWPORTS))
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation(browser, sample_server, axe_source, name, viewport):
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    page.goto(sample_server + PAGES[name])
    settle(page)
    results = audit(page, axe_source)
    assert any(rule["id"] == "color-contrast" for rule in results["passes"])   # contrast was really measured
    assert not serious(results)
    if name in SHOWN_BY_SCRIPT:
        assert page.locator(SHOWN_BY_SCRIPT[name]).first.is_visible()
    assert not same_colour_text(page, PAGES[name])
    page.close()


def test_header_suggestions_are_readable(browser, sample_server, axe_source):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(sample_server + "/")
    page.fill(".cl-search__input", "鱼骨图")
    page.locator(".cl-search__panel .cl-search__case").first.wait_for()
    assert not serious(audit(page, axe_source))
    assert not same_colour_text(page, "/ (suggestions open)")
    page.close()


@pytest.mark.parametrize("name", ["home", "case", "search", "stats", "pack", "handout"])
def test_printed_pages_are_readable(browser, sample_server, axe_source, name):
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.emulate_media(media="print")
    page.goto(sample_server + PAGES[name])
    settle(page)
    assert not serious(audit(page, axe_source))
    assert not same_colour_text(page, PAGES[name] + " (print)", states=("normal",))
    page.close()


def test_the_audit_catches_grey_text_on_grey(browser, sample_server, axe_source):
    # The check above can fail: text as pale as Material's old inactive tabs is reported.
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(sample_server + "/")
    page.evaluate("""() => { const p = document.createElement('p'); p.textContent = '浅色文字';
        p.style.cssText = 'color:#b3dfda;background:#009485'; document.querySelector('article').append(p); }""")
    assert any(line.startswith("color-contrast (serious)") for line in serious(audit(page, axe_source)))
    page.close()


def test_the_colour_check_catches_text_coloured_like_its_background(browser, sample_server):
    # What axe leaves for review: text the colour of a background set on an ancestor, text a shade
    # off its background, a button coloured like its background only when hovered. Hidden text and
    # screen-reader text in the same colours are not reported.
    page = browser.new_page(viewport=VIEWPORTS["desktop"])
    page.goto(sample_server + "/")
    page.evaluate("""() => {
      const add = (html) => document.querySelector('article').insertAdjacentHTML('beforeend', html);
      add('<div style="background:#00695c"><p><span style="color:#00695c">同色文字</span></p></div>');
      add('<p style="color:#f5f5f5">近色文字</p>');
      add('<p hidden style="color:#fff">隐藏文字</p>');
      add('<p style="color:#fff;position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)">'
          + '读屏文字</p>');
      add('<button type="button" class="cl-hover-test" style="color:#fff;background:#00695c;border:0">'
          + '悬停按钮</button>');
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('.cl-hover-test:hover { background: #fff !important; }');
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }""")
    lines = same_colour_text(page, "/")
    assert all(line.startswith("/ (") for line in lines)
    # state, the element (the end of its selector), its text, text on background and their ratio
    parts = [(line.split(" ")[1], line.split(" “")[0].rsplit(" ", 1)[1], "“" + line.split(" “")[1]) for line in lines]
    assert parts == [
        ("(normal)", "span", "“同色文字”: rgb(0, 105, 92) on rgb(0, 105, 92), 1.00:1"),
        ("(normal)", "p", "“近色文字”: rgb(245, 245, 245) on rgb(255, 255, 255), 1.09:1"),
        ("(hover)", "button.cl-hover-test", "“悬停按钮”: rgb(255, 255, 255) on rgb(255, 255, 255), 1.00:1"),
    ], lines
    page.close()
