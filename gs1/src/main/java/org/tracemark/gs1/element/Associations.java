package org.tracemark.gs1.element;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Gs1Exception.Code;

/**
 * Rules that hold between the elements of one message (GS1 General Specifications §4.13-4.14): an
 * AI may repeat only with the same value, mutually exclusive AIs may not meet, and an AI that
 * qualifies a key needs that key present.
 */
final class Associations {

  private Associations() {}

  /**
   * Checks the rules.
   *
   * @param positions 1-based position of each element's AI in {@code input}, for evidence
   */
  static void check(List<Element> elements, String input, int[] positions) throws Gs1Exception {
    Map<String, Element> seen = new LinkedHashMap<>();
    for (int i = 0; i < elements.size(); i++) {
      Element e = elements.get(i);
      Element earlier = seen.putIfAbsent(e.code(), e);
      if (earlier != null && !earlier.value().equals(e.value())) {
        throw Gs1Exception.of(
            Code.DUPLICATE_AI,
            "appears twice with different values "
                + Gs1Exception.quote(earlier.value())
                + " and "
                + Gs1Exception.quote(e.value()),
            input,
            positions[i],
            e.code());
      }
    }
    Set<String> present = seen.keySet();
    for (int i = 0; i < elements.size(); i++) {
      ApplicationIdentifier ai = elements.get(i).ai();
      for (Element other : seen.values()) {
        if (ai.excludes(other.ai())) {
          throw Gs1Exception.of(
              Code.INVALID_COMBINATION,
              "may not appear together with AI (" + other.code() + ")",
              input,
              positions[i],
              ai.code());
        }
      }
      if (!ai.requires().isEmpty() && ai.requires().stream().noneMatch(present::containsAll)) {
        throw Gs1Exception.of(
            Code.MISSING_KEY,
            "needs " + describe(ai.requires()) + " in the same message",
            input,
            positions[i],
            ai.code());
      }
    }
  }

  /** "(01) or (02)" for the alternatives this module knows (others can never be satisfied). */
  private static String describe(List<List<String>> alternatives) {
    List<String> known = new ArrayList<>();
    for (List<String> all : alternatives) {
      if (all.stream().allMatch(code -> ApplicationIdentifier.find(code).isPresent())) {
        known.add(all.stream().map(c -> "(" + c + ")").collect(Collectors.joining(" with ")));
      }
    }
    return String.join(" or ", known);
  }
}
