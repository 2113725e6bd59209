package io.batchrollout.sim.batch;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only autoscale formulas the simulator evaluates: constant targets, {@code $TargetDedicatedNodes=N;} with an
 * optional {@code $TargetLowPriorityNodes=M;}. Any other formula is accepted (Batch would evaluate it) but keeps the
 * pool's current targets.
 */
final class AutoscaleFormula {
    private static final Pattern STATEMENT = Pattern.compile("^\\s*\\$(TargetDedicatedNodes|TargetLowPriorityNodes)\\s*=\\s*(\\d+)\\s*$");

    record Targets(int dedicated, int lowPriority) {
    }

    private AutoscaleFormula() {
    }

    static Optional<Targets> evaluate(String formula) {
        Integer dedicated = null;
        int lowPriority = 0;
        for (String statement : formula.split(";")) {
            if (statement.isBlank()) {
                continue;
            }
            Matcher m = STATEMENT.matcher(statement);
            if (!m.matches()) {
                return Optional.empty();
            }
            int value = Integer.parseInt(m.group(2));
            if (m.group(1).equals("TargetDedicatedNodes")) {
                dedicated = value;
            } else {
                lowPriority = value;
            }
        }
        return dedicated == null ? Optional.empty() : Optional.of(new Targets(dedicated, lowPriority));
    }
}
