package org.tracemark.api.registry;

import jakarta.persistence.AttributeConverter;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;

/**
 * A registry enumeration whose values travel as short lower-case codes ({@code processing-plant},
 * {@code catch-certificate}): the same code in JSON, in the database's CHECK constraints and in the
 * documentation, so that none of them depends on a Java constant's name.
 */
public interface Coded {

  /** The code on the wire and in the database. */
  String code();

  /**
   * The value of {@code type} whose code is {@code code} (a query parameter), or a 400 naming the
   * codes there are; {@code null} stays {@code null}.
   */
  static <E extends Enum<E> & Coded> E parse(Class<E> type, String field, String code) {
    if (code == null) {
      return null;
    }
    for (E value : type.getEnumConstants()) {
      if (value.code().equals(code)) {
        return value;
      }
    }
    throw new ProblemException(
        ProblemType.INVALID_REQUEST,
        field
            + " must be one of "
            + Arrays.stream(type.getEnumConstants())
                .map(Coded::code)
                .collect(Collectors.joining(", "))
            + ", not "
            + code
            + ".");
  }

  /**
   * A UUID query parameter ({@code after}, a filter), or a 400; {@code null} stays {@code null}.
   */
  static java.util.UUID uuid(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      return java.util.UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, field + " must be a UUID, not " + text + ".");
    }
  }

  /** Stores a {@link Coded} enumeration as its code; each enumeration declares one subclass. */
  abstract class Column<E extends Enum<E> & Coded> implements AttributeConverter<E, String> {

    private final Class<E> type;

    protected Column(Class<E> type) {
      this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
      return value == null ? null : value.code();
    }

    @Override
    public E convertToEntityAttribute(String code) {
      if (code == null) {
        return null;
      }
      for (E value : type.getEnumConstants()) {
        if (value.code().equals(code)) {
          return value;
        }
      }
      throw new IllegalStateException("No " + type.getSimpleName() + " has the code " + code);
    }
  }
}
