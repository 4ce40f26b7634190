package org.tracemark.api.epcis;

import java.util.List;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.epc.EpcisIdentifier;

/**
 * How identifiers and CBV vocabulary are held for comparison: a business step or disposition as its
 * bare CBV 2.0 name ({@code shipping}) whichever of the three spellings EPCIS allows it came in,
 * and an EPC as its canonical GS1 Digital Link on {@code id.gs1.org}, so that a URN and a Digital
 * Link of the same object are the same value.
 */
public final class Vocabulary {

  private static final List<String> BIZ_STEP =
      List.of("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-");
  private static final List<String> DISPOSITION =
      List.of("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-");

  private Vocabulary() {}

  public static String bareBizStep(String value) {
    return bare(value, BIZ_STEP);
  }

  public static String bareDisposition(String value) {
    return bare(value, DISPOSITION);
  }

  private static String bare(String value, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (value.startsWith(prefix)) {
        return value.substring(prefix.length());
      }
    }
    return value;
  }

  /**
   * Whether {@code id} claims to be a GS1 key (an EPC URN or a Digital Link on {@code id.gs1.org}),
   * and so must be a valid one: check digits, lengths, characters.
   */
  public static boolean claimsGs1(String id) {
    return id.startsWith("urn:epc:id:")
        || id.startsWith("urn:epc:class:")
        || id.startsWith("https://id.gs1.org/");
  }

  /**
   * The canonical form of an EPCIS identifier: the Digital Link on id.gs1.org of a GS1 key given
   * either way, anything else as given.
   */
  public static String canonicalEpc(String id) {
    try {
      return EpcisIdentifier.toDigitalLink(EpcisIdentifier.parse(id));
    } catch (Gs1Exception e) {
      return id;
    }
  }
}
