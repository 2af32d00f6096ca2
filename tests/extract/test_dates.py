"""Tests for the date stage: explicit and relative dates, anchors, date lines."""

from __future__ import annotations

import time

import pytest

from dossier.extract import dates as dates_module
from dossier.extract.dates import anchor_at, document_date, extract_dates, find_date_lines


def found(text: str, published: str | None = None) -> list[tuple[str, str | None]]:
    """(text, value) of every date mention."""
    return [(d.text, d.value) for d in extract_dates(text, published)]


def one(text: str, published: str | None = None):
    ds = extract_dates(text, published)
    assert len(ds) == 1, [(d.text, d.value, d.rule) for d in ds]
    return ds[0]


# --------------------------------------------------------------------------
# Explicit forms
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Shelling resumed on 27-12-2014 near the dam.", "27-12-2014", "2014-12-27"),
        ("Shelling resumed on 27/12/2014 near the dam.", "27/12/2014", "2014-12-27"),
        ("Shelling resumed on 27.12.2014 near the dam.", "27.12.2014", "2014-12-27"),
        ("Shelling resumed on 2014-12-27 near the dam.", "2014-12-27", "2014-12-27"),
        ("The convoy left on 28th December 2013.", "28th December 2013", "2013-12-28"),
        ("The convoy left on 28 Dec. 2013.", "28 Dec. 2013", "2013-12-28"),
        ("The convoy left on the 28th of December, 2013.", "28th of December, 2013", "2013-12-28"),
        ("The convoy left on December 28, 2013.", "December 28, 2013", "2013-12-28"),
        ("The convoy left on Dec 28 2013 at dawn.", "Dec 28 2013", "2013-12-28"),
        ("The convoy left on Sept. 3, 2015 at dawn.", "Sept. 3, 2015", "2015-09-03"),
        ("THE CONVOY LEFT ON JANUARY 5, 2015.", "JANUARY 5, 2015", "2015-01-05"),
        ("The envoy spoke on January 31st, 2015 in Erbil.", "January 31st, 2015", "2015-01-31"),
    ],
)
def test_explicit_day_dates(text, span, value):
    d = one(text)
    assert (d.text, d.value, d.precision) == (span, value, "day")
    assert text[d.start : d.end] == d.text


def test_numeric_dates_day_first_or_month_first_by_document():
    # ambiguous alone: day first by default
    assert found("Talks were held on 05/06/2014.") == [("05/06/2014", "2014-06-05")]
    # the document writes day first elsewhere
    assert found("Talks on 05/06/2014 and again on 13/06/2014.") == [
        ("05/06/2014", "2014-06-05"),
        ("13/06/2014", "2014-06-13"),
    ]
    # the document writes month first elsewhere
    assert found("Talks on 05/06/2014 and again on 06/13/2014.") == [
        ("05/06/2014", "2014-05-06"),
        ("06/13/2014", "2014-06-13"),
    ]
    # an impossible date is no date
    assert found("Code 31/02/2014 was printed.") == []


def test_month_and_year_precision():
    d = one("The dam fell in June 2014 after a siege.")
    assert (d.text, d.value, d.precision) == ("June 2014", "2014-06", "month")
    d = one("Training has run since March 2014.")
    assert (d.text, d.value, d.precision) == ("March 2014", "2014-03", "month")
    d = one("Fighting peaked in mid-June 2014.")
    assert (d.text, d.value) == ("mid-June 2014", "2014-06")
    d = one("The group was founded in 2013.")
    assert (d.text, d.value, d.precision) == ("2013", "2013", "year")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The 2013 elections were disputed.", "2013", "2013"),
        ("Militias have grown since 2013.", "2013", "2013"),
        ("The army regrouped in mid-2014.", "mid-2014", "2014"),
        ("The army regrouped in early 2015.", "early 2015", "2015"),
        ("The army regrouped in late 2016.", "late 2016", "2016"),
        ("Tribes rose in the summer of 2013.", "the summer of 2013", "2013"),
        ("Tribes rose by the end of 2014.", "the end of 2014", "2014"),
        ("The surge of 2007 – 2008 changed little.", "2007 – 2008", "2007"),
        ("The surge of 2007-2008 changed little.", "2007-2008", "2007"),
        ("The surge of 2007-08 changed little.", "2007-08", "2007"),
    ],
)
def test_year_forms(text, span, value):
    d = one(text)
    assert (d.text, d.value, d.precision) == (span, value, "year")


def test_decades_are_skipped():
    assert found("Sanctions in the 1990s hurt the poor; in the early 2000s too.") == []


# --------------------------------------------------------------------------
# Month and month-day without a year
# --------------------------------------------------------------------------


