package io.batchrollout.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The last evaluation of an autoscaled pool's formula, as Batch reports it in {@code properties.autoScaleRun}. Batch
 * evaluates the formula when autoscale is enabled or changed and then every evaluationInterval. {@code results} is
 * Batch's string of {@code $Name=value} pairs separated by semicolons (e.g.
 * {@code $TargetDedicatedNodes=10;$TargetLowPriorityNodes=0;$NodeDeallocationOption=requeue}); the two targets are
 * read from it and are empty when the string does not name them.
 */
public record PoolAutoScaleRun(Instant evaluationTime, OptionalInt targetDedicatedNodes,
                               OptionalInt targetLowPriorityNodes, Optional<Error> error) {

    public PoolAutoScaleRun {
        Objects.requireNonNull(evaluationTime, "evaluationTime");
        Objects.requireNonNull(targetDedicatedNodes, "targetDedicatedNodes");
        Objects.requireNonNull(targetLowPriorityNodes, "targetLowPriorityNodes");
        Objects.requireNonNull(error, "error");
    }

    /** An evaluation error: Batch's code and message, with the details' messages (e.g. the formula's line and column). */
    public record Error(String code, String message, List<String> details) {
        public Error {
            details = List.copyOf(details);
        }

        public String describe() {
            return code + " (" + message + (details.isEmpty() ? "" : ": " + String.join("; ", details)) + ")";
        }
    }

    public static PoolAutoScaleRun of(Instant evaluationTime, String results, Optional<Error> error) {
        return new PoolAutoScaleRun(evaluationTime, target(results, "TargetDedicatedNodes", "TargetDedicated"),
                target(results, "TargetLowPriorityNodes", null), error);
    }

    /** The nodes an evaluation asked for. */
    public record Targets(int dedicated, int lowPriority) {
        public int total() {
            return dedicated + lowPriority;
        }
    }

    /** Both targets, when the run evaluated without error and named the dedicated target. */
    public Optional<Targets> evaluatedTargets() {
        if (error.isPresent() || targetDedicatedNodes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Targets(targetDedicatedNodes.getAsInt(), targetLowPriorityNodes.orElse(0)));
    }

    /**
     * The value of {@code $name} (or the pre-2017 alias) in a results string. Formulas compute doubles; Batch's
     * samples print whole numbers, and a fraction is read rounded down (not confirmed against the service).
     */
    static OptionalInt target(String results, String name, String alias) {
        if (results == null) {
            return OptionalInt.empty();
        }
        for (String pair : results.split(";")) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                continue;
            }
            String variable = pair.substring(0, equals).trim();
            if (variable.startsWith("$")) {
                variable = variable.substring(1);
            }
            if (variable.equalsIgnoreCase(name) || (alias != null && variable.equalsIgnoreCase(alias))) {
                String value = pair.substring(equals + 1).trim().toLowerCase(Locale.ROOT);
                try {
                    double number = Double.parseDouble(value);
                    return number >= 0 && number < Integer.MAX_VALUE ? OptionalInt.of((int) Math.floor(number))
                            : OptionalInt.empty();
                } catch (NumberFormatException notANumber) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }
}
