"""Independent Python implementation of two Tracemark wire contracts.

- docs/contracts/signed-reading-v1.md   ("Decoding and verification rules (v1)")
- docs/contracts/firmware-manifest-v1.md

Written from the contract texts only, not from the Java code, so that the golden
vectors it produces (make_vectors.py) and checks (verify_vectors.py) are a real
second opinion. Libraries: cbor2, cryptography, the standard library.

Decoding is strict and done in two passes:

1. ``decode_strict`` below, a small CBOR reader (RFC 8949) that checks
   well-formedness, nesting depth <= 8, exactly one item without trailing bytes
   and duplicate map keys, and returns typed values: maps come back as ``CMap``
   (a list of key/value pairs), so ``1``, ``1.0`` and ``true`` stay distinct keys
   and a repeated key cannot be hidden (cbor2 keeps the last value and Python
   merges ``1`` and ``True``).
2. once the contract's structure rules pass, cbor2 decodes the same bytes and
   must produce the same value (a cross-check of the reader above).

Public API: ``verify_reading`` / ``verify_reading_full``, ``verify_firmware``,
``KeyRegistry`` / ``EnrolledKey`` / ``Revocation``, ``TrustedKey``,
``sign_raw``, ``sig_structure``, ``encode_sign1``, ``kid_of``, ``spki_of``.
Verification never raises on hostile bytes; it returns ``(outcome, detail)``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import struct
from dataclasses import dataclass
from typing import Any, Iterable, List, Optional, Tuple

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

# ---------------------------------------------------------------------------
# Constants from the contracts

COSE_SIGN1_TAG = 18
ALG_EDDSA = -8  # Ed25519
ALG_ES256 = -7  # P-256, SHA-256, signature raw r||s
ALGS = (ALG_EDDSA, ALG_ES256)
LABEL_ALG, LABEL_CONTENT_TYPE, LABEL_KID = 1, 3, 4
KID_LENGTH = 32
SIGNATURE_LENGTH = 64
MAX_DEPTH = 8
UINT63 = 1 << 63

READING_MAX_BYTES = 61_440
READING_KEYS = frozenset(
    ["v", "dev", "boot", "seq", "ts", "kind", "m", "epc", "biz", "loc", "obj", "r"]
)
BATCH_MAX = 1_000
OBJ_MAX = 1_000
M_MAX = 32
READINGS_TOPIC = re.compile(r"tracemark/v1/devices/([^/]*)/readings")
DEVICE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

FIRMWARE_MAX_BYTES = 8_192
FIRMWARE_CONTENT_TYPE = "application/vnd.tracemark.firmware-manifest+cbor"
FIRMWARE_KEYS = frozenset(["v", "class", "version", "seq", "digest", "size", "uri"])
DEVICE_CLASS = re.compile(r"[A-Za-z0-9._-]{1,64}")

# Outcome codes
ACCEPTED = "accepted"
MALFORMED = "malformed"
OVERSIZE = "oversize"
UNKNOWN_KID = "unknown-kid"
BAD_SIGNATURE = "bad-signature"
REVOKED = "revoked"
NOT_YET_VALID = "not-yet-valid"
DEVICE_TOPIC_MISMATCH = "device-topic-mismatch"
WRONG_CLASS = "wrong-class"
ROLLBACK = "rollback"
WRONG_SIZE = "wrong-size"
WRONG_DIGEST = "wrong-digest"

READING_OUTCOMES = (ACCEPTED, MALFORMED, OVERSIZE, UNKNOWN_KID, BAD_SIGNATURE,
                    REVOKED, NOT_YET_VALID, DEVICE_TOPIC_MISMATCH)
FIRMWARE_OUTCOMES = (ACCEPTED, MALFORMED, UNKNOWN_KID, BAD_SIGNATURE, WRONG_CLASS,
                     ROLLBACK, WRONG_SIZE, WRONG_DIGEST)


class Reject(Exception):
    """A rule failed: ``code`` is the outcome, ``args[0]`` the detail."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


def _malformed(detail: str) -> Reject:
    return Reject(MALFORMED, detail)


# ---------------------------------------------------------------------------
# Strict CBOR reader (RFC 8949): well-formedness, depth, duplicate keys


