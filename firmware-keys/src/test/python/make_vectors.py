#!/usr/bin/python3
"""Generate the golden test vectors of the signed-reading-v1 and firmware-manifest-v1 contracts.

    /usr/bin/python3 firmware-keys/src/test/python/make_vectors.py

Writes firmware-keys/src/test/resources/vectors/readings/ and .../firmware/: one
.cbor file per vector, the firmware images (.bin), and manifest.json. Every
vector is checked with tracemark_cose.py before anything is written. The output
is a pure function of this file: keys come from constant seeds, Ed25519 is
deterministic and ES256 uses RFC 6979 nonces, so running it twice changes nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import sys
from dataclasses import dataclass
from typing import Any, Callable, List, Optional

import cbor2
from cryptography.hazmat.primitives.asymmetric import ec, ed25519

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tracemark_cose as tc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.normpath(os.path.join(HERE, "..", "resources", "vectors"))
GENERATOR = "firmware-keys/src/test/python/make_vectors.py"

# Fixed times, ms since the Unix epoch
REF_TS = 1_764_000_000_000  # 2025-11-24T16:00:00Z, the devices' clock
RX = REF_TS + 2_000  # received two seconds later
VALID_FROM = 1_735_689_600_000  # 2025-01-01T00:00:00Z
VALID_TO = 1_893_456_000_000  # 2030-01-01T00:00:00Z
ROTATED_AT = REF_TS - 3_600_000  # 15:00Z: silo-7's first key superseded by rotation
COMPROMISED_AT = REF_TS  # 16:00Z: gate-2's key revoked as compromised
EXPIRED_FROM = 1_704_067_200_000  # 2024-01-01T00:00:00Z
EXPIRED_AT = REF_TS - 3_600_000  # 15:00Z: pallet-9's certificate ends
FUTURE_FROM = REF_TS + 3_600_000  # 17:00Z: crane-4's certificate starts


# ---------------------------------------------------------------------------
# Keys from constant seeds


def ed25519_key(label: str) -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(hashlib.sha256(label.encode()).digest())


def p256_key(label: str) -> ec.EllipticCurvePrivateKey:
    scalar = int.from_bytes(hashlib.sha256(label.encode()).digest(), "big")
    return ec.derive_private_key(scalar % (tc._P256_N - 1) + 1, ec.SECP256R1())


@dataclass
class Key:
    name: str
    private: Any
    device: Optional[str] = None
    not_before: int = VALID_FROM
    not_after: int = VALID_TO
    revocation: Optional[tc.Revocation] = None

    @property
    def spki(self) -> bytes:
        return tc.spki_of(self.private.public_key())

    @property
    def kid(self) -> bytes:
        return tc.kid_of(self.spki)

    @property
    def alg(self) -> int:
        return tc.alg_of_public_key(self.private.public_key())

    def enrolled(self) -> tc.EnrolledKey:
        return tc.EnrolledKey(self.name, self.device, self.alg, self.spki,
                              self.not_before, self.not_after, self.revocation)

    def trusted(self) -> tc.TrustedKey:
        return tc.TrustedKey(self.name, self.alg, self.spki)


DEV_A = Key("dev-a-ed25519", ed25519_key("tracemark test device key 1"), "silo-7")
DEV_A_OLD = Key("dev-a-rotated-ed25519", ed25519_key("tracemark test device key 1 old"),
                "silo-7", revocation=tc.Revocation(ROTATED_AT, "rotation"))
DEV_B = Key("dev-b-ed25519", ed25519_key("tracemark test device key 2"), "reefer-12")
DEV_C = Key("dev-c-es256", p256_key("tracemark test device key 3"), "dock-3")
DEV_D = Key("dev-d-compromised-ed25519", ed25519_key("tracemark test device key 4"), "gate-2",
            revocation=tc.Revocation(COMPROMISED_AT, "compromise"))
DEV_E = Key("dev-e-expired-ed25519", ed25519_key("tracemark test device key 5"), "pallet-9",
            not_before=EXPIRED_FROM, not_after=EXPIRED_AT)
DEV_F = Key("dev-f-future-es256", p256_key("tracemark test device key 6"), "crane-4",
            not_before=FUTURE_FROM)
UNENROLLED = Key("unenrolled-ed25519", ed25519_key("tracemark test device key unenrolled"),
                 "silo-7")
DEVICE_KEYS = [DEV_A, DEV_A_OLD, DEV_B, DEV_C, DEV_D, DEV_E, DEV_F]

FW_ED = Key("fw-release-ed25519", ed25519_key("tracemark test firmware key 1"))
FW_ES = Key("fw-release-es256", p256_key("tracemark test firmware key 2"))
FW_UNTRUSTED = Key("fw-untrusted-ed25519", ed25519_key("tracemark test firmware key untrusted"))
FIRMWARE_KEYS = [FW_ED, FW_ES]


# ---------------------------------------------------------------------------
# CBOR building: cbor2, plus pre-encoded pieces spliced in (indefinite lengths,
# half floats, deliberately broken items)


class Raw:
    def __init__(self, data: bytes):
        self.data = data


def _splice(encoder, value):
    if isinstance(value, Raw):
        encoder.write(value.data)
    else:
        raise TypeError(f"cannot encode {type(value).__name__}")


def enc(value: Any) -> bytes:
    return cbor2.dumps(value, default=_splice)


def head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)


def ind_text(*chunks: str) -> Raw:
    return Raw(b"\x7f" + b"".join(enc(c) for c in chunks) + b"\xff")


def ind_bytes(*chunks: bytes) -> Raw:
    return Raw(b"\x5f" + b"".join(enc(c) for c in chunks) + b"\xff")


def ind_map(pairs: dict) -> Raw:
    return Raw(b"\xbf" + b"".join(enc(k) + enc(v) for k, v in pairs.items()) + b"\xff")


def ind_array(items: list) -> Raw:
    return Raw(b"\x9f" + b"".join(enc(x) for x in items) + b"\xff")


def half(x: float) -> Raw:
    packed = struct.pack(">e", x)
    assert struct.unpack(">e", packed)[0] == x, x
    return Raw(b"\xf9" + packed)


def chunks(data: bytes, size: int) -> List[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


# ---------------------------------------------------------------------------
# COSE_Sign1 building


def protected_for(key: Key, **override) -> bytes:
    header = {tc.LABEL_ALG: key.alg, tc.LABEL_KID: key.kid}
    header.update({k: v for k, v in override.items()})
    return enc(header)


def cose(key: Key, payload: Any, *, protected: Optional[bytes] = None,
         unprotected: Any = None, tag: Optional[int] = 18,
         sig: Optional[Callable[[bytes], bytes]] = None,
         layout: Optional[Callable[[bytes, bytes, bytes], Any]] = None) -> bytes:
    """A COSE_Sign1 by ``key`` over ``payload`` (a dict to encode, or bytes as they are).

    ``sig`` may alter the signature, ``layout`` may return the 4 items as they go
    on the wire (e.g. chunked byte strings); the Sig_structure always uses the
    real protected and payload bytes.
    """
    payload_bytes = payload if isinstance(payload, bytes) else enc(payload)
    prot = protected_for(key) if protected is None else protected
    signature = tc.sign_raw(key.private, tc.sig_structure(prot, payload_bytes))
    if sig is not None:
        signature = sig(signature)
    items = [prot, {} if unprotected is None else unprotected, payload_bytes, signature]
    if layout is not None:
        items = layout(prot, payload_bytes, signature)
    return enc(items if tag is None else cbor2.CBORTag(tag, items))


def flip_bit(data: bytes, index: int = 10) -> bytes:
    out = bytearray(data)
    out[index] ^= 0x01
    return bytes(out)


def sized(target: int, make: Callable[[int], bytes], start: int) -> bytes:
    """make(n) with n adjusted until the result is exactly ``target`` bytes."""
    n = start
    for _ in range(10):
        data = make(n)
        if len(data) == target:
            return data
        n += target - len(data)
    raise AssertionError(f"cannot hit {target} bytes")


# ---------------------------------------------------------------------------
# Signed readings

EPC = "https://id.gs1.org/01/09520123456788/10/LOT-2025-11/21/000417"
LOC = "urn:epc:id:sgln:9520123.45678.0"
PALLET = "urn:epc:id:sscc:9520123.0000004171"


def topic(dev: str) -> str:
    return f"tracemark/v1/devices/{dev}/readings"


def reading(dev="silo-7", boot=3, seq=41, ts=REF_TS, kind="sensor", **fields) -> dict:
    """A payload in the order of the contract's table (pass None to leave a key out)."""
    out = {"v": 1, "dev": dev, "boot": boot, "seq": seq, "ts": ts, "kind": kind}
    if kind == "sensor" and "m" not in fields:
        fields["m"] = {"temperature": 12.25, "humidity": 61.5, "mass": 18250}
    out.update(fields)
    return {k: v for k, v in out.items() if v is not None}