def test_month_day_takes_the_anchor_year():
    d = one("The ministry spoke on Oct. 17 about the siege.", "2016-10-19")
    assert (d.text, d.value, d.precision) == ("Oct. 17", "2016-10-17", "day")
    # a few days ahead of the anchor is still this year
    assert found("Talks resume on Oct. 28, officials said.", "2016-10-19") == [
        ("Oct. 28", "2016-10-28")
    ]


def test_month_day_in_january_document_is_last_december():
    d = one("In a report on December 15, the monitor counted the dead.", "2015-01-10")
    assert d.value == "2014-12-15"


def test_month_day_takes_the_year_written_earlier_in_the_paragraph():
    text = "On September 18, 2014, a magazine wrote that in early June militias struck and on June 5 more."
    assert found(text) == [
        ("September 18, 2014", "2014-09-18"),
        ("early June", "2014-06"),
        ("June 5", "2014-06-05"),
    ]
    # across the new year: the closest such month to the written date
    text = "They met on December 28, 2013, and again on January 3."
    assert found(text)[-1] == ("January 3", "2014-01-03")
    # otherwise the same year, even when the month comes later
    text = "Courses have run since March 2014, and in December they stopped."
    assert found(text)[-1] == ("December", "2014-12")


def test_year_from_an_earlier_paragraph_is_not_reused_without_anchor():
    text = "Amnesty reported on October 14, 2014.\n\nIn a report on December 15, the TV showed the raids."
    assert found(text) == [("October 14, 2014", "2014-10-14"), ("December 15", None)]


def test_flashback_year_does_not_override_the_anchor_in_a_later_paragraph():
    text = (
        "October 19, 2016\n\n"
        "Troops recalled a defeat in June 2014, when the division fled.\n\n"
        "Sunday night, Oct. 16, the prime minister announced the operation."
    )
    assert found(text)[-1] == ("Sunday night, Oct. 16", "2016-10-16")


def test_bare_month_needs_a_cue():
    assert found("June Carter sang and May Smith danced.", "2016-10-19") == []
    for cue in ("in June", "last June", "early June", "since June", "by June", "this June"):
        ds = extract_dates(f"Militias moved {cue}, officials said.", "2016-10-19")
        assert len(ds) == 1, cue
        assert ds[0].precision == "month"
        assert ds[0].value is not None and ds[0].value.endswith("-06")
    # the preposition is a cue but not part of the span
    assert found("In a speech in October, the general spoke.", "2014-12-27") == [
        ("October", "2014-10")
    ]


def test_month_without_year_prefers_the_past_unless_future_is_said():
    assert found("Clashes broke out in December.", "2016-10-19") == [("December", "2015-12")]
    assert found("Elections will be held in January.", "2016-10-19") == [("January", "2017-01")]


# --------------------------------------------------------------------------
# Relative forms
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "span", "value"),
    [
        ("Advisers arrived last June.", "2014-09-10", "last June", "2014-06"),
        ("Advisers arrived last June.", "2014-06-20", "last June", "2013-06"),
        ("The funeral was held last December.", "2015-01-12", "last December", "2014-12"),
        ("Talks are planned for next June.", "2014-09-10", "next June", "2015-06"),
        ("Talks are planned for this June.", "2014-09-10", "this June", "2014-06"),
        ("The envoy visited Moscow last week.", "2016-03-03", "last week", "2016-02"),
        ("Prices rose last month.", "2016-01-10", "last month", "2015-12"),
        ("Prices rose this month.", "2016-01-10", "this month", "2016-01"),
        ("Prices rose earlier this month.", "2016-01-10", "earlier this month", "2016-01"),
        ("Prices rose this year.", "2016-01-10", "this year", "2016"),
        ("Prices rose last year.", "2016-01-10", "last year", "2015"),
        ("Prices will rise next year.", "2016-01-10", "next year", "2017"),
        ("The mayor resigned yesterday.", "2014-12-27", "yesterday", "2014-12-26"),
        ("The mayor resigned today.", "2014-12-27", "today", "2014-12-27"),
        ("A car bomb exploded last night.", "2014-12-27", "last night", "2014-12-26"),
        ("The town fell two months ago.", "2016-10-19", "two months ago", "2016-08"),
        ("The town fell three years ago.", "2016-10-19", "three years ago", "2013"),
        ("The town fell 10 days ago.", "2016-10-19", "10 days ago", "2016-10-09"),
        ("The town fell two or three months ago.", "2016-10-19", "two or three months ago", "2016"),
        (
            "In an editorial last Tuesday, the agency argued.",
            "2017-07-31",
            "last Tuesday",
            "2017-07-25",
        ),
        ("The envoys meet again next Friday.", "2014-12-27", "next Friday", "2015-01-02"),
    ],
)
def test_relative_forms(text, published, span, value):
    d = one(text, published)
    assert (d.text, d.value) == (span, value)


