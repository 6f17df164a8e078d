"""synthpersona web UI: entry point (``streamlit run app.py``).

Sets up the page, the navigation between workflows and the sidebar; each page is
a module under ``views/`` that calls the use-case functions of
:mod:`synthpersona.usecases`.
"""

from __future__ import annotations

import streamlit as st

from synthpersona.ui._jobs import runner
from synthpersona.ui._shell import render_navigation, render_sidebar, setup_page

setup_page()
runner()  # the server's job runner: at its first page run (then every sweep interval) old job records go

pages = {
    "Start": [st.Page("views/home.py", title="Welcome", icon="🏠", default=True, url_path="home")],
    "Goal → personas": [
        st.Page("views/goal.py", title="Goal → segments", icon="🎯", url_path="goal"),
        st.Page("views/personas.py", title="Personas & chat", icon="💬", url_path="personas"),
    ],
    "Your data": [
        st.Page("views/leads.py", title="Leads / any table", icon="📊", url_path="leads"),
        st.Page("views/simulation.py", title="Simulation", icon="🧪", url_path="simulation"),
        st.Page("views/versions.py", title="Persona history", icon="🕰️", url_path="versions"),
    ],
    "Training": [st.Page("views/roleplay.py", title="Role-play", icon="🎭", url_path="roleplay")],
    "Kept on this server": [st.Page("views/history.py", title="History", icon="🗂️", url_path="history")],
}

# Streamlit's own sidebar menu nests list items in <div>s (an accessibility error that axe-core
# reports as serious), so the menu is drawn with page links instead.
page = st.navigation(pages, position="hidden")
render_navigation(pages)
render_sidebar()
page.run()
