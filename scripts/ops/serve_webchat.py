"""Serve the chat widget and its demo page on 127.0.0.1 (for `make run` and the browser tests).

    python scripts/ops/serve_webchat.py [--port 8080] [--rasa-url http://localhost:5005]

Only a fixed list of files is served (no directory listings, nothing else from node_modules):
the demo page, widget.js/.css and the socket.io client that `npm ci` put in webchat/node_modules.
Every response carries a Content-Security-Policy that allows only this origin plus the Rasa
server. The demo page's `data-server` is rewritten to --rasa-url, so the demo always talks to the
Rasa server the CSP allows.
"""

from __future__ import annotations

import argparse
import html
import sys
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Dict, List, Optional, Tuple
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
WEBCHAT = ROOT / "webchat"
SOCKET_IO_CLIENT = WEBCHAT / "node_modules" / "socket.io-client" / "dist" / "socket.io.min.js"
DEMO_SERVER_ATTRIBUTE = 'data-server="http://localhost:5005"'

JS = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"
HTML = "text/html; charset=utf-8"

# URL path -> (file, content type). Nothing outside this table is ever read.
ROUTES: Dict[str, Tuple[Path, str]] = {
    "/": (WEBCHAT / "demo" / "index.html", HTML),
    "/index.html": (WEBCHAT / "demo" / "index.html", HTML),
    "/demo.css": (WEBCHAT / "demo" / "demo.css", CSS),
    "/widget.js": (WEBCHAT / "widget.js", JS),
    "/widget.css": (WEBCHAT / "widget.css", CSS),
    "/vendor/socket.io.min.js": (SOCKET_IO_CLIENT, JS),
}


def rasa_origin(url: str) -> str:
    """The origin (scheme://host[:port]) of an http(s) URL; ValueError for anything else."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"give only scheme, host and port, e.g. http://localhost:5005 (got {url!r})")
    try:
        _ = parts.port  # raises ValueError on a bad port
    except ValueError as error:
        raise ValueError(f"bad port in {url!r}") from error
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(origin: str) -> str:
    socket_origin = ("wss" if origin.startswith("https") else "ws") + origin[origin.index(":") :]
    directives: List[str] = [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        f"connect-src 'self' {origin} {socket_origin}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


class WebchatHandler(BaseHTTPRequestHandler):
    def version_string(self) -> str:
        return "webchat"

    def __init__(self, *args, origin: str, quiet: bool, **kwargs) -> None:
        self.origin = origin
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self.respond(with_body=True)

    def do_HEAD(self) -> None:
        self.respond(with_body=False)

    def respond(self, with_body: bool) -> None:
        path = urlsplit(self.path).path
        if path == "/favicon.ico":
            self.send(HTTPStatus.NO_CONTENT, b"", "text/plain", with_body)
            return
        route = ROUTES.get(path)
        if route is None:
            self.send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", with_body)
            return
        file, content_type = route
        body = self.read(file)
        if body is None:
            message = f"{file.relative_to(ROOT)} is missing\n".encode()
            self.send(HTTPStatus.INTERNAL_SERVER_ERROR, message, "text/plain; charset=utf-8", with_body)
            return
        if content_type == HTML:
            attribute = f'data-server="{html.escape(self.origin)}"'
            body = body.replace(DEMO_SERVER_ATTRIBUTE.encode(), attribute.encode())
        self.send(HTTPStatus.OK, body, content_type, with_body)

    @staticmethod
    def read(file: Path) -> Optional[bytes]:
        try:
            return file.read_bytes()
        except OSError:
            return None

    def send(self, status: HTTPStatus, body: bytes, content_type: str, with_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", content_security_policy(self.origin))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        if not self.quiet:
            super().log_message(format, *args)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve the chat widget and its demo page on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (default 8080)")
    parser.add_argument(
        "--rasa-url",
        default="http://localhost:5005",
        help="the Rasa server the widget talks to (default http://localhost:5005)",
    )
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port must be 1-65535, got {args.port}")
    try:
        args.rasa_origin = rasa_origin(args.rasa_url)
    except ValueError as error:
        parser.error(f"--rasa-url: {error}")
    return args


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    if not SOCKET_IO_CLIENT.exists():
        print(f"error: {SOCKET_IO_CLIENT.relative_to(ROOT)} is missing: run `npm ci` in webchat/", file=sys.stderr)
        return 2
    handler = partial(WebchatHandler, origin=args.rasa_origin, quiet=args.quiet)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 2
    print(f"webchat demo on http://127.0.0.1:{args.port}/ (talks to {args.rasa_origin})", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
