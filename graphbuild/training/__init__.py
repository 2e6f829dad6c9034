"""Training and evaluation of the relation model (wiring above the pipeline stages).

* :mod:`.corpus` reads annotated folders (``articles/*.txt`` + ``gold/*.json``, the format of
  the evaluation gold);
* :mod:`.dataset` runs the pipeline over them and labels every candidate pair from the gold;
* :mod:`.fit` trains the one-vs-rest model, cross-validates it by document and by genre, and
  writes the artefact shipped in ``graphbuild/relations/models/``;
* :mod:`.scoring` scores predictions against gold (strict and relaxed, per predicate), with the
  same matching as the evaluation scorer.
"""
