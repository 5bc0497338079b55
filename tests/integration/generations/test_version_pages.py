"""The review page shows any genome version and compares two; the project page offers, for
a generation, its changes since the previous one and the patch beside the zip."""

import html as html_lib
import re

import pytest

from .genomes import WITH_PRIORITY

pytestmark = pytest.mark.integration

HOSTILE = WITH_PRIORITY.replace("name: Tiny Notes", "name: Tiny Notes # </pre><script>x()</script>")


@pytest.fixture
def project(make_project):
    return make_project()


@pytest.fixture
def urls(owner, project) -> dict:
    workspace = owner.own_workspace.id
    return {
        "api": f"/api/v1/workspaces/{workspace}/projects/{project['id']}",
        "review": f"/workspaces/{workspace}/projects/{project['id']}/review",
        "page": f"/workspaces/{workspace}/projects/{project['id']}",
    }


def text_of(html: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", "", html))


def test_the_review_page_lists_versions_shows_one_and_compares_two(owner_api, urls, small_yaml):
    assert owner_api.patch(urls["api"], json={"genome_yaml": HOSTILE}).status_code == 200
    page = owner_api.get(urls["review"]).get_data(as_text=True)
    assert re.findall(r'<tr data-version="(\d+)">', page) == ["2", "1"]
    assert 'id="compare-form"' in page
    assert "Owner" in page

    shown = owner_api.get(urls["review"] + "?version=1").get_data(as_text=True)
    view = shown.split('id="version-view"', 1)[1]
    assert "Version 1" in view
    assert small_yaml.splitlines()[1] in text_of(view)

    compared = owner_api.get(urls["review"] + "?base=1&version=2").get_data(as_text=True)
    view = compared.split('id="version-view"', 1)[1]
    assert "Changes from v1 to v2" in view
    assert "+      priority: {type: integer, default: 3}" in text_of(view)
    assert "<script>x()" not in compared
    assert "&lt;script&gt;x()" in compared


def test_the_review_page_answers_404_for_a_version_that_does_not_exist(owner_api, urls):
    assert owner_api.get(urls["review"] + "?version=9").status_code == 404
    assert owner_api.get(urls["review"] + "?base=9&version=1").status_code == 404


def test_the_project_page_offers_changes_and_the_patch_beside_the_zip(owner_api, urls):
    first = owner_api.post(urls["api"] + "/generations").get_json()
    page = owner_api.get(urls["page"]).get_data(as_text=True)
    assert "Download zip" in page
    assert "Download patch" not in page  # nothing earlier to patch from
    owner_api.patch(urls["api"], json={"genome_yaml": WITH_PRIORITY})
    second = owner_api.post(urls["api"] + "/generations").get_json()
    page = owner_api.get(urls["page"]).get_data(as_text=True)
    patch_url = f"/generations/{second['id']}/patch?base={first['id']}"
    assert patch_url in page
    assert "genome v2" in page
    assert "genome v1" in page
    assert owner_api.get(
        re.search(r'href="(/api/v1/[^"]+/patch\?base=[^"]+)"', page).group(1)
    ).mimetype == ("text/x-diff")

    changes = owner_api.get(f"{urls['page']}/generations/{second['id']}/changes")
    assert changes.status_code == 200
    html = changes.get_data(as_text=True)
    entry = (
        r'<li><span class="chip change-(\w+)">\w+</span> <a href="#change-\d+"><code>([^<]+)</code>'
    )
    listed = {path: status for status, path in re.findall(entry, html)}
    assert listed["app/models/note.py"] == "changed"
    assert listed[".helix/manifest.json"] == "changed"
    assert "removed" not in listed.values()
    added = [path for path, status in listed.items() if status == "added"]
    assert all(path.startswith("migrations/versions/") for path in added), added
    assert patch_url in html
    model = html.split("<code>app/models/note.py</code></h2>", 1)[1].split("</section>", 1)[0]
    assert re.search(r'<span class="gi">\+.*priority', model)


def test_the_first_generation_has_nothing_to_compare(owner_api, urls):
    first = owner_api.post(urls["api"] + "/generations").get_json()
    html = owner_api.get(f"{urls['page']}/generations/{first['id']}/changes").get_data(as_text=True)
    assert "Nothing to compare" in html
    assert "Download patch" not in html


def test_another_workspaces_changes_are_404(owner_api, make_user, login, small_yaml, owner):
    them = make_user("Them")
    their_api = login(them)
    theirs = f"/api/v1/workspaces/{them.own_workspace.id}"
    project = their_api.post(
        f"{theirs}/projects", json={"name": "Theirs", "genome_yaml": small_yaml}
    ).get_json()
    generation = their_api.post(f"{theirs}/projects/{project['id']}/generations").get_json()
    for workspace in (owner.own_workspace.id, them.own_workspace.id):
        url = f"/workspaces/{workspace}/projects/{project['id']}/generations/{generation['id']}"
        assert owner_api.get(url + "/changes").status_code == 404
        review = f"/workspaces/{workspace}/projects/{project['id']}/review?version=1"
        assert owner_api.get(review).status_code == 404
