from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import polib
import pytest
from conftest import RELEASES, ROOT, SEED, expected

from l10n import glossary, qa
from l10n.engines import machine_drafts
from l10n.engines.pseudo import PseudoTranslator
from l10n.model import Finding, Term

SHIPPED = glossary.load()
# The shipped glossary and two rows a user might add: a name, and a term whose target spells its digit.
TERMS = glossary.build([
    *SHIPPED.terms,
    Term("Corvanta Therapeutics", (("zh_CN", "Corvanta Therapeutics"), ("ko_KR", "코르반타 테라퓨틱스")), "name"),
    Term("type 2 diabetes", (("zh_CN", "二型糖尿病"), ("ko_KR", "제2형 당뇨병")), "term"),
])


def errors(locale, source, target):
    ctx = qa.Context(locale, tuple(TERMS.find(source)))
    return [f for f in qa.check_entry(source, target, ctx) if f.severity == "error"]


# (locale, English source, a right translation, a wrong one): translators write differently;
# every right one must pass without an error, every wrong one must fail at least one check.
CASES = [
    ("zh_CN", "The disorder affects over 10 million patients globally.",
     "该疾病影响全球超过1000万名患者。", "该疾病影响全球超过100万名患者。"),
    ("ko_KR", "The disorder affects over 10 million patients globally.",
     "이 질환은 전 세계 1,000만 명 이상의 환자에게 영향을 미친다.", "이 질환은 전 세계 100만 명 이상의 환자에게 영향을 미친다."),
    ("zh_CN", "Hanbit is eligible for up to $800 million in milestones.",
     "Hanbit有资格获得最高8亿美元的里程碑付款。", "Hanbit有资格获得最高8000万美元的里程碑付款。"),
    ("ko_KR", "Hanbit is eligible for up to $800 million in milestones.",
     "Hanbit는 최대 8억 달러의 마일스톤을 받을 수 있다.", "Hanbit는 최대 80억 달러의 마일스톤을 받을 수 있다."),
    ("zh_CN", "The facility spans over 5,000 square meters.",
     "该设施面积超过５０００平方米。", "该设施面积超过500平方米。"),
    ("ko_KR", "The facility spans over 5,000 square meters.", "이 시설은 총 5000㎡ 이상 규모다.", "이 시설은 총 50,000㎡ 이상 규모다."),
    ("zh_CN", "The objective response rate was 31.5% in 19 patients.",
     "19名患者的客观缓解率为31.5%。", "19名患者的客观缓解率为35.1%。"),
    ("ko_KR", "The objective response rate was 31.5% in 19 patients.",
     "환자 19명에서 객관적 반응률은 31.5%였다.", "환자 91명에서 객관적 반응률은 31.5%였다."),
    ("zh_CN", "SUZHOU, China, July 28, 2025 --", "中国苏州2025年7月28日 --", "中国苏州2025年8月28日 --"),
    ("ko_KR", "SUZHOU, China, July 28, 2025 --", "중국 쑤저우 2025년 7월 28일 --", "중국 쑤저우 2024년 7월 28일 --"),
    ("zh_CN", "For funding and BD cooperation, please contact: BD@xellsmart.com",
     "融资及BD合作，请联系：BD@xellsmart.com", "融资及BD合作，请联系：bd@xellsmart.cn"),
    ("ko_KR", "For funding and BD cooperation, please contact: BD@xellsmart.com",
     "투자 및 사업개발(BD) 협력 문의: BD@xellsmart.com", "투자 및 사업개발(BD) 협력 문의: BD＠xellsmart.com"),
    ("zh_CN", "The trial of XS228 injection was initiated.", "XS228注射液试验已启动。", "XS-228注射液试验已启动。"),
    ("ko_KR", "The trial of XS228 injection was initiated.", "XS228 주사제 임상시험이 개시됐다.", "XS 228 주사제 임상시험이 개시됐다."),
    ("zh_CN", "The trial (NCT06612345) will enroll 48 patients.",
     "该试验（NCT06612345）将入组48名患者。", "该试验（NCT0661234）将入组48名患者。"),
    ("ko_KR", "The trial (NCT06612345) will enroll 48 patients.",
     "이 임상시험(NCT06612345)에는 환자 48명이 등록될 예정이다.", "이 임상시험(NCT06612345)에는 환자 ZX2명이 등록될 예정이다."),
    ("zh_CN", "XellSmart is developing therapies for spinal cord injury.",
     "士泽生物正在开发针对脊髓损伤的疗法。", "XellSmart正在开发针对脊髓损伤的疗法。"),
    ("ko_KR", "XellSmart is developing therapies for spinal cord injury.",
     "XellSmart는 척수 손상 치료제를 개발하고 있다.", "XellSmart는 척추 부상 치료제를 개발하고 있다."),
    ("zh_CN", "The FDA granted Orphan Drug Designation for ALS.",
     "FDA授予其用于治疗ALS的孤儿药资格认定。", "FDA授予其用于治疗ALS的罕见病药物认定。"),
    ("ko_KR", "The FDA granted Orphan Drug Designation for ALS.",
     "FDA는 ALS 치료제로 희귀의약품 지정을 부여했다.", "FDA는 ALS 치료제로 희귀의약품 지정을 부여했다. 부여했다. 부여했다. 부여했다. 부여했다."),
    ("zh_CN", "In 2024, the study was approved.", "2024年，该研究获得批准。", "2023年，该研究获得批准。"),
    ("ko_KR", "Seven IND approvals were secured.", "7건의 IND 승인을 확보했다.", "6건의 IND 승인을 확보했다."),
    ("zh_CN", "Seven IND approvals were secured.", "已获得七项IND批准。", "已获得六项IND批准。"),
    ("zh_CN", "XellSmart dosed the first patient in a Phase I/II trial.",
     "士泽生物在一项I/II期试验中完成首例患者给药。", "士泽生物在一项II期试验中完成首例患者给药。"),
    ("zh_CN", "Kestrel Therapeutics (Nasdaq: KSTL) announced results.",
     "Kestrel Therapeutics（Nasdaq: KSTL）公布了结果。", "Kestrel Therapeutics（纳斯达克：KSTI）公布了结果。"),
    ("zh_CN", "Kestrel Therapeutics (Nasdaq: KSTL) will host a conference call.",
     "Kestrel Therapeutics（纳斯达克：KSTL）将召开电话会议。", "Kestrel Therapeutics（纳斯达克：KSLT）将召开电话会议。"),
    ("ko_KR", "Kestrel Therapeutics (Nasdaq: KSTL) announced results.",
     "케스트럴 테라퓨틱스(나스닥: KSTL)가 결과를 발표했다.", "케스트럴 테라퓨틱스(나스닥: KTSL)가 결과를 발표했다."),
    ("zh_CN", "XellSmart dosed the first patient in a Phase 1/2 trial.",
     "士泽生物在一项I/II期试验中完成首例患者给药。", "士泽生物在一项II期试验中完成首例患者给药。"),
    ("ko_KR", "The Phase 2 trial met its primary endpoint.",
     "임상 2상 시험은 1차 평가지표를 충족했다.", "임상 3상 시험은 1차 평가지표를 충족했다."),
    ("zh_CN", "All monitored parameters remained within normal ranges.",
     "所有监测指标均保持在正常范围内。", "All monitored parameters remained within normal ranges."),
    ("ko_KR", "All monitored parameters remained within normal ranges.",
     "모든 모니터링 지표가 정상 범위 내에 머물렀다.", "All monitored parameters remained within normal ranges."),
    ("zh_CN", "Visit https://www.luminabio.com for details.",
     "详情请访问https://www.luminabio.com。", "详情请访问https://luminabio.com。"),
]


