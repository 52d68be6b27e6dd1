#!/usr/bin/env python3
"""A small Redfish service over HTTPS for tk's tests (Python stdlib only).

It serves a mockup in the DMTF layout (a folder per URI holding
index.json, links with or without a trailing slash) and adds what the
static servers lack: Redfish sessions (POST to Links.Sessions answers 201
with X-Auth-Token and Location; DELETE ends the session), HTTP Basic,
401 for wrong credentials, and faults chosen on the command line. Every
session created and deleted is appended to --log, one line each
("create ID", "delete ID"), flushed at once, so that a test can check
that tk deleted every session it made, even after a timeout or a signal.

    redfish_server.py --mockup DIR --cert CERT --key KEY --log FILE
        [--user U --password P] [--no-sessions] [--no-location]
        [--slow PATH=SECONDS]... [--body PATH=FILE]... [--status PATH=CODE]...
        [--redirect PATH=LOCATION]...

--redirect answers 301 with that Location for a GET of exactly PATH (a
trailing slash counts), as services do that move /redfish/v1 to
/redfish/v1/ or send a client elsewhere; "{port}" in LOCATION becomes
the server's own port.

It listens on 127.0.0.1 at a free port and prints "port N" on stdout
once it is ready. It stops by itself after --lifetime seconds (60).
"""

import argparse
import base64
import json
import os
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARGS = None
LOG_LOCK = threading.Lock()
SESSIONS = {}  # id -> token
NEXT_ID = [0]
PORT = [0]


def log(line):
    with LOG_LOCK:
        with open(ARGS.log, "a") as f:
            f.write(line + "\n")
            f.flush()


def pairs(items):
    out = {}
    for item in items or []:
        key, _, value = item.rpartition("=")
        out[key.rstrip("/")] = value
    return out


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def path_key(self):
        return self.path.split("?")[0].rstrip("/")

    def send_json(self, code, doc, headers=()):
        body = json.dumps(doc).encode()
        self.send_bytes(code, body, headers)

    def send_bytes(self, code, body, headers=()):
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def error(self, code, message):
        self.send_json(code, {"error": {"code": "Base.1.0.GeneralError", "message": message}})

    def authorized(self):
        if ARGS.user is None:
            return True
        token = self.headers.get("X-Auth-Token")
        if token is not None and token in SESSIONS.values():
            return True
        basic = self.headers.get("Authorization", "")
        if basic.startswith("Basic "):
            try:
                user, _, password = base64.b64decode(basic[6:]).decode().partition(":")
            except ValueError:
                return False
            return user == ARGS.user and password == ARGS.password
        return False

    def faults(self, key):
        """Apply --slow and --status; True when an answer was sent."""
        if key in ARGS.slow:
            time.sleep(float(ARGS.slow[key]))
        if key in ARGS.status:
            self.error(int(ARGS.status[key]), "fault for the test")
            return True
        return False

    def do_GET(self):
        key = self.path_key()
        if self.faults(key):
            return
        location = ARGS.redirect.get(self.path.split("?")[0])
        if location is not None:
            self.send_response(301)
            self.send_header("Location", location.replace("{port}", str(PORT[0])))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if key != "/redfish/v1" and not self.authorized():
            self.error(401, "authentication required")
            return
        if key in ARGS.body:
            with open(ARGS.body[key], "rb") as f:
                self.send_bytes(200, f.read())
            return
        path = os.path.join(ARGS.mockup, key.lstrip("/"), "index.json")
        if not os.path.isfile(path):
            self.error(404, "no such resource")
            return
        with open(path, "rb") as f:
            self.send_bytes(200, f.read())

    def do_POST(self):
        key = self.path_key()
        length = int(self.headers.get("Content-Length", 0))
        data = self.rfile.read(length)
        if self.faults(key):
            return
        if ARGS.no_sessions or not key.endswith("/Sessions"):
            self.error(405, "method not allowed")
            return
        try:
            login = json.loads(data)
        except ValueError:
            self.error(400, "not JSON")
            return
        if login.get("UserName") != ARGS.user or login.get("Password") != ARGS.password:
            self.error(401, "invalid credentials")
            return
        NEXT_ID[0] += 1
        sid = str(NEXT_ID[0])
        token = "token-%s-%s" % (sid, os.urandom(8).hex())
        SESSIONS[sid] = token
        log("create " + sid)
        uri = key + "/" + sid
        headers = [("X-Auth-Token", token)]
        if not ARGS.no_location:
            headers.append(("Location", uri))
        self.send_json(201, {"@odata.id": uri, "Id": sid, "UserName": ARGS.user}, headers)

    def do_DELETE(self):
        key = self.path_key()
        sid = key.rsplit("/", 1)[-1]
        if SESSIONS.get(sid) is None or self.headers.get("X-Auth-Token") != SESSIONS[sid]:
            self.error(401, "no such session for this token")
            return
        del SESSIONS[sid]
        log("delete " + sid)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--mockup", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--no-sessions", action="store_true")
    parser.add_argument("--no-location", action="store_true")
    parser.add_argument("--slow", action="append")
    parser.add_argument("--body", action="append")
    parser.add_argument("--status", action="append")
    parser.add_argument("--redirect", action="append")
    parser.add_argument("--lifetime", type=float, default=60)
    ARGS = parser.parse_args()
    ARGS.slow, ARGS.body, ARGS.status = pairs(ARGS.slow), pairs(ARGS.body), pairs(ARGS.status)
    ARGS.redirect = dict(item.partition("=")[::2] for item in ARGS.redirect or [])
    if ARGS.password is None:
        ARGS.password = os.environ.get("REDFISH_TEST_PASSWORD")
    open(ARGS.log, "a").close()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(ARGS.cert, ARGS.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Timer(ARGS.lifetime, lambda: os._exit(0)).start()
    PORT[0] = server.server_address[1]
    print("port %d" % PORT[0], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
