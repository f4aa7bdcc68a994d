from __future__ import annotations

import pytest

from l10n import glossary
from l10n.errors import L10nError
from l10n.locale import dateline, parse_date, punctuate, resolve

SHIPPED = glossary.load()


@pytest.mark.parametrize(("name", "locale"), [
    ("zh", "zh_CN"), ("zh_CN", "zh_CN"), ("zh-Hans", "zh_CN"), ("zh_Hans_CN", "zh_CN"), ("zh-CN", "zh_CN"),
    ("zh-Hant", "zh_TW"), ("zh-TW", "zh_TW"), ("zh_TW", "zh_TW"), ("zh-Hant-TW", "zh_TW"), ("zh-HK", "zh_HK"),
    ("zh_HK", "zh_HK"), ("zh-Hant-HK", "zh_HK"),
    ("ko", "ko_KR"), ("ko_KR", "ko_KR"), ("ko-KR", "ko_KR"), ("ja", "ja_JP"), ("fr-CA", "fr_CA"),
])
def test_resolve(name, locale):
    assert resolve(name) == locale


def test_an_unknown_locale_is_a_clear_error():
    with pytest.raises(L10nError, match="unknown locale 'klingon'; use zh, ko"):
        resolve("klingon")


@pytest.mark.parametrize(("text", "iso"), [
    ("July 28, 2025", "2025-07-28"), ("Nov. 3, 2025", "2025-11-03"), ("Jan. 15, 2026", "2026-01-15"),
    ("28 July 2025", "2025-07-28"), ("Sept. 9, 2025", "2025-09-09"), ("Febtember 3, 2025", None), ("Feb. 30, 2025", None),
])
def test_parse_date(text, iso):
    date = parse_date(text)
    assert (date.isoformat() if date else None) == iso


DATELINES = [
    ("SUZHOU, China, July 28, 2025 --", "中国苏州2025年7月28日 --", "중국 쑤저우 2025년 7월 28일 --"),
    ("SHANGHAI, Jan. 15, 2026 /PRNewswire/ --", "上海2026年1月15日 /PRNewswire/ --", "상하이 2026년 1월 15일 /PRNewswire/ --"),
    ("SAN DIEGO--(BUSINESS WIRE)--", "圣地亚哥 (BUSINESS WIRE) --", "샌디에이고 (BUSINESS WIRE) --"),
    # every city keeps its region; Korean joins cities with 및, as Korean newswire copy does
    ("BOSTON and SEOUL, South Korea, Nov. 3, 2025 /PRNewswire/ --", "波士顿和韩国首尔2025年11月3日 /PRNewswire/ --",
     "보스턴 및 한국 서울 2025년 11월 3일 /PRNewswire/ --"),
    ("SAN FRANCISCO, Calif. and SHANGHAI, China, Sept. 9, 2026 /PRNewswire/ --",
     "加利福尼亚州旧金山和中国上海2026年9月9日 /PRNewswire/ --",
     "캘리포니아주 샌프란시스코 및 중국 상하이 2026년 9월 9일 /PRNewswire/ --"),
    ("HONG KONG and SINGAPORE, Sept. 9, 2026 /PRNewswire/ --", "香港和新加坡2026年9月9日 /PRNewswire/ --",
     "홍콩 및 싱가포르 2026년 9월 9일 /PRNewswire/ --"),
    ("SEOUL, South Korea, Sept. 9, 2026 /KoreaNewswire/ --", "韩国首尔2026年9月9日 /KoreaNewswire/ --",
     "한국 서울 2026년 9월 9일 /KoreaNewswire/ --"),
    ("CAMBRIDGE, Mass., March 3, 2025 /PRNewswire/ --", "马萨诸塞州剑桥2025年3月3日 /PRNewswire/ --",
     "매사추세츠주 케임브리지 2025년 3월 3일 /PRNewswire/ --"),
    # a place the glossary does not know (all of it, or its region) keeps its English
    ("LONDON, 28 July 2025 —", "LONDON 2025年7月28日 --", "LONDON 2025년 7월 28일 --"),
    ("McLEAN, Va., Sept. 09, 2026 (GLOBE NEWSWIRE) --", "McLEAN, Va. 2026年9月9日 (GLOBE NEWSWIRE) --",
     "McLEAN, Va. 2026년 9월 9일 (GLOBE NEWSWIRE) --"),
    ("HELSINKI, Finland, Sept. 9, 2026 /PRNewswire/ --", "HELSINKI, Finland 2026年9月9日 /PRNewswire/ --",
     "HELSINKI, Finland 2026년 9월 9일 /PRNewswire/ --"),
    ("St. LOUIS--(BUSINESS WIRE)--", "St. LOUIS (BUSINESS WIRE) --", "St. LOUIS (BUSINESS WIRE) --"),
    ("TORONTO, Sept. 9, 2026 /CNW/ -", "TORONTO 2026年9月9日 /CNW/ --", "TORONTO 2026년 9월 9일 /CNW/ --"),
]


