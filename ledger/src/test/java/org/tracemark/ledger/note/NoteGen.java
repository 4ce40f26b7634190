package org.tracemark.ledger.note;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.quicktheories.core.Gen;

/** QuickTheories generators for note texts and keys. */
public final class NoteGen {

  // Letters, digits, punctuation, a space, multi-byte UTF-8 (2, 3 and 4 bytes) and DEL, which the
  // spec allows (only characters below U+0020 other than newline are banned).
  private static final String[] ALPHABET = {
    "a", "Z", "0", "9", "/", "+", "=", ".", " ", "é", "—", "中", "\uD83D\uDE00", "\u007F"
  };

  private NoteGen() {}

  /** Note texts of 1..maxLines lines (possibly empty lines), each ending in a newline. */
  public static Gen<String> texts(int maxLines) {
    return integers()
        .between(1, maxLines)
        .zip(
            longs().all(),
            (lines, seed) -> {
              SplittableRandom random = new SplittableRandom(seed);
              StringBuilder text = new StringBuilder();
              for (int i = 0; i < lines; i++) {
                int length = random.nextInt(0, 30);
                for (int j = 0; j < length; j++) {
                  text.append(ALPHABET[random.nextInt(ALPHABET.length)]);
                }
                text.append('\n');
              }
              return text.toString();
            })
        .describedAs(text -> text.replace("\n", "\\n"));
  }

  /** Ed25519 seeds from a long, so failures are reproducible from the printed seed. */
  public static Gen<byte[]> seeds() {
    return longs()
        .all()
        .map(
            seed -> {
              byte[] bytes = new byte[32];
              new SplittableRandom(seed).nextBytes(bytes);
              return bytes;
            });
  }
}
