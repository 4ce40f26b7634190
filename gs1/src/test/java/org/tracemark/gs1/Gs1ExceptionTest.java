package org.tracemark.gs1;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.tracemark.gs1.Gs1Exception.Code;

class Gs1ExceptionTest {

  /** The HTTP layer maps these ids to RFC 9457 problem types; renaming one breaks clients. */
  @Test
  void codesAreTheDocumentedStableIds() {
    assertThat(Arrays.stream(Code.values()).map(Code::id))
        .containsExactly(
            "bad-check-digit",
            "bad-length",
            "bad-character",
            "bad-value",
            "bad-syntax",
            "unknown-ai",
            "misordered-ai",
            "duplicate-ai",
            "invalid-combination",
            "missing-key",
            "unknown-company-prefix",
            "unsupported");
  }

  @Test
  void messageCarriesCodeAiInputAndPosition() {
    Gs1Exception e = Gs1Exception.of(Code.BAD_CHARACTER, "no spaces", "AB C", 3, "10");

    assertThat(e.getMessage())
        .isEqualTo("bad-character: AI (10): no spaces [in \"AB C\" at position 3]");
    assertThat(e.code()).isEqualTo(Code.BAD_CHARACTER);
    assertThat(e.position()).hasValue(3);
    assertThat(e.ai()).hasValue("10");
    assertThat(e.input()).isEqualTo("AB C");
    assertThat(e.detail()).isEqualTo("no spaces");
  }

  @Test
  void hostileInputIsEscapedAndTruncatedInMessages() {
    String hostile = "\u001D\n\u0000<script>" + "x".repeat(500);

    String message = Gs1Exception.of(Code.BAD_SYNTAX, "bad", hostile, 1).getMessage();

    assertThat(message).doesNotContain("\n", "\u0000", "\u001D").contains("\\u001D", "(511 chars)");
    assertThat(message.length()).isLessThan(250);
  }

  @Test
  void withinReanchorsThePositionInTheOuterInput() {
    Gs1Exception inner = Gs1Exception.of(Code.BAD_CHARACTER, "no spaces", "AB C", 3);

    Gs1Exception outer = inner.within("(10)AB C", 5);

    assertThat(outer.input()).isEqualTo("(10)AB C");
    assertThat(outer.position()).hasValue(7);
    assertThat(outer.code()).isEqualTo(Code.BAD_CHARACTER);
  }
}
