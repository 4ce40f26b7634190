#!/usr/bin/env python3
# Produces the signed-note, tlog-checkpoint, tlog-cosignature and tlog-witness golden vectors in
# this folder with an implementation independent of the Java code under test: Python's
# `cryptography` package (OpenSSL Ed25519) and hashlib. Ed25519 (RFC 8032) is deterministic, so the
# outputs are exact bytes the Java code must reproduce.
#
# Before writing anything it reproduces the published golang.org/x/mod/sumdb/note vectors
# (PeterNeumann key, signature) and the C2SP signed-note example, so a bug here cannot silently
# become a "golden" value.
#
# Run from this folder: python3 generate-note-vectors.py  (needs `cryptography`).
import base64
import hashlib
import struct

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

EM_DASH = "\u2014"


def b64(b):
    return base64.b64encode(b).decode()


def key_id(name, sig_type, pub):
    return hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + pub).digest()[:4]


def public_key(seed):
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(
        Encoding.Raw, PublicFormat.Raw)


def sign(seed, msg):
    return Ed25519PrivateKey.from_private_bytes(seed).sign(msg)


def vkey(name, sig_type, pub):
    return f"{name}+{key_id(name, sig_type, pub).hex()}+{b64(bytes([sig_type]) + pub)}"


def skey(name, sig_type, seed):
    return f"PRIVATE+KEY+{name}+{key_id(name, sig_type, public_key(seed)).hex()}+{b64(bytes([sig_type]) + seed)}"


def note_line(name, sig_type, seed, text):
    return f"{EM_DASH} {name} {b64(key_id(name, sig_type, public_key(seed)) + sign(seed, text.encode()))}\n"


def cosignature_line(name, seed, timestamp, body):
    msg = f"cosignature/v1\ntime {timestamp}\n{body}".encode()
    raw = key_id(name, 0x04, public_key(seed)) + struct.pack(">Q", timestamp) + sign(seed, msg)
    return f"{EM_DASH} {name} {b64(raw)}\n"


def seed_from_skey(s):
    parts = s.split("+", 4)
    assert parts[0] == "PRIVATE" and parts[1] == "KEY"
    data = base64.b64decode(parts[4])
    assert data[0] == 1
    return parts[2], data[1:]


# --- Self-check against golang.org/x/mod sumdb/note (note_test.go, TestSign / TestOpen).
peter_name, peter_seed = seed_from_skey(
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
assert vkey(peter_name, 1, public_key(peter_seed)) == \
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
go_text = ("If you think cryptography is the answer to your problem,\n"
           "then you don't know what your problem is.\n")
assert note_line(peter_name, 1, peter_seed, go_text) == (
    EM_DASH + " PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")
# --- Self-check against the C2SP signed-note example (verification only: no private key).
c2sp_pub = base64.b64decode("AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")[1:]
assert key_id("example.com/foo", 1, c2sp_pub).hex() == "530d903a"
c2sp_sig = base64.b64decode(
    "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=")
Ed25519PublicKey.from_public_bytes(c2sp_pub).verify(c2sp_sig[4:], b"This is an example message.\n")

# --- Keys for Tracemark's own vectors: seeds are SHA-256 of fixed labels, so anyone can rederive.
LOG_NAME = "example.com/tracemark-test-log"
LOG_SEED = hashlib.sha256(b"tracemark test vector: log key").digest()
WITNESS_NAME = "example.com/tracemark-test-witness"
WITNESS_SEED = hashlib.sha256(b"tracemark test vector: witness key").digest()

# Roots of the 8-leaf reference tree (rfc6962-tree-8-leaves.txt) and the Go consistency vector
# 2/happy-path (size 6 -> 8, rfc6962-consistency-proofs.txt) are reused below.
ROOT = {
    0: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
PROOF_6_TO_8 = next(
    line.split()[5].split(",")
    for line in open("rfc6962-consistency-proofs.txt", encoding="utf-8")
    if line.startswith("2/happy-path 6 8 "))


def body(origin, size, root_hex, extensions=()):
    return f"{origin}\n{size}\n{b64(bytes.fromhex(root_hex))}\n" + "".join(e + "\n" for e in extensions)


def checkpoint_note(origin, size, root_hex, extensions=()):
    text = body(origin, size, root_hex, extensions)
    return text + "\n" + note_line(LOG_NAME, 1, LOG_SEED, text)


def write(name, content):
    with open(name, "w", encoding="utf-8", newline="") as f:
        f.write(content)


write("tlog-checkpoint-size-8.note", checkpoint_note(LOG_NAME, 8, ROOT[8]))
write("tlog-checkpoint-size-0.note", checkpoint_note(LOG_NAME, 0, ROOT[0]))
write("tlog-checkpoint-extension-lines.note",
      checkpoint_note(LOG_NAME, 6, ROOT[6], ["tracemark: extension line one", "ext two"]))

T = 1767225600  # 2026-01-01T00:00:00Z
cosigned = checkpoint_note(LOG_NAME, 8, ROOT[8]) + cosignature_line(
    WITNESS_NAME, WITNESS_SEED, T, body(LOG_NAME, 8, ROOT[8]))
write("tlog-cosignature-size-8.note", cosigned)

keys = f"""# Keys of Tracemark's own signed-note / checkpoint / cosignature / witness vectors, produced by
# generate-note-vectors.py (Python cryptography, OpenSSL Ed25519). Seeds are SHA-256 of fixed
# labels; these keys are public test material and sign nothing real.
#
# log <signer key, type 0x01> <verifier key, type 0x01>
log {skey(LOG_NAME, 1, LOG_SEED)} {vkey(LOG_NAME, 1, public_key(LOG_SEED))}
# witness <signer key, type 0x04> <cosigner verifier key, type 0x04> <same seed as a type 0x01 key>
witness {skey(WITNESS_NAME, 4, WITNESS_SEED)} {vkey(WITNESS_NAME, 4, public_key(WITNESS_SEED))} {skey(WITNESS_NAME, 1, WITNESS_SEED)}
# cosignature-time <unix seconds of every cosignature in these vectors>
cosignature-time {T}
"""
write("tracemark-test-keys.txt", keys)

# A witness session over the 8-leaf reference tree: first checkpoint (old 0, size 6), then the
# consistency step 6 -> 8. The expected response bodies are the exact cosignature lines at time T.
first = "old 0\n\n" + checkpoint_note(LOG_NAME, 6, ROOT[6])
second = "old 6\n" + "".join(p + "\n" for p in PROOF_6_TO_8) + "\n" + checkpoint_note(LOG_NAME, 8, ROOT[8])
write("tlog-witness-request-old-0-size-6.txt", first)
write("tlog-witness-response-old-0-size-6.txt",
      cosignature_line(WITNESS_NAME, WITNESS_SEED, T, body(LOG_NAME, 6, ROOT[6])))
write("tlog-witness-request-old-6-size-8.txt", second)
write("tlog-witness-response-old-6-size-8.txt",
      cosignature_line(WITNESS_NAME, WITNESS_SEED, T, body(LOG_NAME, 8, ROOT[8])))
print("ok")