class CMap(list):
    """A decoded CBOR map: the (key, value) pairs in document order."""


@dataclass(frozen=True)
class Tag:
    number: int
    value: Any


@dataclass(frozen=True)
class Simple:
    """A simple value other than false/true/null (undefined is Simple(23))."""

    value: int


def _identity(v: Any) -> tuple:
    """Data-model identity of a decoded item, used to find repeated map keys.

    Types are kept apart (1, 1.0 and true are three different keys); floats are
    compared by value as a double (a half 1.5 and a double 1.5 are the same key).
    """
    if type(v) is bool:
        return ("simple", 21 if v else 20)
    if v is None:
        return ("simple", 22)
    if type(v) is int:
        return ("int", v)
    if type(v) is float:
        return ("float", struct.pack(">d", v))
    if type(v) is bytes:
        return ("bytes", v)
    if type(v) is str:
        return ("text", v)
    if type(v) is list:
        return ("array", tuple(_identity(x) for x in v))
    if type(v) is CMap:
        return ("map", frozenset((_identity(k), _identity(x)) for k, x in v))
    if type(v) is Tag:
        return ("tag", v.number, _identity(v.value))
    if type(v) is Simple:
        return ("simple", v.value)
    raise AssertionError(type(v))


class _Reader:
    BREAK = 0xFF

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n > len(self.data) - self.pos:
            raise _malformed(f"truncated CBOR: need {n} bytes at offset {self.pos}, "
                             f"{len(self.data) - self.pos} left")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def peek_break(self) -> bool:
        if self.pos >= len(self.data):
            raise _malformed("truncated CBOR: indefinite-length item without break")
        if self.data[self.pos] == self.BREAK:
            self.pos += 1
            return True
        return False

    def head(self) -> Tuple[int, int, Optional[int], int]:
        """(major type, additional info, argument or None if indefinite, offset)."""
        at = self.pos
        ib = self.take(1)[0]
        major, info = ib >> 5, ib & 0x1F
        if info < 24:
            return major, info, info, at
        if info <= 27:
            return major, info, int.from_bytes(self.take(1 << (info - 24)), "big"), at
        if info == 31:
            if major in (0, 1, 6):
                raise _malformed(f"indefinite length not allowed for major type {major} "
                                 f"at offset {at}")
            if major == 7:
                raise _malformed(f"unexpected break at offset {at}")
            return major, info, None, at
        raise _malformed(f"reserved additional information {info} at offset {at}")

    def string(self, major: int, length: Optional[int]) -> Any:
        if length is not None:
            raw = self.take(length)
            return raw if major == 2 else self._text(raw)
        parts: List[Any] = []
        while not self.peek_break():
            m, _, n, at = self.head()
            if m != major or n is None:
                raise _malformed(f"bad chunk in indefinite-length string at offset {at}")
            raw = self.take(n)
            parts.append(raw if major == 2 else self._text(raw))
        return b"".join(parts) if major == 2 else "".join(parts)

    def _text(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8", errors="strict")
        except UnicodeDecodeError as e:
            raise _malformed(f"text string is not valid UTF-8 ({e.reason})") from None

    def item(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise _malformed(f"nesting depth over {MAX_DEPTH} at offset {self.pos}")
        major, info, arg, at = self.head()
        if major == 0:
            return arg
        if major == 1:
            return -1 - arg
        if major in (2, 3):
            return self.string(major, arg)
        if major == 4:
            out = []
            if arg is None:
                while not self.peek_break():
                    out.append(self.item(depth + 1))
            else:
                if arg > len(self.data) - self.pos:  # every item takes >= 1 byte
                    raise _malformed(f"truncated CBOR: array of {arg} at offset {at}")
                for _ in range(arg):
                    out.append(self.item(depth + 1))
            return out
        if major == 5:
            pairs = CMap()
            seen = set()
            count = 0
            while True:
                if arg is None:
                    if self.peek_break():
                        break
                else:
                    if count == arg:
                        break
                    if 2 * (arg - count) > len(self.data) - self.pos:
                        raise _malformed(f"truncated CBOR: map of {arg} at offset {at}")
                key_at = self.pos
                key = self.item(depth + 1)
                value = self.item(depth + 1)
                ident = _identity(key)
                if ident in seen:
                    raise _malformed(f"repeated map key {key!r} at offset {key_at}")
                seen.add(ident)
                pairs.append((key, value))
                count += 1
            return pairs
        if major == 6:
            return Tag(arg, self.item(depth + 1))
        # major 7
        if info < 20:
            return Simple(info)
        if info in (20, 21):
            return info == 21
        if info == 22:
            return None
        if info == 23:
            return Simple(23)
        if info == 24:
            if arg < 32:
                raise _malformed(f"simple value {arg} in two bytes at offset {at}")
            return Simple(arg)
        fmt, size = {25: (">e", 2), 26: (">f", 4), 27: (">d", 8)}[info]
        return struct.unpack(fmt, arg.to_bytes(size, "big"))[0]


def decode_strict(data: bytes) -> Any:
    """Exactly one well-formed CBOR item of depth <= 8 with no repeated map key.

    The top-level item has depth 1; the items inside an array, map (keys and
    values) or tag are one deeper than it. Raises Reject(malformed).
    """
    reader = _Reader(bytes(data))
    value = reader.item(1)
    if reader.pos != len(reader.data):
        raise _malformed(f"{len(reader.data) - reader.pos} trailing bytes after the CBOR item")
    return value


def _plain(v: Any) -> Any:
    """The value cbor2 should produce for a strictly decoded, structure-checked item."""
    if type(v) is CMap:
        return {_plain(k): _plain(x) for k, x in v}
    if type(v) is list:
        return [_plain(x) for x in v]
    if type(v) is Tag:
        return cbor2.CBORTag(v.number, _plain(v.value))
    return v


def _cross_check(data: bytes, strict_value: Any, what: str) -> None:
    """cbor2 must decode the same bytes to the same value (after the structure checks)."""
    try:
        other = cbor2.loads(data)
    except Exception as e:  # noqa: BLE001 - hostile bytes
        raise _malformed(f"{what}: cbor2 cannot decode it: {e}") from None
    if other != _plain(strict_value):
        raise _malformed(f"{what}: cbor2 and the strict reader disagree")


# ---------------------------------------------------------------------------
# Keys and signatures


def spki_of(public_key) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)


def kid_of(spki: bytes) -> bytes:
    """COSE kid: SHA-256 of the DER SubjectPublicKeyInfo."""
    return hashlib.sha256(spki).digest()


def alg_of_public_key(public_key) -> int:
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return ALG_EDDSA
    if isinstance(public_key, ec.EllipticCurvePublicKey) and isinstance(public_key.curve,
                                                                        ec.SECP256R1):
        return ALG_ES256
    raise ValueError(f"unsupported key type {type(public_key).__name__}")


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """ToBeSigned: ["Signature1", protected, h'', payload], definite lengths."""
    return cbor2.dumps(["Signature1", bytes(protected), b"", bytes(payload)])


_P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def _es256_sign_deterministic(private_key: ec.EllipticCurvePrivateKey, message: bytes) -> bytes:
    """ECDSA P-256/SHA-256 with the nonce of RFC 6979 (so vectors are reproducible).

    cryptography computes k*G (through derive_private_key) and verifies the
    result; only the nonce derivation and s = k^-1 (h + r d) are done here.
    """
    n = _P256_N
    d = private_key.private_numbers().private_value
    h1 = hashlib.sha256(message).digest()
    h = int.from_bytes(h1, "big") % n
    x_oct, h_oct = d.to_bytes(32, "big"), h.to_bytes(32, "big")
    k_key, v = b"\x00" * 32, b"\x01" * 32
    k_key = hmac.new(k_key, v + b"\x00" + x_oct + h_oct, hashlib.sha256).digest()
    v = hmac.new(k_key, v, hashlib.sha256).digest()
    k_key = hmac.new(k_key, v + b"\x01" + x_oct + h_oct, hashlib.sha256).digest()
    v = hmac.new(k_key, v, hashlib.sha256).digest()
    while True:
        v = hmac.new(k_key, v, hashlib.sha256).digest()
        k = int.from_bytes(v, "big")
        if 1 <= k < n:
            point = ec.derive_private_key(k, ec.SECP256R1()).public_key().public_numbers()
            r = point.x % n
            s = pow(k, -1, n) * (h + r * d) % n
            if r != 0 and s != 0:
                break
        k_key = hmac.new(k_key, v + b"\x00", hashlib.sha256).digest()
        v = hmac.new(k_key, v, hashlib.sha256).digest()
    # Must round-trip through cryptography's own verifier.
    private_key.public_key().verify(encode_dss_signature(r, s), message,
                                    ec.ECDSA(hashes.SHA256()))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


def sign_raw(private_key, message: bytes, deterministic: bool = True) -> bytes:
    """64-byte COSE signature: Ed25519, or ES256 as raw r||s."""
    if isinstance(private_key, ed25519.Ed25519PrivateKey):
        return private_key.sign(message)
    if isinstance(private_key, ec.EllipticCurvePrivateKey):
        if deterministic:
            return _es256_sign_deterministic(private_key, message)
        r, s = decode_dss_signature(private_key.sign(message, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    raise ValueError(f"unsupported key type {type(private_key).__name__}")


def verify_raw(public_key, alg: int, message: bytes, signature: bytes) -> bool:
    try:
        if len(signature) != SIGNATURE_LENGTH:
            return False
        if alg == ALG_EDDSA and isinstance(public_key, ed25519.Ed25519PublicKey):
            public_key.verify(signature, message)
            return True
        if alg == ALG_ES256 and isinstance(public_key, ec.EllipticCurvePublicKey):
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"),
                                       int.from_bytes(signature[32:], "big"))
            public_key.verify(der, message, ec.ECDSA(hashes.SHA256()))
            return True
        return False
    except (InvalidSignature, ValueError):
        return False


def encode_sign1(protected: bytes, payload: bytes, signature: bytes,
                 unprotected: Optional[dict] = None) -> bytes:
    """COSE_Sign1 with definite lengths: 18([protected, unprotected, payload, signature])."""
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [
        bytes(protected), {} if unprotected is None else unprotected,
        bytes(payload), bytes(signature)]))


