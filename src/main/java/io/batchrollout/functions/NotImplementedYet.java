package io.batchrollout.functions;

/**
 * Thrown by an entry point whose work is not written yet (none is today; kept for the next skeleton). Thrown (not
 * swallowed) from Event Grid and timer functions on purpose: the host then reports the invocation failed, Event Grid redelivers and the timer runs again,
 * which is right for work nobody has done. The local runner maps it to a 501 problem.
 */
public final class NotImplementedYet extends RuntimeException {
    private final String functionName;

    NotImplementedYet(String functionName, String issueTitle) {
        super(describe(functionName, issueTitle));
        this.functionName = functionName;
    }

    public String functionName() {
        return functionName;
    }

    /** The sentence both the exception and the 501 problem carry. */
    static String describe(String functionName, String issueTitle) {
        return functionName + " is not implemented yet; the issue \"" + issueTitle + "\" will implement it.";
    }
}
