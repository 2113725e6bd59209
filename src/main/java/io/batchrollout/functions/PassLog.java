package io.batchrollout.functions;

import io.batchrollout.core.rollout.PassReport;
import java.util.logging.Logger;

/**
 * One log line per pool decision of a pass (pool, phase, version, step and reason), and a warning per account whose
 * pools the pass could not read, so that a throttled or forbidden account is visible in the function's own log.
 */
final class PassLog {
    private PassLog() {
    }

    static void write(Logger log, PassReport report, String whenEmpty) {
        report.unreadAccounts().forEach(account -> log.warning(account.line()));
        if (report.decisions().isEmpty() && report.unreadAccounts().isEmpty()) {
            log.info("pass: " + whenEmpty);
        }
        report.decisions().forEach(decision -> {
            if (decision.warning()) {
                log.warning(decision.line());
            } else {
                log.info(decision.line());
            }
        });
    }
}
