"""Rendering of results: charts (matplotlib PNG, Plotly HTML), HTML reports and PowerPoint decks.

Computation lives in the domain subpackages and returns data; modules here turn
that data into files and figures: :mod:`~synthpersona.reporting.leads`,
:mod:`~synthpersona.reporting.simulation`.
"""