def sign1(private_key, payload: bytes, protected_map: Optional[dict] = None) -> bytes:
    """Sign a payload: protected header {1: alg, 4: kid} unless given."""
    public_key = private_key.public_key()
    if protected_map is None:
        protected_map = {LABEL_ALG: alg_of_public_key(public_key),
                         LABEL_KID: kid_of(spki_of(public_key))}
    protected = cbor2.dumps(protected_map)
    signature = sign_raw(private_key, sig_structure(protected, payload))
    return encode_sign1(protected, payload, signature)


# ---------------------------------------------------------------------------
# Key registries


@dataclass(frozen=True)
class Revocation:
    at: int  # ms since the epoch
    reason: str  # "rotation", "compromise" (any other reason counts as compromise)


@dataclass(frozen=True)
class EnrolledKey:
    name: str
    device: str
    alg: int
    spki: bytes
    not_before: int  # ms, inclusive
    not_after: int  # ms, inclusive
    revocation: Optional[Revocation] = None

    @property
    def kid(self) -> bytes:
        return kid_of(self.spki)

    def public_key(self):
        return serialization.load_der_public_key(self.spki)


@dataclass(frozen=True)
class TrustedKey:
    """A firmware signing key the device trusts."""

    name: str
    alg: int
    spki: bytes

    @property
    def kid(self) -> bytes:
        return kid_of(self.spki)

    def public_key(self):
        return serialization.load_der_public_key(self.spki)


