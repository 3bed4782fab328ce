"""The Prometheus text the registry renders."""

from __future__ import annotations

import pytest

from bot.server.metrics import Metrics


def test_counters_and_histograms_render_in_prometheus_text_format() -> None:
    metrics = Metrics()
    metrics.diagnoses.inc(verdict="fault", cause="media_udp_blocked")
    metrics.diagnoses.inc(verdict="fault", cause="media_udp_blocked")
    metrics.errors.inc(kind='odd"kind')
    metrics.diagnosis_seconds.observe(0.3)
    metrics.diagnosis_seconds.observe(7)
    text = metrics.render()
    assert "# TYPE icebreaker_diagnoses_total counter" in text
    assert 'icebreaker_diagnoses_total{verdict="fault",cause="media_udp_blocked"} 2' in text
    assert 'icebreaker_errors_total{kind="odd\\"kind"} 1' in text
    assert 'icebreaker_diagnosis_seconds_bucket{le="0.25"} 0' in text
    assert 'icebreaker_diagnosis_seconds_bucket{le="0.5"} 1' in text
    assert 'icebreaker_diagnosis_seconds_bucket{le="10"} 2' in text
    assert 'icebreaker_diagnosis_seconds_bucket{le="+Inf"} 2' in text
    assert "icebreaker_diagnosis_seconds_sum 7.3" in text
    assert "icebreaker_diagnosis_seconds_count 2" in text
    assert "icebreaker_events_deduped_total" in text
    assert text.endswith("\n")


def test_labels_must_match_the_declared_names() -> None:
    with pytest.raises(ValueError, match="do not match"):
        Metrics().diagnoses.inc(verdict="fault")
