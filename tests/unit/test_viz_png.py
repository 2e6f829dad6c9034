"""The PNG goes into reports: a denial must be visible in it, beside a claim of the same pair."""

from __future__ import annotations

import networkx as nx
from matplotlib.colors import to_hex

from graphbuild.viz.static import NEGATED_COLOR, POSITIVE_COLOR, png_figure, to_png


def _claimed_and_denied() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("us-ice", name="ICE", type="GovernmentBody", aliases=[])
    g.add_node("aws", name="AWS", type="Company", aliases=[])
    g.add_node("antifa", name="Antifa", type="Group", aliases=[])
    common = {"verb": "", "sources": ["d1"], "titles": [""], "count": 1, "confidence": 0.9}
    g.add_edge("us-ice", "aws", key="contractedWith", predicate="contractedWith", negated=False,
               evidence=["ICE has a contract with AWS."], **common)
    g.add_edge("us-ice", "aws", key="contractedWith|negated", predicate="contractedWith", negated=True,
               evidence=["ICE does not have a contract with AWS."], **common)
    g.add_edge("antifa", "us-ice", key="criticized", predicate="criticized", negated=False,
               evidence=["Antifa criticized ICE."], **common)
    return g


def _arrows(fig) -> list:
    from matplotlib.text import Annotation

    return [a for a in fig.axes[0].texts if isinstance(a, Annotation) and a.arrow_patch is not None]


def test_a_denial_beside_a_claim_is_its_own_dashed_red_line():
    """Regression: a pair with a positive and a negated edge was one solid grey line, so the
    demo PNG showed none of its denials."""
    fig = png_figure(_claimed_and_denied(), size=(4, 3), dpi=50)
    arrows = {a.get_gid(): a.arrow_patch for a in _arrows(fig) if a.get_gid()}
    assert set(arrows) == {"negated", "positive"}
    assert len(_arrows(fig)) == 3  # ICE->AWS twice (claim and denial), Antifa->ICE
    neg = arrows["negated"]
    assert to_hex(neg.get_edgecolor()) == NEGATED_COLOR.lower()
    assert neg.get_linestyle() not in ("-", "solid")
    assert to_hex(arrows["positive"].get_edgecolor()) == POSITIVE_COLOR.lower()
    bends = sorted(str(a.arrow_patch.get_connectionstyle().rad) for a in _arrows(fig))
    assert len(set(bends)) >= 2  # the denial bends away from the claim: two lines, not one
    labels = [t.get_text() for t in fig.axes[0].texts if t.get_text()]
    assert "not contractedWith" in labels and "contractedWith" in labels


def test_legend_lists_negated_and_classes_with_their_shapes():
    fig = png_figure(_claimed_and_denied(), size=(4, 3), dpi=50)
    legend = fig.axes[0].get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    assert "negated" in texts
    markers = {t.get_text(): h.get_marker() for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)}
    assert markers["GovernmentBody"] != markers["Group"] != markers["Company"]


def test_png_file_is_written(tmp_path):
    out = to_png(_claimed_and_denied(), tmp_path / "d.png", size=(4, 3), dpi=50)
    assert out.read_bytes().startswith(b"\x89PNG")
