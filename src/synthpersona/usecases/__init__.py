"""Use-case functions: the small surface the CLI, REST API and web UI call.

One public module per workflow: :mod:`~synthpersona.usecases.goals` (goal → segments
→ personas), :mod:`~synthpersona.usecases.tables` (any customer table → ranked
personas), :mod:`~synthpersona.usecases.simulation` (clickstream → behavioural
personas → simulated product changes), :mod:`~synthpersona.usecases.scenarios`
(role-play personas) and :mod:`~synthpersona.usecases.chat`.
"""