def test_day_with_this_year():
    d = one("Gunmen killed four clerics on 2nd January this year in Basra.", "2015-02-01")
    assert (d.text, d.value, d.precision) == ("2nd January this year", "2015-01-02", "day")
    d = one("Gunmen struck in January last year.", "2015-02-01")
    assert (d.text, d.value, d.precision) == ("January last year", "2014-01", "month")


def test_weekday_counts_back_from_the_anchor():
    # 27 December 2014 was a Saturday
    assert found("In a statement published on Friday, the group warned.", "2014-12-27") == [
        ("Friday", "2014-12-26")
    ]
    # 28 October 2016 was a Friday: past-tense reporting of "Friday" is that day
    assert found("The agency reported Friday that civilians fled.", "2016-10-28") == [
        ("Friday", "2016-10-28")
    ]
    # 5 May 2016 was a Thursday
    assert found("Protesters stormed the zone on Saturday night.", "2016-05-05") == [
        ("Saturday night", "2016-04-30")
    ]


def test_weekday_with_future_cue_keeps_only_the_month():
    d = one("Commanders said they would meet Wednesday to decide.", "2016-10-19")
    assert (d.value, d.precision, d.rule) == ("2016-10", "month", "weekday-future")


def test_weekday_after_a_reporting_verb_is_past_even_after_a_future_word():
    text = "Officials who would not be named said Friday that the road was open."
    assert found(text, "2016-10-19") == [("Friday", "2016-10-14")]


def test_weekday_names_are_not_dates():
    assert found("Good Friday prayers and Black Friday sales.", "2016-10-19") == []


def test_following_day_counts_from_the_last_day_date():
    text = (
        "Gunmen attacked on 3 May 2015. The following day police arrived, and a day later the army."
    )
    assert found(text) == [
        ("3 May 2015", "2015-05-03"),
        ("The following day", "2015-05-04"),
        ("a day later", "2015-05-05"),
    ]
    # with no day-precision date before it there is nothing to count from
    d = one("The next day police arrived.", "2015-05-03")
    assert (d.value, d.precision) == (None, None)


def test_narrative_year_phrases():
    assert found("The group formed in 2009. The following year it split.") == [
        ("2009", "2009"),
        ("The following year", "2010"),
    ]


def test_vague_expressions_give_nothing():
    text = "Recently, in recent days and in recent months, the past two years saw raids."
    assert found(text, "2016-10-19") == []


# --------------------------------------------------------------------------
# Weekday next to an explicit date
# --------------------------------------------------------------------------


def test_weekday_with_explicit_date_takes_the_explicit_date_even_if_wrong():
    # 17 October 2016 was a Monday, but the text says Tuesday
    text = (
        "The offensive ground to a halt Tuesday Oct. 17, sources said.\n\n"
        "Units were thrown back Tuesday near the river. Tuesday night commanders paused."
    )
    ds = extract_dates(text, "2016-10-19")
    assert [(d.text, d.value) for d in ds] == [
        ("Tuesday Oct. 17", "2016-10-17"),
        ("Tuesday", "2016-10-17"),
        ("Tuesday night", "2016-10-17"),
    ]
    assert ds[0].rule == "weekday+md"


def test_weekday_with_full_explicit_date():
    d = one("On Monday, June 20, 2016, officials met.")
    assert (d.text, d.value) == ("Monday, June 20, 2016", "2016-06-20")


# --------------------------------------------------------------------------
# Date lines, document date, anchors, compilations
# --------------------------------------------------------------------------


COMPILATION = """Posts tagged Dams

Second dispatch title

November 9, 2015

Militias said Friday they held the bridge.

First dispatch title

27-12-2014
Agency desk

In a statement published on Friday, the group warned. Yesterday the town was calm.

Earliest dispatch title

Posted on 19 October 2016

A spokesman said Friday that the road was open.
"""


def test_find_date_lines():
    lines = find_date_lines(COMPILATION)
    assert [v for _, v in lines] == ["2015-11-09", "2014-12-27", "2016-10-19"]
    for off, _ in lines:
        assert COMPILATION[off] in "2NP"
    text = "Head\nOctober 19, 2016 at 3:02 pm\nSaturday, 27 December 2014 10:15 GMT\nBody text.\n"
    assert [v for _, v in find_date_lines(text)] == ["2016-10-19", "2014-12-27"]
    # a line with more than a date is not a date line
    assert find_date_lines("On July 31, 2017 the army moved.\nGatestone, July 31, 2017\n") == []


