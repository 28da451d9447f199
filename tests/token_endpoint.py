"""A local OAuth2 token endpoint on 127.0.0.1 (HTTPS, its own CA), for the built-in token
providers: what Microsoft's identity platform and Google's token endpoint do for the flows
the bot uses, no more.

    ep = TokenEndpoint().start()
    ep.add_client("client-1", secret="s3cret")       # Entra ID application, client secret
    ep.ca_file                                        # trust it: REQUESTS_CA_BUNDLE=ep.ca_file
    ep.authority                                      # https://127.0.0.1:PORT  (tenant: any path)
    ep.issue = ["tok-1"]                              # the tokens handed out, the last one repeated
    ep.expires_in = 3600
    ep.refuse = "invalid_client"                      # from now on every request is refused
    ep.requests                                       # what was asked, in order
    ep.stop()

Flows: client credentials with a secret or a signed client assertion (the certificate is
checked against the one registered), the JWT-bearer grant of a Google service account (the
assertion's signature, issuer, subject and scope are checked), and refresh_token.
"""
from __future__ import annotations

import base64
import datetime
import json
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.servers import HOST, free_port

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
CLIENT_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def self_signed(common_name: str, ip: str | None = None, days: int = 2) -> tuple[str, str]:
    """(private key PEM, certificate PEM) of a fresh self-signed RSA certificate."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
               .not_valid_after(now + datetime.timedelta(days=days))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True))
    if ip:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]),
                                        critical=False)
    cert = builder.sign(key, hashes.SHA256())
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


def _b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify_jwt(token: str, public_key) -> tuple[dict, dict]:  # type: ignore[no-untyped-def]
    """(header, claims) of an RS256 or PS256 JWT whose signature `public_key` verifies."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    head, body, sig = token.split(".")
    header, claims = json.loads(_b64url(head)), json.loads(_b64url(body))
    pad = (padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=hashes.SHA256.digest_size)
           if header.get("alg") == "PS256" else padding.PKCS1v15())
    public_key.verify(_b64url(sig), f"{head}.{body}".encode(), pad, hashes.SHA256())  # raises when wrong
    return header, claims


@dataclass
class Client:
    secret: str | None = None
    certificate: str | None = None  # PEM: client assertions must be signed by its key
    refresh_token: str | None = None


