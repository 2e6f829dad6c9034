"""Scale: inputs split into partitions of records, read from local or remote storage.

* :mod:`graphbuild.scale.remote` — ``s3://``, ``gs://``, ``http(s)://`` paths through fsspec;
* :mod:`graphbuild.scale.sources` — the inputs as sources (files, JSONL, Parquet/CSV tables),
  partitions of records (byte ranges of JSONL starting at line starts, table partitions from
  ``dask.dataframe``, lists of files) and their readers;
* :mod:`graphbuild.scale.tables` — Parquet and CSV through ``dask.dataframe`` with a column
  mapping.

:mod:`graphbuild.distributed` drives these on a Dask cluster.
"""