def test_compilation_resolves_each_part_against_its_own_date_line():
    ds = [d for d in extract_dates(COMPILATION) if d.rule.startswith(("weekday", "relative"))]
    # 9 Nov 2015 was a Monday, 27 Dec 2014 a Saturday, 19 Oct 2016 a Wednesday
    assert [(d.text, d.value) for d in ds] == [
        ("Friday", "2015-11-06"),
        ("Friday", "2014-12-26"),
        ("Yesterday", "2014-12-26"),
        ("Friday", "2016-10-14"),
    ]


def test_document_date_and_anchor():
    assert document_date(COMPILATION) == "2015-11-09"
    assert document_date(COMPILATION, "2015-11-10") == "2015-11-10"
    assert document_date("No date at all here.") is None
    far = "Title\n\n" + "Words and more words. " * 100 + "\n\nMay 5, 2016\n\nText."
    assert document_date(far) is None
    off = COMPILATION.index("A spokesman")
    assert anchor_at(COMPILATION, off, None) == "2016-10-19"
    assert anchor_at(COMPILATION, 0, None) == "2015-11-09"
    assert anchor_at(COMPILATION, 0, "2020-01-01") == "2020-01-01"
    assert anchor_at("No date lines.", 3, "2016-05") == "2016-05"


def test_published_with_time_and_coarse_published():
    assert found("The mayor resigned yesterday.", "2014-12-27T10:00:00Z") == [
        ("yesterday", "2014-12-26")
    ]
    # a month-precision anchor cannot give a day: the value keeps the month
    d = one("The mayor resigned yesterday.", "2014-12")
    assert (d.value, d.precision) == ("2014-12", "month")


# --------------------------------------------------------------------------
# No anchor: nothing invented
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Iran has sent advisers since last June.",
        "At the funeral last December, the general spoke.",
        "Gunmen killed four clerics on 2nd January this year.",
        "In a statement published on Friday, the group warned.",
        "The town fell two years ago.",
        "The mayor resigned yesterday.",
        "Prices rose last month.",
        "In a shocking report on December 15, the channel showed the raids.",
    ],
)
def test_no_anchor_gives_none(text):
    d = one(text)
    assert d.value is None and d.precision is None


# --------------------------------------------------------------------------
# Not dates
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The course lasted 15 days.",
        "He served three years in prison.",
        "A boy aged 15 and an 18-year-old were hurt.",
        "The meeting started at 3:02 pm.",
        "See page 2013 of the report.",
        "The Council adopted resolution 2254 and Resolution 2013.",
        "Since 9/11 the policy changed.",
        "Install version 2.1.2014 of the tool.",
        "Call +964 770 2013 456 for details.",
        "Missiles with a range of 10-15km were fired.",
        "More than 2,013 people and 1,000 soldiers fled.",
        "Officials said 2000 fighters and at least 2014 civilians fled.",
        "The office is at 2013 Main Street.",
        "March on Baghdad, they said; it may rain.",
        "The March 14 Alliance met the January 25 Revolution youth.",
        "A rate of 2013% was reported.",
    ],
)
def test_not_dates(text):
    assert found(text, "2016-10-19") == []


# --------------------------------------------------------------------------
# Output shape and speed
# --------------------------------------------------------------------------


def test_mentions_are_sorted_and_spans_match():
    text = (
        "July 31, 2017\n\nLast week the envoy flew to Moscow; on July 25, 2017 he met Putin. "
        "In 2003 the regime fell. Two years ago the city fell. On Friday talks resumed."
    )
    ds = extract_dates(text)
    assert [d.start for d in ds] == sorted(d.start for d in ds)
    for d in ds:
        assert text[d.start : d.end] == d.text
        assert d.precision in ("day", "month", "year")
        assert len(d.value) == {"day": 10, "month": 7, "year": 4}[d.precision]


def test_throughput():
    sentence = (
        "Officials in the province said militias attacked the village on Friday and "
        "displaced 2,000 people, a month after the offensive began in early June 2014. "
    )
    text = sentence * 2000  # about 48,000 words
    t0 = time.perf_counter()
    ds = extract_dates(text, "2014-07-20")
    elapsed = time.perf_counter() - t0
    assert len(ds) == 4000
    words = len(text.split())
    assert words / elapsed > 40_000  # generous: measured ~300k words/s on one core


def test_broken_data_file_fails_at_load(tmp_path):
    text = dates_module.DATA_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "dates.yaml"
    bad.write_text(text.replace("  12: [December, Dec]\n", ""), encoding="utf-8")
    with pytest.raises(ValueError, match="months"):
        dates_module._load(bad)
    bad.write_text(text.replace('dated, "on"]', "dated, on]"), encoding="utf-8")
    with pytest.raises(ValueError, match="date_line_prefixes"):
        dates_module._load(bad)
