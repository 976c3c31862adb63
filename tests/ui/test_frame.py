"""The shared frame's 统计阶段 choices come from campaign.toml: another campaign's phases need no code change."""
import datetime as dt
import re

import pytest

from safetyboard.config import REFERENCE_DIR, load_campaign
from ui import frame

RENAMED = {"自查自纠": "排查摸底", "集中整治": "攻坚整治", "巩固提升": "总结验收", "回头看": "督导复查"}


def renamed_campaign(tmp_path):
    """The shipped campaign with other phase names (the keys stay: the code finds 回头看 by its key)."""
    text = (REFERENCE_DIR / "campaign.toml").read_text(encoding="utf-8")
    for old, new in RENAMED.items():
        text, n = re.subn(rf'^name = "{old}"$', f'name = "{new}"', text, flags=re.M)
        assert n == 1, old
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_campaign_gives_the_phase_names_the_urls_use():
    assert frame.presets(load_campaign()) == ("全程", "自查自纠", "集中整治", "巩固提升", "回头看", "自定义")
    phase = frame.phase_named(load_campaign(), "集中整治")
    assert (phase.key, phase.start, phase.end) == ("rectify", dt.date(2022, 6, 1), dt.date(2022, 10, 31))
    assert frame.phase_named(load_campaign(), "全程") is None and frame.phase_named(load_campaign(), "自定义") is None


def test_a_campaign_with_other_phase_names_yields_those_choices(tmp_path):
    campaign = load_campaign(renamed_campaign(tmp_path))
    assert frame.presets(campaign) == ("全程", "排查摸底", "攻坚整治", "总结验收", "督导复查", "自定义")
    assert frame.phase_named(campaign, "攻坚整治").start == dt.date(2022, 6, 1)
    assert frame.phase_named(campaign, "集中整治") is None


@pytest.fixture()
def renamed(tmp_path, monkeypatch):
    monkeypatch.setenv("SAFETYBOARD_CAMPAIGN", str(renamed_campaign(tmp_path)))
    load_campaign.cache_clear()
    yield
    load_campaign.cache_clear()


def test_the_sidebar_offers_the_campaign_phases_and_takes_them_from_the_url(app_db, renamed):
    import apptest_support as support
    at = support.run_page("pages/overview.py", phase="攻坚整治", as_of="2022-10-31")
    box = at.sidebar.selectbox(key="flt_preset")
    assert list(box.options) == ["全程", "排查摸底", "攻坚整治", "总结验收", "督导复查", "自定义"]
    assert box.value == "攻坚整治"
    assert any("攻坚整治：2022年6月1日 至 2022年10月31日" in c.value for c in at.sidebar.caption)
    assert any("统计区间 2022年6月1日 至 2022年10月31日" in c.value for c in at.caption)
    at = support.run_page("pages/overview.py", phase="集中整治")      # a name this campaign does not have
    assert at.sidebar.selectbox(key="flt_preset").value == "全程"
