"""Ingest: articles (txt, html, jsonl, folders) -> Documents, with a reason for every skip."""

from __future__ import annotations

from graphbuild.ingest.readers import Failure, expand_inputs, iter_documents, read_file

__all__ = ["Failure", "expand_inputs", "iter_documents", "read_file"]