def scan(**fields) -> dict:
    fields.setdefault("seq", 42)
    fields.setdefault("ts", REF_TS + 1_000)
    return reading(kind="scan", epc=fields.pop("epc", EPC), biz=fields.pop("biz", "receiving"),
                   loc=fields.pop("loc", LOC), **fields)


def batch_entry(i: int, kind: str = "sensor") -> dict:
    if kind == "sensor":
        return {"ts": REF_TS - 1_000 + i, "kind": "sensor", "m": {"t": i % 50}}
    return {"ts": REF_TS - 1_000 + i, "kind": "scan", "epc": EPC, "biz": "shipping"}


@dataclass
class Vector:
    file: str
    data: bytes
    expect: str
    detail: str
    topic: str = topic("silo-7")
    rx: int = RX
    reading: Optional[dict] = None


def read_info(dev, boot, seq, count=1) -> dict:
    return {"dev": dev, "boot": boot, "seq": seq, "count": count}


def reading_vectors() -> List[Vector]:
    v: List[Vector] = []
    A = DEV_A

    def add(name, data, expect, detail, **kw):
        v.append(Vector(name + ".cbor", data, expect, detail, **kw))

    # -- accepted
    sensor = reading()
    sensor_msg = cose(A, sensor)
    add("accepted-ed25519-sensor", sensor_msg, "accepted",
        "Ed25519 sensor reading (temperature, humidity as doubles, mass as an integer), "
        "definite lengths, cbor2 encoding",
        reading=read_info("silo-7", 3, 41))
    add("accepted-ed25519-scan", cose(A, scan(obj=[PALLET])), "accepted",
        "Ed25519 scan reading with epc, biz, loc and obj",
        reading=read_info("silo-7", 3, 42))
    add("accepted-ed25519-batch", cose(A, reading(seq=100, kind="batch", r=[
        {"ts": REF_TS - 2_000, "kind": "sensor", "m": {"temperature": 12.5, "humidity": 61}},
        {"ts": REF_TS - 1_000, "kind": "scan", "epc": EPC, "biz": "receiving", "loc": LOC},
        {"ts": REF_TS - 500, "kind": "sensor", "m": {"shock": 2.75}, "obj": [PALLET]},
    ])), "accepted", "batch of 3 (sensor, scan, sensor) covering seq 100-102",
        reading=read_info("silo-7", 3, 100, 3))
    add("accepted-es256-sensor", cose(DEV_C, reading(dev="dock-3", boot=1, seq=7, m={
        "temperature": -18.5, "lat": 53.5461, "lon": 9.9661})), "accepted",
        "ES256 (P-256, raw r||s, RFC 6979 nonce) sensor reading with lat/lon",
        topic=topic("dock-3"), reading=read_info("dock-3", 1, 7))
    add("accepted-rotated-key-before-revocation",
        cose(DEV_A_OLD, reading(seq=40, ts=ROTATED_AT - 1)), "accepted",
        "key superseded by rotation at %d, reading signed 1 ms before (ts %d), received after "
        "the rotation: still verifies" % (ROTATED_AT, ROTATED_AT - 1),
        reading=read_info("silo-7", 3, 40))

    def indefinite_layout(prot, payload, signature):
        return ind_array([prot, ind_map({}), payload, signature])
    indefinite_payload = enc(ind_map({
        "v": 1, "dev": ind_text("silo", "-7"), "boot": 3, "seq": 43, "ts": REF_TS + 2_000,
        ind_text("ki", "nd"): ind_text("sen", "", "sor"),
        "m": ind_map({ind_text("temp", "erature"): 12.0, "humidity": 61}),
        "obj": ind_array([ind_text(PALLET[:20], PALLET[20:])]),
    }))
    add("accepted-indefinite-lengths",
        cose(A, indefinite_payload, protected=enc(ind_map({1: -8, 4: A.kid})),
             layout=indefinite_layout), "accepted",
        "indefinite-length outer array, unprotected map, protected map, payload map, m, obj "
        "and chunked text strings (keys and values, with an empty chunk)",
        reading=read_info("silo-7", 3, 43))

    def chunked_layout(prot, payload, signature):
        return [ind_bytes(*chunks(prot, 7)), {}, ind_bytes(*chunks(payload, 16), b""),
                ind_bytes(signature[:32], signature[32:])]
    add("accepted-indefinite-bstr-chunks",
        cose(A, reading(seq=44), protected=enc({1: -8, 4: ind_bytes(A.kid[:16], A.kid[16:])}),
             layout=chunked_layout), "accepted",
        "protected, payload and signature as chunked (indefinite-length) byte strings, kid "
        "chunked too; the Sig_structure uses the concatenated contents",
        reading=read_info("silo-7", 3, 44))
    add("accepted-non-preferred-integers", cose(A, reading(
        v=Raw(b"\x18\x01"), boot=Raw(b"\x19\x00\x03"), seq=Raw(b"\x1b" + (47).to_bytes(8, "big")),
        m={"mass": Raw(b"\x1a\x00\x00\x47\x4a"), "temperature": 12.25}),
        protected=b"\xa2\x18\x01\x38\x07\x04\x58\x20" + A.kid), "accepted",
        "integers in longer-than-needed encodings (v, boot, seq, mass; protected labels and "
        "alg -8 as 0x38 0x07): well-formed, not deterministic, accepted",
        reading=read_info("silo-7", 3, 47))

    def high_s(signature):  # ECDSA (r, s) and (r, n - s) both verify; keep the high one
        s = int.from_bytes(signature[32:], "big")
        return signature[:32] + max(s, tc._P256_N - s).to_bytes(32, "big")
    add("accepted-es256-high-s", cose(DEV_C, reading(dev="dock-3", boot=1, seq=9), sig=high_s),
        "accepted", "ES256 signature with s > n/2 (no low-S rule in the contract)",
        topic=topic("dock-3"), reading=read_info("dock-3", 1, 9))
    add("accepted-float16-values", cose(A, reading(seq=45, m={
        "temperature": half(4.5), "humidity": half(87.5), "lat": half(51.5),
        "lon": half(-0.125), "shock": half(0.0)})), "accepted",
        "m values as half-precision floats (4.5, 87.5, 51.5, -0.125, 0.0)",
        reading=read_info("silo-7", 3, 45))
    add("accepted-batch-1000", cose(A, reading(seq=1000, kind="batch", r=[
        batch_entry(i) for i in range(1000)])), "accepted",
        "batch of exactly 1,000 readings (the maximum)",
        reading=read_info("silo-7", 3, 1000, 1000))
    add("accepted-seq-2pow63-minus-1", cose(A, reading(boot=2**63 - 1, seq=2**63 - 1)),
        "accepted", "boot and seq 2^63-1, the largest allowed",
        reading=read_info("silo-7", 2**63 - 1, 2**63 - 1))
    add("accepted-size-61440", sized(61_440, lambda n: cose(A, scan(seq=46, epc="E" * n)), 61_000),
        "accepted", "exactly 61,440 bytes (60 KiB): a scan with a long epc",
        reading=read_info("silo-7", 3, 46))
    add("accepted-ts-at-notafter", cose(DEV_E, reading(dev="pallet-9", seq=5, ts=EXPIRED_AT)),
        "accepted", "ts equals the certificate's notAfter (inclusive); rx is later, expiry "
        "is judged on ts",
        topic=topic("pallet-9"), rx=EXPIRED_AT + 2_000, reading=read_info("pallet-9", 3, 5))
    add("accepted-ts-at-notbefore", cose(DEV_F, reading(dev="crane-4", seq=5, ts=FUTURE_FROM)),
        "accepted", "ts equals the certificate's notBefore (inclusive), ES256",
        topic=topic("crane-4"), rx=FUTURE_FROM + 2_000, reading=read_info("crane-4", 3, 5))
    add("accepted-compromise-revoked-after-rx",
        cose(DEV_D, reading(dev="gate-2", seq=9, ts=REF_TS - 60_000)), "accepted",
        "key revoked as compromised at %d, message received 1 ms earlier (rx %d): a "
        "compromise revocation counts only at or before rx" % (COMPROMISED_AT, COMPROMISED_AT - 1),
        topic=topic("gate-2"), rx=COMPROMISED_AT - 1, reading=read_info("gate-2", 3, 9))

    # -- oversize
    add("oversize", sized(61_441, lambda n: cose(A, scan(seq=47, epc="E" * n)), 61_000),
        "oversize", "61,441 bytes, one over 60 KiB; otherwise a valid signed scan")
    add("order-oversize-before-malformed", b"\xff" * 61_441, "oversize",
        "61,441 bytes of 0xff: the size rule comes before any parsing")

    # -- malformed: envelope
    add("malformed-empty", b"", "malformed", "zero bytes")
    add("malformed-truncated", sensor_msg[:-1], "malformed",
        "accepted-ed25519-sensor without its last byte")
    add("malformed-trailing-bytes", sensor_msg + b"\x00", "malformed",
        "accepted-ed25519-sensor followed by a second CBOR item (0x00)")
    add("malformed-untagged", cose(A, sensor, tag=None), "malformed",
        "validly signed COSE_Sign1 array without tag 18")
    add("malformed-wrong-tag", cose(A, sensor, tag=17), "malformed",
        "tag 17 (COSE_Mac0) instead of 18")
    add("malformed-array-of-3", enc(cbor2.CBORTag(18, cbor2.loads(sensor_msg).value[:3])),
        "malformed", "tag 18 around [protected, unprotected, payload], no signature")
    add("malformed-unprotected-nonempty", cose(A, sensor, unprotected={4: A.kid}), "malformed",
        "kid repeated in the unprotected header, which must be the empty map")
    add("malformed-depth-10000",
        cose(A, sensor, layout=lambda p, pl, s: [p, Raw(b"\x81" * 10_000 + b"\x00"), pl, s]),
        "malformed", "unprotected header replaced by 10,000 nested arrays (stack safety)")
    # -- malformed: protected header
    add("malformed-protected-extra-label",
        cose(A, sensor, protected=enc({1: -8, 4: A.kid, 6: b"\x00" * 8})), "malformed",
        "protected header {1: -8, 4: kid, 6: h'00..'}: label 6 is extra")
    add("malformed-unknown-alg", cose(A, sensor, protected=enc({1: -35, 4: A.kid})),
        "malformed", "alg -35 (ES384)")
    add("malformed-kid-31-bytes", cose(A, sensor, protected=enc({1: -8, 4: A.kid[:31]})),
        "malformed", "kid of 31 bytes")
    add("malformed-duplicate-key-protected",
        cose(A, sensor, protected=b"\xa3\x01\x27\x04\x58\x20" + A.kid + b"\x01\x27"),
        "malformed", "protected header {1: -8, 4: kid, 1: -8}: label 1 twice")
    add("malformed-protected-label-true",
        cose(A, sensor, protected=b"\xa2\xf5\x27\x04\x58\x20" + A.kid), "malformed",
        "protected header {true: -8, 4: kid}: the label is the simple value true, not 1")
    add("malformed-firmware-manifest", firmware_manifest(FW_ED, manifest_payload()), "malformed",
        "a valid signed firmware manifest: its protected header has label 3 (content type)")
    # -- malformed: payload
    add("malformed-payload-not-map", cose(A, [1, "silo-7", 3, 41]), "malformed",
        "payload is an array")
    add("malformed-payload-trailing-bytes", cose(A, enc(sensor) + b"\x00"), "malformed",
        "payload byte string holds the reading map and one more item")
    add("malformed-unknown-payload-key", cose(A, reading(note="hello")), "malformed",
        "payload key \"note\" is not in the table")
    add("malformed-payload-int-key", cose(A, {**sensor, 1: 1}), "malformed",
        "payload has the integer key 1")
    add("malformed-v-2", cose(A, reading(v=2)), "malformed", "v = 2")
    add("malformed-missing-seq", cose(A, reading(seq=None)), "malformed", "no seq")
    add("malformed-negative-seq", cose(A, reading(seq=-1)), "malformed",
        "seq = -1 (major type 1)")
    add("malformed-seq-2pow63", cose(A, reading(seq=2**63)), "malformed",
        "seq = 2^63, not below 2^63")
    add("malformed-ts-float", cose(A, reading(ts=float(REF_TS))), "malformed",
        "ts as a float")
    add("malformed-bad-device-id", cose(A, reading(dev="-x")), "malformed",
        "dev \"-x\" starts with a hyphen", topic=topic("-x"))
    add("malformed-kind-unknown", cose(A, reading(kind="gps")), "malformed",
        "kind \"gps\"")
    add("malformed-sensor-without-m", cose(A, reading(m=None)), "malformed",
        "sensor reading without m")
    add("malformed-m-empty", cose(A, reading(m={})), "malformed", "m with no entries")
    add("malformed-m-33-entries", cose(A, reading(m={f"s{i}": i for i in range(33)})),
        "malformed", "m with 33 entries (at most 32)")
    add("malformed-m-value-bool", cose(A, reading(m={"temperature": True})), "malformed",
        "m value true is not a number")
    add("malformed-sensor-nan", cose(A, reading(m={"temperature": float("nan")})), "malformed",
        "temperature NaN")
    add("malformed-sensor-infinity", cose(A, reading(m={"temperature": half(float("inf"))})),
        "malformed", "temperature +infinity (half float)")
    add("malformed-lat-91", cose(A, reading(m={"lat": 91, "lon": 10.5})), "malformed",
        "lat 91")
    add("malformed-sensor-with-epc", cose(A, reading(epc=EPC)), "malformed",
        "sensor reading carrying epc")
    add("malformed-scan-without-biz", cose(A, scan(biz=None)), "malformed",
        "scan without biz")
    add("malformed-scan-empty-epc", cose(A, scan(epc="")), "malformed", "scan with epc \"\"")
    add("malformed-obj-empty", cose(A, reading(obj=[])), "malformed", "obj = []")
    add("malformed-invalid-utf8",
        cose(A, enc(scan(epc="EPC-X")).replace(b"\x65EPC-X", b"\x65EPC-\xff")), "malformed",
        "epc text string with the byte 0xff (not UTF-8)")
    add("malformed-batch-empty", cose(A, reading(seq=100, kind="batch", r=[])), "malformed",
        "batch with 0 readings")
    add("malformed-batch-1001", cose(A, reading(seq=1000, kind="batch", r=[
        batch_entry(i) for i in range(1001)])), "malformed",
        "batch of 1,001 readings (at most 1,000); under 60 KiB")
    add("malformed-nested-batch", cose(A, reading(seq=100, kind="batch", r=[
        batch_entry(0), {"ts": REF_TS, "kind": "batch", "r": [batch_entry(1)]}])), "malformed",
        "batch whose second reading is itself a batch")
    add("malformed-batch-entry-with-dev", cose(A, reading(seq=100, kind="batch", r=[
        dict(batch_entry(0), dev="silo-7")])), "malformed", "batch reading carrying dev")
    add("malformed-batch-with-m", cose(A, reading(seq=100, kind="batch", m={"t": 1}, r=[
        batch_entry(0)])), "malformed", "batch carrying m at the top level")
    add("malformed-batch-seq-overflow", cose(A, reading(seq=2**63 - 2, kind="batch", r=[
        batch_entry(0), batch_entry(1), batch_entry(2, "scan")])), "malformed",
        "seq 2^63-2 with 3 readings: seq + count - 1 = 2^63")
    dup = enc(sensor)
    assert dup[0] == 0xA7
    dup = b"\xa8" + dup[1:] + enc("seq") + enc(999)
    add("malformed-duplicate-key", cose(A, dup), "malformed",
        "payload map with seq twice (41, then 999)")
    add("malformed-depth-over-8", cose(A, reading(m={"temperature": Raw(
        b"\x81" * 8 + b"\x01")})), "malformed",
        "m value inside 8 nested arrays: 10 levels of containers, 11 of items")

    # -- signature
    add("unknown-kid", cose(UNENROLLED, reading(seq=48)), "unknown-kid",
        "valid signature by a key that is not enrolled")
    add("bad-signature", cose(A, reading(seq=49), sig=flip_bit), "bad-signature",
        "Ed25519 signature with one bit flipped")
    add("bad-signature-es256", cose(DEV_C, reading(dev="dock-3", boot=1, seq=8), sig=flip_bit),
        "bad-signature", "ES256 signature with one bit flipped", topic=topic("dock-3"))
    add("bad-signature-alg-mismatch", cose(A, reading(seq=50), protected=enc({1: -7, 4: A.kid})),
        "bad-signature", "Ed25519 key and signature, header alg -7 (ES256)")
    add("bad-signature-63-bytes", cose(A, reading(seq=51), sig=lambda s: s[:63]),
        "bad-signature", "signature truncated to 63 bytes")
    add("bad-signature-payload-changed",
        cose(A, reading(seq=52), layout=lambda p, pl, s: [p, {}, enc(reading(seq=53)), s]),
        "bad-signature", "signed seq 52, payload on the wire says seq 53")

    # -- key binding and time
    add("revoked-compromise", cose(DEV_D, reading(dev="gate-2", seq=10, ts=REF_TS - 60_000)),
        "revoked", "key revoked as compromised at %d; signed a minute before, received after"
        % COMPROMISED_AT, topic=topic("gate-2"))
    add("revoked-compromise-at-rx", cose(DEV_D, reading(dev="gate-2", seq=11, ts=REF_TS - 60_000)),
        "revoked", "compromise revocation time equals rx (at or before rx)",
        topic=topic("gate-2"), rx=COMPROMISED_AT)
    add("revoked-rotation-after", cose(DEV_A_OLD, reading(seq=60, ts=ROTATED_AT)), "revoked",
        "key superseded by rotation at %d, ts equal to it (ts >= revocation time)" % ROTATED_AT)
    add("revoked-expired", cose(DEV_E, reading(dev="pallet-9", seq=6, ts=EXPIRED_AT + 1)),
        "revoked", "expired: ts 1 ms after the certificate's notAfter",
        topic=topic("pallet-9"))
    add("not-yet-valid", cose(DEV_F, reading(dev="crane-4", seq=4, ts=FUTURE_FROM - 1)),
        "not-yet-valid", "ts 1 ms before the certificate's notBefore (ES256)",
        topic=topic("crane-4"))
    add("device-key-mismatch", cose(A, reading(dev="reefer-12", seq=70)),
        "device-topic-mismatch", "signed with silo-7's key, payload dev and topic reefer-12",
        topic=topic("reefer-12"))
    add("device-topic-mismatch", cose(A, reading(seq=71)), "device-topic-mismatch",
        "payload dev silo-7 signed by silo-7's key, published on reefer-12's topic",
        topic=topic("reefer-12"))
    add("device-topic-mismatch-not-a-readings-topic", cose(A, reading(seq=72)),
        "device-topic-mismatch", "published on tracemark/v1/devices/silo-7/status",
        topic="tracemark/v1/devices/silo-7/status")

    # -- which rule comes first
    add("order-malformed-before-unknown-kid", cose(UNENROLLED, reading(v=2)), "malformed",
        "unknown key and v = 2: payload rules come before the kid lookup")
    add("order-unknown-kid-before-topic", cose(UNENROLLED, reading(seq=73)), "unknown-kid",
        "unknown key, wrong topic", topic=topic("reefer-12"))
    add("order-bad-signature-before-revoked",
        cose(DEV_D, reading(dev="gate-2", seq=12), sig=flip_bit), "bad-signature",
        "compromised key, bit-flipped signature", topic=topic("gate-2"))
    add("order-key-device-before-revoked", cose(DEV_D, reading(dev="silo-7", seq=74)),
        "device-topic-mismatch", "gate-2's compromised key signing for silo-7")
    add("order-revoked-before-topic", cose(DEV_D, reading(dev="gate-2", seq=13)), "revoked",
        "compromised key, published on silo-7's topic", topic=topic("silo-7"))
    add("order-expired-before-topic", cose(DEV_E, reading(dev="pallet-9", seq=7,
                                                          ts=EXPIRED_AT + 1)),
        "revoked", "expired key, published on silo-7's topic")
    return v


