"""Entry point: page config, the shared filters (kept in the URL), and the navigation.

Run with `make run` (or `streamlit run dashboard.py`). The data folder is TRACKER_DATA_DIR
(default data/); a folder with problems shows the list of problems instead of the pages.
"""
import streamlit as st

from tracker import ui

st.set_page_config(page_title="Security Union tracker", page_icon=":material/shield:", layout="wide")

db = ui.database()
if not db.ok:
    ui.error_page(db)
    st.stop()

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/funding.py", title="Funding", icon=":material/euro:", url_path="funding"),
    st.Page("pages/actors.py", title="Actors", icon=":material/groups:", url_path="actors"),
    st.Page("pages/measures.py", title="Measures", icon=":material/list:", url_path="measures"),
]
page = st.navigation(PAGES)
st.session_state["_page"] = page.url_path or "overview"

with st.sidebar:
    st.markdown("### Filters")
    ui.shared_filters()
    st.caption("Every filter is in the page address: copy the link to share this exact view.")

page.run()
