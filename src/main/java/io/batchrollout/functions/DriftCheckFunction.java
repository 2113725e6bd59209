package io.batchrollout.functions;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * The periodic pass: finds drift and advances rollouts that wait on Azure (replication, allocation, draining). The
 * schedule is the DRIFT_SCHEDULE app setting, a six-field NCRONTAB expression evaluated in UTC by default.
 */
public class DriftCheckFunction {
    public static final String DRIFT_CHECK = "driftCheck";

    @FunctionName(DRIFT_CHECK)
    public void driftCheck(@TimerTrigger(name = "timer", schedule = "%DRIFT_SCHEDULE%") String timerInfo,
                           ExecutionContext context) {
        throw Unimplemented.fail(DRIFT_CHECK, context, PlannedIssue.DRIFT_CHECK, "drift check triggered");
    }
}
