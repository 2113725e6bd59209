package io.batchrollout.functions;

import io.batchrollout.core.rollout.PassReport;
import java.util.logging.Logger;

/**
 * Quiet at rest, loud on change: one summary line per pass ({@link io.batchrollout.core.rollout.PassSummary}), one line
 * per pool whose step was taken or whose decision changed, at WARNING when someone must act (a failure, permission
 * denied, unreadable or tampered state), and a warning per account whose pools the pass could not read. A pass over
 * every managed pool (the timer's) adds the drift report's counts as a second line ({@link io.batchrollout.core.rollout.DriftCounts}). Pool lines
 * start with {@code pool=... account=... phase=... version=... step=...} so Application Insights can split them.
 */
final class PassLog {
    private PassLog() {
    }

    static void write(Logger log, PassReport report, String whenEmpty) {
        report.unreadAccounts().forEach(account -> log.warning(account.line()));
        if (report.decisions().isEmpty() && report.unreadAccounts().isEmpty()) {
            log.info("pass: " + whenEmpty);
        }
        report.promotions().forEach(line -> {
            if (line.startsWith("WARNING ")) {
                log.warning(line.substring("WARNING ".length()));
            } else {
                log.info(line);
            }
        });
        report.summary().loud().forEach(line -> {
            String text = line.decision().fields() + " | " + line.decision().line();
            if (line.warning()) {
                log.warning(text);
            } else {
                log.info(text);
            }
        });
        if (!report.decisions().isEmpty()) {
            log.info(report.summary().line());
            report.summary().drift().ifPresent(drift -> log.info(drift.line()));
        }
    }
}
