"""Domain features: documented derived features and the scikit-learn pipeline that clusters on them.

Per domain (:data:`DOMAINS`: ``parenting``, ``tech_adoption``, ``budget``, ``lifestyle``,
``general``), :func:`derive_features` computes derived features (weighted sums of the
population's columns, in ``[0, 1]``; formulas in ``docs/features.md`` and
:data:`DERIVED`), and :func:`build_features` turns a table into the weighted float32
matrix that :func:`synthpersona.segmentation.segment` clusters: standardised numerics,
one-hot categoricals, domain weights as column multipliers.
"""

from synthpersona.features._derive import required_columns
from synthpersona.features._pipeline import (
    ONE_HOT_SCALE,
    CategoryOneHot,
    DomainInputs,
    FeatureMatrix,
    WeightedEncoder,
    build_features,
    derive_features,
    make_pipeline,
)
from synthpersona.features._spec import (
    DERIVED,
    DOMAIN_SPECS,
    DOMAINS,
    SCALED_SIGNALS,
    DerivedFeature,
    DomainSpec,
)

__all__ = [
    "DERIVED",
    "DOMAINS",
    "DOMAIN_SPECS",
    "ONE_HOT_SCALE",
    "SCALED_SIGNALS",
    "CategoryOneHot",
    "DerivedFeature",
    "DomainInputs",
    "DomainSpec",
    "FeatureMatrix",
    "WeightedEncoder",
    "build_features",
    "derive_features",
    "make_pipeline",
    "required_columns",
]
