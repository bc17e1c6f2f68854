"""``timeline batch``: a corpus through the pipeline, on this machine or on a Dask cluster.

``records`` reads the input, ``work`` is the task every worker runs (local or Dask),
``output`` writes and reads back the lines, ``progress`` reports, ``run`` is the local run and
``cluster`` the Dask one.
"""
