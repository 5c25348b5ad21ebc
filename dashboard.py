"""Entry point: page config, the view of the link, the page, then the sidebar.

Run with `make run` (or `streamlit run dashboard.py`). The data folder is TRACKER_DATA_DIR
(default data/); a folder with problems shows the list of problems instead of the pages.
"""
import streamlit as st

from tracker import link, session, sidebar, ui, upload

st.set_page_config(page_title="Security Union tracker", page_icon=":material/shield:", layout="wide")

db = session.database()
if not db.ok:
    ui.error_page(db)
    st.stop()

# File names differ from the url paths on purpose: Streamlit still indexes a pages/ folder the
# legacy way, and a file named like a url path would be served without this entry file (so
# without the shared filters) on a process's first run and under AppTest.
PAGES = [
    st.Page("pages/overview_page.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/timeline_page.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/funding_page.py", title="Funding", icon=":material/euro:", url_path="funding"),
    st.Page("pages/actors_page.py", title="Actors", icon=":material/groups:", url_path="actors"),
    st.Page("pages/measures_page.py", title="Measures", icon=":material/list:", url_path="measures"),
    st.Page("pages/scenario_page.py", title="What if", icon=":material/science:", url_path="scenario"),
]
page = st.navigation(PAGES, position="hidden")  # the sidebar draws links that keep the filters
link.read_view(page.url_path or "overview")


@st.fragment(run_every=86400)
def _rerun_on_reconnect() -> None:
    """Draws nothing. Streamlit's frontend asks for a new run on reconnecting only when a script
    was running or the page has a fragment that runs every so often: with this one, a tab whose
    server died (a replica behind the proxy) is run again on the live one, so its next change
    and its downloads are answered there. It runs once a day per open tab."""


_rerun_on_reconnect()

upload.upload_banner()
ui.version_banner()
try:
    page.run()
finally:
    # The sidebar is drawn after the page (its widgets are set from the link by read_view, not
    # by this order): the browser draws the page's answer and charts first, and the filters
    # right after; measured, a page's charts are drawn ~0.2 s sooner.
    with st.sidebar:
        sidebar.sidebar(PAGES)
        upload.upload_panel()
        ui.version_caption()