class KeyRegistry:
    """Every key ever enrolled (revoked ones included), looked up by kid."""

    def __init__(self, keys: Iterable[Any]):
        self._by_kid = {}
        for key in keys:
            actual = alg_of_public_key(key.public_key())
            if actual != key.alg:
                raise ValueError(f"key {key.name}: alg {key.alg} but its SPKI is {actual}")
            if key.kid in self._by_kid:
                raise ValueError(f"key {key.name}: kid {key.kid.hex()} enrolled twice")
            self._by_kid[key.kid] = key

    def by_kid(self, kid: bytes):
        return self._by_kid.get(kid)

    def __iter__(self):
        return iter(self._by_kid.values())


# ---------------------------------------------------------------------------
# Shared envelope checks (reading rules 2, 3 and 5; firmware rules 1, 2, 3)


def _is_uint(v: Any, below: int = UINT63) -> bool:
    return type(v) is int and 0 <= v < below


def _text_map(m: Any, what: str) -> dict:
    if type(m) is not CMap:
        raise _malformed(f"{what} is not a map")
    out = {}
    for k, v in m:
        if type(k) is not str:
            raise _malformed(f"{what} has a key that is not text: {k!r}")
        out[k] = v  # no repeats: decode_strict refused them
    return out


def _envelope(message: bytes) -> Tuple[Any, bytes, bytes, bytes]:
    """Rule 2: (strict value, protected, payload, signature)."""
    top = decode_strict(message)
    if type(top) is not Tag:
        raise _malformed("not a CBOR tag: COSE_Sign1 needs tag 18")
    if top.number != COSE_SIGN1_TAG:
        raise _malformed(f"CBOR tag {top.number}, not 18 (COSE_Sign1)")
    body = top.value
    if type(body) is not list or len(body) != 4:
        raise _malformed("tag 18 content is not an array of four")
    protected, unprotected, payload, signature = body
    if type(protected) is not bytes:
        raise _malformed("protected header is not a byte string")
    if type(unprotected) is not CMap:
        raise _malformed("unprotected header is not a map")
    if type(payload) is not bytes:
        raise _malformed("payload is not a byte string")
    if type(signature) is not bytes:
        raise _malformed("signature is not a byte string")
    return top, protected, payload, signature


