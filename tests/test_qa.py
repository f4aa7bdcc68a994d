from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import polib
import pytest
from conftest import ROOT, SEED

from l10n import glossary, qa

SHIPPED = glossary.load()


def errors(locale, source, target):
    ctx = qa.Context(locale, tuple(SHIPPED.find(source)))
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
     "Kestrel Therapeutics（Nasdaq: KSTL）公布了结果。", "Kestrel Therapeutics（纳斯达克：KSTL）公布了结果。"),
    ("zh_CN", "Visit https://www.luminabio.com for details.",
     "详情请访问https://www.luminabio.com。", "详情请访问https://luminabio.com。"),
]


@pytest.mark.parametrize(("locale", "source", "right", "wrong"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_right_passes_and_wrong_fails(locale, source, right, wrong):
    assert errors(locale, source, right) == []
    assert errors(locale, source, wrong)


def test_the_test_set_is_large_enough():
    assert len(CASES) >= 20


# Paired tables per check: (check, locale, source, target, message or None)
PAIRS = [
    ("numbers", "zh_CN", "It rose 5,000 units.", "增加了5000个单位。", None),
    ("numbers", "zh_CN", "It rose 5,000 units.", "增加了500个单位。", "missing number(s): 5000"),
    ("numbers", "ko_KR", "A deal of $1.2 billion.", "12억 달러 규모의 계약.", None),
    ("numbers", "zh_CN", "Actual results may differ materially.", "实际结果可能存在重大差异。", None),
    ("numbers", "ko_KR", "Approved in May 2025.", "2025년 5월에 승인됐다.", None),
    ("numbers", "ko_KR", "Approved in May 2025.", "2025년 6월에 승인됐다.", "missing number(s): 5"),
    ("numbers", "ko_KR", "Hanbit will receive $120 million.", "한빛은 1억2000만 달러를 받는다.", None),
    ("protected", "zh_CN", "Email BD@xellsmart.com now.", "请发邮件至BD@xellsmart.com。", None),
    ("protected", "zh_CN", "Email BD@xellsmart.com now.", "请发邮件至BD@xellsmart.cn。", "changed or missing: BD@xellsmart.com"),
    ("glossary", "ko_KR", "Spinal cord injury is common.", "척수손상은 흔하다.", None),
    ("glossary", "ko_KR", "Spinal cord injury is common.", "척수 손상은 흔하다.", None),
    ("glossary", "zh_CN", "Spinal cord injury is common.", "脊髓受伤很常见。", "missing approved term: Spinal cord injury → 脊髓损伤"),
    ("placeholders", "zh_CN", "XS228 works.", "ZX0有效。", "leftover placeholder(s): ZX0"),
    ("repetition", "zh_CN", "It works.", "它有效有效有效有效有效。", "repeated: '有效'"),
    ("unchanged", "zh_CN", "The trial began.", "The trial began.", "the translation is the English source"),
    ("unchanged", "zh_CN", "XS228", "XS228", None),
    ("latin_leftover", "zh_CN", "The trial met its primary endpoint.", "该试验met its primary endpoint。",
     "English left in the translation: 'met its primary endpoint'"),
    ("latin_leftover", "ko_KR", "Eli Lilly Asia Ventures invested.", "일라이 릴리 아시아 벤처스가 투자했다.", None),
    ("brackets", "zh_CN", "SCI (spinal cord injury).", "脊髓损伤（SCI。", "a bracket or quote is never closed"),
    ("brackets", "zh_CN", "SCI (spinal cord injury).", "脊髓损伤（SCI)。", None),
    ("end_punctuation", "zh_CN", "It began.", "试验已启动", "ends with '动', expected '。'"),
    ("end_punctuation", "ko_KR", "It began.", "시작됐다.", None),
    ("length_ratio", "zh_CN", "The randomized, double-blind trial enrolled patients.", "试验", "length ratio 0.04 outside 0.12–1.0"),
]


@pytest.mark.parametrize(("check", "locale", "source", "target", "message"), PAIRS)
def test_check(check, locale, source, target, message):
    ctx = qa.Context(locale, tuple(SHIPPED.find(source)))
    assert [f.message for f in qa.check_entry(source, target, ctx, only=[check])] == ([message] if message else [])


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
    assert [(f["check"], f["severity"], f["line"]) for f in findings] == [("numbers", "error", entry.linenum)]
    assert set(findings[0]) == {"file", "line", "msgid", "check", "severity", "message"}
    assert l10n(project, "check", path, "--skip", "numbers").returncode == 0
    assert l10n(project, "check", path, "--annotate").returncode == 1
    assert "check: numbers: missing number(s): 2023" in polib.pofile(str(path)).find(entry.msgid).comment
    po = polib.pofile(str(path), wrapwidth=0)
    fixed = po.find(entry.msgid)
    fixed.msgstr = fixed.msgstr.replace("2022年", "2023年")
    po.save()
    assert l10n(project, "check", path, "--annotate").returncode == 0
    assert "check:" not in polib.pofile(str(path)).find(entry.msgid).comment
    assert l10n(project, "check", "--only", "nonsense").returncode == 2
