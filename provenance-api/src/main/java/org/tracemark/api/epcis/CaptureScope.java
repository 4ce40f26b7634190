package org.tracemark.api.epcis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tracemark.api.problem.Problem.Violation;

/**
 * Where a producer may capture (DESIGN §4: every write scoped to the caller's organisation): at its
 * own locations — a readPoint and bizLocation under one of its GS1 company prefixes — or, as the
 * receiving party of a shipment, when the event's destinationList names it. An event that names no
 * location is attributed to its capturer alone and allowed.
 */
final class CaptureScope {

  /** SGLN and PGLN URNs name their company prefix explicitly. */
  private static final Pattern URN = Pattern.compile("^urn:epc:id:(?:sgln|pgln):(\\d{4,12})\\.");

  /** Digital Links of a GLN (414) or a party GLN (417), on any domain. */
  private static final Pattern LINK =
      Pattern.compile("^https?://[^?#]*/(?:414|417)/(\\d{13})(?:/|$)");

  private CaptureScope() {}

  /** The events (by position) that {@code prefixes}' owner may not capture, with why. */
  static List<Violation> outside(List<CapturedEvent> events, Set<String> prefixes, String at) {
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      CapturedEvent event = events.get(i);
      String where = at.isEmpty() ? "" : at + "/" + i;
      if (event.destinations().stream().anyMatch(d -> owned(d, prefixes))) {
        continue; // the receiving party records what reached it
      }
      check(event.readPoint(), prefixes, where + "/readPoint/id", violations);
      check(event.bizLocation(), prefixes, where + "/bizLocation/id", violations);
    }
    return violations;
  }

  private static void check(
      Optional<String> location, Set<String> prefixes, String at, List<Violation> violations) {
    if (location.isPresent() && !owned(location.get(), prefixes)) {
      violations.add(
          new Violation(
              at,
              location.get()
                  + " is not a location under your organisation's GS1 company prefixes "
                  + prefixes
                  + ", and the event does not name you in its destinationList"));
    }
  }

  /** Whether a location or party id is under one of {@code prefixes}. */
  static boolean owned(String id, Set<String> prefixes) {
    Matcher urn = URN.matcher(id);
    if (urn.find()) {
      return prefixes.contains(urn.group(1));
    }
    Matcher link = LINK.matcher(id);
    if (link.find()) {
      String gln = link.group(1);
      return prefixes.stream().anyMatch(gln::startsWith);
    }
    return false;
  }
}
