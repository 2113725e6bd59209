package io.batchrollout.sim.batch;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only autoscale formulas the simulator evaluates: constant targets, {@code $TargetDedicatedNodes=N;} with an
 * optional {@code $TargetLowPriorityNodes=M;}. Any other formula is accepted (Batch would evaluate it) but its
 * evaluation fails, and the pool keeps its current targets, as Batch keeps them after a failed evaluation.
 *
 * <p>The failure imitates the one Microsoft documents (pool autoscale event, Batch SDK tests): a formula reading
 * metric samples ({@code GetSample}, {@code GetSamplePercent}) fails with InsufficientSampleData, "Autoscale evaluation
 * failed due to insufficient sample data", detail "Line 1, Col N: ..." (the simulator keeps no samples). The code for
 * any other formula it cannot read, AutoScaleFormulaEvaluationFailed, is the simulator's own: no public source gives it.
 */
final class AutoscaleFormula {
    private static final Pattern STATEMENT = Pattern.compile("^\\s*\\$(TargetDedicatedNodes|TargetLowPriorityNodes)\\s*=\\s*(\\d+)\\s*$");

    record Targets(int dedicated, int lowPriority) {
    }

    /** An evaluation: targets, or an error in Batch's shape (code, message, detail messages). */
    sealed interface Evaluation {
        record Evaluated(Targets targets) implements Evaluation {
        }

        record Failed(String code, String message, List<String> details) implements Evaluation {
            public Failed {
                details = List.copyOf(details);
            }
        }
    }

    private AutoscaleFormula() {
    }

    static Evaluation evaluate(String formula) {
        Integer dedicated = null;
        int lowPriority = 0;
        int column = 1;
        for (String statement : formula.split(";")) {
            if (!statement.isBlank()) {
                Matcher m = STATEMENT.matcher(statement);
                if (!m.matches()) {
                    return failure(formula, statement, column);
                }
                int value = Integer.parseInt(m.group(2));
                if (m.group(1).equals("TargetDedicatedNodes")) {
                    dedicated = value;
                } else {
                    lowPriority = value;
                }
            }
            column += statement.length() + 1;
        }
        if (dedicated == null) {
            return new Evaluation.Failed("AutoScaleFormulaEvaluationFailed", "Autoscale evaluation failed",
                    List.of("The formula does not assign $TargetDedicatedNodes"));
        }
        return new Evaluation.Evaluated(new Targets(dedicated, lowPriority));
    }

    private static Evaluation failure(String formula, String statement, int column) {
        int at = column + (statement.length() - statement.stripLeading().length());
        if (formula.contains("GetSample")) {
            return new Evaluation.Failed("InsufficientSampleData", "Autoscale evaluation failed due to insufficient sample data",
                    List.of("Line 1, Col " + at + ": Insufficient data from data set: the simulator keeps no metric samples"));
        }
        return new Evaluation.Failed("AutoScaleFormulaEvaluationFailed", "Autoscale evaluation failed",
                List.of("Line 1, Col " + at + ": the simulator evaluates only constant $TargetDedicatedNodes and "
                        + "$TargetLowPriorityNodes assignments"));
    }

    /**
     * What Batch says when it refuses a formula on write ("The formula is checked for validity before it is applied ...
     * the Batch service rejects the request with detailed error information"): unbalanced parentheses, or a fragment a
     * test made invalid. The detail imitates the evaluation errors' "Line 1, Col N: ..."; empty when it is accepted.
     */
    static java.util.Optional<String> syntaxError(String formula, java.util.Set<String> refusedFragments) {
        int depth = 0;
        for (int i = 0; i < formula.length(); i++) {
            char c = formula.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return java.util.Optional.of("Line 1, Col " + (i + 1) + ": unexpected ')'");
            }
        }
        if (depth > 0) {
            return java.util.Optional.of("Line 1, Col " + (formula.length() + 1) + ": missing ')'");
        }
        for (String fragment : refusedFragments) {
            int at = formula.indexOf(fragment);
            if (at >= 0) {
                return java.util.Optional.of("Line 1, Col " + (at + 1) + ": '" + fragment + "' is not valid in a formula");
            }
        }
        return java.util.Optional.empty();
    }

    /** Batch's results string: every variable as {@code $Name=value}, separated by semicolons. */
    static String results(Targets targets, String nodeDeallocationOption) {
        return "$TargetDedicatedNodes=" + targets.dedicated() + ";$TargetLowPriorityNodes=" + targets.lowPriority()
                + ";$NodeDeallocationOption=" + nodeDeallocationOption.toLowerCase(java.util.Locale.ROOT);
    }
}