@pytest.mark.parametrize(("text", "zh", "ko"), DATELINES)
def test_dateline_is_localized_without_mt(text, zh, ko):
    assert (dateline(text, "zh_CN", SHIPPED), dateline(text, "ko_KR", SHIPPED)) == (zh, ko)


def test_a_sentence_is_not_a_dateline():
    assert dateline("XellSmart dosed the first patient.", "zh_CN", SHIPPED) is None


PUNCTUATION = [
    ("士泽生物完成了给药, 中国NMPA批准.", "士泽生物完成了给药，中国NMPA批准。"),
    ("治疗脊髓损伤 (SCI) 的疗法", "治疗脊髓损伤（SCI）的疗法"),
    ("NMPA (国家药监局) 批准", "NMPA（国家药监局）批准"),
    ('他说"这是全球首例"。', "他说“这是全球首例”。"),
    ("士泽生物 完成了 XS228 的给药", "士泽生物完成了XS228的给药"),
    ("士泽生物医药（苏州/上海）有限公司 Co., Ltd.", "士泽生物医药（苏州/上海）有限公司Co., Ltd."),
    ("在U.S.开展3.5 mg试验", "在U.S.开展3.5 mg试验"),
    ("联系：BD@xellsmart.com", "联系：BD@xellsmart.com"),
    ("Kestrel (Nasdaq: KSTL) rose 5%.", "Kestrel (Nasdaq: KSTL) rose 5%."),
]


@pytest.mark.parametrize(("draft", "expected"), PUNCTUATION)
def test_chinese_punctuation_and_spacing(draft, expected):
    assert punctuate(draft, "zh_CN") == expected


def test_korean_keeps_ascii_punctuation():
    assert punctuate("XellSmart는 (FDA) 승인을 받았다.", "ko_KR") == "XellSmart는 (FDA) 승인을 받았다."


# Taiwan and Hong Kong: CLDR's long date (Babel's zh_Hant_TW and zh_Hant_HK give 2026年3月5日), a
# full-width comma after the place, Traditional names from the glossary's columns, 及 joining Hong Kong's places
TRADITIONAL_DATELINES = [
    ("TAIPEI, Taiwan, March 5, 2026 /PRNewswire/ --", "台灣台北，2026年3月5日 /PRNewswire/ --",
     "台灣台北，2026年3月5日 /PRNewswire/ --"),
    ("SUZHOU, China, July 28, 2025 --", "中國蘇州，2025年7月28日 --", "中國蘇州，2025年7月28日 --"),
    ("HONG KONG and SINGAPORE, Sept. 9, 2026 /PRNewswire/ --", "香港和新加坡，2026年9月9日 /PRNewswire/ --",
     "香港及新加坡，2026年9月9日 /PRNewswire/ --"),
    ("SAN FRANCISCO, Calif., Sept. 9, 2026 --", "加利福尼亞州舊金山，2026年9月9日 --", "加利福尼亞州三藩市，2026年9月9日 --"),
    ("LONDON, 28 July 2025 —", "LONDON 2025年7月28日 --", "LONDON 2025年7月28日 --"),
]


@pytest.mark.parametrize(("text", "taiwan", "hong_kong"), TRADITIONAL_DATELINES)
def test_traditional_datelines(text, taiwan, hong_kong):
    assert (dateline(text, "zh_TW", SHIPPED), dateline(text, "zh_HK", SHIPPED)) == (taiwan, hong_kong)


@pytest.mark.parametrize("locale", ["zh_TW", "zh_HK"])
@pytest.mark.parametrize(("draft", "expected"), [
    ('他說"這是全球首例"。', "他說「這是全球首例」。"),
    ("他說“這是‘全球首例’療法”。", "他說「這是『全球首例』療法」。"),
    ("臨床試驗 (SCI) 已啟動, 進展順利.", "臨床試驗（SCI）已啟動，進展順利。"),
])
def test_traditional_punctuation_quotes_with_corner_brackets(draft, expected, locale):
    assert punctuate(draft, locale) == expected
