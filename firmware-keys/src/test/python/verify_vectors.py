#!/usr/bin/python3
"""Check a directory of test vectors against the independent Python implementation.

    /usr/bin/python3 firmware-keys/src/test/python/verify_vectors.py [DIR ...]

DIR holds manifest.json in the format make_vectors.py writes (its "contract" field,
signed-reading-v1 or firmware-manifest-v1, says which); vectors written by the
Java code are checked the same way. Without DIR, both committed directories
(src/test/resources/vectors/readings and .../firmware) are checked.

Prints "OK <file> <outcome>" or "FAIL <file> expected X got Y (detail)" per vector
and "verified N vectors, M failed"; exits 0 only if N > 0 and M = 0.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from typing import Any, Callable, List, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tracemark_cose as tc  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
COMMITTED = [os.path.normpath(os.path.join(HERE, "..", "resources", "vectors", d))
             for d in ("readings", "firmware")]


class ManifestError(Exception):
    pass


def _spki_and_kid(entry: dict) -> Tuple[bytes, int]:
    spki = base64.b64decode(entry["spki"], validate=True)
    if "kid" in entry and entry["kid"].lower() != hashlib.sha256(spki).hexdigest():
        raise ManifestError(f"key {entry.get('name')}: kid is not SHA-256 of its spki")
    return spki, int(entry["alg"])


def reading_registry(manifest: dict) -> tc.KeyRegistry:
    keys = []
    for entry in manifest["keys"]:
        spki, alg = _spki_and_kid(entry)
        rev = entry.get("revocation")
        keys.append(tc.EnrolledKey(
            entry["name"], entry["device"], alg, spki, int(entry["notBefore"]),
            int(entry["notAfter"]),
            None if rev is None else tc.Revocation(int(rev["at"]), rev["reason"])))
    return tc.KeyRegistry(keys)


def firmware_keys(manifest: dict) -> tc.KeyRegistry:
    keys = []
    for entry in manifest["keys"]:
        spki, alg = _spki_and_kid(entry)
        keys.append(tc.TrustedKey(entry["name"], alg, spki))
    return tc.KeyRegistry(keys)


def _read(directory: str, name: str) -> bytes:
    if os.path.basename(name) != name:
        raise ManifestError(f"file name {name!r} is not a plain name")
    with open(os.path.join(directory, name), "rb") as f:
        return f.read()


def check_dir(directory: str, out: Callable[[str], None]) -> Tuple[int, int]:
    """(vectors checked, failures) for one directory."""
    with open(os.path.join(directory, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    contract = manifest.get("contract")
    if contract == "signed-reading-v1":
        registry = reading_registry(manifest)

        def check(vector: dict) -> Tuple[str, str, List[str]]:
            code, detail, info = tc.verify_reading_full(
                _read(directory, vector["file"]), vector["topic"], int(vector["rx"]), registry)
            problems = []
            if code != vector["expect"]:
                problems.append(f"expected {vector['expect']} got {code} ({detail})")
            elif "reading" in vector and vector["reading"] is not None and \
                    vector["reading"] != info:
                problems.append(f"expected reading {json.dumps(vector['reading'])} "
                                f"got {json.dumps(info)} ({detail})")
            return code, detail, problems
    elif contract == "firmware-manifest-v1":
        trusted = firmware_keys(manifest)

        def check(vector: dict) -> Tuple[str, str, List[str]]:
            image = vector.get("image")
            installed = vector.get("installedSeq")
            code, detail = tc.verify_firmware(
                _read(directory, vector["file"]), trusted, vector["deviceClass"],
                None if installed is None else int(installed),
                None if image is None else _read(directory, image))
            problems = []
            if code != vector["expect"]:
                problems.append(f"expected {vector['expect']} got {code} ({detail})")
            return code, detail, problems
    else:
        raise ManifestError(f"{directory}: unknown contract {contract!r}")

    checked = failed = 0
    for vector in manifest["vectors"]:
        checked += 1
        name = vector.get("file", "?")
        try:
            code, _, problems = check(vector)
        except (OSError, KeyError, ValueError, TypeError, ManifestError) as e:
            code, problems = None, [f"expected {vector.get('expect')} got error "
                                    f"({type(e).__name__}: {e})"]
        if problems:
            failed += 1
            for p in problems:
                out(f"FAIL {name} {p}")
        else:
            out(f"OK {name} {code}")
    return checked, failed


def main(argv: List[str]) -> int:
    directories = argv or COMMITTED
    total = failed = 0
    for directory in directories:
        try:
            n, m = check_dir(directory, print)
        except (OSError, KeyError, ValueError, TypeError, ManifestError) as e:
            print(f"FAIL {os.path.join(directory, 'manifest.json')} cannot be used "
                  f"({type(e).__name__}: {e})")
            n, m = 1, 1
        total += n
        failed += m
    print(f"verified {total} vectors, {failed} failed")
    return 0 if total > 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