def _protected_header(protected: bytes, labels: Tuple[int, ...]) -> Tuple[Any, int, bytes]:
    """Rule 3: the map with exactly ``labels``; returns (strict value, alg, kid)."""
    header = decode_strict(protected)
    if type(header) is not CMap:
        raise _malformed("protected header is not a map")
    keys = [k for k, _ in header]
    if any(type(k) is not int for k in keys) or sorted(keys) != sorted(labels):
        raise _malformed(f"protected header labels {sorted(map(repr, keys))}, "
                         f"expected exactly {list(labels)}")
    values = dict(header)
    alg = values[LABEL_ALG]
    if type(alg) is not int or alg not in ALGS:
        raise _malformed(f"alg {alg!r} is not -8 (EdDSA) or -7 (ES256)")
    kid = values[LABEL_KID]
    if type(kid) is not bytes or len(kid) != KID_LENGTH:
        raise _malformed(f"kid is not a byte string of 32 bytes "
                         f"({len(kid) if type(kid) is bytes else type(kid).__name__})")
    if LABEL_CONTENT_TYPE in values and values[LABEL_CONTENT_TYPE] != FIRMWARE_CONTENT_TYPE:
        raise _malformed(f"content type {values[LABEL_CONTENT_TYPE]!r} is not "
                         f"{FIRMWARE_CONTENT_TYPE}")
    return header, alg, kid


def _signature(key, alg: int, protected: bytes, payload: bytes, signature: bytes) -> None:
    """Rule 5 (reading) / 3 (firmware), after the kid lookup."""
    if key.alg != alg:
        raise Reject(BAD_SIGNATURE, f"header alg {alg} but key {key.name} is alg {key.alg}")
    if len(signature) != SIGNATURE_LENGTH:
        raise Reject(BAD_SIGNATURE, f"signature is {len(signature)} bytes, not 64")
    if not verify_raw(key.public_key(), alg, sig_structure(protected, payload), signature):
        raise Reject(BAD_SIGNATURE, f"signature does not verify under key {key.name}")


# ---------------------------------------------------------------------------
# Signed readings


def _check_m(m: Any) -> None:
    entries = _text_map(m, "m")
    if not 1 <= len(entries) <= M_MAX:
        raise _malformed(f"m has {len(entries)} entries, not 1-{M_MAX}")
    for k, v in entries.items():
        if not 1 <= len(k) <= 64:
            raise _malformed(f"m key of {len(k)} characters, not 1-64")
        if type(v) is int:
            pass
        elif type(v) is float:
            if not math.isfinite(v):
                raise _malformed(f"m[{k!r}] is {v}, not a finite number")
        else:
            raise _malformed(f"m[{k!r}] is {type(v).__name__}, not an integer or float")
    for k, limit in (("lat", 90), ("lon", 180)):
        if k in entries and not -limit <= entries[k] <= limit:
            raise _malformed(f"{k} {entries[k]} outside +-{limit}")


