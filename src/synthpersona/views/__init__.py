"""Seed-shaped responses as views over the core model (:mod:`synthpersona.model`).

One module per public response shape; each is the only place that shape is written:

- :mod:`~synthpersona.views.seed000`: goal runs (seeds 000 / 001): the cluster and persona
  JSON of ``/clusters/generate``, ``/personas/{cluster_id}``, the CLI and the stored runs.
- :mod:`~synthpersona.views.seed003`: any table / leads: ``personas.json`` entries.
- :mod:`~synthpersona.views.seed002`: clickstream: the persona summary table and records.

Views only read core objects and round their numbers; they compute nothing new, so every
number they print can be recomputed from the :class:`~synthpersona.model.Segment` and
:class:`~synthpersona.model.Persona` they were given.
"""
