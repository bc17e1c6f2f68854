"""The extraction pipeline: one module per stage; the order is written out once, in
:mod:`service.pipeline.run`."""
