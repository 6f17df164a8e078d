"""Web UI: one Streamlit app over every synthpersona workflow.

The app lives in ``app.py`` (entry point) with one module per page under ``views/``
and shared components in private modules. It calls only the use-case functions in
:mod:`synthpersona.usecases` and public names of the library.

Start it with ``synthpersona ui`` or ``python -m synthpersona.ui``; this module only
knows how to build that command and does not import Streamlit.
"""

from synthpersona.ui._launch import APP_PATH, CONFIG_PATH, launch, streamlit_command, streamlit_flags

__all__ = ["APP_PATH", "CONFIG_PATH", "launch", "streamlit_command", "streamlit_flags"]
