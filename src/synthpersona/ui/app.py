"""synthpersona web UI: entry point (``streamlit run app.py``).

Sets up the page, the navigation between workflows and the sidebar; each page is
a module under ``pages/`` that calls the use-case functions of
:mod:`synthpersona.usecases`.
"""

from __future__ import annotations

import streamlit as st

from synthpersona.ui._shell import render_sidebar, setup_page

setup_page()

pages = {
    "Start": [st.Page("pages/home.py", title="Welcome", icon="🏠", default=True, url_path="home")],
    "Goal → personas": [
        st.Page("pages/goal.py", title="Goal → segments", icon="🎯", url_path="goal"),
        st.Page("pages/personas.py", title="Personas & chat", icon="💬", url_path="personas"),
    ],
    "Your data": [
        st.Page("pages/leads.py", title="Leads / any table", icon="📊", url_path="leads"),
        st.Page("pages/simulation.py", title="Simulation", icon="🧪", url_path="simulation"),
    ],
    "Training": [st.Page("pages/roleplay.py", title="Role-play", icon="🎭", url_path="roleplay")],
}

page = st.navigation(pages)
render_sidebar()
page.run()
