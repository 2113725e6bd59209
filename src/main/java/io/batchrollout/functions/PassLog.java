package io.batchrollout.functions;

import io.batchrollout.core.rollout.PassReport;
import java.util.logging.Logger;

/** One log line per pool decision of a pass, as the issue asks: pool, phase, version, step and reason. */
final class PassLog {
    private PassLog() {
    }

    static void write(Logger log, PassReport report, String whenEmpty) {
        if (report.decisions().isEmpty()) {
            log.info("pass: " + whenEmpty);
        }
        report.decisions().forEach(decision -> log.info(decision.line()));
    }
}
