#!/usr/bin/env bash
# Fresh machine -> .venv -> build the embedded store from the sample articles -> answers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
GB=.venv/bin/graphbuild
OUT="${OUT:-out}"
rm -rf "$OUT/graph"
mkdir -p "$OUT"
$GB extract samples/articles -q -o "$OUT/triples.jsonl"
$GB build samples/articles --store "$OUT/graph" -q
$GB export --store "$OUT/graph" -o "$OUT/graph.ttl"
echo
echo "== Who is connected to ICE?"
$GB neighbors --store "$OUT/graph" "ICE"
echo
echo "== What is the evidence that Amazon and ICE are connected?"
$GB evidence --store "$OUT/graph" "Amazon" "ICE"
echo
echo "== How are Amazon and Palantir connected (up to 3 hops)?"
$GB paths --store "$OUT/graph" "Amazon" "Palantir" --max-hops 3
echo
echo "== Which companies pitched or contracted with government bodies? (SPARQL)"
$GB query --store "$OUT/graph" commercial
echo
echo "== Claims the articles deny (negated assertions)"
$GB query --store "$OUT/graph" negated
echo
echo "== The best-connected entities (what was merged: graphbuild entities --show NAME)"
$GB entities --store "$OUT/graph" --limit 10
$GB viz --store "$OUT/graph" -o "$OUT/graph.html" --png "$OUT/graph.png"
echo
echo "Outputs in $OUT/: triples.jsonl, graph/ (Oxigraph store), graph.ttl, graph.html, graph.png"
