"""The app shell: what the worker precaches is served, hashed right, and changes with the files."""

import hashlib
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from companion import create_app
from companion.shell.icons import ICONS, render_icon, write_icons
from companion.shell.precache import first_screen_modules, on_demand_modules, static_imports

from .conftest import log_in

ROOT = Path(__file__).resolve().parent.parent


def precache(client) -> dict:
    """The precache list as the browser receives it inside /service-worker.js."""
    source = client.get("/service-worker.js").get_data(as_text=True)
    match = re.search(r"^const PRECACHE = (\{.*?\n\});$", source, re.S | re.M)
    return json.loads(match.group(1))


def urls(client) -> set[str]:
    return {entry["url"] for entry in precache(client)["files"]}


def test_every_precached_url_serves_the_bytes_it_was_hashed_from(client):
    files = precache(client)["files"]
    assert files
    for entry in files:
        response = client.get(entry["url"])
        assert response.status_code == 200, entry["url"]
        assert hashlib.sha256(response.data).hexdigest()[:12] == entry["hash"], entry["url"]


def test_precache_holds_the_whole_first_screen_but_not_the_vendored_decoder(client):
    cached = urls(client)
    assert "/static/js/prep.js" not in cached  # the prep pages' script: never the phone's
    assert {"/app", "/manifest.webmanifest", "/static/css/app.css"} <= cached
    static = ROOT / "static"
    for module in static_imports(static / "js" / "main.js"):
        assert f"/static/{module.relative_to(static).as_posix()}" in cached
    assert not any(url.startswith("/static/vendor/") for url in cached)


def test_the_shell_page_asks_for_the_whole_first_screen_at_once(client):
    page = client.get("/app").get_data(as_text=True)
    preloaded = set(re.findall(r'<link rel="modulepreload" href="([^"]+)"', page))
    static = ROOT / "static"
    first_screen = set().union(*(static_imports(static / "js" / entry)
                                 for entry in ("boot.js", "main.js")))
    # The constants module is the server's, imported by absolute URL: preloaded by name.
    assert preloaded == {f"/static/{path.relative_to(static).as_posix()}" for path in first_screen
                         } | {"/app/constants.js"}
    assert not preloaded & {f"/static/{name}" for name in on_demand_modules(static)}
    # Every module preloaded is precached: offline, the worker answers each of them.
    assert preloaded <= urls(client)


def test_the_first_screen_follows_imports_across_lines(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "boot.js").write_text("import { a } from './a.js';\n")
    (tmp_path / "js" / "main.js").write_text(
        "import {\n  b,\n  c,\n} from './lib/b.js';\nconst later = () => import('./later.js');\n")
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    (tmp_path / "js" / "lib").mkdir()
    (tmp_path / "js" / "lib" / "b.js").write_text("export { a as b } from '../a.js';\n")
    (tmp_path / "js" / "later.js").write_text("export const later = 1;\n")
    assert first_screen_modules(tmp_path) == ["js/a.js", "js/boot.js", "js/lib/b.js", "js/main.js"]


def test_icons_are_optional_and_everything_else_required(client):
    for entry in precache(client)["files"]:
        assert entry["optional"] == entry["url"].startswith("/static/icons/"), entry["url"]


def test_worker_is_served_for_the_whole_site_and_always_revalidated(client):
    response = client.get("/service-worker.js")
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "const PRECACHE = { version: 'unbuilt'" not in response.get_data(as_text=True)


def test_manifest_parses_and_its_icons_exist_at_the_sizes_it_claims(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    # The id stays the app's page, so an app installed before start_url named its hash is the same.
    assert manifest["id"] == "/app" and manifest["start_url"] == "/app#/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"]
    purposes = set()
    for icon in manifest["icons"]:
        image = Image.open(io.BytesIO(client.get(icon["src"]).data))
        width, height = map(int, icon["sizes"].split("x"))
        assert image.size == (width, height), icon["src"]
        assert image.format == "PNG" and icon["type"] == "image/png"
        purposes.add(icon["purpose"])
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert {"any", "maskable"} <= purposes


def test_shell_links_the_manifest_and_an_apple_touch_icon(client):
    page = client.get("/app").get_data(as_text=True)
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    href = re.search(r'rel="apple-touch-icon" href="([^"]+)"', page).group(1)
    assert Image.open(io.BytesIO(client.get(href).data)).size == (180, 180)
    assert '<script type="module" src="/static/js/main.js"></script>' in page
    assert "<script>" not in page and "style=" not in page  # the CSP forbids inline code


