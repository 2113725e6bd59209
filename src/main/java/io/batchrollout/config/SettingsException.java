package io.batchrollout.config;

import java.util.List;

/** Thrown at start when settings are missing or malformed; names every problem with its fix. */
public final class SettingsException extends RuntimeException {
    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super("The app's settings are not valid:\n- " + String.join("\n- ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
