"""The page-noise rules (l10n/noise.py): each names what it drops, and keeps the release's own lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from l10n.document import parse
from l10n.noise import RULES, Context, noise_reason


# --- page noise --------------------------------------------------------------------------

BODY = Context("en", header=False, title=False)
HEADER = Context("en", header=True, title=False)
PAGE_TOP = Context("en", header=False, title=False, running="header")  # the line comes back atop the pages
PAGE_FOOT = Context("en", header=False, title=False, running="footer")
TABLE = Context("en", header=False, title=False, table=True)

# (rule, line that it must drop, a look-alike line it must keep, where the look-alike stands[, where the
# dropped line stands: the header unless said])
NOISE = [
    ("foreign_script", "• 맑음서울 32.7℃", "XellSmart (士泽生物) announced results.", BODY),
    ("foreign_script", "기상청 제공", "Hanbit Biologics (한빛바이오)", BODY),
    ("foreign_script", "首页 | 新闻 | 财经", "Lumina Biotech (上海) Co., Ltd.", BODY),
    ("decoration", "* * *", "2025", BODY),
    ("decoration", "###", "# About Kestrel", BODY),
    ("weather", "Shanghai  8°C  Cloudy", "Cells are stored at -196°C in liquid nitrogen vapor until they are thawed.", BODY),
    ("weather", "Weather forecast", "The forecast for revenue in 2026 remains unchanged from the prior guidance.", BODY),
    # a temperature on a short line in the release's body, or anywhere on a printed page, is the release's
    ("weather", "Seoul 32°C", "Storage: -80°C", BODY),
    ("weather", "Seoul 32°C", "Operating range: -30°C to +105°C",
     Context("en", header=True, title=False, printed=True)),
    ("advertisement", "Advertisement", "Advertisement revenue rose.", BODY),
    ("advertisement", "- ADVERTISEMENT -", "Advertising of the therapy is restricted.", BODY),
    ("advertisement", "Story continues below advertisement", "The story continues.", BODY),
    ("share", "Share this article", "Share of patients responding was 31%.", BODY),
    ("share", "Facebook Twitter LinkedIn Email Print", "Follow the company on LinkedIn.", BODY),
    ("account", "LOGIN   REGISTER", "Patients can register online.", BODY),
    ("account", "Sign in | Subscribe", "Sign in to the investor portal today.", BODY),
    ("menu", "Home | News | Contact Us", "NMPA approved it.", BODY),
    ("menu", "Home > Health > Biotech", "Revenue > $5 million was reported.", BODY),
    ("byline", "By Business Wire", "By 2026, the company expects topline data.", BODY),
    # a bare date may be the release's own (a PDF prints it under the title); a weekday or a time is the page's
    ("byline", "Wednesday, March 4, 2026", "March 4, 2026", BODY),
    ("byline", "March 4, 2026 9:00 AM ET", "4 March 2026", BODY),
    ("byline", "News provided by XellSmart", "News provided by the company was limited.", BODY),
    ("byline", "Published: Nov 3, 2025 8:00 AM ET", "Published data show a benefit.", BODY),
    ("wire_footer", "View original content:https://www.prnewswire.com/news-releases/x-302345678.html",
     "View the original study at https://example.org.", BODY),
    ("related", "Related Stories", "Related companies include Acme.", BODY),
    ("related", "Most Read", "Most patients responded.", BODY),
    ("account", "Skip to main content", "Skip the main course.", BODY),
    ("menu", "Alzheimer's Disease  Clinical Trials  Biotech", "Alzheimer's disease  is common.", BODY),
    ("byline", "Wednesday, March 4, 2026", "On March 4, 2026, the trial began.", BODY),
    ("byline", "Saturday, June 22, 2024", "On Saturday, June 22, 2024, the trial began.", BODY),
    ("byline", "March 04, 2026 07:00 ET | Source: Aurora Neurosciences, Inc.", "March 4, 2026 was the start.", BODY),
    ("wire_footer", "Photo: https://www.globenewswire.com/NewsRoom/AttachmentNg/12345",
     "Photos of the site are at https://example.org/photos for the media.", BODY),
    ("related", "Tags", "Tags were attached to the cells.", BODY),
    # a short line near the title is a label on a web page only: never a sentence, a date, or a printed page's line
    ("label", "Health", "Readability counts.", HEADER),
    ("label", "BUSINESS", "October 14, 1998", HEADER),
    ("label", "Business News", "The Crazy Ones", Context("en", header=True, title=False, printed=True)),
    ("byline", "Tuesday, January 13, 2009", "Tuesday, January 13, 2009", Context("en", header=False, title=False,
                                                                                    printed=True), BODY),
    ("byline", "From Reuters", "from public disclosure. If comments", Context("en", header=False, title=False,
                                                                            continued=True), BODY),
    ("share", "Share this article", "Comments", BODY),
    ("newsletter", "Sign up for the CorkBeo newsletter", "Acme launched a newsletter for patients; sign up at acme.com.",
     BODY),
    ("newsletter", "Do you want to be informed of DiEM25's actions? Sign up here",
     "Subscribe to our newsletter: Acme Bio's shareholders approved the share buyback on Tuesday, the company said today.", BODY),
    ("newsletter", "You can unsubscribe from this service at any time", "Patients can unsubscribe at any time.", BODY),
    ("publisher_disclaimer", "NOW Grenada is not responsible for the opinions, statements or media content presented "
     "by contributors.", "Acme is not responsible for the content of third-party websites.", BODY),
    ("publisher_disclaimer", "The views expressed in this article are those of the author.",
     "The views expressed by patients in the survey were positive.", BODY),
    ("author_note", "Eric Song is IGN's deal curator and spends 25% of his pay on stuff he posts.",
     "Eric Song is IGN's deal curator and spends 25% of his pay on stuff he posts.",
     BODY, Context("en", header=False, title=False, styled=True, closing=True)),  # the same words, not italic or last
    ("byline", "First Published on Nov 20, 2019 01:38 pm", "First, the company published its results.", BODY),
    ("related", "In This Article:", "In this article, we describe the trial.", BODY),
    ("advertisement", "Story continues", "The story continues in 2026.", BODY),
    ("byline", "Sat, Nov 1, 2025, 9:00 AM 5 min read", "Sat. data were read out on Nov 1, 2025.", BODY),
    ("label", "Health", "Forward-Looking Statements", BODY),
    ("label", "Top Stories Today", "Investor Contact:", Context("en", header=False, title=False, footer=True)),
    ("label", "Business News", "Kestrel Announces First Patient Dosed", HEADER),
    ("label", "Health", "extension", Context("en", header=True, title=False, continued=True)),  # a bullet's 2nd line
    ("menu", "Markets  Biotech  Press Releases", "Revenue                $ 52,418        $ 37,195", TABLE),
    ("byline", "September 09, 2026 04:05 PM Eastern Daylight Time",
     "The call starts on September 9, 2026 at 4:30 p.m. Eastern Daylight Time.", BODY),
    ("wire_footer", "Photo - https://mma.prnewswire.com/media/2345678/Meridian_lab.jpg",
     "Photo - the lab in Singapore's Biopolis", BODY),
    ("wire_footer", "Logo - https://mma.prnewswire.com/media/2345679/Meridian_Logo.jpg", "Logo design by Acme", BODY),
    # page furniture of a release printed to pages and turned back into text
    ("page_number", "Page 1 of 2", "Page 1 of the protocol lists the endpoints.", BODY),
    ("page_number", "- 2 -", "- 2 patients withdrew", BODY),
    ("page_number", "3/5", "3/5 patients responded", BODY),
    ("page_header", "Acme Biologics Oyj        Stock Exchange Release        9 September 2026 at 8:00 EEST",
     "Acme Biologics Oyj        Stock Exchange Release        9 September 2026 at 8:00 EEST", BODY, PAGE_TOP),
    ("page_footer", "Acme Biologics Oyj | Keilaranta 1, Espoo | www.acmebiologics.fi",
     "Acme Biologics Oyj | Keilaranta 1, Espoo | www.acmebiologics.fi", BODY, PAGE_FOOT),
    ("confidential", "CONFIDENTIAL - NOT FOR DISTRIBUTION BEFORE 8:00 EEST ON 9 SEPTEMBER 2026",
     "The financial terms of the agreement are confidential.", BODY),
    ("confidential", "Embargoed until 8:00 a.m. ET, Sept. 9, 2026", "Confidentiality agreements were signed", BODY),
    # the wrapped first line of a sentence about confidential information is no stamp
    ("confidential", "CONFIDENTIAL", "Confidential information of either party will be", BODY),
    ("confidential", "Strictly Confidential – Not for Distribution", "Strictly confidential data were shared", BODY),
    ("confidential", "Acme Biologics Oyj | Company Confidential",
     "the terms of the agreement, which remain confidential, include an upfront", BODY),
]
NOISE_CASES = [case if len(case) == 5 else (*case, HEADER) for case in NOISE]


@pytest.mark.parametrize(("rule", "noise", "kept", "ctx", "where"), NOISE_CASES,
                         ids=[f"{r}-{i}" for i, (r, *_) in enumerate(NOISE_CASES)])
def test_noise_rule(rule, noise, kept, ctx, where):
    assert noise_reason(noise, where) == rule
    assert noise_reason(kept, ctx) is None


def test_every_rule_has_a_case_and_a_docstring():
    assert {name for name, _ in RULES} == {rule for rule, *_ in NOISE}
    assert all(rule.__doc__ for _, rule in RULES)


def test_the_title_is_not_a_label_even_when_short():
    blocks, dropped = parse("Health\n\nAcme Raises Funds\n\nBOSTON, July 1, 2025 /PRNewswire/ -- Acme raised funds.\n")
    assert [(b.kind, b.text) for b in blocks][:2] == [("title", "Acme Raises Funds"), ("dateline", "BOSTON, July 1, 2025 /PRNewswire/ --")]
    assert [(d.line, d.reason) for d in dropped] == [(1, "label")]



# The rules ask every line how many words it has, and whether it is made of menu words only; a
# paragraph can be a whole file long, so both stop reading as soon as the answer is known. They
# must say what reading the whole line says.
@given(st.text(alphabet=st.sampled_from("ab1 .-'’_|,·•/:\u00a0ΣΑ"), max_size=60), st.integers(0, 14))
def test_words_are_counted_only_as_far_as_needed(text, count):
    import re

    from l10n.noise import _only, more_words_than, words_of

    assert more_words_than(count, text) == (len(words_of(text)) > count)
    vocabulary = frozenset({"a", "b", "ab", "σ"})
    tokens = [t for t in re.split(r"[\s|,·•/:]+", text.lower()) if t]
    assert _only(vocabulary, text) == (bool(tokens) and all(t in vocabulary for t in tokens))


@pytest.mark.parametrize("line", [
    "ab",
    "Acme Bio today reported positive results from its Phase 2 trial of AB-1 in 120 patients with early disease.",
    "Media Contact:",
    "Shares rose 4% in early trading",
])
def test_a_line_that_is_no_noise_has_its_words_counted_once_at_most(line, monkeypatch):
    """Every rule asks every line (150,000 `<br>` lines of a page): each looks first at what is cheap and
    decisive (a separator, a stamp's word, a digit), so a release's line has its words counted at most
    once, not once for each rule that asks (9 times before)."""
    from l10n import noise

    counted = []
    real = noise.more_words_than
    monkeypatch.setattr(noise, "more_words_than", lambda count, text: counted.append(count) or real(count, text))
    assert noise_reason(line, BODY) is None
    assert len(counted) <= 1, counted
