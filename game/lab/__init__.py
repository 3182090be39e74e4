"""The lab: headless batches on one process pool or Dask, records, statistics, balance."""