@dataclass
class TokenEndpoint:
    host: str = HOST
    issue: list[str] = field(default_factory=lambda: ["access-token-1"])
    expires_in: int = 3600
    refuse: str | None = None  # an OAuth2 error code: every token request is refused with it
    requests: list[dict] = field(default_factory=list)
    clients: dict[str, Client] = field(default_factory=dict)
    service_accounts: dict[str, object] = field(default_factory=dict)  # client_email -> public key

    def __post_init__(self) -> None:
        self.port: int | None = None
        self._server: ThreadingHTTPServer | None = None
        self._dir = Path(tempfile.mkdtemp(prefix="token-endpoint-"))
        self._issued = 0
        self._lock = threading.Lock()
        key_pem, cert_pem = self_signed(self.host, ip=self.host)
        (self._dir / "key.pem").write_text(key_pem)
        self.ca_file = str(self._dir / "ca.pem")
        Path(self.ca_file).write_text(cert_pem)

    # -- configuration --------------------------------------------------------------
    def add_client(self, client_id: str, *, secret: str | None = None, certificate: str | None = None,
                   refresh_token: str | None = None) -> None:
        self.clients[client_id] = Client(secret, certificate, refresh_token)

    def add_service_account(self, email: str) -> dict:
        """A Google service account key (the JSON an administrator downloads) for `email`."""
        from cryptography.hazmat.primitives import serialization

        key_pem, _ = self_signed(email)
        key = serialization.load_pem_private_key(key_pem.encode(), password=None)
        self.service_accounts[email] = key.public_key()
        return {"type": "service_account", "project_id": "intake-test", "private_key_id": "k1",
                "private_key": key_pem, "client_email": email, "client_id": "1",
                "token_uri": self.token_uri}

    @property
    def authority(self) -> str:
        return f"https://{self.host}:{self.port}"

    @property
    def token_uri(self) -> str:
        return f"{self.authority}/token"

    def granted(self) -> list[dict]:
        return [r for r in self.requests if r.get("granted")]

    # -- lifecycle --------------------------------------------------------------------
    def start(self) -> "TokenEndpoint":
        self.port = free_port(self.host)
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                return None

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                if path.endswith("/v2.0/.well-known/openid-configuration"):
                    tenant = path.split("/")[1]
                    base = f"{endpoint.authority}/{tenant}"
                    self._json(200, {"issuer": f"{base}/v2.0", "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                                     "token_endpoint": f"{base}/oauth2/v2.0/token",
                                     "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode"})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                status, body = endpoint._token(urlsplit(self.path).path, form)
                self._json(status, body)

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(self.ca_file, str(self._dir / "key.pem"))
        self._server.socket = ctx.wrap_socket(self._server.socket, server_side=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()

    def __enter__(self) -> "TokenEndpoint":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- the protocol ------------------------------------------------------------------
    def _token(self, path: str, form: dict) -> tuple[int, dict]:
        record = {"path": path, "grant_type": form.get("grant_type"), "scope": form.get("scope"),
                  "client_id": form.get("client_id")}
        with self._lock:
            self.requests.append(record)
            if self.refuse:
                # Like Entra ID: 401 for a client it does not accept, 400 for the other errors.
                return 401 if self.refuse == "invalid_client" else 400, {
                    "error": self.refuse, "error_description": f"AADSTS7000215: refused ({self.refuse}).\r\nTrace ID: x"}
            problem = self._check(path, form, record)
            if problem:
                return 400 if problem != "invalid_client" else 401, {"error": problem,
                                                                     "error_description": f"{problem} (test endpoint)"}
            token = self.issue[min(self._issued, len(self.issue) - 1)]
            self._issued += 1
            record["granted"] = True
        return 200, {"token_type": "Bearer", "expires_in": self.expires_in, "ext_expires_in": self.expires_in,
                     "access_token": token, "scope": form.get("scope", "")}

    def _check(self, path: str, form: dict, record: dict) -> str | None:
        grant = form.get("grant_type")
        if grant == "client_credentials":
            client = self.clients.get(form.get("client_id", ""))
            if client is None:
                return "invalid_client"
            if form.get("client_assertion_type") == CLIENT_ASSERTION:
                if client.certificate is None:
                    return "invalid_client"
                from cryptography import x509

                cert = x509.load_pem_x509_certificate(client.certificate.encode())
                try:
                    _, claims = verify_jwt(form.get("client_assertion", ""), cert.public_key())
                except Exception:
                    return "invalid_client"
                if claims.get("sub") != form.get("client_id") or not str(claims.get("aud", "")).endswith(path):
                    return "invalid_client"
                record["with"] = "certificate"
            elif client.secret is None or form.get("client_secret") != client.secret:
                return "invalid_client"
            else:
                record["with"] = "secret"
            return None
        if grant == JWT_BEARER:
            try:
                head, body, _ = form.get("assertion", "").split(".")
                claims = json.loads(_b64url(body))
                key = self.service_accounts[claims["iss"]]
                _, claims = verify_jwt(form["assertion"], key)
            except Exception:
                return "invalid_grant"
            record.update(subject=claims.get("sub"), scope=claims.get("scope"))
            return None
        if grant == "refresh_token":
            client = self.clients.get(form.get("client_id", ""))
            if client is None or form.get("client_secret") != client.secret:
                return "invalid_client"
            if client.refresh_token is None or form.get("refresh_token") != client.refresh_token:
                return "invalid_grant"
            return None
        return "unsupported_grant_type"
