"""The checker of the words tests finds what it should and nothing more."""

from tests.words.visible import raw_words, visible_text


def test_codes_and_research_notes_are_found():
    text = visible_text(
        "<p>Status: due_soon</p><p title='registration_list'>x</p>"
        "<p>Guest name (guest_name)</p><p>See research §1.2 (partial)</p>"
        "<p>quoted by ctemploymentlawblog.com</p>"
    )
    found = raw_words(text)
    assert {"due_soon", "registration_list", "guest_name", "research", "(partial)"} <= set(found)
    assert any("blog" in word.lower() for word in found)


def test_values_scripts_and_citations_are_not_read():
    html = (
        '<select name="legal_basis"><option value="administrative_subpoena">'
        "Administrative subpoena</option></select>"
        "<script>var due_soon = 1;</script><p>Fla. Stat. §509.101(2); PA 16-71 §3</p>"
    )
    assert raw_words(visible_text(html)) == []
