package org.tracemark.api.registry;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.util.Locale;
import java.util.Set;

/**
 * An ISO 3166-1 alpha-2 country code that exists ({@code ID}, {@code NO}), upper case. A pattern
 * alone would take {@code XX}, and customs rules key on the country, so the code is checked against
 * the JDK's list of assigned codes. {@code null} is valid (combine with {@code @NotNull}).
 */
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
@Constraint(validatedBy = IsoCountry.Check.class)
public @interface IsoCountry {

  String message() default "must be an ISO 3166-1 alpha-2 country code such as ID or NO";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  class Check implements ConstraintValidator<IsoCountry, String> {

    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || CODES.contains(value);
    }
  }
}
