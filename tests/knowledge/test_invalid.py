"""Broken copies of the knowledge files: each mistake support staff could make gives one exact message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.catalog import CatalogError
from bot.catalog_load import load_catalog
from knowledge import DIRECTORY

STEP_HEAD = (
    'id = "close_other_ccp"\ntitle = "Close every other CCP tab, window and browser"\nperformer = "agent"\n'
)
UDP_CAUSE = "causes/media_udp_blocked.toml"
UDP = "knowledge/causes/media_udp_blocked.toml: cause 'media_udp_blocked': "


@pytest.fixture()
def knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DIRECTORY, target, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
    return target


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture drift: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def expect(root: Path, message: str) -> None:
    with pytest.raises(CatalogError) as caught:
        load_catalog(root)
    assert str(caught.value) == message


def test_an_unchanged_copy_loads(knowledge: Path) -> None:
    catalog = load_catalog(knowledge)
    assert catalog.steps["close_other_ccp"].title == "Close every other CCP tab, window and browser"
    assert load_catalog(knowledge) is not catalog  # explicit directories are read afresh


# (file, old text, new text, exact message)
CASES = [
    (
        "steps.toml",
        'performer = "agent"\n',
        'performer = "agent"\ncolour = "red"\n',
        "knowledge/steps.toml: step 'close_other_ccp': unknown key 'colour'",
    ),
    (
        "steps.toml",
        'title = "Close every other CCP tab, window and browser"\n',
        "",
        "knowledge/steps.toml: step 'close_other_ccp': missing key 'title'",
    ),
    (
        "steps.toml",
        'title = "Close every other CCP tab, window and browser"',
        "title = 3",
        "knowledge/steps.toml: step 'close_other_ccp': 'title' must be a string, not an integer",
    ),
    (
        "steps.toml",
        'title = "Close every other CCP tab, window and browser"',
        'title = "   "',
        "knowledge/steps.toml: step 'close_other_ccp': 'title' is empty",
    ),
    (
        "steps.toml",
        STEP_HEAD,
        STEP_HEAD.replace('"agent"', '"manager"'),
        "knowledge/steps.toml: step 'close_other_ccp': performer 'manager' is not one of agent, it, support",
    ),
    (
        "steps.toml",
        "in every browser, and sign",
        "in every {browser}, and sign",
        "knowledge/steps.toml: step 'close_other_ccp': 'text' uses unknown placeholder '{browser}' "
        "(known: {contact_ids}, {region}, {signalling_host}, {turn_hosts})",
    ),
    (
        "steps.toml",
        "in every browser, and sign",
        "in every {region!r}, and sign",
        "knowledge/steps.toml: step 'close_other_ccp': 'text': placeholder '{region}' must not carry a "
        "format spec or conversion",
    ),
    (
        "steps.toml",
        "in every browser, and sign",
        "in every {browser, and sign",
        "knowledge/steps.toml: step 'close_other_ccp': 'text': expected '}' before end of string "
        "(write {{ or }} for a literal brace)",
    ),
    (
        "steps.toml",
        'url = "https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md"',
        'url = "http://example.com/streams"',
        "knowledge/steps.toml: step 'close_other_ccp': source 1: url 'http://example.com/streams' is not an "
        "https:// address",
    ),
    (
        "steps.toml",
        'id = "reload_ccp"',
        'id = "close_other_ccp"',
        "knowledge/steps.toml: step 'close_other_ccp': the id is used twice",
    ),
    (
        "steps.toml",
        'id = "reload_ccp"',
        'id = "Reload CCP"',
        "knowledge/steps.toml: step 'Reload CCP': id 'Reload CCP' must be lower-case letters, digits and _ "
        "(starting with a letter)",
    ),
    (
        "questions.toml",
        "adjust = { vpn_interference = 0.25,",
        "adjust = { vpn_trouble = 0.25,",
        "knowledge/questions.toml: question 'vpn_on': answer 'yes': adjust names unknown cause 'vpn_trouble'",
    ),
    (
        "questions.toml",
        "adjust = { vpn_interference = 0.25,",
        "adjust = { vpn_interference = 2,",
        "knowledge/questions.toml: question 'vpn_on': answer 'yes': adjust for 'vpn_interference' is 2.0, "
        "not between -1 and 1",
    ),
    (
        "questions.toml",
        "adjust = { vpn_interference = 0.25,",
        "adjust = { vpn_interference = true,",
        "knowledge/questions.toml: question 'vpn_on': answer 'yes': 'adjust' value for 'vpn_interference' "
        "must be a number, not a boolean",
    ),
    (
        "questions.toml",
        'id = "no"\nlabel = "No VPN"',
        'id = "yes"\nlabel = "No VPN"',
        "knowledge/questions.toml: question 'vpn_on': answer 'yes': the id is used twice",
    ),
    (
        "questions.toml",
        'id = "no"\nlabel = "No VPN"',
        'id = "no"\nlabel = "No VPN"\nwhy = "x"',
        "knowledge/questions.toml: question 'vpn_on': answer 'no': unknown key 'why'",
    ),
    (
        "questions.toml",
        'id = "proxy_in_use"',
        'id = "vpn_on"',
        "knowledge/questions.toml: question 'vpn_on': the id is used twice",
    ),
    (
        UDP_CAUSE,
        'id = "media_udp_blocked"',
        'id = "udp_blocked"',
        "knowledge/causes/media_udp_blocked.toml: cause 'udp_blocked': the id does not match the file name "
        "'media_udp_blocked.toml'",
    ),
    (
        UDP_CAUSE,
        '"no_relay_candidate",',
        '"no_relay",',
        UDP + "unknown marker 'no_relay' (see MarkerId in bot/diagnosis/model.py)",
    ),
    (UDP_CAUSE, '"allow_turn_dns",', '"allow_dns",', UDP + "step 'allow_dns' is not defined in steps.toml"),
    (UDP_CAUSE, '"proxy_in_use",', '"proxy",', UDP + "question 'proxy' is not defined in questions.toml"),
    (
        UDP_CAUSE,
        '"allow_turn_dns",',
        '"allow_turn_dns",\n    "allow_turn_dns",',
        UDP + "'steps' lists 'allow_turn_dns' twice",
    ),
    (
        UDP_CAUSE,
        '"escalate_with_log",\n    "open_aws_support_case",\n',
        "",
        UDP + "the last step 'vpn_split_tunnel' must be an escalation step (performer = \"support\")",
    ),
    (UDP_CAUSE, "markers = [", "fault = false\nseverity = 3\nmarkers = [", UDP + "unknown key 'severity'"),
    (
        UDP_CAUSE,
        "markers = [",
        "fault = 0\nmarkers = [",
        UDP + "'fault' must be true or false, not an integer",
    ),
    (
        UDP_CAUSE,
        'questions = ["vpn_on", "proxy_in_use", "connection_type"]',
        'questions = "vpn_on"',
        UDP + "'questions' must be a list of strings",
    ),
    (
        UDP_CAUSE,
        "Signalling to {signalling_host}",
        "Signalling to {turn_host}",
        UDP + "'it_summary' uses unknown placeholder "
        "'{turn_host}' (known: {contact_ids}, {region}, {signalling_host}, {turn_hosts})",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), CASES)
def test_broken_file_names_file_item_and_problem(
    knowledge: Path, name: str, old: str, new: str, message: str
) -> None:
    edit(knowledge, name, old, new)
    expect(knowledge, message)


def test_harmless_whitespace_still_loads(knowledge: Path) -> None:
    edit(knowledge, "steps.toml", 'id = "reload_ccp"', 'id = "reload_ccp"\n\n')
    assert "reload_ccp" in load_catalog(knowledge).steps


def test_toml_syntax_error_is_reported_with_the_file(knowledge: Path) -> None:
    edit(knowledge, "steps.toml", '[[steps]]\nid = "reload_ccp"', '[[steps]\nid = "reload_ccp"')
    with pytest.raises(CatalogError, match=r"^knowledge/steps\.toml: not valid TOML: "):
        load_catalog(knowledge)


def test_missing_cause_file(knowledge: Path) -> None:
    (knowledge / "causes" / "symmetric_nat.toml").unlink()
    expect(knowledge, "knowledge/causes: no file for cause 'symmetric_nat' (expected symmetric_nat.toml)")


def test_cause_file_for_an_unknown_cause(knowledge: Path) -> None:
    source = (knowledge / "causes" / "symmetric_nat.toml").read_text(encoding="utf-8")
    (knowledge / "causes" / "cosmic_rays.toml").write_text(
        source.replace('id = "symmetric_nat"', 'id = "cosmic_rays"'), encoding="utf-8"
    )
    expect(
        knowledge,
        "knowledge/causes/cosmic_rays.toml: cause 'cosmic_rays': unknown cause id "
        "(see CauseId in bot/diagnosis/model.py)",
    )


def test_missing_steps_file(knowledge: Path) -> None:
    (knowledge / "steps.toml").unlink()
    expect(knowledge, "knowledge/steps.toml: the file is missing")


def test_step_defined_but_never_used(knowledge: Path) -> None:
    extra = (
        '\n[[steps]]\nid = "call_the_isp"\ntitle = "Call the ISP"\ntext = "Ask about UDP."\n'
        'performer = "agent"\n\n[[steps.sources]]\ntitle = "AWS"\n'
        'url = "https://docs.aws.amazon.com/connect/latest/adminguide/ccp-networking.html"\n'
    )
    with (knowledge / "steps.toml").open("a", encoding="utf-8") as handle:
        handle.write(extra)
    expect(knowledge, "knowledge/steps.toml: step 'call_the_isp': defined but no cause uses it")


def test_question_defined_but_never_used(knowledge: Path) -> None:
    for path in (knowledge / "causes").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"headset_connected"', '"other_ccp_open"'), encoding="utf-8")
    expect(knowledge, "knowledge/questions.toml: question 'headset_connected': defined but no cause uses it")


def test_unknown_top_level_key(knowledge: Path) -> None:
    with (knowledge / "questions.toml").open("r+", encoding="utf-8") as handle:
        text = handle.read()
        handle.seek(0)
        handle.write("version = 2\n" + text)
    expect(knowledge, "knowledge/questions.toml: unknown key 'version'")


def test_step_without_sources(knowledge: Path) -> None:
    with (knowledge / "steps.toml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n[[steps]]\nid = "call_the_isp"\ntitle = "Call the ISP"\ntext = "Ask."\n'
            'performer = "agent"\nsources = []\n'
        )
    expect(knowledge, "knowledge/steps.toml: step 'call_the_isp': 'sources' is empty")