def check_readings(vectors: List[Vector]) -> None:
    registry = tc.KeyRegistry(k.enrolled() for k in DEVICE_KEYS)
    names = set()
    for vec in vectors:
        assert vec.file not in names, vec.file
        names.add(vec.file)
        code, detail, info = tc.verify_reading_full(vec.data, vec.topic, vec.rx, registry)
        if code != vec.expect or info != vec.reading:
            raise SystemExit(f"{vec.file}: expected {vec.expect} {vec.reading}, "
                             f"got {code} {info} ({detail})")


def key_json(key: Key, device: bool) -> dict:
    out = {"name": key.name}
    if device:
        out["device"] = key.device
    out.update({"alg": key.alg, "spki": base64.b64encode(key.spki).decode(),
                "kid": key.kid.hex()})
    if device:
        out.update({"notBefore": key.not_before, "notAfter": key.not_after,
                    "revocation": None if key.revocation is None else
                    {"at": key.revocation.at, "reason": key.revocation.reason}})
    return out


# ---------------------------------------------------------------------------
# Firmware manifests

DEVICE_CLASS = "reefer-logger-2"
INSTALLED_SEQ = 7
IMAGE_NAME = "image-2.4.1.bin"


def image_bytes() -> bytes:
    data = b"TRACEMARK-FW reefer-logger-2 2.4.1\n"
    i = 0
    while len(data) < 384:
        data += hashlib.sha256(b"tracemark test image %d" % i).digest()
        i += 1
    return data[:384]


