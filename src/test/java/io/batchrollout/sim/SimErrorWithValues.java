package io.batchrollout.sim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Batch data plane error that carries the service's {@code values} list of key/value details (BatchError in
 * BatchService.json), e.g. which query parameter was refused and why.
 */
public final class SimErrorWithValues extends SimException {
    private final Map<String, String> values;

    /** {@code keysAndValues}: key, value, key, value... in the order Batch lists them. */
    public SimErrorWithValues(int status, String code, String message, String... keysAndValues) {
        super(status, code, message);
        Map<String, String> ordered = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            ordered.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        this.values = Collections.unmodifiableMap(ordered);
    }

    public Map<String, String> values() {
        return values;
    }
}