def _check_obj(obj: Any) -> None:
    if type(obj) is not list or not 1 <= len(obj) <= OBJ_MAX:
        raise _malformed(f"obj is not an array of 1-{OBJ_MAX} items")
    for item in obj:
        if type(item) is not str or not item:
            raise _malformed("obj holds something other than a non-empty text string")


def _nonempty_text(fields: dict, key: str, required: bool) -> None:
    if key not in fields:
        if required:
            raise _malformed(f"scan without {key}")
        return
    if type(fields[key]) is not str or not fields[key]:
        raise _malformed(f"{key} is not non-empty text")


def _check_kind_fields(fields: dict, kind: Any, where: str) -> None:
    """The keys that depend on kind (sensor or scan), for a reading or a batch entry."""
    if kind == "sensor":
        for k in ("epc", "biz", "loc", "r"):
            if k in fields:
                raise _malformed(f"{where}: sensor reading with {k}")
        if "m" not in fields:
            raise _malformed(f"{where}: sensor reading without m")
        _check_m(fields["m"])
    elif kind == "scan":
        if "r" in fields:
            raise _malformed(f"{where}: scan reading with r")
        _nonempty_text(fields, "epc", True)
        _nonempty_text(fields, "biz", True)
        _nonempty_text(fields, "loc", False)
        if "m" in fields:
            _check_m(fields["m"])
    else:
        raise AssertionError(kind)
    if "obj" in fields:
        _check_obj(fields["obj"])


def _check_payload(payload: bytes) -> Tuple[Any, dict, int]:
    """Rule 4; returns (strict value, fields, reading count)."""
    value = decode_strict(payload)
    fields = _text_map(value, "payload")
    unknown = sorted(set(fields) - READING_KEYS)
    if unknown:
        raise _malformed(f"payload keys outside the table: {unknown}")
    for k in ("v", "dev", "boot", "seq", "ts", "kind"):
        if k not in fields:
            raise _malformed(f"payload without {k}")
    if type(fields["v"]) is not int or fields["v"] != 1:
        raise _malformed(f"v is {fields['v']!r}, not 1")
    dev = fields["dev"]
    if type(dev) is not str or not DEVICE_ID.fullmatch(dev):
        raise _malformed(f"dev {dev!r} is not a device id")
    for k in ("boot", "seq", "ts"):
        if not _is_uint(fields[k]):
            raise _malformed(f"{k} {fields[k]!r} is not a uint below 2^63")
    kind = fields["kind"]
    if type(kind) is not str or kind not in ("sensor", "scan", "batch"):
        raise _malformed(f"kind {kind!r} is not sensor, scan or batch")
    if kind != "batch":
        _check_kind_fields(fields, kind, "payload")
        return value, fields, 1
    for k in ("m", "epc", "biz", "loc", "obj"):
        if k in fields:
            raise _malformed(f"batch carries {k}")
    if "r" not in fields:
        raise _malformed("batch without r")
    entries = fields["r"]
    if type(entries) is not list or not 1 <= len(entries) <= BATCH_MAX:
        count = len(entries) if type(entries) is list else type(entries).__name__
        raise _malformed(f"r is not an array of 1-{BATCH_MAX} maps ({count})")
    for i, entry in enumerate(entries):
        sub = _text_map(entry, f"r[{i}]")
        for k in sub:
            if k not in READING_KEYS or k in ("v", "dev", "boot", "seq", "r"):
                raise _malformed(f"r[{i}] has key {k!r}")
        if "ts" not in sub or not _is_uint(sub["ts"]):
            raise _malformed(f"r[{i}]: ts missing or not a uint below 2^63")
        if "kind" not in sub or type(sub["kind"]) is not str or \
                sub["kind"] not in ("sensor", "scan"):
            raise _malformed(f"r[{i}]: kind {sub.get('kind')!r} is not sensor or scan")
        _check_kind_fields(sub, sub["kind"], f"r[{i}]")
    if fields["seq"] + len(entries) - 1 >= UINT63:
        raise _malformed("seq + count - 1 reaches 2^63")
    return value, fields, len(entries)