IMAGE = image_bytes()


def manifest_payload(**override) -> dict:
    out = {"v": 1, "class": DEVICE_CLASS, "version": "2.4.1", "seq": INSTALLED_SEQ + 1,
           "digest": hashlib.sha256(IMAGE).digest(), "size": len(IMAGE),
           "uri": "https://firmware.tracemark.example/reefer-logger-2/2.4.1/" + IMAGE_NAME}
    out.update(override)
    return {k: v for k, v in out.items() if v is not None}


def firmware_protected(key: Key, alg: Optional[int] = None,
                       content_type: Any = tc.FIRMWARE_CONTENT_TYPE) -> bytes:
    header = {1: key.alg if alg is None else alg}
    if content_type is not None:
        header[3] = content_type
    header[4] = key.kid
    return enc(header)


def firmware_manifest(key: Key, payload: Any, **kw) -> bytes:
    kw.setdefault("protected", firmware_protected(key))
    return cose(key, payload, **kw)


@dataclass
class FwVector:
    file: str
    data: bytes
    expect: str
    detail: str
    image: str = IMAGE_NAME
    device_class: str = DEVICE_CLASS
    installed_seq: Optional[int] = INSTALLED_SEQ


def firmware_vectors() -> List[FwVector]:
    v: List[FwVector] = []

    def add(name, data, expect, detail, **kw):
        v.append(FwVector(name + ".cbor", data, expect, detail, **kw))

    good = manifest_payload()
    add("accepted", firmware_manifest(FW_ED, good), "accepted",
        "Ed25519 manifest, seq 8 over installed 7, image matches size and digest")
    add("accepted-es256", firmware_manifest(FW_ES, good), "accepted",
        "ES256 manifest (raw r||s, RFC 6979 nonce)")

    def padded_uri(n):  # the uri as a chunked text string padded with n empty chunks
        return firmware_manifest(FW_ED, manifest_payload(
            uri=Raw(b"\x7f" + enc(good["uri"]) + b"\x60" * n + b"\xff")))
    add("accepted-size-8192", sized(8_192, padded_uri, 7_000), "accepted",
        "exactly 8,192 bytes: uri as a chunked text string with empty chunks")
    add("bad-signature", firmware_manifest(FW_ED, good, sig=flip_bit), "bad-signature",
        "signature with one bit flipped")
    add("bad-signature-alg-mismatch",
        firmware_manifest(FW_ED, good, protected=firmware_protected(FW_ED, alg=-7)),
        "bad-signature", "Ed25519 key and signature, header alg -7")
    add("unknown-kid", firmware_manifest(FW_UNTRUSTED, good), "unknown-kid",
        "valid signature by an untrusted key")
    add("unknown-kid-device-key", firmware_manifest(DEV_A, good), "unknown-kid",
        "manifest signed by a device key (dev-a-ed25519): device keys are not firmware keys")
    add("wrong-class", firmware_manifest(FW_ED, manifest_payload(**{"class": "reefer-logger-3"})),
        "wrong-class", "manifest for reefer-logger-3")
    add("rollback", firmware_manifest(FW_ED, manifest_payload(seq=INSTALLED_SEQ)), "rollback",
        "seq 7 equal to the installed seq (a replay)")
    add("rollback-lower", firmware_manifest(FW_ED, manifest_payload(seq=5)), "rollback",
        "seq 5 below the installed seq 7")
    add("wrong-size", firmware_manifest(FW_ED, good), "wrong-size",
        "image one byte short (its digest is wrong too: size is checked first)",
        image="image-2.4.1-truncated.bin")
    add("wrong-digest", firmware_manifest(FW_ED, good), "wrong-digest",
        "image of the right size with one bit flipped", image="image-2.4.1-tampered.bin")
    add("malformed-missing-digest", firmware_manifest(FW_ED, manifest_payload(digest=None)),
        "malformed", "payload without digest")
    add("malformed-digest-31-bytes",
        firmware_manifest(FW_ED, manifest_payload(digest=good["digest"][:31])), "malformed",
        "digest of 31 bytes")
    add("malformed-reading-header",
        firmware_manifest(FW_ED, good, protected=firmware_protected(FW_ED, content_type=None)),
        "malformed", "reading-shaped protected header {1, 4} without the content type")
    add("malformed-wrong-content-type",
        firmware_manifest(FW_ED, good, protected=firmware_protected(
            FW_ED, content_type="application/cbor")), "malformed",
        "content type application/cbor")
    add("malformed-signed-reading", cose(DEV_A, reading()), "malformed",
        "a valid signed reading (accepted-ed25519-sensor's content)")
    add("malformed-unknown-key", firmware_manifest(FW_ED, manifest_payload(note="x")),
        "malformed", "payload key \"note\" is not in the table")
    add("malformed-size-zero", firmware_manifest(FW_ED, manifest_payload(size=0)), "malformed",
        "size 0")
    add("malformed-duplicate-key", firmware_manifest(
        FW_ED, b"\xa8" + enc(good)[1:] + enc("seq") + enc(100)), "malformed",
        "payload with seq twice (8, then 100)")
    add("malformed-oversize-8193", sized(8_193, padded_uri, 7_000), "malformed",
        "8,193 bytes; otherwise valid (uri padded with empty chunks)")
    add("order-wrong-class-before-rollback", firmware_manifest(FW_ED, manifest_payload(
        seq=3, **{"class": "reefer-logger-3"})), "wrong-class",
        "wrong class and seq 3 below installed: class is checked first")
    add("order-rollback-before-image", firmware_manifest(FW_ED, manifest_payload(seq=6)),
        "rollback", "seq 6 and a truncated image: the image is not looked at",
        image="image-2.4.1-truncated.bin")
    return v