def test_shell_holds_no_per_user_data(client, user):
    anonymous = client.get("/app").data
    log_in(client)
    assert client.get("/app").data == anonymous
    assert b"ada@example.com" not in anonymous


@pytest.mark.parametrize("logged_in, target", [(False, "/auth/login"), (True, "/events/")])
def test_root_sends_people_where_they_belong(client, user, logged_in, target):
    if logged_in:
        log_in(client)
    assert client.get("/").headers["Location"].endswith(target)


@pytest.fixture
def copy_client(tmp_path):
    """A client of an app serving a copy of static/ that the test may change."""
    static = tmp_path / "static"
    shutil.copytree(ROOT / "static", static)
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test", "STATIC_DIR": str(static),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'copy.sqlite'}",
    })
    return app.test_client(), static


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


# An edit that changes what runs or shows (the PNG: any byte).
EDITS = {"js/ui/router.js": b"\nexport const edited = 1;\n",
         "css/app.css": b"\nbody { margin: 1px; }\n", "icons/apple-touch-icon.png": b"\n"}


@pytest.mark.parametrize("name", EDITS)
def test_changing_any_shell_file_yields_a_different_worker(copy_client, name):
    client, static = copy_client
    before_source = client.get("/service-worker.js").data
    before = {entry["url"]: entry["hash"] for entry in precache(client)["files"]}
    path = static / name
    path.write_bytes(path.read_bytes() + EDITS[name])
    touch_later(path)
    after_source = client.get("/service-worker.js").data
    after = {entry["url"]: entry["hash"] for entry in precache(client)["files"]}
    assert after_source != before_source
    changed = {url for url in after if after[url] != before[url]}
    assert changed == {f"/static/{name}"}


@pytest.mark.parametrize("name, comment", [
    ("js/ui/router.js", b"   // Why this module does what it does, said again."),
    ("css/app.css", b" /* A note on the colours. */"),
])
def test_a_comment_changes_nothing_a_phone_downloads(copy_client, name, comment):
    """Scripts and styles are served without their comments (shell/served.py): rewording one
    within its lines neither changes the bytes served nor makes every phone install a new
    version. (A line more is served as a line more: lines stay where the source has them.)"""
    client, static = copy_client
    before = client.get("/service-worker.js").data, client.get(f"/static/{name}").data
    path = static / name
    source = path.read_bytes()
    assert source.endswith(b"\n")
    path.write_bytes(source[:-1] + comment + b"\n")
    touch_later(path)
    assert (client.get("/service-worker.js").data, client.get(f"/static/{name}").data) == before
    assert b"Why this module" not in before[1] and b"A note on" not in before[1]


def test_our_scripts_and_styles_are_served_smaller_and_the_rest_as_they_are(client):
    for name in ("js/main.js", "js/store/db.js", "css/app.css", "css/prep.css"):
        source = (ROOT / "static" / name).read_bytes()
        served = client.get(f"/static/{name}")
        assert served.status_code == 200
        assert len(served.data) < 0.85 * len(source), name
        assert not re.search(rb"^[ \t]", served.data, re.M), name  # no indentation
        assert served.data.count(b"\n") == source.count(b"\n"), name  # every line in its place
        assert served.headers["Cache-Control"] == "no-cache"
        assert client.get(f"/static/{name}", headers={
            "If-None-Match": served.headers["ETag"]}).status_code == 304
    vendored = next((ROOT / "static" / "vendor").glob("*.js"))
    served = client.get(f"/static/vendor/{vendored.name}")
    assert served.data == vendored.read_bytes()


def test_a_script_the_lexer_cannot_read_is_served_as_it_is(copy_client, caplog):
    client, static = copy_client
    source = b"const unfinished = `a template that never ends;\n// and a comment\n"
    (static / "js" / "unfinished.js").write_bytes(source)
    assert client.get("/static/js/unfinished.js").data == source
    assert "js/unfinished.js is served as it is: a template literal does not end" in caplog.text


@pytest.mark.parametrize("url", ["/static/js/missing.js", "/static/js/../../pyproject.toml",
                                 "/static/js/%2e%2e/%2e%2e/pyproject.toml", "/static/css/"])
