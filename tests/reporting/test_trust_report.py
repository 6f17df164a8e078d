"""The trust report shows each check's figures, escaped."""

from __future__ import annotations

from synthpersona.reporting.trust import trust_report_html
from synthpersona.trust import planted_table
from synthpersona.usecases.trust import diff_frames


def test_drift_section_quotes_the_diff_and_escapes_labels() -> None:
    old = planted_table(1_200, random_state=40).drop(columns=["_segment"])
    new = planted_table(1_200, random_state=41).drop(columns=["_segment"])
    summary = diff_frames(old, new, k=4).summary()
    summary["matches"][0]["new_label"] = "<script>x</script>"
    page = trust_report_html(drift=[summary])
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    for m in summary["matches"]:
        assert f"{m['share_change'] * 100:+.1f}" in page
    assert page.count("<tr>") >= 4 + len(summary["columns"])
