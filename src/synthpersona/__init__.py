"""synthpersona: data-grounded user segments and personas."""

__version__ = "0.1.0"
