"""SERVICE only to the endpoints the operator names with ``--allow-service``."""

from __future__ import annotations

import json
import threading
from typing import ClassVar
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.server


class Endpoint(BaseHTTPRequestHandler):
    """A SPARQL endpoint that answers every query with one binding, ?x = "remote"."""

    requests: ClassVar[list[str]] = []

    def _answer(self):
        type(self).requests.append(self.path)
        body = json.dumps({"head": {"vars": ["x"]},
                           "results": {"bindings": [{"x": {"type": "literal", "value": "remote"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self._answer()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer()

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    Endpoint.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    httpd.shutdown()
    httpd.server_close()


def test_an_allowed_endpoint_is_called_and_others_are_refused(serve, sample_store, endpoint, listener):
    server = serve("--store", sample_store, "--allow-service", endpoint)
    r = server.get(f"SELECT ?x WHERE {{ SERVICE <{endpoint}> {{ ?x ?p ?o }} }}", headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.split() == ["x", "remote"], r.text
    assert Endpoint.requests
    other = f"http://127.0.0.1:{listener.port}/sparql"
    for query in (f"SELECT * WHERE {{ SERVICE SILENT <{other}> {{ ?s ?p ?o }} }}",
                  f"PREFIX e: <{endpoint[:-len('sparql')]}> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}"):
        r = server.get(query)
        assert r.status_code == 400 and f"the allowed endpoints are <{endpoint}>" in r.text, r.text
    assert listener.connections == 0
