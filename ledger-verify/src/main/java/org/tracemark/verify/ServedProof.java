package org.tracemark.verify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.tracemark.ledger.merkle.Hash;

/**
 * A proof as the server's {@code /ledger/proof/...} endpoints answer it: {@code {"from": M, "to":
 * N, "hashes": [base64, …]}} or {@code {"index": I, "size": N, "hashes": [...]}}. Parsing checks
 * the shape only, and that the answer is for the question asked; whether the hashes prove anything
 * is for {@code ProofVerifier}.
 */
record ServedProof(String url, List<Hash> hashes) {

  /** Twice the longest RFC 9162 proof for a tree below 2^63 entries. */
  static final int MAX_HASHES = 128;

  /** Strict: no duplicate keys, no trailing tokens; limits against hostile nesting and numbers. */
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxNumberLength(40)
                          .maxStringLength(1024)
                          .build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  ServedProof {
    hashes = List.copyOf(hashes);
  }

  static ServedProof parse(
      String url, byte[] body, String firstName, long first, String secondName, long second)
      throws FetchException {
    JsonNode object;
    try {
      object = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed(url, "not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw malformed(url, "not JSON: " + e.getMessage());
    }
    if (object == null || !object.isObject()) {
      throw malformed(url, "expected a JSON object");
    }
    checkEcho(url, object, firstName, first);
    checkEcho(url, object, secondName, second);
    JsonNode items = object.get("hashes");
    if (items == null || !items.isArray()) {
      throw malformed(url, "\"hashes\" is missing or not an array");
    }
    if (items.size() > MAX_HASHES) {
      throw malformed(url, items.size() + " hashes, no proof has more than " + MAX_HASHES);
    }
    List<Hash> hashes = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      if (!items.get(i).isTextual()) {
        throw malformed(url, "hashes[" + i + "] is not a string");
      }
      try {
        hashes.add(Hash.fromBase64(items.get(i).textValue()));
      } catch (IllegalArgumentException e) {
        throw malformed(url, "hashes[" + i + "] is not the canonical base64 of a 32-byte hash");
      }
    }
    return new ServedProof(url, hashes);
  }

  // An answer for other sizes than asked would be verified against the wrong roots.
  private static void checkEcho(String url, JsonNode object, String name, long expected)
      throws FetchException {
    JsonNode value = object.get(name);
    if (value == null || !value.isNumber()) {
      throw malformed(url, "\"" + name + "\" is missing or not a number");
    }
    BigDecimal number = value.decimalValue();
    if (number.compareTo(BigDecimal.valueOf(expected)) != 0) {
      throw malformed(
          url,
          "answers for "
              + name
              + "="
              + (number.precision() > 25 ? "(a " + number.precision() + "-digit number)" : number)
              + ", asked for "
              + name
              + "="
              + expected);
    }
  }

  private static FetchException malformed(String url, String reason) {
    return new FetchException(new Failure.MalformedResponse(url, reason));
  }
}