def firmware_images() -> dict:
    tampered = bytearray(IMAGE)
    tampered[200] ^= 0x01
    return {IMAGE_NAME: IMAGE, "image-2.4.1-truncated.bin": IMAGE[:-1],
            "image-2.4.1-tampered.bin": bytes(tampered)}


def check_firmware(vectors: List[FwVector], images: dict) -> None:
    trusted = [k.trusted() for k in FIRMWARE_KEYS]
    names = set()
    for vec in vectors:
        assert vec.file not in names, vec.file
        names.add(vec.file)
        code, detail = tc.verify_firmware(vec.data, trusted, vec.device_class,
                                          vec.installed_seq, images[vec.image])
        if code != vec.expect:
            raise SystemExit(f"{vec.file}: expected {vec.expect}, got {code} ({detail})")


# ---------------------------------------------------------------------------
# Writing


def write_dir(directory: str, files: dict, manifest: dict) -> None:
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):  # drop vectors that are no longer generated
        if (name.endswith(".cbor") or name.endswith(".bin")) and name not in files:
            os.remove(os.path.join(directory, name))
    for name, data in files.items():
        path = os.path.join(directory, name)
        if os.path.exists(path):
            with open(path, "rb") as f:
                if f.read() == data:
                    continue
        with open(path, "wb") as f:
            f.write(data)
    with open(os.path.join(directory, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def main() -> None:
    readings = reading_vectors()
    check_readings(readings)
    firmware = firmware_vectors()
    images = firmware_images()
    check_firmware(firmware, images)

    reading_manifest = {
        "contract": "signed-reading-v1",
        "generator": GENERATOR,
        "keys": [key_json(k, True) for k in DEVICE_KEYS],
        "vectors": [dict({"file": x.file, "topic": x.topic, "rx": x.rx, "expect": x.expect,
                          "detail": x.detail}, **({"reading": x.reading} if x.reading else {}))
                    for x in readings],
    }
    firmware_manifest_json = {
        "contract": "firmware-manifest-v1",
        "keys": [key_json(k, False) for k in FIRMWARE_KEYS],
        "vectors": [{"file": x.file, "deviceClass": x.device_class,
                     "installedSeq": x.installed_seq, "image": x.image, "expect": x.expect,
                     "detail": x.detail} for x in firmware],
    }
    write_dir(os.path.join(VECTORS, "readings"), {x.file: x.data for x in readings},
              reading_manifest)
    write_dir(os.path.join(VECTORS, "firmware"),
              dict({x.file: x.data for x in firmware}, **images), firmware_manifest_json)
    print(f"wrote {len(readings)} reading vectors and {len(firmware)} firmware vectors "
          f"under {os.path.relpath(VECTORS)}")


if __name__ == "__main__":
    main()
