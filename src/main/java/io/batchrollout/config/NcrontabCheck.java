package io.batchrollout.config;

import java.util.regex.Pattern;

/**
 * A shape check of the six-field NCRONTAB expressions the Functions timer trigger takes. It catches the common
 * mistake (a five-field Unix cron) at start instead of letting the host refuse the binding later.
 */
final class NcrontabCheck {
    private static final Pattern FIELD = Pattern.compile("^(\\*|\\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?(,(\\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?)*$");

    private NcrontabCheck() {
    }

    /** Null when the expression has the right shape, else what is wrong with it. */
    static String problem(String expression) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 6) {
            return "has " + fields.length + " fields, not 6";
        }
        for (String field : fields) {
            if (!FIELD.matcher(field).matches()) {
                return "has a malformed field '" + field + "'";
            }
        }
        return null;
    }
}