def test_static_paths_outside_or_missing_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_new_module_joins_the_precache(copy_client):
    client, static = copy_client
    (static / "js" / "screens" / "extra.js").write_text("export const extra = 1;\n")
    assert "/static/js/screens/extra.js" in urls(client)


def test_unchanged_files_give_the_same_worker(client):
    assert client.get("/service-worker.js").data == client.get("/service-worker.js").data


@pytest.mark.parametrize("name", sorted(ICONS))
def test_icons_render_at_their_size_with_the_right_edges(name):
    size, full_bleed = ICONS[name]
    image = render_icon(size, full_bleed)
    assert image.size == (size, size)
    corner = image.convert("RGBA").getpixel((0, 0))
    # Full-bleed icons are cropped by the platform and must fill the corners; the others
    # are rounded squares with transparent corners.
    assert corner[3] == (255 if full_bleed else 0)


def test_icon_command_writes_every_icon(tmp_path):
    written = write_icons(tmp_path)
    assert sorted(path.name for path in written) == sorted(ICONS)
    for path in written:
        assert Image.open(path).size == (ICONS[path.name][0],) * 2


def test_written_icons_keep_the_brand_colours_and_the_drawing(tmp_path):
    from companion.shell.icons import BACK_BUBBLE, BACKGROUND, FRONT_BUBBLE

    for path in write_icons(tmp_path):
        size, full_bleed = ICONS[path.name]
        written = Image.open(path).convert("RGBA")
        drawn = render_icon(size, full_bleed).convert("RGBA")
        colours = {colour for _, colour in written.getcolors(size * size)}
        assert {BACKGROUND, BACK_BUBBLE, FRONT_BUBBLE} <= colours, path.name
        # A palette only rounds the anti-aliased edges: on average a pixel moves by very little.
        pairs = zip(written.tobytes(), drawn.tobytes(), strict=True)
        assert sum(abs(a - b) for a, b in pairs) / len(drawn.tobytes()) < 1.0, path.name


def test_committed_icons_match_their_names():
    for name, (size, _) in ICONS.items():
        assert Image.open(ROOT / "static" / "icons" / name).size == (size, size)


def test_on_demand_modules_exist_stay_out_of_the_precache_and_are_warmed(client):
    cached = urls(client)
    static = ROOT / "static"
    on_demand = on_demand_modules(static)
    main = (static / "js" / "main.js").read_text()
    for name in on_demand:
        assert (static / name).is_file(), name
        assert f"/static/{name}" not in cached, name
    # main.js reaches every on-demand module through the screens it imports when they open.
    entries = [static / "js" / spec for spec in re.findall(r"import\('\./([^']+)'\)", main)]
    reached = set().union(*(static_imports(entry.resolve()) for entry in entries))
    assert {static / name for name in on_demand} <= reached
    # What the first screen must never carry: the other screens, the camera, the parser.
    assert {"js/screens/card.js", "js/screens/scanner.js", "js/screens/contacts.js",
            "js/parts/badge.js", "js/ui/camera.js", "js/rules/payload.js",
            "js/parts/person.js", "js/parts/met-list.js", "js/store/my-card.js"} <= on_demand
    # Nor the scanner's classic worker: it is kept with the decoder, once the app has started.
    assert "/static/js/ui/scan-worker.js" not in cached


def test_on_demand_is_what_only_main_js_loads_when_needed(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "boot.js").write_text("import { a } from './a.js';\n")
    (tmp_path / "js" / "main.js").write_text(
        "import { a } from './a.js';\n"
        "const later = () => import('./later.js');\n"
        "// const old = () => import('./commented.js');\n"
        "const card = () => import(\n  './card.js');\n")
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n")
    # later.js also needs a.js (first screen) and helper.js (only it): helper loads with it.
    (tmp_path / "js" / "later.js").write_text(
        "import { a } from './a.js';\nimport { b } from './helper.js';\n"
        "const deeper = () => import('./deeper.js');\n")
    for name in ("helper.js", "card.js", "deeper.js", "commented.js", "worker.js"):
        (tmp_path / "js" / name).write_text("export const b = 1;\n")
    # deeper.js is loaded on demand by later.js, not by main.js: main.js does not warm it, so
    # it stays precached, like worker.js (a classic worker nothing imports).
    assert on_demand_modules(tmp_path) == {"js/later.js", "js/helper.js", "js/card.js"}
    assert first_screen_modules(tmp_path) == ["js/a.js", "js/boot.js", "js/main.js"]