@pytest.mark.parametrize(("locale", "source", "right", "wrong"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_right_passes_and_wrong_fails(locale, source, right, wrong):
    assert errors(locale, source, right) == []
    assert errors(locale, source, wrong)


def test_the_test_set_is_large_enough():
    assert len(CASES) >= 20


def translations(check, source, rows):
    """Rows of PAIRS for one English source, one for each (locale, target, message)."""
    return [(check, locale, source, target, message) for locale, target, message in rows]


# Paired tables per check: (check, locale, source, target, message or None)
PAIRS = [
    ("numbers", "zh_CN", "It rose 5,000 units.", "增加了5000个单位。", None),
    ("numbers", "zh_CN", "It rose 5,000 units.", "增加了500个单位。", "5,000 translated as 500"),
    ("numbers", "zh_CN", "Revenue was $12 million.", "收入为1300万美元。", "12 million translated as 1300万"),
    ("numbers", "zh_CN", "SUZHOU, China, July 28, 2025 --", "中国苏州2025年8月28日 --", "July translated as 8"),
    ("numbers", "zh_CN", "The trial (NCT06612345) will enroll 48 patients.", "该试验（NCT06612345）将入组患者。",
     "missing number: 48"),
    ("numbers", "zh_CN", "A Phase 1/2 trial began.", "一项I/II期试验已启动。", None),
    ("numbers", "zh_CN", "A Phase 2 trial began.", "一项II期试验已启动。", None),
    ("numbers", "zh_CN", "A Phase 2 trial began.", "一项III期试验已启动。", "missing number: 2"),
    ("numbers", "ko_KR", "A Phase 3 trial began.", "III상 시험이 시작됐다.", None),
    ("numbers", "ko_KR", "A Phase 2 trial began.", "III상 시험이 시작됐다.", "2 translated as III"),
    ("numbers", "ko_KR", "A Phase 1/2 trial began.", "임상 1/2상 시험이 시작됐다.", None),
    ("numbers", "zh_CN", "Type 2 diabetes is common.", "二型糖尿病很常见。", None),
    ("numbers", "zh_CN", "Type 2 diabetes is common.", "糖尿病很常见。", "missing number: 2"),
    ("numbers", "ko_KR", "A deal of $1.2 billion.", "12억 달러 규모의 계약.", None),
    ("numbers", "zh_CN", "Actual results may differ materially.", "实际结果可能存在重大差异。", None),
    ("numbers", "ko_KR", "Approved in May 2025.", "2025년 5월에 승인됐다.", None),
    ("numbers", "ko_KR", "Approved in May 2025.", "2025년 6월에 승인됐다.", "May translated as 6"),
    ("numbers", "ko_KR", "Hanbit will receive $120 million.", "한빛은 1억2000만 달러를 받는다.", None),
    # Messages read as words: one number, several, and a number translated wrong (one token each).
    ("numbers", "zh_CN", "The response rate was 78.4%.", "缓解率为81%。", "78.4 translated as 81"),
    ("numbers", "zh_CN", "It sold 1,234 units.", "售出1,243个单位。", "1,234 translated as 1,243"),
    ("numbers", "zh_CN", "It rose 5,000 units in 48 weeks.", "增加了一些单位。", "missing numbers: 5,000, 48"),
    # Two gone and two new: which became which is a guess, so both are said missing.
    ("numbers", "zh_CN", "It rose 5,000 units in 48 weeks.", "在50周内增加了500个单位。", "missing numbers: 5,000, 48"),
    # `first` is not asked for (首例, 第一位, 최초), but explains the translation's 第一: the 29 took the 28's place.
    ("numbers", "zh_CN", "The first patient was dosed on July 28.", "第一位患者于7月29日给药。", "28 translated as 29"),
    ("numbers", "zh_CN", "The first patient was dosed on July 28.", "首例患者于7月29日给药。", "28 translated as 29"),
    # Numbers in words and numerals (issue #28): Chinese after 每 and before measure words, Korean's own before counters.
    *translations("numbers", "The drug is dosed every three weeks.", [
        ("zh_CN", "该药每三周给药一次。", None),
        ("zh_CN", "该药每两周给药一次。", "missing number: three"),
        ("zh_TW", "該藥每三週給藥一次。", None),
        ("zh_HK", "該藥每兩週給藥一次。", "missing number: three"),
        ("ko_KR", "이 약은 3주마다 투여된다.", None),
        ("ko_KR", "이 약은 세 주마다 투여된다.", None),
        ("ko_KR", "이 약은 2주마다 투여된다.", "three translated as 2"),
    ]),
    *translations("numbers", "Two patients were dosed.", [
        ("zh_CN", "两名患者已完成给药。", None),
        ("zh_CN", "2名患者已完成给药。", None),
        ("zh_TW", "兩名患者已完成給藥。", None),
        ("zh_HK", "兩位患者已完成給藥。", None),
        ("ko_KR", "환자 두 명이 투약받았다.", None),
        ("ko_KR", "환자 2명이 투약받았다.", None),
        ("ko_KR", "환자 세 명이 투약받았다.", "Two translated as 세"),
    ]),
    ("numbers", "zh_CN", "Patients were followed for twelve months.", "患者随访了十二个月。", None),
    ("numbers", "ko_KR", "Patients were followed for twelve months.", "환자들은 12개월간 추적 관찰됐다.", None),
    # `one` is not asked for either: `one of` is 之一 or 중 하나.
    ("numbers", "zh_CN", "It is one of the first companies in the field.", "它是该领域首批企业之一。", None),
    ("numbers", "ko_KR", "It is one of the first companies in the field.", "이 분야 최초의 기업 중 하나다.", None),
    # A number glued to a word by a hyphen is a number (pofilter's case: `angu-40` is Zulu for 40-bit).
    *translations("numbers", "40-bit RC2 encryption with RSA and an MD5", [
        ("zh_CN", "Umbhalo ocashile i-RC2 onamabhithi angu-40 one-RSA ne-MD5", None),
        ("ko_KR", "RSA 및 MD5를 사용한 angu-40 RC2 암호화", None)]),
    # Inline tags of an HTML, Markdown or Word release: each kept once, nested; none invented.
    ("markup", "zh_CN", "Visit <a1>our website</a1> or <b>call</b>.", "请访问<a1>我们的网站</a1>或<b>致电</b>。", None),
    ("markup", "zh_CN", "Visit <a1>our website</a1> now.", "请立即访问我们的网站。", "markup missing: <a1> </a1>"),
    ("markup", "ko_KR", "<b>CRV-101</b> is safe.", "<b>CRV-101</b>은 <i>안전</i>하다.", "markup not in the English: <i> </i>"),
    ("markup", "zh_CN", "<b>A <i>B</i></b> C", "<b>甲<i>乙</b></i>丙", "tags do not nest: every <x> needs its </x> after "
     "it, inside the tags around it"),
    ("markup", "zh_CN", "Levels were <5 mg/L.", "水平<5 mg/L。", None),
    # an object's empty code (a footnote reference): moved is fine, lost, repeated or invented is not
    ("markup", "zh_CN", "The study<x1/> met its endpoint<x2/>.", "<x2/>研究<x1/>达到了终点。", None),
    ("markup", "zh_CN", "The study<x1/> met its endpoint<x2/>.", "研究达到了终点<x2/>。", "markup missing: <x1/>"),
    ("markup", "zh_CN", "The study<x1/> met its endpoint.", "研究<x1/>达到了终点<x1/>。",
     "markup more often than in the English: <x1/>"),
    ("markup", "zh_CN", "The trial began.", "试验<x1/>已启动。", "markup not in the English: <x1/>"),
    ("numbers", "zh_CN", "See <a1>Phase 2 data</a1>.", "参见<a1>II期数据</a1>。", None),
    ("protected", "zh_CN", "Email BD@xellsmart.com now.", "请发邮件至BD@xellsmart.com。", None),
    ("protected", "zh_CN", "Email BD@xellsmart.com now.", "请发邮件至BD@xellsmart.cn。", "changed or missing: BD@xellsmart.com"),
    # A ticker's exchange may be the glossary's, its symbol may not change.
    *translations("protected", "Corvanta Therapeutics (Nasdaq: CRVT) grew.", [
        ("zh_CN", "Corvanta Therapeutics（纳斯达克：CRVT）增长。", None),
        ("zh_CN", "Corvanta Therapeutics（纳斯达克 : CRVT）增长。", None),
        ("ko_KR", "코르반타 테라퓨틱스(나스닥: CRVT)가 성장했다.", None),
        ("zh_CN", "Corvanta Therapeutics（纳斯达克：CRVX）增长。", "changed or missing: Nasdaq: CRVT"),
        ("zh_CN", "Corvanta Therapeutics（纽交所：CRVT）增长。", "changed or missing: Nasdaq: CRVT"),
    ]),
    ("glossary", "ko_KR", "Spinal cord injury is common.", "척수손상은 흔하다.", None),
    ("glossary", "ko_KR", "Spinal cord injury is common.", "척수 손상은 흔하다.", None),
    ("glossary", "zh_CN", "Spinal cord injury is common.", "脊髓受伤很常见。", "missing approved term: Spinal cord injury → 脊髓损伤"),
    # Traditional columns: Taiwan's and Hong Kong's own names; Taiwan's FDA is not the U.S. one
    *translations("glossary", "The U.S. Food and Drug Administration approved it.", [
        ("zh_TW", "美國食品藥物管理署已核准。", None),
        ("zh_HK", "美國食品及藥物管理局已批准。", None),
        ("zh_TW", "美國食品藥品監督管理局已核准。", "missing approved term: U.S. Food and Drug Administration → 美國食品藥物管理署"),
    ]),
    *translations("glossary", "The Taiwan Food and Drug Administration approved it.", [
        ("zh_TW", "衛生福利部食品藥物管理署已核准。", None),
        ("zh_HK", "台灣衞生福利部食品藥物管理署已批准。", None),
        ("zh_CN", "台湾食品药物管理署已批准。", None),
    ]),
    # Simplified characters left in a Traditional translation (issue #28); characters both write are not
    *translations("simplified", "The trial reached a milestone in Taiwan.", [
        ("zh_TW", "該臨床試验在台灣達成里程碑。", "Simplified characters: 验 → 驗"),
        ("zh_HK", "该临床試驗在台灣達成里程碑。", "Simplified characters: 该 → 該, 临 → 臨"),
        ("zh_TW", "該臨床試驗在台灣達成里程碑。", None),
        ("zh_HK", "該臨牀試驗在台灣達成里程碑。", None),
        ("zh_CN", "该临床试验在台湾达成里程碑。", None),
    ]),
    ("glossary", "zh_CN", "A Phase 2 trial began.", "一项III期试验已启动。", "missing approved term: Phase 2 → II期"),
    ("placeholders", "zh_CN", "XS228 works.", "ZX0有效。", "leftover placeholder: ZX0"),
    *[("placeholders", "zh_CN", "The trial began.", f"试验{shape}已启动。", f"leftover placeholder: {shape}")
      for shape in ("zx 3", "{0}", "{name}", "{{var}}", "%s", "%d", "%(name)s", "%1$s", '<x id="1"/>',
                    '<g id="1">', "</g>", '<ph id="2"/>', "[[1]]", "$1")],
    ("placeholders", "zh_CN", "Cannot open %(filename)s.", "无法打开文件。", "missing placeholder: %(filename)s"),
    ("placeholders", "zh_CN", "The trial began.", "试验{0}{1}已启动。", "leftover placeholders: {0}, {1}"),
    ("placeholders", "ko_KR", "Loading {0} of {1}", "{1}개 중 {0}개 로드 중", None),
    ("placeholders", "zh_CN", "Loading {0} of {1}", "正在加载{0}/{2}",
     "leftover placeholder: {2}; missing placeholder: {1}"),
    ("placeholders", "zh_CN", "In 100% of patients (1) [1], events fell 5% (p<0.05) and x > y.",
     "100%的患者(1) [1]，事件减少5%（p<0.05），x > y。", None),
    ("placeholders", "zh_CN", "Hanbit receives $800 million, or $5 per share.", "Hanbit获得$8亿，即每股5美元。", None),
    ("repetition", "zh_CN", "It works.", "它有效有效有效有效有效。", "repeated: '有效'"),
    ("unchanged", "zh_CN", "The trial began.", "The trial began.", "the translation is the English source"),
    ("unchanged", "zh_CN", "XS228", "XS228", None),
    ("unchanged", "ko_KR", "NMPA", "NMPA", None),
    ("unchanged", "zh_CN", "Corvanta Therapeutics (Nasdaq: CRVT)", "Corvanta Therapeutics (Nasdaq: CRVT)", None),
    ("unchanged", "ko_KR", "Corvanta Therapeutics reported results.", "Corvanta Therapeutics reported results.",
     "the translation is the English source"),
    ("latin_leftover", "zh_CN", "The trial met its primary endpoint.", "该试验met its primary endpoint。",
     "English left in the translation: 'met its primary endpoint'"),
    ("latin_leftover", "ko_KR", "Eli Lilly Asia Ventures invested.", "일라이 릴리 아시아 벤처스가 투자했다.", None),
    ("brackets", "zh_CN", "SCI (spinal cord injury).", "脊髓损伤（SCI。", "'（' is never closed"),
    ("brackets", "zh_CN", "SCI (spinal cord injury).", "脊髓损伤（SCI)。", None),
    # Brackets and quotes of the English around words the translation keeps as written are kept too.
    *translations("brackets", "Spinal cord injury (SCI) is common.", [
        ("zh_CN", "脊髓损伤（SCI）很常见。", None),
        ("zh_CN", "脊髓损伤SCI很常见。", "( ) dropped around 'SCI'"),
        ("ko_KR", "척수손상(SCI)은 흔하다.", None),
        ("ko_KR", "척수손상（SCI）은 흔하다.", None),
        ("ko_KR", "척수손상 SCI는 흔하다.", "( ) dropped around 'SCI'"),
    ]),
    *translations("brackets", "The “XS228” program began.", [
        ("zh_CN", "“XS228”项目已启动。", None),
        ("zh_CN", "「XS228」项目已启动。", None),
        ("zh_CN", "XS228项目已启动。", "“ ” dropped around 'XS228'"),
        ("ko_KR", "‘XS228’ 프로그램이 시작됐다.", None),
        ("ko_KR", "「XS228」 프로그램이 시작됐다.", None),
        ("ko_KR", "XS228 프로그램이 시작됐다.", "“ ” dropped around 'XS228'"),
    ]),
    # Words the translation renders otherwise (`(Hongshan)` is 红杉中国's own name) may lose their brackets.
    ("brackets", "zh_CN", "Led by Sequoia Capital China (Hongshan).", "由红杉中国领投。", None),
    # Pairs as the language writes them: an opener closed by another kind's closer is two problems.
    *translations("brackets", "It is fine (see below).", [
        ("zh_CN", "它没问题「见下文）。", "'）' closes nothing; '「' is never closed"),
        ("ko_KR", "괜찮다「아래 참조).", "')' closes nothing; '「' is never closed"),
        ("zh_CN", "它没问题（见下文）》。", "'》' closes nothing"),
        ("ko_KR", "괜찮다(아래 참조.", "'(' is never closed"),
    ]),
    ("brackets", "zh_CN", 'He said "yes".', '他说"是。', "'\"' is never closed"),
    ("brackets", "ko_KR", "He said “yes”.", "그는 “그렇다고 말했다.", "'“' is never closed"),
    # A bracket the English itself leaves open (a sentence cut inside one) need not close; German quotes „…“.
    ("brackets", "zh_CN", "The index (in", "索引（在", None),
    ("brackets", "de_DE", "He said “yes”.", "Er sagte „ja“.", None),
    ("end_punctuation", "zh_CN", "It began.", "试验已启动", "ends with '动', expected '。'"),
    ("end_punctuation", "ko_KR", "It began.", "시작됐다.", None),
    ("length_ratio", "zh_CN", "The randomized, double-blind trial enrolled patients.", "试验", "length ratio 0.04 outside 0.12–1.0"),
]


@pytest.mark.parametrize(("check", "locale", "source", "target", "message"), PAIRS)
def test_check(check, locale, source, target, message):
    ctx = qa.Context(locale, tuple(TERMS.find(source)))
    assert [f.message for f in qa.check_entry(source, target, ctx, only=[check])] == ([message] if message else [])


# Placeholders by family, as `l10n check` reads them from a reviewed catalog entry with its format flag
# (none: the families no prose has). (flag, English, {locale: translation}, the message for each or None).
FAMILIES = [
    # printf: numbered directives may change places; unnumbered ones take their arguments in order,
    # so numbering them is a fix and swapping them is not; %S, %ls, %lld, %@ are directives, %% is none.
    ("c-format", "Copy %1$s to %2$s.", {"zh_CN": "将%2$s复制到%1$s。", "ko_KR": "%2$s에 %1$s 복사"}, None),
    ("c-format", "Copy %s to %s.", {"zh_CN": "将%2$s复制到%1$s。", "ko_KR": "%2$s에 %1$s 복사"}, None),
    ("c-format", "Copy %s to %d.", {"zh_CN": "将%d复制到%s。", "ko_KR": "%d에 %s 복사"},
     "placeholders in another order: %s %d → %d %s (unnumbered ones take their arguments in order)"),
    ("c-format", "Copy %s to %d.", {"zh_CN": "将%2$d复制到%1$s。", "ko_KR": "%2$d에 %1$s 복사"}, None),
    ("c-format", "Cannot open %S.", {"zh_CN": "无法打开。", "ko_KR": "열 수 없습니다."}, "missing placeholder: %S"),
    ("c-format", "Read %ls in %lld ms.", {"zh_CN": "读取%ls用时%d毫秒。", "ko_KR": "%ls 읽기에 %d ms"},
     "leftover placeholder: %d; missing placeholder: %lld"),
    ("c-format", "%d%% done: %s", {"zh_CN": "已完成%d%%：%s", "ko_KR": "%d%% 완료: %s"}, None),
    ("c-format", "%d%% done: %s", {"zh_CN": "已完成%%：%s", "ko_KR": "%% 완료: %s"}, "missing placeholder: %d"),
    ("objc-format", "Delete %1$@ from %2$@?", {"zh_CN": "从%2$@中删除%1$@？", "ko_KR": "%2$@에서 %1$@을(를) 삭제할까요?"}, None),
    ("objc-format", "Delete %1$@ from %2$@?", {"zh_CN": "从%2$@中删除？", "ko_KR": "%2$@에서 삭제할까요?"},
     "missing placeholder: %1$@"),
    ("python-format", "%(count)d patients", {"zh_CN": "%(count)d名患者", "ko_KR": "환자 %(count)d명"}, None),
    ("python-format", "%(count)d patients", {"zh_CN": "%(n)d名患者", "ko_KR": "환자 %(n)d명"},
     "leftover placeholder: %(n)d; missing placeholder: %(count)d"),
    ("python-format", "%s of %s", {"zh_CN": "%s的%s", "ko_KR": "%s의 %s"}, None),
    ("python-format", "%s of %s", {"zh_CN": "%s的", "ko_KR": "%s의"}, "missing placeholder: %s"),
    # Python's str.format: `{}` is the next argument, conversion and format spec belong to the field.
    ("python-brace-format", "{name!r:>10} has {} items", {"zh_CN": "{name!r:>10}有{}项", "ko_KR": "{name!r:>10}에 {}개 항목"},
     None),
    ("python-brace-format", "{name!r:>10} has {} items", {"zh_CN": "{name}有{}项", "ko_KR": "{name}에 {}개 항목"},
     "leftover placeholder: {name}; missing placeholder: {name!r:>10}"),
    ("python-brace-format", "{} of {}", {"zh_CN": "{1}中的{0}", "ko_KR": "{1} 중 {0}"}, None),
    ("python-brace-format", "{{x}} is {x}", {"zh_CN": "{{x}}为{x}", "ko_KR": "{{x}}는 {x}"}, None),
    # Qt and KDE: numbered, so they may move; `%L1` is in the locale's digits, not `%1`.
    ("qt-format", "%1 of %2", {"zh_CN": "%2中的%1", "ko_KR": "%2 중 %1"}, None),
    ("qt-format", "%1 of %2", {"zh_CN": "%2中的%3", "ko_KR": "%2 중 %3"},
     "leftover placeholder: %3; missing placeholder: %1"),
    ("kde-format", "%L1 patients", {"zh_CN": "%1名患者", "ko_KR": "환자 %1명"},
     "leftover placeholder: %1; missing placeholder: %L1"),
    # ICU MessageFormat: the argument and its selectors stay, the messages are translated; Chinese and
    # Korean need no `one`, every plural an `other`.
    ("icu-format", "{count, plural, one {# patient} other {# patients}}",
     {"zh_CN": "{count, plural, other {#名患者}}", "ko_KR": "{count, plural, other {환자 #명}}"}, None),
    ("icu-format", "{count, plural, one {# patient} other {# patients}}",
     {"zh_CN": "{n, plural, other {#名患者}}", "ko_KR": "{n, plural, other {환자 #명}}"},
     "leftover placeholder: {n, plural, …}; missing placeholder: {count, plural, …}"),
    ("icu-format", "{count, plural, one {# patient} other {# patients}}",
     {"zh_CN": "{count, plural, one {#名患者}}", "ko_KR": "{count, plural, one {환자 #명}}"},
     "missing placeholder: {count, plural, other {…}}"),
    ("icu-format", "{count, plural, one {# patient} other {# patients}}",
     {"zh_CN": "{count, plural, other {#名患者}", "ko_KR": "{count, plural, other {환자 #명}"},
     "missing placeholder: {count, plural, …}"),
    ("icu-format", "{gender, select, female {She} other {They}} joined on {day, date, short}.",
     {"zh_CN": "{gender, select, female {她} other {他们}}于{day, date, short}加入。",
      "ko_KR": "{gender, select, female {그녀는} other {그들은}} {day, date, short}에 합류했다."}, None),
    ("icu-format", "{gender, select, female {She} other {They}} joined on {day, date, short}.",
     {"zh_CN": "{gender, select, woman {她} other {他们}}于{day}加入。",
      "ko_KR": "{gender, select, woman {그녀는} other {그들은}} {day}에 합류했다."},
     "leftover placeholders: {gender, select, woman {…}}, {day}; missing placeholders: {gender, select, female {…}}, "
     "{day, date, short}"),
    ("javascript-format", "%s has {count, plural, other {# files}}",
     {"zh_CN": "%s有{count, plural, other {#个文件}}", "ko_KR": "%s에 {count, plural, other {파일 #개}}"}, None),
    # Java MessageFormat: an apostrophe quotes, `''` is one; a choice's messages hold arguments too.
    ("java-format", "It''s {0} on {1,date,short}.",
     {"zh_CN": "{1,date,short}是{0}。", "ko_KR": "{1,date,short}에는 {0}입니다."}, None),
    ("java-format", "Delete {0}?", {"zh_CN": "删除'{0}'？", "ko_KR": "'{0}'을(를) 삭제할까요?"}, "missing placeholder: {0}"),
    ("java-format", "{0,choice,0#no files|1#one file|1<{0,number,integer} files}",
     {"zh_CN": "{0,choice,0#没有文件|1#一个文件|1<{0,number,integer}个文件}",
      "ko_KR": "{0,choice,0#파일 없음|1#파일 1개|1<파일 {0,number,integer}개}"}, None),
    ("java-format", "{0,choice,0#no files|1#one file|1<{0,number,integer} files}",
     {"zh_CN": "{0,choice,0#没有文件|1#一个文件|1<{0}个文件}", "ko_KR": "{0,choice,0#파일 없음|1#파일 1개|1<파일 {0}개}"},
     "leftover placeholder: {0}; missing placeholder: {0,number,integer}"),
    # The shell: `$VAR` and `${VAR}` are one variable (`${VAR}` keeps it apart from the Hangul after it).
    ("sh-format", "Saved to $HOME/${DIR}.", {"zh_CN": "已保存到${HOME}/${DIR}。", "ko_KR": "${HOME}/${DIR}에 저장됨."}, None),
    ("sh-format", "Saved to $HOME/${DIR}.", {"zh_CN": "已保存到${DIR}。", "ko_KR": "${DIR}에 저장됨."},
     "missing placeholder: $HOME"),
    # HTML and XML tags, whatever the flag, a printf directive inside one included.
    ("c-format", 'Click <a href="%s">here</a>.',
     {"zh_CN": '点击<a href="%s">这里</a>。', "ko_KR": '<a href="%s">여기</a>를 클릭'}, None),
    ("c-format", 'Click <a href="%s">here</a>.', {"zh_CN": "点击这里。", "ko_KR": "여기를 클릭"},
     'missing placeholders: <a href="%s">, </a>'),
    ("", "Line one<br/>line two", {"zh_CN": "第一行<br />第二行", "ko_KR": "첫 줄<br />둘째 줄"}, None),
    ("", "Line one line two", {"zh_CN": "第一行<br/>第二行", "ko_KR": "첫 줄<br/>둘째 줄"}, "leftover placeholder: <br/>"),
    # Masking tokens, l10n's (`ZX1`) and other pipelines' (`⟦T1⟧`), are an error wherever they are left.
    ("", "The trial began.", {"zh_CN": "试验⟦T1⟧已启动。", "ko_KR": "임상시험이 ⟦T1⟧ 시작됐다."}, "leftover placeholder: ⟦T1⟧"),
    ("no-c-format", "The trial began.", {"zh_CN": "试验ZX1已启动。", "ko_KR": "임상시험이 ZX1 시작됐다."},
     "leftover placeholder: ZX1"),
    # Without a flag only what no prose is mistaken for: `$CRVT` is a ticker, `${ name }` a template's.
    # `no-c-format` says a `%s` is text.
    ("", "$CRVT rose 5%.", {"zh_CN": "CRVT上涨5%。", "ko_KR": "CRVT가 5% 상승했다."}, None),
    ("", "Hello ${ name }!", {"zh_CN": "你好！", "ko_KR": "안녕하세요!"}, "missing placeholder: ${ name }"),
    ("no-c-format", "Use %s here", {"zh_CN": "这里用", "ko_KR": "여기에 사용"}, None),
]


@pytest.mark.parametrize(("locale", "flag", "source", "target", "message"),
                         [(locale, flag, source, target, message)
                          for flag, source, targets, message in FAMILIES for locale, target in targets.items()])
def test_placeholders_by_family(locale, flag, source, target, message):
    po_entry = entry("kind: body", source, target)
    po_entry.flags = [flag] if flag else []
    found = [f for f in qa.check_po_entry(po_entry, locale, TERMS) if f.check == "placeholders"]
    assert [(f.severity, f.message) for f in found] == ([("error", message)] if message else [])


# Numbers and units that are no placeholders raise nothing, whatever the check (pofilter's false alarms).
QUIET = [
    ("zh_CN", "The arm turns 180° in 2 seconds.", "机械臂在2秒内旋转180°。"),
    ("ko_KR", "The arm turns 180° in 2 seconds.", "팔은 2초 만에 180° 회전한다."),
    ("zh_CN", "The kit costs R57,60 in South Africa.", "该试剂盒在南非售价R57,60。"),
    ("ko_KR", "The kit costs R57,60 in South Africa.", "이 키트는 남아프리카공화국에서 R57,60이다."),
    ("zh_CN", "The drug is dosed every three weeks.", "该药每三周给药一次。"),
    ("zh_TW", "The drug is dosed every three weeks.", "該藥每三週給藥一次。"),
    ("zh_HK", "The drug is dosed every three weeks.", "該藥每三週給藥一次。"),
    ("ko_KR", "The drug is dosed every three weeks.", "이 약은 3주마다 투여된다."),
    ("zh_CN", "XellSmart is one of the first companies in the field.", "士泽生物是该领域首批企业之一。"),
    ("ko_KR", "XellSmart is one of the first companies in the field.", "XellSmart는 이 분야 최초의 기업 중 하나다."),
]


@pytest.mark.parametrize(("locale", "source", "target"), QUIET)
def test_numbers_and_units_raise_nothing(locale, source, target):
    assert qa.check_entry(source, target, qa.Context(locale, tuple(TERMS.find(source)))) == []


def pseudo(source, locale):
    """What `l10n translate --engine pseudo` writes: spans masked, letters accented, spans restored."""
    return machine_drafts(PseudoTranslator(), [source], [TERMS.find(source)], locale)[0].text


def entry(comment, msgid, msgstr="", msgid_plural="", forms=None):
    return polib.POEntry(comment=comment, msgid=msgid, msgstr=msgstr, msgid_plural=msgid_plural,
                         msgstr_plural=forms or {}, linenum=7)


def plural(forms):
    """A plural entry whose English forms hold different placeholders: which form is checked against which shows."""
    return entry("kind: body", "{0} patient was dosed.", msgid_plural="{count} patients were dosed.", forms=forms)


def pseudo_entry(locale, source, old="", new="", engine="pseudo", fuzzy=True):
    """An entry the pseudo engine filled, with `old` changed to `new` by hand; another engine's if `engine` says so.

    A machine draft is fuzzy; with `fuzzy=False` a reviewer accepted it, and it is checked as their text."""
    made = entry(f"kind: body\nengine: {engine}", source, pseudo(source, locale).replace(old, new))
    made.flags = ["fuzzy"] if fuzzy else []
    return made


# Catalog entries, read as `l10n check` reads them: (locale, entry, the checks that find something).
ENTRIES = [
    # Pseudo output is accented English in brackets: only what pseudo guarantees is checked.
    ("zh_CN", pseudo_entry("zh_CN", "It affects over 10 million patients."), []),
    ("zh_CN", pseudo_entry("zh_CN", "It affects over 10 million patients.", engine="argos en→zh 1.9"),
     ["numbers", "repetition", "length_ratio", "end_punctuation"]),
    ("ko_KR", pseudo_entry("ko_KR", "Seven IND approvals were secured."), []),
    ("zh_CN", pseudo_entry("zh_CN", "It affects over 10 million patients.", fuzzy=False),
     ["numbers", "repetition", "length_ratio", "end_punctuation"]),
    ("zh_CN", pseudo_entry("zh_CN", "Cannot open %(filename)s."), []),
    ("zh_CN", pseudo_entry("zh_CN", "It affects over 10 million patients.", "10", "12"), ["numbers"]),
    ("ko_KR", pseudo_entry("ko_KR", "Spinal cord injury is common.", "척수손상", "šþîñàĺ"), ["glossary"]),
    ("zh_CN", pseudo_entry("zh_CN", "The trial of XS228 began.", "XS228", "ZX0"),
     ["placeholders", "protected", "glossary"]),
    # Contact lines are kept as written; only their content is checked.
    ("zh_CN", entry("kind: contact", "Media Contact: Jane Park, jane.park@corvanta.com",
                    "Media Contact: Jane Park, jane.park@corvanta.com"), []),
    ("zh_CN", entry("kind: contact", "For more information, visit https://www.corvanta.com (Nasdaq: CRVT).",
                    "For more information, visit https://www.corvanta.com (Nasdaq: CRVT)."), []),
    ("zh_CN", entry("kind: body, contact", "For more information, visit https://www.corvanta.com (Nasdaq: CRVT).",
                    "For more information, visit https://www.corvanta.com (Nasdaq: CRVT)."),
     ["unchanged", "latin_leftover"]),
    ("ko_KR", entry("kind: contact", "Media Contact: Jane Park, jane.park@corvanta.com",
                    "미디어 문의: Jane Park, jane@corvanta.com"), ["protected"]),
    ("ko_KR", entry("kind: contact", "Tel: +1 858-555-0142", "전화: +1 859-555-0142"), ["numbers"]),
    # Plural forms: the first against msgid where the language has several forms, the others
    # (or Chinese and Korean's only one) against msgid_plural.
    ("zh_CN", plural({0: "{count}名患者已完成给药。"}), []),
    ("ko_KR", plural({0: "환자 {count}명이 투약받았다."}), []),
    ("zh_CN", plural({0: "{0}名患者已完成给药。"}), ["placeholders"]),
    ("de_DE", plural({0: "{0} Patient wurde behandelt.", 1: "{count} Patienten wurden behandelt."}), []),
    ("de_DE", plural({0: "{count} Patient wurde behandelt.", 1: "{0} Patienten wurden behandelt."}),
     ["placeholders", "placeholders"]),
    ("de_DE", plural({0: "{0} Patient wurde behandelt.", 1: ""}), ["untranslated"]),
    ("zh_CN", plural({0: ""}), ["untranslated"]),
]


@pytest.mark.parametrize(("locale", "po_entry", "checks"), ENTRIES, ids=[f"{e[0]}-{i}" for i, e in enumerate(ENTRIES)])
def test_check_po_entry(locale, po_entry, checks):
    findings = qa.check_po_entry(po_entry, locale, TERMS)
    assert sorted(f.check for f in findings) == sorted(checks)
    assert {(f.unit, f.line, f.file) for f in findings} <= {(po_entry.msgid, 7, "")}


def shipped_units():
    """(locale, comment, msgid) of every entry of the shipped catalogs."""
    for locale in ("zh_CN", "ko_KR"):
        path = ROOT / "locales" / locale / "LC_MESSAGES" / f"{SEED.stem}.po"
        yield from ((locale, e.comment, e.msgid) for e in polib.pofile(str(path)) if e.msgid and not e.obsolete)


@pytest.mark.parametrize(("locale", "comment", "msgid"), list(shipped_units()), ids=lambda value: value[:40])
def test_pseudo_translations_of_the_example_are_clean(locale, comment, msgid):
    draft = entry(f"{comment}\nengine: pseudo", msgid, pseudo(msgid, locale))
    draft.flags = ["fuzzy"]
    assert qa.check_po_entry(draft, locale, SHIPPED) == []


@pytest.mark.parametrize("text", [text for release in RELEASES for _, kind, text in expected(release)["units"]
                                  if kind == "contact"])
def test_contact_lines_kept_as_written_are_clean(text):
    for locale in ("zh_CN", "ko_KR"):
        assert qa.check_po_entry(entry("kind: contact", text, text), locale, SHIPPED) == []


def test_check_catalog_reads_every_active_entry_with_its_file_and_line(tmp_path):
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=1; plural=0;"}
    po.append(plural({0: "{count}名患者已完成给药。"}))
    po.append(entry("kind: body", "It rose 5,000 units.", "增加了500个单位。"))
    po.append(polib.POEntry(msgid="It fell 48 units.", msgstr="减少了4个单位。", obsolete=True))
    path = tmp_path / "release.po"
    po.save(str(path))
    assert qa.check_catalog(path, "zh_CN", SHIPPED) == [
        Finding("It rose 5,000 units.", "numbers", "error", "5,000 translated as 500", str(path),
                msgid_line(path, "It rose 5,000 units."))]


def msgid_line(path, msgid: str) -> int:
    """The line of the entry's `msgid`, where msgfmt and msgmerge point at an entry."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f'msgid "{msgid}'))


def test_note_is_the_translator_comment_form():
    finding = Finding("The trial will enroll 48 patients.", "numbers", "error", "missing number: 48")
    assert qa.note(finding) == "check: error: numbers: missing number: 48"


def test_every_check_has_a_docstring_and_a_case():
    assert all(function.__doc__ for _, _, function in qa.CHECKS)
    assert {name for name, _, _ in qa.CHECKS} - {"untranslated"} <= {p[0] for p in PAIRS} | {"protected"}


def test_the_shipped_example_catalogs_are_clean():
    for locale in ("zh_CN", "ko_KR"):
        path = ROOT / "locales" / locale / "LC_MESSAGES" / f"{SEED.stem}.po"
        assert qa.check_catalog(path, locale, SHIPPED) == []


def l10n(cwd, *args):
    return subprocess.run([sys.executable, "-m", "l10n", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env=os.environ)


@pytest.fixture
def project(tmp_path):
    shutil.copy(SEED, tmp_path)
    shutil.copytree(ROOT / "locales", tmp_path / "locales")
    return tmp_path


@pytest.mark.slow
def test_cli_check_json_contract_status_and_annotate(project):
    assert l10n(project, "check").returncode == 0
    path = project / "locales" / "zh_CN" / "LC_MESSAGES" / f"{SEED.stem}.po"
    po = polib.pofile(str(path), wrapwidth=0)
    entry = next(e for e in po if e.msgid.startswith("In 2023"))
    entry.msgstr = entry.msgstr.replace("2023年", "2022年")
    po.save()
    result = l10n(project, "check", path, "--json")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert [(f["check"], f["severity"], f["line"]) for f in findings] == [("numbers", "error", msgid_line(path, entry.msgid))]
    assert set(findings[0]) == {"file", "line", "msgid", "check", "severity", "message"}
    assert l10n(project, "check", path, "--skip", "numbers").returncode == 0
    assert l10n(project, "check", path, "--annotate").returncode == 1
    assert "check: error: numbers: 2023 translated as 2022" in polib.pofile(str(path)).find(entry.msgid).comment
    po = polib.pofile(str(path), wrapwidth=0)
    fixed = po.find(entry.msgid)
    fixed.msgstr = fixed.msgstr.replace("2022年", "2023年")
    po.save()
    assert l10n(project, "check", path, "--annotate").returncode == 0
    assert "check:" not in polib.pofile(str(path)).find(entry.msgid).comment
    assert l10n(project, "check", "--only", "nonsense").returncode == 2


@pytest.mark.parametrize(("plant", "found"), [
    ("临床启动会于广州中山大学附属第三医院（中山三院）举行。", True),  # another reviewed wording: reported
    (None, False),  # the same wording in every catalog
])
def test_check_consistency_reports_a_sentence_reviewed_two_ways(project, plant, found):
    sentence = "The clinical trial initiation meeting was held at The Third Affiliated Hospital of Sun Yat-sen University (SYSU-3) in Guangzhou."
    folder = project / "locales" / "zh_CN" / "LC_MESSAGES"
    first, second = sorted(p for p in folder.glob("*.po") if polib.pofile(str(p)).find(sentence))[:2]
    if plant:
        po = polib.pofile(str(second), wrapwidth=0)
        po.find(sentence).msgstr = plant
        po.save()
    result = l10n(project, "check", "--consistency", "--json")
    findings = [f for f in json.loads(result.stdout) if f["check"] == "consistency"]
    if not found:
        assert findings == [] and result.returncode == 0
        return
    kept = polib.pofile(str(first)).find(sentence).msgstr
    assert result.returncode == 1
    assert [(f["file"], f["line"], f["severity"]) for f in findings] == [(str(second), msgid_line(second, sentence), "error")]
    assert findings[0]["message"] == f"translated another way in {first}:{msgid_line(first, sentence)}: {kept}"
    assert l10n(project, "check").returncode == 0  # without --consistency, each catalog alone is clean
