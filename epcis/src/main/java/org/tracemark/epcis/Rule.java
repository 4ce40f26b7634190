package org.tracemark.epcis;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tracemark.epcis.CbvVocabulary.Term;

/**
 * How one field of an EPCIS event goes into the pre-hash string: the shape of the data model the
 * CBV 2.0 event hash walks (its "canonical property order").
 */
sealed interface Rule {

  /**
   * A value, {@code name=value}. {@code time} values are timestamps (rules 8, 9); {@code
   * vocabulary} says which CBV vocabulary a bare value belongs to (rule 17).
   */
  record Scalar(boolean time, Optional<Term> vocabulary) implements Rule {
    static final Scalar TEXT = new Scalar(false, Optional.empty());
    static final Scalar TIME = new Scalar(true, Optional.empty());

    static Scalar of(Term term) {
      return new Scalar(false, Optional.of(term));
    }
  }

  /**
   * A list ({@code epcList}, {@code quantityList}, ...), written once by name followed by its
   * items, each named {@code itemName} and rendered by {@code item}, in lexical order (rule 11).
   */
  record Items(String itemName, Rule item) implements Rule {}

  /**
   * An object: its {@code ordered} fields in that order, then every other field (known ones by
   * their {@code unordered} rule, user extensions by rules 20 and 21) sorted as strings; {@code
   * excluded} fields are left out.
   */
  record Struct(List<Field> ordered, Map<String, Rule> unordered, Set<String> excluded)
      implements Rule {

    static final Struct GENERIC = new Struct(List.of(), Map.of(), Set.of());

    public Struct {
      ordered = List.copyOf(ordered);
      unordered = Map.copyOf(unordered);
      excluded = Set.copyOf(excluded);
    }

    static Struct of(Field... ordered) {
      return new Struct(List.of(ordered), Map.of(), Set.of());
    }
  }

  /** A named field of a {@link Struct}. */
  record Field(String name, Rule rule) {
    static Field text(String name) {
      return new Field(name, Scalar.TEXT);
    }

    static Field time(String name) {
      return new Field(name, Scalar.TIME);
    }

    static Field vocabulary(String name, Term term) {
      return new Field(name, Scalar.of(term));
    }
  }
}
