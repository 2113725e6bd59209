package io.batchrollout.local;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the worker passes as ExecutionContext: the function's name, a fresh invocation id, and a logger. Here the
 * logger prints each line on the console under the function's name and keeps it for tests.
 */
public final class LocalExecutionContext implements ExecutionContext {
    private final String functionName;
    private final String invocationId = UUID.randomUUID().toString();
    private final Logger logger;
    private final List<String> lines = new ArrayList<>();

    LocalExecutionContext(String functionName, Console console) {
        this.functionName = functionName;
        this.logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage() + (record.getThrown() != null ? " (" + record.getThrown() + ")" : "");
                synchronized (lines) {
                    lines.add(record.getLevel() + " " + message);
                }
                console.line("  " + functionName + " " + record.getLevel().getName().toLowerCase() + ": " + message);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    /** A context that prints to standard output, for tests that call a function directly. */
    public static LocalExecutionContext forTest(String functionName) {
        return new LocalExecutionContext(functionName, new Console(System.out));
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    /** Every line the function logged, as "LEVEL message". */
    public List<String> loggedLines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