def topic_device(topic: Any) -> Optional[str]:
    """The device of a readings topic tracemark/v1/devices/{dev}/readings, or None."""
    if type(topic) is not str:
        return None
    match = READINGS_TOPIC.fullmatch(topic)
    if not match or not DEVICE_ID.fullmatch(match.group(1)):
        return None
    return match.group(1)


def _reading(message: bytes, topic: str, rx: int, registry: KeyRegistry) -> dict:
    # 1. Size, before any parsing.
    if len(message) > READING_MAX_BYTES:
        raise Reject(OVERSIZE, f"{len(message)} bytes, over {READING_MAX_BYTES}")
    # 2. Envelope.
    top, protected, payload, signature = _envelope(message)
    if len(top.value[1]) != 0:
        raise _malformed("unprotected header is not the empty map")
    # 3. Protected header.
    header, alg, kid = _protected_header(protected, (LABEL_ALG, LABEL_KID))
    # 4. Payload.
    payload_value, fields, count = _check_payload(payload)
    _cross_check(message, top, "envelope")
    _cross_check(protected, header, "protected header")
    _cross_check(payload, payload_value, "payload")
    # 5. Signature.
    key = registry.by_kid(kid)
    if key is None:
        raise Reject(UNKNOWN_KID, f"no enrolled key has kid {kid.hex()}")
    _signature(key, alg, protected, payload, signature)
    # 6. Key binding and time.
    dev, ts = fields["dev"], fields["ts"]
    if key.device != dev:
        raise Reject(DEVICE_TOPIC_MISMATCH,
                     f"key {key.name} is enrolled for {key.device}, payload dev is {dev}")
    revocation = key.revocation
    if revocation is not None:
        if revocation.reason == "rotation":
            if ts >= revocation.at:
                raise Reject(REVOKED, f"key {key.name} superseded by rotation at "
                                      f"{revocation.at}, ts {ts} is not before it")
        elif revocation.at <= rx:
            raise Reject(REVOKED, f"key {key.name} revoked ({revocation.reason}) at "
                                  f"{revocation.at}, at or before rx {rx}")
    if ts > key.not_after:
        raise Reject(REVOKED, f"expired: ts {ts} after notAfter {key.not_after} "
                              f"of key {key.name}")
    if ts < key.not_before:
        raise Reject(NOT_YET_VALID, f"ts {ts} before notBefore {key.not_before} "
                                    f"of key {key.name}")
    # 7. Topic.
    in_topic = topic_device(topic)
    if in_topic != dev:
        raise Reject(DEVICE_TOPIC_MISMATCH, f"payload dev {dev}, topic {topic!r}")
    return {"dev": dev, "boot": fields["boot"], "seq": fields["seq"], "count": count}


def verify_reading_full(message: bytes, topic: str, rx: int, registry: KeyRegistry
                        ) -> Tuple[str, str, Optional[dict]]:
    """(outcome, detail, reading) where reading = {dev, boot, seq, count} if accepted."""
    try:
        reading = _reading(bytes(message), topic, rx, registry)
    except Reject as r:
        return r.code, r.detail, None
    except RecursionError:
        return MALFORMED, "nesting too deep", None
    detail = (f"dev {reading['dev']} boot {reading['boot']} seq {reading['seq']} "
              f"count {reading['count']}")
    return ACCEPTED, detail, reading


def verify_reading(message: bytes, topic: str, rx: int, registry: KeyRegistry
                   ) -> Tuple[str, str]:
    """The ingest outcome of one MQTT message (rules 1-7), as (code, detail)."""
    code, detail, _ = verify_reading_full(message, topic, rx, registry)
    return code, detail


# ---------------------------------------------------------------------------
# Firmware manifests


