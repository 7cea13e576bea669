from generator.core.markup import sanitise


def test_scripts_handlers_and_bad_urls_are_removed_harmless_html_kept():
    html = sanitise('<p>好<br><sup>1</sup></p><script>alert(1)</script><img src="a.png" onerror="alert(1)">'
                    '<a href="javascript:alert(1)">x</a><a href="https://example.org">外链</a>'
                    '<table><tr><td>1</td></tr></table><iframe src="https://e"></iframe><h2 id="bg">背景</h2>')
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html and "iframe" not in html
    assert '<br>' in html and "<sup>1</sup>" in html and "<td>1</td>" in html and '<h2 id="bg">' in html
    assert '<a href="https://example.org" rel="noopener noreferrer">外链</a>' in html
