"""The shipped knowledge files: they load, cover every cause, cite sources and render region hosts."""

from __future__ import annotations

import pytest

from bot.catalog import Catalog, Performer, Source, fill_placeholders
from bot.catalog_load import load_catalog
from bot.diagnosis.model import CauseId, MarkerId

SEED_STEPS = ("allowlist_connect_endpoints", "open_udp_media_ports", "vpn_split_tunnel", "escalate_with_log")
PERFORMER_ORDER = {Performer.AGENT: 0, Performer.IT: 1, Performer.SUPPORT: 2}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_default_load_is_cached(catalog: Catalog) -> None:
    assert load_catalog() is catalog


def test_every_cause_id_has_its_entry(catalog: Catalog) -> None:
    assert set(catalog.causes) == set(CauseId)
    for cause_id, info in catalog.causes.items():
        assert info.id is cause_id
        assert info.markers and all(isinstance(m, MarkerId) for m in info.markers)


@pytest.mark.parametrize("cause_id", list(CauseId), ids=lambda c: c.value)
def test_cause_has_hands_on_steps_and_ends_with_escalation(catalog: Catalog, cause_id: CauseId) -> None:
    steps = catalog.steps_for(cause_id)
    assert any(s.performer in (Performer.AGENT, Performer.IT) for s in steps)
    assert steps[-1].performer is Performer.SUPPORT
    ranks = [PERFORMER_ORDER[s.performer] for s in steps]
    assert ranks == sorted(ranks), "agent steps first, then IT, then support"
    assert catalog.questions_for(cause_id), "every walkthrough asks what the log cannot tell"


def test_every_step_and_question_is_used_and_resolves(catalog: Catalog) -> None:
    used_steps = {s for c in catalog.causes.values() for s in c.steps}
    used_questions = {q for c in catalog.causes.values() for q in c.questions}
    assert used_steps == set(catalog.steps)
    assert used_questions == set(catalog.questions)


def test_ids_are_unique_across_items(catalog: Catalog) -> None:
    for question in catalog.questions.values():
        answer_ids = [a.id for a in question.answers]
        assert len(answer_ids) == len(set(answer_ids))
    for cause in catalog.causes.values():
        assert len(cause.steps) == len(set(cause.steps))


def test_every_step_and_cause_cites_https_sources(catalog: Catalog) -> None:
    cited: dict[str, tuple[Source, ...]] = {s.id: s.sources for s in catalog.steps.values()}
    cited.update({c.id.value: c.sources for c in catalog.causes.values()})
    for item_id, sources in cited.items():
        assert sources, item_id
        assert all(s.url.startswith("https://") and s.title for s in sources), item_id


def test_the_seed_resolution_steps_are_present(catalog: Catalog) -> None:
    assert set(SEED_STEPS) <= set(catalog.steps)
    udp = catalog.steps["open_udp_media_ports"].text
    assert "UDP 443" in udp and "3478/3479" in udp
    assert "split tunnelling" in catalog.steps["vpn_split_tunnel"].text
    assert "agent-log.txt" in catalog.steps["escalate_with_log"].text
    assert catalog.steps["allowlist_connect_endpoints"].performer is Performer.IT
    assert catalog.steps_for(CauseId.MEDIA_UDP_BLOCKED)[-2].id == "escalate_with_log"


def test_aws_endpoint_facts_are_in_the_allowlist_step(catalog: Catalog) -> None:
    text = catalog.steps["allowlist_connect_endpoints"].render(region="ap-southeast-2")
    for host in (
        "TurnNlb-*.elb.ap-southeast-2.amazonaws.com, UDP 3478",
        "rtc*.connect-telecom.ap-southeast-2.amazonaws.com",
        "*.transport.connect.ap-southeast-2.amazonaws.com",
        ".my.connect.aws",
        ".awsapps.com",
        "*.cloudfront.net",
    ):
        assert host in text


def test_endpoint_test_utility_is_the_agents_first_network_check(catalog: Catalog) -> None:
    step = catalog.steps["run_endpoint_test"]
    assert step.performer is Performer.AGENT
    assert "https://tools.connect.aws/endpoint-test/" in step.text
    assert catalog.cause(CauseId.MEDIA_UDP_BLOCKED).steps[0] == "run_endpoint_test"


def test_aws_support_checklist_is_complete(catalog: Catalog) -> None:
    text = catalog.steps["open_aws_support_case"].render(region="us-east-1", contact_ids=("c-1", "c-2"))
    for item in ("instance ARN", "c-1, c-2", "CCP logs", "time zone", "us-east-1", "ISP", "VPN"):
        assert item in text


def test_render_fills_region_hostnames_from_the_log(catalog: Catalog) -> None:
    step = catalog.steps["open_udp_media_ports"]
    turn = "turnnlb-d76454ac48d20c1e.elb.us-west-2.amazonaws.com."
    text = step.render(region="us-west-2", turn_hosts=(turn,))
    assert turn in text
    assert "TurnNlb-*.elb.us-west-2.amazonaws.com" in text
    assert "{" not in text and "}" not in text


def test_render_without_a_region_reads_as_generic_text(catalog: Catalog) -> None:
    text = catalog.steps["allow_signalling_tcp_443"].render(region=None)
    assert "rtc*.connect-telecom.<region>.amazonaws.com" in text
    assert "<region>" in text


def test_it_summaries_fill_placeholders(catalog: Catalog) -> None:
    summary = catalog.cause(CauseId.SIGNALLING_BLOCKED).it_summary
    text = fill_placeholders(
        summary, region="eu-central-1", signalling_host="rtc.connect-telecom.eu-central-1.x"
    )
    assert "rtc.connect-telecom.eu-central-1.x" in text
    assert "*.transport.connect.eu-central-1.amazonaws.com" in text


def test_question_answers_move_the_documented_causes(catalog: Catalog) -> None:
    vpn_yes = catalog.questions["vpn_on"].answer("yes")
    assert vpn_yes is not None
    deltas = dict(vpn_yes.adjust)
    assert deltas[CauseId.VPN_INTERFERENCE] > 0 > deltas[CauseId.MEDIA_UDP_BLOCKED]
    assert catalog.questions["vpn_on"].answer("maybe-later") is None
