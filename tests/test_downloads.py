"""Maven Central downloads: checked against the published SHA-1, atomic, with progress."""

from __future__ import annotations

import hashlib
import http.server
import io
import threading

import pytest

from localglue.downloads import Artifact, DownloadError, Progress, fetch

ARTIFACT = Artifact("org.example", "thing", "1.0")
PATH = "/maven2/org/example/thing/1.0/thing-1.0.jar"


@pytest.fixture
def repository(monkeypatch):
    """A Maven repository on loopback serving one jar and the SHA-1 it is given."""
    served: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = served.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("LOCALGLUE_MAVEN_REPOSITORY", f"http://127.0.0.1:{server.server_port}/maven2")
    yield served
    server.shutdown()
    server.server_close()


def test_a_download_is_checked_and_kept(repository, tmp_path):
    body = b"PK" + bytes(range(256)) * 100
    repository[PATH] = body
    repository[PATH + ".sha1"] = hashlib.sha1(body).hexdigest().encode() + b"  thing-1.0.jar\n"
    path = fetch(ARTIFACT, tmp_path, quiet=True)
    assert path == tmp_path / "thing-1.0.jar" and path.read_bytes() == body
    repository.clear()  # a second fetch uses the file without asking the repository
    assert fetch(ARTIFACT, tmp_path, quiet=True) == path


def test_a_damaged_download_is_refused_and_not_kept(repository, tmp_path):
    repository[PATH] = b"PK damaged"
    repository[PATH + ".sha1"] = hashlib.sha1(b"PK original").hexdigest().encode()
    with pytest.raises(DownloadError, match="does not match its published SHA-1"):
        fetch(ARTIFACT, tmp_path, quiet=True)
    assert list(tmp_path.iterdir()) == []


def test_progress_says_how_much_of_how_much():
    out = io.StringIO()
    progress = Progress("downloading big.tar.gz", 10 * 2**20, out)
    for _ in range(10):
        progress.advance(2**20)
    progress.finish()
    lines = out.getvalue().splitlines()
    assert lines[0] == "downloading big.tar.gz: 1 / 10 MB (10%)"
    assert lines[-1].startswith("downloading big.tar.gz: 10 / 10 MB (100%) in ")