def _check_manifest_payload(payload: bytes) -> Tuple[Any, dict]:
    value = decode_strict(payload)
    fields = _text_map(value, "payload")
    unknown = sorted(set(fields) - FIRMWARE_KEYS)
    if unknown:
        raise _malformed(f"payload keys outside the table: {unknown}")
    missing = sorted(FIRMWARE_KEYS - set(fields))
    if missing:
        raise _malformed(f"payload without {missing}")
    if type(fields["v"]) is not int or fields["v"] != 1:
        raise _malformed(f"v is {fields['v']!r}, not 1")
    cls = fields["class"]
    if type(cls) is not str or not DEVICE_CLASS.fullmatch(cls):
        raise _malformed(f"class {cls!r} is not 1-64 of [A-Za-z0-9._-]")
    version = fields["version"]
    if type(version) is not str or not 1 <= len(version) <= 64:
        raise _malformed("version is not 1-64 characters of text")
    if not _is_uint(fields["seq"]):
        raise _malformed(f"seq {fields['seq']!r} is not a uint below 2^63")
    digest = fields["digest"]
    if type(digest) is not bytes or len(digest) != 32:
        raise _malformed(f"digest is not a byte string of 32 bytes "
                         f"({len(digest) if type(digest) is bytes else type(digest).__name__})")
    size = fields["size"]
    if type(size) is not int or not 1 <= size <= (1 << 31) - 1:
        raise _malformed(f"size {size!r} is not 1 to 2^31-1")
    uri = fields["uri"]
    if type(uri) is not str or not 1 <= len(uri) <= 2048:
        raise _malformed("uri is not 1-2048 characters of text")
    return value, fields


def _firmware(message: bytes, trusted: KeyRegistry, device_class: str,
              installed_seq: Optional[int], image: Optional[bytes]) -> str:
    # 1. Size, well-formedness, structure, payload.
    if len(message) > FIRMWARE_MAX_BYTES:
        raise _malformed(f"{len(message)} bytes, over {FIRMWARE_MAX_BYTES}")
    top, protected, payload, signature = _envelope(message)
    if len(top.value[1]) != 0:
        raise _malformed("unprotected header is not the empty map")
    header, alg, kid = _protected_header(protected,
                                         (LABEL_ALG, LABEL_CONTENT_TYPE, LABEL_KID))
    payload_value, fields = _check_manifest_payload(payload)
    _cross_check(message, top, "envelope")
    _cross_check(protected, header, "protected header")
    _cross_check(payload, payload_value, "payload")
    # 2. kid.
    key = trusted.by_kid(kid)
    if key is None:
        raise Reject(UNKNOWN_KID, f"no trusted firmware key has kid {kid.hex()}")
    # 3. Signature.
    _signature(key, alg, protected, payload, signature)
    # 4. Class.
    if fields["class"] != device_class:
        raise Reject(WRONG_CLASS, f"manifest class {fields['class']}, device class "
                                  f"{device_class}")
    # 5. Anti-rollback.
    if installed_seq is not None and fields["seq"] <= installed_seq:
        raise Reject(ROLLBACK, f"manifest seq {fields['seq']} <= installed seq "
                               f"{installed_seq}")
    summary = f"class {fields['class']} version {fields['version']} seq {fields['seq']}"
    if image is None:
        return summary + " (image not checked)"
    # 6. The downloaded image.
    if len(image) != fields["size"]:
        raise Reject(WRONG_SIZE, f"image is {len(image)} bytes, manifest says {fields['size']}")
    if hashlib.sha256(image).digest() != fields["digest"]:
        raise Reject(WRONG_DIGEST, f"image SHA-256 {hashlib.sha256(image).hexdigest()} is "
                                   f"not the manifest digest {fields['digest'].hex()}")
    return summary


def verify_firmware(message: bytes, trusted_keys: Iterable[TrustedKey], device_class: str,
                    installed_seq: Optional[int], image: Optional[bytes]) -> Tuple[str, str]:
    """Device-side verification of a firmware manifest and its downloaded image.

    ``installed_seq`` None means no manifest installed yet; ``image`` None stops
    after rule 5.
    """
    try:
        registry = trusted_keys if isinstance(trusted_keys, KeyRegistry) \
            else KeyRegistry(trusted_keys)
        return ACCEPTED, _firmware(bytes(message), registry, device_class,
                                   installed_seq, None if image is None else bytes(image))
    except Reject as r:
        return r.code, r.detail
    except RecursionError:
        return MALFORMED, "nesting too deep"
