package io.batchrollout.api;

import java.util.List;

/**
 * What came of reading a small JSON request body (operator actions, adopt): the value, or why not, each refusal mapping
 * to one HTTP status as for createPool ({@link CreatePoolParse}).
 */
public sealed interface BodyParse<T> {

    record Accepted<T>(T value) implements BodyParse<T> {
    }

    /** 400: not JSON, not an object, or fields that break the rules ({@code errors} may be empty for the first two). */
    record Invalid<T>(String detail, List<FieldError> errors) implements BodyParse<T> {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** 413. */
    record TooLarge<T>(String detail) implements BodyParse<T> {
    }

    /** 415. */
    record UnsupportedMediaType<T>(String detail) implements BodyParse<T> {
    }
}
