package io.batchrollout.api;

import io.batchrollout.core.pools.CreatePoolCommand;
import java.util.List;

/** What came of reading a createPool request: a command, or why not, each mapping to one HTTP status. */
public sealed interface CreatePoolParse {

    record Accepted(CreatePoolCommand command) implements CreatePoolParse {
    }

    /** 400: not JSON, not an object, or fields that break the rules ({@code errors} may be empty for the first two). */
    record Invalid(String detail, List<FieldError> errors) implements CreatePoolParse {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    /** 413: the body is over {@link CreatePoolRequestParser#MAX_BODY_BYTES}. */
    record TooLarge(String detail) implements CreatePoolParse {
    }

    /** 415: the body is not declared as application/json. */
    record UnsupportedMediaType(String detail) implements CreatePoolParse {
    }
}
